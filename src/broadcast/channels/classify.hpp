#pragma once
// What a vendor's answer means for eoc: delivered, throttled (with the vendor's block time),
// permanently refused (bad signature, bad key, unknown robot — the vendor's own code kept, not
// retried blindly, escalated at once) or transiently failed (timeouts, 5xx: retried with backoff).
#include <chrono>
#include <string>

#include "broadcast/channels/channel.hpp"
#include "net/http_client.hpp"

namespace eoc::broadcast::channels {

enum class Outcome { Delivered, Throttled, Permanent, Transient };
std::string_view outcomeName(Outcome outcome);

struct Verdict {
  Outcome outcome = Outcome::Transient;
  std::string code;     // the vendor's code ("130101", "SignatureDoesNotMatch"), "http 503", "timeout", …
  std::string message;  // the vendor's message, or the transport error
  std::chrono::seconds blockFor{0};  // Throttled: how long the vendor blocks the destination
  std::string vendorRef;             // SMS: BizId, the key of later delivery receipts
};

// Vendor block times (when throttled):
//  DingTalk 130101: blocked for 10 minutes (open.dingtalk.com custom robot: "每个机器人每分钟最多发送20条。
//    如果超过20条，会限流10分钟").
//  WeCom 45009 and Feishu 11232: no block time is documented; the minute window passes in 60 s.
//  Aliyun isv.BUSINESS_LIMIT_CONTROL: a day-level limit lifted 24 hours after it triggered
//    (help.aliyun.com/document_detail/44335.html); Throttling*: API rate, 1 s.
inline constexpr std::chrono::seconds kDingTalkBlock{600};
inline constexpr std::chrono::seconds kMinuteWindowBlock{60};
inline constexpr std::chrono::seconds kSmsDailyBlock{24 * 3600};

Verdict classify(Kind kind, const net::Response& response);

}  // namespace eoc::broadcast::channels
