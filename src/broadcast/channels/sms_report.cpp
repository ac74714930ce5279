#include "broadcast/channels/sms_report.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace eoc::broadcast::channels {

namespace {
[[noreturn]] void fail(const std::string& pointer, const std::string& why) {
  throw EocError(ErrorCode::InvalidBody, "SmsReport " + pointer + ": " + why);
}

std::string field(const nlohmann::json& j, const std::string& at, const char* key, bool required) {
  if (!j.contains(key)) {
    if (required) fail(at + "/" + key, "required");
    return {};
  }
  const auto& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_null()) return {};
  fail(at + "/" + key, "expected a string");
}
}  // namespace

std::vector<SmsReceipt> parseSmsReport(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) fail("", "not valid JSON");
  if (!doc.is_array()) fail("", "expected a JSON array of receipts");
  std::vector<SmsReceipt> out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const std::string at = "/" + std::to_string(i);
    const auto& j = doc[i];
    if (!j.is_object()) fail(at, "expected an object");
    SmsReceipt r;
    r.phone = field(j, at, "phone_number", true);
    r.sendTime = field(j, at, "send_time", false);
    r.reportTime = field(j, at, "report_time", false);
    if (!j.contains("success")) fail(at + "/success", "required");
    if (j["success"].is_boolean())
      r.success = j["success"].get<bool>();
    else if (j["success"].is_string() && (j["success"] == "true" || j["success"] == "false"))
      r.success = j["success"] == "true";
    else
      fail(at + "/success", "expected a boolean");
    r.errCode = field(j, at, "err_code", false);
    r.errMsg = field(j, at, "err_msg", false);
    const std::string size = field(j, at, "sms_size", false);
    if (!size.empty()) {
      try {
        r.smsSize = std::stoi(size);
      } catch (const std::exception&) {
        fail(at + "/sms_size", "expected a number");
      }
    }
    r.bizId = field(j, at, "biz_id", false);
    r.outId = field(j, at, "out_id", false);
    out.push_back(std::move(r));
  }
  return out;
}

std::string smsReportAnswer() { return R"({"code":0,"msg":"接收成功"})"; }

}  // namespace eoc::broadcast::channels
