#include "broadcast/channels/classify.hpp"

#include <cstdlib>
#include <set>

#include <nlohmann/json.hpp>

namespace eoc::broadcast::channels {

namespace {

using json = nlohmann::json;

Verdict verdict(Outcome o, std::string code, std::string message = {}, std::chrono::seconds block = {}) {
  Verdict v;
  v.outcome = o;
  v.code = std::move(code);
  v.message = std::move(message);
  v.blockFor = block;
  return v;
}

// Transport failures and HTTP statuses that say nothing vendor-specific.
std::optional<Verdict> byTransport(const net::Response& r) {
  if (!r.answered()) {
    // A certificate that does not verify or a malformed URL will not fix itself by waiting.
    const bool permanent = r.failure == net::Failure::Tls || r.failure == net::Failure::BadUrl;
    return verdict(permanent ? Outcome::Permanent : Outcome::Transient, std::string(net::failureName(r.failure)), r.error);
  }
  if (r.status == 429) {
    const long after = std::strtol(r.header("Retry-After").c_str(), nullptr, 10);
    return verdict(Outcome::Throttled, "http 429", r.body.substr(0, 200), std::chrono::seconds(after > 0 ? after : 60));
  }
  if (r.status >= 500 || r.status == 408) return verdict(Outcome::Transient, "http " + std::to_string(r.status), r.body.substr(0, 200));
  return std::nullopt;
}

json parseJson(const std::string& body) { return json::parse(body, nullptr, false); }

std::string codeText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return v.dump();
}

Verdict chatRobot(const net::Response& r, const char* codeKey, const char* messageKey, long long throttle,
                  std::chrono::seconds block) {
  auto body = parseJson(r.body);
  if (body.is_discarded() || !body.is_object() || !body.contains(codeKey) || !body[codeKey].is_number_integer())
    return verdict(r.status / 100 == 2 ? Outcome::Transient : Outcome::Permanent, "http " + std::to_string(r.status),
                   "unexpected answer: " + r.body.substr(0, 200));
  const long long code = body[codeKey].get<long long>();
  std::string message = body.contains(messageKey) && body[messageKey].is_string() ? body[messageKey].get<std::string>() : "";
  if (code == 0 && r.status / 100 == 2) return verdict(Outcome::Delivered, "0", message);
  if (code == throttle) return verdict(Outcome::Throttled, std::to_string(code), message, block);
  if (code == -1) return verdict(Outcome::Transient, "-1", message);  // "系统繁忙": try again later
  return verdict(Outcome::Permanent, std::to_string(code), message);
}

// WeCom group robot (developer.work.weixin.qq.com/document/path/91770 and the global error codes
// path/90313): errcode 0 ok; 45009 API frequency out of limit; 93000 invalid webhook URL;
// -1 system busy.
Verdict wecom(const net::Response& r) { return chatRobot(r, "errcode", "errmsg", 45009, kMinuteWindowBlock); }

// DingTalk custom robot: errcode 0 ok; 130101 "send too fast, exceed 20 times per minute";
// 310000 signature / keyword / IP check failed; 300001 token does not exist.
Verdict dingtalk(const net::Response& r) { return chatRobot(r, "errcode", "errmsg", 130101, kDingTalkBlock); }

// Feishu custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): code 0 ok;
// 19021 signature; 19022 IP; 19024 keyword; 9499 bad request (also a body over 20 KB); 11232
// frequency limited.
Verdict feishu(const net::Response& r) {
  auto body = parseJson(r.body);
  // Older answers carry StatusCode/StatusMessage instead of code/msg.
  if (body.is_object() && !body.contains("code") && body.contains("StatusCode"))
    return chatRobot(r, "StatusCode", "StatusMessage", 11232, kMinuteWindowBlock);
  return chatRobot(r, "code", "msg", 11232, kMinuteWindowBlock);
}

// Aliyun Dysmsapi SendSms (help.aliyun.com/document_detail/55284.html, error codes 101346):
// Code "OK" accepted (BizId keys the delivery receipt); the rest as below.
Verdict sms(const net::Response& r) {
  auto body = parseJson(r.body);
  if (body.is_discarded() || !body.is_object() || !body.contains("Code"))
    return verdict(Outcome::Transient, "http " + std::to_string(r.status), "unexpected answer: " + r.body.substr(0, 200));
  const std::string code = codeText(body["Code"]);
  const std::string message = body.contains("Message") ? codeText(body["Message"]) : "";
  if (code == "OK") {
    auto v = verdict(Outcome::Delivered, code, message);
    if (body.contains("BizId")) v.vendorRef = codeText(body["BizId"]);
    return v;
  }
  if (code == "isv.BUSINESS_LIMIT_CONTROL" || code == "isv.DAY_LIMIT_CONTROL")
    return verdict(Outcome::Throttled, code, message, kSmsDailyBlock);
  if (code.rfind("Throttling", 0) == 0) return verdict(Outcome::Throttled, code, message, std::chrono::seconds(1));
  static const std::set<std::string> transient = {"isp.SYSTEM_ERROR", "InternalError", "ServiceUnavailable",
                                                  "isp.GATEWAY_ERROR", "SignatureNonceUsed"};
  if (transient.count(code)) return verdict(Outcome::Transient, code, message);
  return verdict(Outcome::Permanent, code, message);  // SignatureDoesNotMatch, InvalidAccessKeyId.NotFound, isv.*
}

// The emergency-broadcast platform answers with an EBD whose EBDResponse carries ResultCode
// (1 = 执行成功 in the public adapter's answers; 4 = 签名验证失败).
Verdict ebd(const net::Response& r) {
  if (r.status / 100 != 2) return verdict(Outcome::Permanent, "http " + std::to_string(r.status), r.body.substr(0, 200));
  const size_t open = r.body.find("<ResultCode>");
  if (open == std::string::npos) return verdict(Outcome::Delivered, "http " + std::to_string(r.status));
  const size_t start = open + 12, close = r.body.find("</ResultCode>", start);
  const std::string code = r.body.substr(start, close == std::string::npos ? 0 : close - start);
  std::string message;
  if (size_t d = r.body.find("<ResultDesc>"); d != std::string::npos)
    message = r.body.substr(d + 12, r.body.find("</ResultDesc>", d) - d - 12);
  return verdict(code == "1" ? Outcome::Delivered : Outcome::Permanent, code, message);
}

Verdict webhook(const net::Response& r) {
  if (r.status / 100 == 2) return verdict(Outcome::Delivered, "http " + std::to_string(r.status));
  // The receiver does not know the signature or the endpoint is gone: a person must look.
  static const std::set<int> permanent = {400, 401, 403, 404, 405, 410, 413, 415};
  return verdict(permanent.count(r.status) ? Outcome::Permanent : Outcome::Transient, "http " + std::to_string(r.status),
                 r.body.substr(0, 200));
}

}  // namespace

std::string_view outcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::Delivered: return "delivered";
    case Outcome::Throttled: return "throttled";
    case Outcome::Permanent: return "permanent";
    case Outcome::Transient: return "transient";
  }
  return "unknown";
}

Verdict classify(Kind kind, const net::Response& response) {
  if (auto v = byTransport(response)) return *v;
  switch (kind) {
    case Kind::WeCom: return wecom(response);
    case Kind::DingTalk: return dingtalk(response);
    case Kind::Feishu: return feishu(response);
    case Kind::Sms: return sms(response);
    case Kind::Ebd: return ebd(response);
    case Kind::Webhook:
    case Kind::Mqtt: return webhook(response);
  }
  return webhook(response);
}

}  // namespace eoc::broadcast::channels
