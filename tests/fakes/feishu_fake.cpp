#include "feishu_fake.hpp"

#include <set>

#include "fake_crypto.hpp"

namespace eoc::fakes {

FeishuFake::FeishuFake(std::string hookId, std::string secret, std::optional<TlsFiles> tls, WallClock clock)
    : VendorFake(std::move(tls), std::move(clock)), hookId_(std::move(hookId)), secret_(std::move(secret)) {}

std::string FeishuFake::hookUrl(const std::string& host) const {
  return const_cast<FeishuFake*>(this)->server().baseUrl(host) + "/open-apis/bot/v2/hook/" + hookId_;
}

std::vector<FeishuMessage> FeishuFake::accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::vector<int> FeishuFake::answeredCodes() const {
  std::lock_guard lock(mutex_);
  return codes_;
}

FakeAnswer FeishuFake::handle(const ReceivedRequest& req) {
  std::lock_guard lock(mutex_);
  auto reply = [&](int code, const std::string& message, int status = 200) {
    codes_.push_back(code);
    nlohmann::json body = {{"code", code}, {"msg", message}, {"data", nlohmann::json::object()}};
    if (code == 0) {
      body["StatusCode"] = 0;
      body["StatusMessage"] = "success";
    }
    return FakeAnswer{status, "application/json; charset=utf-8", body.dump()};
  };
  const std::string prefix = "/open-apis/bot/v2/hook/";
  if (req.method != "POST" || req.path.rfind(prefix, 0) != 0) return reply(404, "not found", 404);
  if (req.path.substr(prefix.size()) != hookId_) return reply(19001, "param invalid: incoming webhook access token invalid");
  if (req.body.size() > 20 * 1024) return reply(9499, "Bad Request", 400);
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return reply(9499, "Bad Request", 400);
  const auto t = now();
  if (!secret_.empty()) {
    std::string ts;
    if (body.contains("timestamp") && body["timestamp"].is_string()) ts = body["timestamp"];
    if (body.contains("timestamp") && body["timestamp"].is_number_integer()) ts = std::to_string(body["timestamp"].get<long long>());
    const std::string sign = body.contains("sign") && body["sign"].is_string() ? body["sign"].get<std::string>() : "";
    long long seconds = 0;
    try {
      seconds = std::stoll(ts);
    } catch (const std::exception&) {
      seconds = 0;
    }
    const long long nowSeconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    const std::string expected = toBase64(hmacSha256(ts + "\n" + secret_, ""));
    if (ts.empty() || std::llabs(nowSeconds - seconds) > 3600 || !sameSecret(sign, expected))
      return reply(19021, "sign match fail or timestamp is not within one hour from current time");
  }
  static const std::set<std::string> types = {"text", "post", "image", "share_chat", "interactive"};
  if (!body.contains("msg_type") || !body["msg_type"].is_string() || !types.count(body["msg_type"].get<std::string>()))
    return reply(9499, "Bad Request", 400);
  if (!perSecond_.admit(t) || !perMinute_.admit(t)) return reply(11232, "frequency limited", 200);
  accepted_.push_back({body["msg_type"], body, req.body.size()});
  return reply(0, "success");
}

}  // namespace eoc::fakes
