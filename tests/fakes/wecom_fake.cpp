#include "wecom_fake.hpp"

namespace eoc::fakes {

namespace {
FakeAnswer answer(int code, const std::string& message) {
  return FakeAnswer{200, "application/json; charset=UTF-8", nlohmann::json{{"errcode", code}, {"errmsg", message}}.dump()};
}
bool stringArray(const nlohmann::json& j) {
  if (!j.is_array()) return false;
  for (const auto& v : j)
    if (!v.is_string()) return false;
  return true;
}
}  // namespace

WeComFake::WeComFake(std::string key, std::optional<TlsFiles> tls, WallClock clock)
    : VendorFake(std::move(tls), std::move(clock)), key_(std::move(key)) {}

std::string WeComFake::robotUrl(const std::string& host) const {
  return const_cast<WeComFake*>(this)->server().baseUrl(host) + "/cgi-bin/webhook/send?key=" + key_;
}

std::vector<WeComMessage> WeComFake::accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::vector<int> WeComFake::answeredCodes() const {
  std::lock_guard lock(mutex_);
  return codes_;
}

FakeAnswer WeComFake::handle(const ReceivedRequest& req) {
  std::lock_guard lock(mutex_);
  auto reply = [&](int code, const std::string& message) {
    codes_.push_back(code);
    return answer(code, message);
  };
  if (req.method != "POST" || req.path != "/cgi-bin/webhook/send") return reply(404, "not found");
  auto key = req.query.find("key");
  if (key == req.query.end() || key->second != key_) return reply(93000, "invalid webhook url, hint: [fake]");
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("msgtype") || !body["msgtype"].is_string())
    return reply(40008, "invalid message type");
  WeComMessage m;
  m.msgtype = body["msgtype"];
  m.body = body;
  if (m.msgtype == "text" || m.msgtype == "markdown") {
    const auto& part = body[m.msgtype];
    if (!part.is_object() || !part.contains("content") || !part["content"].is_string())
      return reply(41009, "missing content");
    m.content = part["content"];
    const size_t limit = m.msgtype == "text" ? 2048 : 4096;
    if (m.content.size() > limit) return reply(40058, "content exceed max length " + std::to_string(limit));
    if (m.msgtype == "text") {
      for (const char* list : {"mentioned_list", "mentioned_mobile_list"})
        if (part.contains(list) && !stringArray(part[list])) return reply(40058, std::string(list) + " must be a string array");
      if (part.contains("mentioned_mobile_list")) m.mentionedMobiles = part["mentioned_mobile_list"].get<std::vector<std::string>>();
    }
  } else {
    return reply(40008, "invalid message type");
  }
  if (!window_.admit(now())) return reply(45009, "api freq out of limit, hint: [fake]");
  accepted_.push_back(std::move(m));
  return reply(0, "ok");
}

}  // namespace eoc::fakes
