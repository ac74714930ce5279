#pragma once
// Fake WeCom (企业微信) group robot, from the vendor's documentation:
//   群机器人配置说明 https://developer.work.weixin.qq.com/document/path/91770
//   全局错误码 https://developer.work.weixin.qq.com/document/path/90313
// Enforces: POST /cgi-bin/webhook/send?key=<KEY> (the key is the only credential; another key is
// errcode 93000 "invalid webhook url"); JSON body; msgtype text (content ≤ 2,048 bytes UTF-8,
// mentioned_list / mentioned_mobile_list arrays of strings) or markdown (content ≤ 4,096 bytes);
// 20 messages a minute per robot, beyond that errcode 45009 "api freq out of limit". Success is
// {"errcode":0,"errmsg":"ok"}. The documentation does not give the code for an over-long content;
// the fake answers WeCom's invalid-parameter code 40058.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vendor_fake.hpp"

namespace eoc::fakes {

struct WeComMessage {
  std::string msgtype;
  std::string content;
  std::vector<std::string> mentionedMobiles;
  nlohmann::json body;
};

class WeComFake : public VendorFake {
 public:
  WeComFake(std::string key, std::optional<TlsFiles> tls, WallClock clock = {});
  ~WeComFake() override { stop(); }
  std::string robotUrl(const std::string& host = "127.0.0.1") const;  // the webhook address as WeCom shows it
  std::vector<WeComMessage> accepted() const;
  std::vector<int> answeredCodes() const;  // errcode of every request, in order

 protected:
  FakeAnswer handle(const ReceivedRequest& request) override;

 private:
  std::string key_;
  SlidingWindow window_{20, std::chrono::minutes(1)};
  std::vector<WeComMessage> accepted_;
  std::vector<int> codes_;
};

}  // namespace eoc::fakes
