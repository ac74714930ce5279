#include "dingtalk_fake.hpp"

#include <algorithm>

#include "fake_crypto.hpp"

namespace eoc::fakes {

DingTalkFake::DingTalkFake(std::string accessToken, std::string secret, std::optional<TlsFiles> tls, WallClock clock)
    : VendorFake(std::move(tls), std::move(clock)), token_(std::move(accessToken)), secret_(std::move(secret)) {}

std::string DingTalkFake::robotUrl(const std::string& host) const {
  return const_cast<DingTalkFake*>(this)->server().baseUrl(host) + "/robot/send?access_token=" + token_;
}

std::vector<DingTalkMessage> DingTalkFake::accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::vector<int> DingTalkFake::answeredCodes() const {
  std::lock_guard lock(mutex_);
  return codes_;
}

size_t DingTalkFake::count(int errcode) const {
  std::lock_guard lock(mutex_);
  return size_t(std::count(codes_.begin(), codes_.end(), errcode));
}

FakeAnswer DingTalkFake::handle(const ReceivedRequest& req) {
  std::lock_guard lock(mutex_);
  auto reply = [&](int code, const std::string& message) {
    codes_.push_back(code);
    return FakeAnswer{200, "application/json;charset=utf-8", nlohmann::json{{"errcode", code}, {"errmsg", message}}.dump()};
  };
  if (req.method != "POST" || req.path != "/robot/send") return reply(404, "not found");
  auto token = req.query.find("access_token");
  if (token == req.query.end() || token->second != token_) return reply(300001, "token is not exist");
  const auto t = now();
  if (!secret_.empty()) {
    auto ts = req.query.find("timestamp");
    auto sign = req.query.find("sign");
    if (ts == req.query.end() || sign == req.query.end()) return reply(310000, "sign not match, more: [timestamp or sign missing]");
    long long ms = 0;
    try {
      ms = std::stoll(ts->second);
    } catch (const std::exception&) {
      return reply(310000, "sign not match, more: [bad timestamp]");
    }
    const long long nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    if (std::llabs(nowMs - ms) > 3600LL * 1000) return reply(310000, "sign not match, more: [timestamp expired]");
    // The query value is already URL-decoded; it must be the base64 of the HMAC.
    const std::string expected = toBase64(hmacSha256(secret_, ts->second + "\n" + secret_));
    if (!sameSecret(sign->second, expected)) return reply(310000, "sign not match, more: [signature]");
  }
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("msgtype") || !body["msgtype"].is_string())
    return reply(40035, "缺少参数 json");
  DingTalkMessage m;
  m.msgtype = body["msgtype"];
  m.at = t;
  if (m.msgtype == "markdown") {
    const auto& md = body["markdown"];
    if (!md.is_object() || !md.contains("title") || !md["title"].is_string() || !md.contains("text") || !md["text"].is_string())
      return reply(40035, "缺少参数 markdown.title/markdown.text");
    m.title = md["title"];
    m.text = md["text"];
  } else if (m.msgtype == "text") {
    if (!body["text"].is_object() || !body["text"].contains("content") || !body["text"]["content"].is_string())
      return reply(40035, "缺少参数 text.content");
    m.text = body["text"]["content"];
  } else {
    return reply(40035, "不支持的消息类型");
  }
  if (body.contains("at")) {
    const auto& at = body["at"];
    if (!at.is_object()) return reply(40035, "at must be an object");
    if (at.contains("atMobiles")) {
      if (!at["atMobiles"].is_array()) return reply(40035, "atMobiles must be an array");
      for (const auto& mobile : at["atMobiles"])
        if (mobile.is_string()) m.atMobiles.push_back(mobile);
    }
  }
  if (t < blockedUntil_) return reply(130101, "send too fast, exceed 20 times per minute");
  if (!window_.admit(t)) {
    blockedUntil_ = t + std::chrono::minutes(10);  // 超过20条，会限流10分钟
    return reply(130101, "send too fast, exceed 20 times per minute");
  }
  accepted_.push_back(std::move(m));
  return reply(0, "ok");
}

}  // namespace eoc::fakes
