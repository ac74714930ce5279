#include "broadcast/channels/render.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "broadcast/channels/ebd_package.hpp"
#include "broadcast/channels/text.hpp"
#include "broadcast/signature.hpp"
#include "core/random_id.hpp"
#include "net/url.hpp"

namespace eoc::broadcast::channels {

namespace {

using json = nlohmann::json;

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(md, key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string levelWord(const std::string& level) {
  static const std::map<std::string, std::string> words = {
      {"blue", "蓝色"}, {"yellow", "黄色"}, {"orange", "橙色"}, {"red", "红色"}};
  auto it = words.find(level);
  return it == words.end() ? level : it->second;
}

std::string actionTag(const std::string& msgType) {
  if (msgType == "Update") return "【更新】";
  if (msgType == "Cancel") return "【解除】";
  return "";
}

std::string drillMark(const ChannelMessage& m) { return m.drill() ? std::string(kDrillMark) : std::string(); }

// The title line: 【演练】【更新】【暴雨橙色预警信号】headline
std::string titleOf(const ChannelMessage& m) {
  std::string t = drillMark(m) + actionTag(m.msgType);
  if (!m.signal.empty()) t += "【" + m.signal + "】";
  t += m.headline;
  return t;
}

std::string bodyOf(const ChannelMessage& m) {
  std::string b = m.description;
  if (!m.guidance.empty()) b += (b.empty() ? "" : "\n") + std::string("防御指南：") + m.guidance;
  return b;
}

std::string validityOf(const ChannelMessage& m) {
  return "发布：" + humanTime(m.sent) + "　有效至：" + humanTime(m.expires);
}

// A digest: one line per warning, each with its own acknowledgement link; the lines share the
// byte budget evenly and a line is shortened in its headline, never in its link.
std::string digestLines(const ChannelMessage& m, size_t maxBytes, bool markdownLinks) {
  std::string out;
  const size_t n = std::max<size_t>(1, m.digest.size());
  const size_t perLine = maxBytes / n;
  for (size_t i = 0; i < m.digest.size(); ++i) {
    const auto& item = m.digest[i];
    std::string head = std::to_string(i + 1) + ". " + actionTag(item.msgType) +
                       (item.signal.empty() ? "" : "【" + item.signal + "】") + item.headline;
    std::string tail = markdownLinks ? " [确认收到](" + item.ackUrl + ")\n" : " 确认收到：" + item.ackUrl + "\n";
    out += composeWithin(head, "", tail, perLine);
  }
  return out;
}

std::string digestTitle(const ChannelMessage& m) {
  return drillMark(m) + "【合并发送】" + std::to_string(m.digest.size()) + " 条预警（发送受限期间累积）";
}

net::Request jsonPost(const std::string& url, std::string body, const RenderContext& ctx) {
  net::Request r;
  r.method = "POST";
  r.url = url;
  r.contentType = "application/json; charset=utf-8";
  r.body = std::move(body);
  r.timeout = ctx.timeout;
  return r;
}

std::string withQuery(const std::string& url, const std::string& query) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}

int64_t epochMs(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// --- WeCom ---------------------------------------------------------------------------------------
Rendered renderWeCom(const WeComChannel& c, const ChannelMessage& m, const RenderContext& ctx) {
  json body;
  std::string content;
  if (c.markdown) {
    const std::string colour = m.level == "blue" ? "comment" : "warning";  // WeCom has info, comment, warning
    if (m.digest.empty()) {
      std::string head = drillMark(m) + "<font color=\"" + colour + "\">**" + titleOf(m).substr(drillMark(m).size()) +
                         "**</font>\n> ";
      std::string tail = "\n" + validityOf(m) + "\n[确认收到](" + m.ackUrl + ")";
      content = composeWithin(head, bodyOf(m), tail, kWeComMarkdownBytes);
    } else {
      std::string head = digestTitle(m) + "\n";
      content = head + digestLines(m, kWeComMarkdownBytes - head.size(), true);
    }
    body = {{"msgtype", "markdown"}, {"markdown", {{"content", content}}}};
  } else {
    if (m.digest.empty()) {
      content = composeWithin(titleOf(m) + "\n", bodyOf(m), "\n" + validityOf(m) + "\n确认收到：" + m.ackUrl,
                              kWeComTextBytes);
    } else {
      std::string head = digestTitle(m) + "\n";
      content = head + digestLines(m, kWeComTextBytes - head.size(), false);
    }
    body = {{"msgtype", "text"}, {"text", {{"content", content}}}};
    if (!c.mobiles.empty()) body["text"]["mentioned_mobile_list"] = c.mobiles;
  }
  return {jsonPost(c.url, body.dump(), ctx), content};
}

// --- DingTalk ------------------------------------------------------------------------------------
Rendered renderDingTalk(const DingTalkChannel& c, const ChannelMessage& m, const RenderContext& ctx) {
  std::string mentions;
  for (const auto& mobile : c.mobiles) mentions += " @" + mobile;  // the @ shows only if the text names the mobile
  std::string title, text;
  const size_t budget = kDingTalkTextBytes - mentions.size() - 2;
  if (m.digest.empty()) {
    title = fitChars(titleOf(m), 64);
    text = composeWithin(titleOf(m) + "\n\n", bodyOf(m),
                         "\n\n" + validityOf(m) + "\n\n[确认收到](" + m.ackUrl + ")", budget);
  } else {
    title = digestTitle(m);
    std::string head = digestTitle(m) + "\n\n";
    text = head + digestLines(m, budget - head.size(), true);
  }
  if (!mentions.empty()) text += "\n\n" + mentions.substr(1);
  json body = {{"msgtype", "markdown"},
               {"markdown", {{"title", title}, {"text", text}}},
               {"at", {{"atMobiles", c.mobiles}, {"isAtAll", false}}}};
  std::string url = c.url;
  if (!c.secret.empty()) {
    const std::string timestamp = std::to_string(epochMs(ctx.now));
    url = withQuery(url, "timestamp=" + timestamp + "&sign=" + net::percentEncode(dingTalkSign(timestamp, c.secret)));
  }
  return {jsonPost(url, body.dump(), ctx), text};
}

// --- Feishu --------------------------------------------------------------------------------------
Rendered renderFeishu(const FeishuChannel& c, const ChannelMessage& m, const RenderContext& ctx) {
  static const std::map<std::string, std::string> templates = {
      {"blue", "blue"}, {"yellow", "yellow"}, {"orange", "orange"}, {"red", "red"}};
  const std::string colour = templates.count(m.level) ? templates.at(m.level) : "grey";
  const std::string timestamp =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(ctx.now.time_since_epoch()).count());
  auto build = [&](size_t textBudget) {
    std::string title, text;
    if (m.digest.empty()) {
      title = fitChars(titleOf(m), 100);
      text = composeWithin(drillMark(m), bodyOf(m), "\n" + validityOf(m), textBudget);
    } else {
      title = digestTitle(m);
      text = drillMark(m) + digestLines(m, textBudget, true);
    }
    json elements = json::array();
    elements.push_back({{"tag", "div"}, {"text", {{"tag", "lark_md"}, {"content", text}}}});
    if (m.digest.empty())
      elements.push_back({{"tag", "action"},
                          {"actions", json::array({{{"tag", "button"},
                                                    {"text", {{"tag", "plain_text"}, {"content", "确认收到"}}},
                                                    {"type", "primary"},
                                                    {"url", m.ackUrl}}})}});
    json body = {{"msg_type", "interactive"},
                 {"card",
                  {{"header", {{"title", {{"tag", "plain_text"}, {"content", title}}}, {"template", colour}}},
                   {"elements", elements}}}};
    if (!c.secret.empty()) {
      body["timestamp"] = timestamp;
      body["sign"] = feishuSign(timestamp, c.secret);
    }
    return std::pair{body.dump(), text};
  };
  // JSON escaping adds bytes beyond the text: shrink the text budget until the body fits.
  size_t budget = kFeishuBodyBytes;
  auto [body, text] = build(budget);
  for (int i = 0; i < 8 && body.size() > kFeishuBodyBytes; ++i) {
    budget -= std::min(budget, body.size() - kFeishuBodyBytes + 64);
    std::tie(body, text) = build(budget);
  }
  return {jsonPost(c.url, std::move(body), ctx), text};
}

// --- SMS (Aliyun Dysmsapi SendSms 2017-05-25) -----------------------------------------------------
std::string substitute(const std::string& templ, const std::map<std::string, std::string>& vars) {
  std::string out;
  size_t pos = 0;
  while (pos < templ.size()) {
    size_t open = templ.find("${", pos);
    if (open == std::string::npos) break;
    size_t close = templ.find('}', open);
    out += templ.substr(pos, open - pos);
    auto it = vars.find(templ.substr(open + 2, close - open - 2));
    if (it != vars.end()) out += it->second;
    pos = close + 1;
  }
  return out + templ.substr(std::min(pos, templ.size()));
}

std::set<std::string> variablesOf(const std::string& templ) {
  std::set<std::string> out;
  size_t pos = 0;
  while ((pos = templ.find("${", pos)) != std::string::npos) {
    size_t close = templ.find('}', pos);
    out.insert(templ.substr(pos + 2, close - pos - 2));
    pos = close + 1;
  }
  return out;
}

std::string utcTimestamp(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Rendered renderSms(const SmsChannel& c, const ChannelMessage& m, const RenderContext& ctx) {
  const SmsText sms = smsText(c, m);
  std::string phones;
  for (const auto& p : c.phones) phones += (phones.empty() ? "" : ",") + p;
  std::vector<std::pair<std::string, std::string>> params = {
      {"AccessKeyId", c.accessKeyId},
      {"Action", "SendSms"},
      {"Format", "JSON"},
      {"OutId", m.deliveryId},  // SendSms is not idempotent: eoc's delivery id lets receipts and retries be matched
      {"PhoneNumbers", phones},
      {"RegionId", c.regionId},
      {"SignName", c.signName},
      {"SignatureMethod", "HMAC-SHA1"},
      {"SignatureNonce", ctx.nonce.empty() ? randomHex(16) : ctx.nonce},
      {"SignatureVersion", "1.0"},
      {"TemplateCode", sms.templateCode},
      {"TemplateParam", sms.templateParam},
      {"Timestamp", utcTimestamp(ctx.now)},
      {"Version", "2017-05-25"},
  };
  const std::string signature = aliyunRpcSignature("POST", params, c.accessKeySecret);
  std::string body;
  // Appended piece by piece: `"literal" + std::string&&` trips GCC 12's -Wrestrict (bug 105329).
  for (const auto& [k, v] : params) {
    if (!body.empty()) body += '&';
    body += net::percentEncode(k);
    body += '=';
    body += net::percentEncode(v);
  }
  body += "&Signature=";
  body += net::percentEncode(signature);
  net::Request r;
  r.method = "POST";
  r.url = c.url;
  r.contentType = "application/x-www-form-urlencoded";
  r.body = std::move(body);
  r.timeout = ctx.timeout;
  return {std::move(r), sms.fullText};
}

// --- Webhook (Standard Webhooks, the CAP XML) ------------------------------------------------------
Rendered renderWebhook(const WebhookChannel& c, const ChannelMessage& m, const RenderContext& ctx) {
  net::Request r;
  r.method = "POST";
  r.url = c.url;
  r.contentType = "application/cap+xml";
  r.body = m.capXml;
  r.timeout = ctx.timeout;
  const std::string timestamp =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(ctx.now.time_since_epoch()).count());
  r.headers = {{"webhook-id", m.deliveryId}, {"webhook-timestamp", timestamp}};
  if (!c.secret.empty()) r.headers.emplace_back("webhook-signature", signWebhook(c.secret, m.deliveryId, timestamp, r.body));
  return {std::move(r), titleOf(m)};
}

// --- MQTT ----------------------------------------------------------------------------------------
Rendered renderMqtt(const MqttChannel& c, const ChannelMessage& m) {
  MqttPublish p;
  p.brokerUrl = c.url;
  p.username = c.username;
  p.password = c.password;
  // Drills go to their own topic: a retained exercise must never replace the retained live warning.
  p.topic = m.drill() ? c.drillTopic : c.topic;
  p.payload = m.capXml;
  p.qos = 1;
  p.retain = true;
  return {std::move(p), titleOf(m)};
}

}  // namespace

std::string humanTime(TimePoint t) {
  std::string iso = formatBeijing(t);  // 2026-07-12T15:00:00+08:00
  std::string out = iso.substr(0, 16);
  out[10] = ' ';
  return out;
}

std::string dingTalkSign(const std::string& timestampMs, const std::string& secret) {
  return base64Encode(hmac(EVP_sha256(), secret, timestampMs + "\n" + secret));
}

std::string feishuSign(const std::string& timestampSeconds, const std::string& secret) {
  return base64Encode(hmac(EVP_sha256(), timestampSeconds + "\n" + secret, ""));
}

std::string aliyunRpcSignature(const std::string& method, const std::vector<std::pair<std::string, std::string>>& params,
                               const std::string& accessKeySecret) {
  auto sorted = params;
  std::sort(sorted.begin(), sorted.end());
  std::string canonical;
  for (const auto& [k, v] : sorted) {
    if (!canonical.empty()) canonical += '&';
    canonical += net::percentEncode(k);
    canonical += '=';
    canonical += net::percentEncode(v);
  }
  const std::string toSign = method + "&" + net::percentEncode("/") + "&" + net::percentEncode(canonical);
  return base64Encode(hmac(EVP_sha1(), accessKeySecret + "&", toSign));
}

SmsText smsText(const SmsChannel& c, const ChannelMessage& m) {
  SmsText out;
  const bool drill = m.drill();
  out.templateCode = drill ? c.drillTemplateCode : c.templateCode;
  const std::string& templ = drill ? c.drillTemplateText : c.templateText;
  std::string text = m.smsText.empty() ? titleOf(m).substr(drillMark(m).size()) : m.smsText;
  if (!m.digest.empty()) text = "【合并发送】" + std::to_string(m.digest.size()) + " 条预警，请登录系统查看";
  text = drillMark(m) + actionTag(m.msgType) + text;
  std::map<std::string, std::string> vars = {{"text", text},           {"headline", m.headline},
                                             {"signal", m.signal},     {"level", levelWord(m.level)},
                                             {"link", m.ackUrl},       {"token", m.ackToken}};
  const std::string signature = "【" + c.signName + "】";
  auto whole = [&] { return signature + substitute(templ, vars); };
  // Cut only the text variable; keep 70 characters (one billed message) whenever the rest leaves
  // room for a readable text (16 characters), else let it run to two parts (134).
  const size_t fixed = utf8Chars(whole()) - (templ.find("${text}") != std::string::npos ? utf8Chars(text) : 0);
  const size_t limit = fixed + 16 <= kSmsSingleChars ? kSmsSingleChars : 2 * kSmsPartChars;
  if (utf8Chars(whole()) > limit && templ.find("${text}") != std::string::npos)
    vars["text"] = fitChars(text, limit > fixed ? limit - fixed : 0);
  out.fullText = whole();
  out.chars = utf8Chars(out.fullText);
  out.parts = out.chars <= kSmsSingleChars ? 1 : (out.chars + kSmsPartChars - 1) / kSmsPartChars;
  json param = json::object();
  for (const auto& name : variablesOf(templ)) param[name] = vars[name];
  out.templateParam = param.dump();
  return out;
}

Rendered render(const Channel& channel, const ChannelMessage& message, bool recipientDrills, const RenderContext& ctx) {
  if (message.drill() && !recipientDrills)
    throw RenderRefused("a " + message.status + " message may reach drill recipients only");
  if (message.drill() && channel.kind == Kind::Sms && channel.as<SmsChannel>().drillTemplateCode.empty())
    throw RenderRefused("no drill_template: an exercise never goes out on the live SMS template");
  switch (channel.kind) {
    case Kind::Webhook: return renderWebhook(channel.as<WebhookChannel>(), message, ctx);
    case Kind::WeCom: return renderWeCom(channel.as<WeComChannel>(), message, ctx);
    case Kind::DingTalk: return renderDingTalk(channel.as<DingTalkChannel>(), message, ctx);
    case Kind::Feishu: return renderFeishu(channel.as<FeishuChannel>(), message, ctx);
    case Kind::Sms: return renderSms(channel.as<SmsChannel>(), message, ctx);
    case Kind::Mqtt: return renderMqtt(channel.as<MqttChannel>(), message);
    case Kind::Ebd: return renderEbd(channel.as<EbdChannel>(), message, ctx);
  }
  throw RenderRefused("unknown channel kind");
}

}  // namespace eoc::broadcast::channels
