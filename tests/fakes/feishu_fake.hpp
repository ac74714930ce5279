#pragma once
// Fake Feishu (飞书) custom bot, from the vendor's documentation:
//   自定义机器人使用指南 https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
// Enforces: POST /open-apis/bot/v2/hook/<id>; request body at most 20 KB (20,480 bytes) else code
// 9499 "Bad Request"; with 签名校验: "timestamp" (seconds, within one hour of the fake's clock) and
// "sign" = base64(HmacSHA256(key = timestamp + "\n" + secret, message = empty)) in the JSON body,
// else code 19021 "sign match fail or timestamp is not within one hour from current time";
// msg_type one of text, post, image, share_chat, interactive; 100 requests a minute and 5 a second
// per bot, beyond that code 11232 (frequency limited). Success: {"code":0,"msg":"success","data":{}}
// with the legacy StatusCode/StatusMessage fields. An unknown hook id answers code 19001 (the code
// is not in the page read).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vendor_fake.hpp"

namespace eoc::fakes {

struct FeishuMessage {
  std::string msgType;
  nlohmann::json body;
  size_t bytes = 0;
};

class FeishuFake : public VendorFake {
 public:
  FeishuFake(std::string hookId, std::string secret, std::optional<TlsFiles> tls, WallClock clock = {});
  ~FeishuFake() override { stop(); }
  std::string hookUrl(const std::string& host = "127.0.0.1") const;
  std::vector<FeishuMessage> accepted() const;
  std::vector<int> answeredCodes() const;

 protected:
  FakeAnswer handle(const ReceivedRequest& request) override;

 private:
  std::string hookId_, secret_;
  SlidingWindow perMinute_{100, std::chrono::minutes(1)};
  SlidingWindow perSecond_{5, std::chrono::seconds(1)};
  std::vector<FeishuMessage> accepted_;
  std::vector<int> codes_;
};

}  // namespace eoc::fakes
