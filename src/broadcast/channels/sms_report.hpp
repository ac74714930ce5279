#pragma once
// Alibaba Cloud SMS delivery receipts (SmsReport, HTTP batch push;
// help.aliyun.com/document_detail/101867.html): a JSON array of
//   {"phone_number", "send_time", "report_time", "success", "err_code", "err_msg", "sms_size",
//    "biz_id", "out_id"}
// pushed to eoc's receipt URL; eoc answers {"code": 0, "msg": "接收成功"} (HTTP 200; anything else
// makes Aliyun push again after 1, 5 and 10 minutes). out_id is eoc's delivery id (SendSms OutId).
#include <string>
#include <vector>

namespace eoc::broadcast::channels {

struct SmsReceipt {
  std::string phone;
  std::string sendTime;    // "2017-01-01 00:00:00" (Beijing), as pushed
  std::string reportTime;
  bool success = false;
  std::string errCode;     // "DELIVERED" on success, the operator's code otherwise
  std::string errMsg;
  int smsSize = 1;         // billed parts
  std::string bizId;
  std::string outId;       // eoc's delivery id
};

// Throws EocError(InvalidBody) naming the JSON pointer of the first bad element.
std::vector<SmsReceipt> parseSmsReport(const std::string& body);
// What eoc answers to a push it has taken.
std::string smsReportAnswer();

}  // namespace eoc::broadcast::channels
