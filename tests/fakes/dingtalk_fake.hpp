#pragma once
// Fake DingTalk (钉钉) custom robot, from the vendor's documentation:
//   自定义机器人接入 / 安全设置 https://open.dingtalk.com/document/robots/custom-robot-access
//   消息类型 https://open.dingtalk.com/document/robots/message-types-and-data-format
// Enforces: POST /robot/send?access_token=<T> (another token: errcode 300001 "token is not
// exist"); with 加签: &timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret,
// msg=timestamp+"\n"+secret)))>, the timestamp within one hour of the fake's clock, else errcode
// 310000 "sign not match"; msgtype text {content} or markdown {title, text}, at {atMobiles[],
// isAtAll}; 20 messages a minute per robot — beyond that errcode 130101 "send too fast, exceed 20
// times per minute" and the robot stays blocked (130101) for 10 minutes. Success:
// {"errcode":0,"errmsg":"ok"}. (300001 and 310000 are quoted from vendor answers reproduced in
// public issues; the pages read do not list them.)
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vendor_fake.hpp"

namespace eoc::fakes {

struct DingTalkMessage {
  std::string msgtype;
  std::string title;  // markdown
  std::string text;   // markdown text or text content
  std::vector<std::string> atMobiles;
  std::chrono::system_clock::time_point at;  // fake clock
};

class DingTalkFake : public VendorFake {
 public:
  // `secret` empty: the robot does not use 加签.
  DingTalkFake(std::string accessToken, std::string secret, std::optional<TlsFiles> tls, WallClock clock = {});
  ~DingTalkFake() override { stop(); }
  std::string robotUrl(const std::string& host = "127.0.0.1") const;
  std::vector<DingTalkMessage> accepted() const;
  std::vector<int> answeredCodes() const;
  size_t count(int errcode) const;

 protected:
  FakeAnswer handle(const ReceivedRequest& request) override;

 private:
  std::string token_, secret_;
  SlidingWindow window_{20, std::chrono::minutes(1)};
  std::chrono::system_clock::time_point blockedUntil_{};
  std::vector<DingTalkMessage> accepted_;
  std::vector<int> codes_;
};

}  // namespace eoc::fakes
