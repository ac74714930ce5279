#include "broadcast/channels/channel.hpp"

#include <cctype>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "broadcast/signature.hpp"
#include "core/error.hpp"
#include "net/url.hpp"

namespace eoc::broadcast::channels {

namespace {

constexpr std::pair<Kind, std::string_view> kKinds[] = {
    {Kind::Webhook, "webhook"}, {Kind::WeCom, "wecom"}, {Kind::DingTalk, "dingtalk"}, {Kind::Feishu, "feishu"},
    {Kind::Sms, "sms"},         {Kind::Mqtt, "mqtt"},   {Kind::Ebd, "ebd"}};

[[noreturn]] void fail(const std::string& source, const std::string& pointer, const std::string& why) {
  throw EocError(ErrorCode::InvalidParameter, source + ": " + pointer + ": " + why);
}

class Entry {
 public:
  Entry(const nlohmann::json& j, std::string source, std::string at, std::set<std::string> allowed)
      : j_(j), source_(std::move(source)), at_(std::move(at)) {
    allowed.insert("kind");
    for (auto& [key, _] : j_.items())
      if (!allowed.count(key)) fail(source_, at_ + "/" + key, "unknown field for a " + j_["kind"].get<std::string>() + " channel");
  }
  std::string text(const std::string& key, bool required) const {
    if (!j_.contains(key)) {
      if (required) fail(source_, at_ + "/" + key, "required");
      return {};
    }
    if (!j_[key].is_string() || j_[key].get<std::string>().empty())
      fail(source_, at_ + "/" + key, "expected a non-empty string");
    return j_[key];
  }
  std::vector<std::string> list(const std::string& key, bool required) const {
    if (!j_.contains(key)) {
      if (required) fail(source_, at_ + "/" + key, "required");
      return {};
    }
    const auto& v = j_[key];
    if (!v.is_array()) fail(source_, at_ + "/" + key, "expected an array of strings");
    std::vector<std::string> out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string() || v[i].get<std::string>().empty())
        fail(source_, at_ + "/" + key + "/" + std::to_string(i), "expected a non-empty string");
      out.push_back(v[i]);
    }
    return out;
  }
  std::string httpUrl() const {
    std::string url = text("url", true);
    std::string error;
    if (!net::parseUrl(url, error)) fail(source_, at_ + "/url", "must be an http:// or https:// URL (" + error + ")");
    return url;
  }
  [[noreturn]] void error(const std::string& key, const std::string& why) const {
    fail(source_, at_ + (key.empty() ? "" : "/" + key), why);
  }
  const std::string& at() const { return at_; }

 private:
  const nlohmann::json& j_;
  std::string source_;
  std::string at_;
};

