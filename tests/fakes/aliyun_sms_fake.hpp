#pragma once
// Fake Alibaba Cloud SMS (Dysmsapi, API version 2017-05-25), from the vendor's documentation:
//   SendSms https://help.aliyun.com/document_detail/55284.html
//   签名机制 (RPC, v1) https://help.aliyun.com/document_detail/315526.html (also 28839 / 145075)
//   短信发送规则 https://help.aliyun.com/document_detail/44335.html
//   SmsReport https://help.aliyun.com/document_detail/101867.html
//   公共错误码 https://help.aliyun.com/document_detail/30137.html
// Enforces: parameters from the query and/or a form body; common parameters (Action=SendSms,
// Version=2017-05-25, Format, AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0,
// SignatureNonce once only, Timestamp UTC "YYYY-MM-DDThh:mm:ssZ" within 15 minutes); the signature:
// parameters sorted by name, names and values percent-encoded per RFC 3986, joined k=v with &;
// StringToSign = METHOD + "&" + percentEncode("/") + "&" + percentEncode(that);
// Signature = base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)); an unknown key answers
// InvalidAccessKeyId.NotFound, a wrong signature SignatureDoesNotMatch. Then SendSms itself:
// PhoneNumbers at most 1,000 (isv.MOBILE_COUNT_OVER_LIMIT), mainland mobiles
// (isv.MOBILE_NUMBER_ILLEGAL), an approved SignName (isv.SMS_SIGNATURE_ILLEGAL) and TemplateCode
// (isv.SMS_TEMPLATE_ILLEGAL), TemplateParam a JSON object of strings (isv.INVALID_JSON_PARAM)
// naming every variable of the template (isv.TEMPLATE_MISSING_PARAMETERS); a notification with the
// same signature and template to the same number at most 50 times in 24 hours
// (isv.BUSINESS_LIMIT_CONTROL). Accepted: {"Code":"OK","Message":"OK","BizId":…,"RequestId":…}.
// The message the phone shows is 【SignName】 + the template with its variables; it is billed as
// one message up to 70 characters, else per 67.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "vendor_fake.hpp"

namespace eoc::fakes {

struct SentSms {
  std::string phone;
  std::string signName;
  std::string templateCode;
  std::string text;   // what the phone shows
  size_t chars = 0;
  size_t parts = 1;   // billed messages
  std::string outId;
  std::string bizId;
};

class AliyunSmsFake : public VendorFake {
 public:
  AliyunSmsFake(std::string accessKeyId, std::string accessKeySecret, std::optional<TlsFiles> tls, WallClock clock = {});
  ~AliyunSmsFake() override { stop(); }
  // What the account has had approved: signatures and templates (code -> text with ${vars}).
  void approveSignature(const std::string& signName);
  void approveTemplate(const std::string& code, const std::string& text);
  std::string endpoint(const std::string& host = "127.0.0.1") const;  // like https://dysmsapi.aliyuncs.com/
  std::vector<SentSms> sent() const;
  std::vector<std::string> answeredCodes() const;
  // The SmsReport push body for everything sent so far (success for every phone), as Aliyun sends it.
  std::string deliveryReport(bool success = true) const;
  // The account's API flow control (SendSms QPS; 5,000 per user by default, lower for a test):
  // beyond `perSecond` accepted calls within one second, HTTP 400 "Throttling.User" (公共错误码).
  void limitCallsPerSecond(size_t perSecond);

 protected:
  FakeAnswer handle(const ReceivedRequest& request) override;

 private:
  std::string keyId_, keySecret_;
  std::set<std::string> signatures_;
  std::map<std::string, std::string> templates_;
  std::set<std::string> nonces_;
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> daily_;  // phone|sign|template
  std::vector<SentSms> sent_;
  std::vector<std::string> codes_;
  uint64_t nextBiz_ = 900000000;
  size_t callsPerSecond_ = 0;  // 0: no flow control
  std::vector<std::chrono::system_clock::time_point> calls_;
};

}  // namespace eoc::fakes
