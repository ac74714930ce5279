#include "aliyun_sms_fake.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <nlohmann/json.hpp>

#include "fake_crypto.hpp"

namespace eoc::fakes {

namespace {

size_t characters(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::optional<std::chrono::system_clock::time_point> parseUtc(const std::string& text) {
  std::tm tm{};
  if (text.size() != 20 || text[19] != 'Z' || !strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool mainlandMobile(std::string p) {
  for (std::string prefix : {"+86", "0086", "86"})
    if (p.size() > 11 && p.rfind(prefix, 0) == 0) {
      p = p.substr(prefix.size());
      break;
    }
  return p.size() == 11 && p[0] == '1' && std::all_of(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

AliyunSmsFake::AliyunSmsFake(std::string accessKeyId, std::string accessKeySecret, std::optional<TlsFiles> tls, WallClock clock)
    : VendorFake(std::move(tls), std::move(clock)), keyId_(std::move(accessKeyId)), keySecret_(std::move(accessKeySecret)) {}

void AliyunSmsFake::approveSignature(const std::string& signName) {
  std::lock_guard lock(mutex_);
  signatures_.insert(signName);
}

void AliyunSmsFake::approveTemplate(const std::string& code, const std::string& text) {
  std::lock_guard lock(mutex_);
  templates_[code] = text;
}

std::string AliyunSmsFake::endpoint(const std::string& host) const {
  return const_cast<AliyunSmsFake*>(this)->server().baseUrl(host) + "/";
}

std::vector<SentSms> AliyunSmsFake::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

std::vector<std::string> AliyunSmsFake::answeredCodes() const {
  std::lock_guard lock(mutex_);
  return codes_;
}

std::string AliyunSmsFake::deliveryReport(bool success) const {
  std::lock_guard lock(mutex_);
  nlohmann::json report = nlohmann::json::array();
  for (const auto& s : sent_)
    report.push_back({{"phone_number", s.phone},
                      {"send_time", "2026-07-12 15:00:00"},
                      {"report_time", "2026-07-12 15:00:05"},
                      {"success", success},
                      {"err_code", success ? "DELIVERED" : "MK:0001"},
                      {"err_msg", success ? "用户接收成功" : "失败"},
                      {"sms_size", std::to_string(s.parts)},
                      {"biz_id", s.bizId},
                      {"out_id", s.outId}});
  return report.dump();
}

FakeAnswer AliyunSmsFake::handle(const ReceivedRequest& req) {
  std::lock_guard lock(mutex_);
  const std::string requestId = "FAKE-" + std::to_string(codes_.size() + 1);
  auto reply = [&](int status, const std::string& code, const std::string& message, nlohmann::json extra = {}) {
    codes_.push_back(code);
    nlohmann::json body = {{"RequestId", requestId}, {"Code", code}, {"Message", message}};
    if (extra.is_object()) body.update(extra);
    return FakeAnswer{status, "application/json;charset=utf-8", body.dump()};
  };
  // Parameters: the query, then a form body.
  std::map<std::string, std::string> params = req.query;
  if (req.method == "POST" && req.header("content-type").rfind("application/x-www-form-urlencoded", 0) == 0)
    for (auto& [k, v] : decodeForm(req.body)) params[k] = v;
  auto param = [&](const std::string& name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  for (const char* required : {"AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion",
                               "Timestamp", "Version", "Signature"})
    if (param(required).empty()) return reply(400, "MissingParameter", std::string("The input parameter \"") + required + "\" that is mandatory for processing this request is not supplied.");
  if (param("Version") != "2017-05-25") return reply(400, "InvalidVersion", "Specified parameter Version is not valid.");
  if (param("SignatureMethod") != "HMAC-SHA1" || param("SignatureVersion") != "1.0")
    return reply(400, "InvalidSignatureMethod", "Specified signature method is not valid.");
  auto ts = parseUtc(param("Timestamp"));
  if (!ts) return reply(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  if (std::chrono::abs(now() - *ts) > std::chrono::minutes(15))
    return reply(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  if (param("AccessKeyId") != keyId_) return reply(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  // The signature, computed from the documentation's steps.
  std::string canonical;
  for (const auto& [k, v] : params)  // std::map: sorted by name
    if (k != "Signature") canonical += (canonical.empty() ? "" : "&") + rfc3986(k) + "=" + rfc3986(v);
  const std::string stringToSign = req.method + "&" + rfc3986("/") + "&" + rfc3986(canonical);
  const std::string expected = toBase64(hmacSha1(keySecret_ + "&", stringToSign));
  if (!sameSecret(param("Signature"), expected))
    return reply(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
  if (!nonces_.insert(param("SignatureNonce")).second)
    return reply(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  if (param("Action") != "SendSms") return reply(400, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
  // SendSms.
  std::vector<std::string> phones;
  for (size_t start = 0; start <= param("PhoneNumbers").size();) {
    size_t end = param("PhoneNumbers").find(',', start);
    if (end == std::string::npos) end = param("PhoneNumbers").size();
    phones.push_back(param("PhoneNumbers").substr(start, end - start));
    start = end + 1;
  }
  if (phones.size() > 1000) return reply(200, "isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制");
  for (const auto& p : phones)
    if (!mainlandMobile(p)) return reply(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
  if (!signatures_.count(param("SignName"))) return reply(200, "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
  auto templ = templates_.find(param("TemplateCode"));
  if (templ == templates_.end()) return reply(200, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
  auto vars = nlohmann::json::parse(param("TemplateParam").empty() ? "{}" : param("TemplateParam"), nullptr, false);
  if (vars.is_discarded() || !vars.is_object()) return reply(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
  for (auto& [k, v] : vars.items())
    if (!v.is_string()) return reply(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
  std::string text = templ->second, shown;
  for (size_t pos = 0; pos < text.size();) {
    size_t open = text.find("${", pos);
    if (open == std::string::npos) {
      shown += text.substr(pos);
      break;
    }
    size_t close = text.find('}', open);
    shown += text.substr(pos, open - pos);
    const std::string name = text.substr(open + 2, close - open - 2);
    if (!vars.contains(name)) return reply(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模版缺少变量");
    shown += vars[name].get<std::string>();
    pos = close + 1;
  }
  shown = "【" + param("SignName") + "】" + shown;
  const auto t = now();
  if (callsPerSecond_ > 0) {
    // 公共错误码 (document 30137): Throttling.User, HTTP 400, "Request was denied due to user flow control."
    calls_.erase(std::remove_if(calls_.begin(), calls_.end(), [&](auto x) { return x <= t - std::chrono::seconds(1); }),
                 calls_.end());
    if (calls_.size() >= callsPerSecond_) return reply(400, "Throttling.User", "Request was denied due to user flow control.");
    calls_.push_back(t);
  }
  for (const auto& p : phones) {
    auto& times = daily_[p + "|" + param("SignName") + "|" + param("TemplateCode")];
    times.erase(std::remove_if(times.begin(), times.end(), [&](auto x) { return x <= t - std::chrono::hours(24); }), times.end());
    if (times.size() >= 50) return reply(200, "isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:50");
  }
  const std::string bizId = std::to_string(++nextBiz_) + "^0";
  for (const auto& p : phones) {
    daily_[p + "|" + param("SignName") + "|" + param("TemplateCode")].push_back(t);
    SentSms s{p, param("SignName"), param("TemplateCode"), shown, characters(shown), 1, param("OutId"), bizId};
    s.parts = s.chars <= 70 ? 1 : (s.chars + 66) / 67;
    sent_.push_back(std::move(s));
  }
  return reply(200, "OK", "OK", {{"BizId", bizId}});
}

void AliyunSmsFake::limitCallsPerSecond(size_t perSecond) {
  std::lock_guard lock(mutex_);
  callsPerSecond_ = perSecond;
}

}  // namespace eoc::fakes