bool allDigits(const std::string& s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// Mainland mobile numbers as the vendors take them: 11 digits, optionally +86 / 86 / 0086 first.
bool isMobile(const std::string& s) {
  std::string digits = s;
  for (std::string_view prefix : {"+86", "0086", "86"})
    if (digits.size() > 11 && digits.compare(0, prefix.size(), prefix) == 0) {
      digits = digits.substr(prefix.size());
      break;
    }
  return digits.size() == 11 && allDigits(digits) && digits[0] == '1';
}

void checkMobiles(const Entry& e, const std::string& key, const std::vector<std::string>& mobiles, bool allowAll) {
  for (size_t i = 0; i < mobiles.size(); ++i)
    if (!isMobile(mobiles[i]) && !(allowAll && mobiles[i] == "@all"))
      e.error(key + "/" + std::to_string(i), "\"" + mobiles[i] + "\" is not a mobile number (11 digits, 1…)");
}

// "${name}" placeholders of an SMS template; the renderer fills text, headline, signal, level, link, token.
void checkTemplateText(const Entry& e, const std::string& key, const std::string& text) {
  static const std::set<std::string> known = {"text", "headline", "signal", "level", "link", "token"};
  size_t pos = 0;
  bool any = false;
  while ((pos = text.find("${", pos)) != std::string::npos) {
    const size_t end = text.find('}', pos);
    if (end == std::string::npos) e.error(key, "unterminated ${ in the template text");
    const std::string name = text.substr(pos + 2, end - pos - 2);
    if (!known.count(name)) e.error(key, "unknown variable ${" + name + "} (known: text, headline, signal, level, link, token)");
    any = true;
    pos = end + 1;
  }
  if (!any) e.error(key, "the template text has no ${variable}: nothing of the warning would reach the phone");
  if (text.find("【") != std::string::npos || text.find("】") != std::string::npos)
    e.error(key, "【】 may not appear in a template (the operator puts the signature there)");
}

Channel parseOne(const nlohmann::json& j, const std::string& source, const std::string& at, bool drills) {
  if (!j.is_object()) fail(source, at, "expected an object");
  if (!j.contains("kind") || !j["kind"].is_string()) fail(source, at + "/kind", "required: one of webhook, wecom, dingtalk, feishu, sms, mqtt, ebd");
  auto kind = parseKind(j["kind"].get<std::string>());
  if (!kind) fail(source, at + "/kind", "\"" + j["kind"].get<std::string>() + "\" is not one of webhook, wecom, dingtalk, feishu, sms, mqtt, ebd");
  switch (*kind) {
    case Kind::Webhook: {
      Entry e(j, source, at, {"url", "secret"});
      WebhookChannel c{e.httpUrl(), e.text("secret", false)};
      if (!c.secret.empty() && !isWebhookSecret(c.secret))
        e.error("secret", "must be whsec_ followed by base64 of at least 16 bytes");
      return {*kind, c};
    }
    case Kind::WeCom: {
      Entry e(j, source, at, {"url", "mobiles", "format"});
      WeComChannel c{e.httpUrl(), e.list("mobiles", false), false};
      checkMobiles(e, "mobiles", c.mobiles, true);
      const std::string format = e.text("format", false);
      if (!format.empty() && format != "text" && format != "markdown") e.error("format", "expected \"text\" or \"markdown\"");
      c.markdown = format == "markdown";
      if (c.markdown && !c.mobiles.empty())
        e.error("mobiles", "WeCom markdown messages cannot mention by mobile; use \"format\": \"text\"");
      return {*kind, c};
    }
    case Kind::DingTalk: {
      Entry e(j, source, at, {"url", "secret", "mobiles"});
      DingTalkChannel c{e.httpUrl(), e.text("secret", false), e.list("mobiles", false)};
      if (!c.secret.empty() && c.secret.rfind("SEC", 0) != 0) e.error("secret", "a DingTalk 加签 secret begins with SEC");
      checkMobiles(e, "mobiles", c.mobiles, false);
      return {*kind, c};
    }
    case Kind::Feishu: {
      Entry e(j, source, at, {"url", "secret"});
      return {*kind, FeishuChannel{e.httpUrl(), e.text("secret", false)}};
    }
    case Kind::Sms: {
      Entry e(j, source, at,
              {"url", "access_key_id", "access_key_secret", "sign_name", "template", "template_text", "drill_template",
               "drill_template_text", "phones", "region_id"});
      SmsChannel c;
      c.url = e.httpUrl();
      c.accessKeyId = e.text("access_key_id", true);
      c.accessKeySecret = e.text("access_key_secret", true);
      c.signName = e.text("sign_name", true);
      if (c.signName.find("【") != std::string::npos || c.signName.find("】") != std::string::npos)
        e.error("sign_name", "give the signature without 【】");
      c.templateCode = e.text("template", true);
      c.templateText = e.text("template_text", false);
      if (c.templateText.empty()) c.templateText = "${text}";
      checkTemplateText(e, "template_text", c.templateText);
      c.drillTemplateCode = e.text("drill_template", false);
      c.drillTemplateText = e.text("drill_template_text", false);
      if (c.drillTemplateText.empty()) c.drillTemplateText = c.templateText;
      checkTemplateText(e, "drill_template_text", c.drillTemplateText);
      if (drills && c.drillTemplateCode.empty())
        e.error("drill_template", "required: the recipient takes part in drills and exercises never use the live template");
      if (!c.drillTemplateCode.empty() && c.drillTemplateCode == c.templateCode)
        e.error("drill_template", "must differ from the live template");
      c.phones = e.list("phones", true);
      if (c.phones.empty()) e.error("phones", "at least one phone number");
      if (c.phones.size() > 1000) e.error("phones", "at most 1,000 numbers per SendSms call; split the list");
      checkMobiles(e, "phones", c.phones, false);
      const std::string region = e.text("region_id", false);
      if (!region.empty()) c.regionId = region;
      return {*kind, c};
    }
    case Kind::Mqtt: {
      Entry e(j, source, at, {"url", "topic", "drill_topic", "username", "password"});
      MqttChannel c;
      c.url = e.text("url", true);
      if (c.url.rfind("mqtt://", 0) != 0 || c.url.size() <= 7 || c.url.find_first_of("/?#", 7) != std::string::npos)
        e.error("url", "expected mqtt://host[:port]");
      c.topic = e.text("topic", true);
      c.drillTopic = e.text("drill_topic", false);
      if (c.drillTopic.empty()) c.drillTopic = c.topic + "/exercise";
      for (const auto& [key, topic] : {std::pair{"topic", c.topic}, std::pair{"drill_topic", c.drillTopic}})
        if (topic.find_first_of("+#") != std::string::npos || topic.front() == '$')
          e.error(key, "a publish topic has no wildcard (+ #) and does not start with $");
      if (c.topic == c.drillTopic) e.error("drill_topic", "must differ from the live topic");
      c.username = e.text("username", false);
      c.password = e.text("password", false);
      if (!c.password.empty() && c.username.empty()) e.error("username", "required with a password");
      return {*kind, c};
    }
    case Kind::Ebd: {
      Entry e(j, source, at, {"url", "src_ebrid", "dest_ebrid", "private_key", "cert_sn", "issuer_id"});
      EbdChannel c;
      c.url = e.httpUrl();
      c.srcEbrid = e.text("src_ebrid", true);
      c.destEbrid = e.text("dest_ebrid", true);
      for (const auto& [key, id] : {std::pair{"src_ebrid", c.srcEbrid}, std::pair{"dest_ebrid", c.destEbrid}})
        if (!allDigits(id) || id.size() > 32) e.error(key, "expected the resource code (EBRID) as digits");
      c.privateKeyFile = e.text("private_key", false);
      c.certSn = e.text("cert_sn", false);
      c.issuerId = e.text("issuer_id", false);
      if (!c.privateKeyFile.empty()) {
        if (!std::filesystem::is_regular_file(c.privateKeyFile)) e.error("private_key", "no such file " + c.privateKeyFile);
        if (c.certSn.empty()) e.error("cert_sn", "required with private_key (the platform finds the certificate by it)");
      }
      return {*kind, c};
    }
  }
  fail(source, at + "/kind", "unsupported");
}

}  // namespace

std::string_view kindName(Kind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "unknown";
}

std::optional<Kind> parseKind(std::string_view name) {
  for (const auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

const std::string& Channel::url() const {
  return std::visit([](const auto& s) -> const std::string& { return s.url; }, settings);
}

std::string Channel::destinationKey() const {
  std::string key = std::string(kindName(kind)) + " ";
  switch (kind) {
    case Kind::Sms: return key + as<SmsChannel>().url + " " + as<SmsChannel>().accessKeyId;
    case Kind::Mqtt: return key + as<MqttChannel>().url + " " + as<MqttChannel>().topic;
    default: return key + url();
  }
}

std::vector<Channel> parseChannels(const nlohmann::json& list, const std::string& source, const std::string& at,
                                   bool drills) {
  if (!list.is_array()) fail(source, at, "expected an array of channels");
  std::vector<Channel> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string here = at + "/" + std::to_string(i);
    auto channel = parseOne(list[i], source, here, drills);
    if (!seen.insert(channel.destinationKey()).second) fail(source, here, "the same destination is listed twice");
    out.push_back(std::move(channel));
  }
  return out;
}

}  // namespace eoc::broadcast::channels
