#pragma once
// What goes out on a channel: one warning message for one recipient, typed, before any vendor
// shape. The caller (the broadcast service) fills it from the warning and passes the recipient's
// acknowledgement link; the renderers turn it into each vendor's request.
#include <chrono>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace eoc::broadcast::channels {

// One warning inside a digest (several waiting messages to one throttled destination, sent as one).
struct DigestItem {
  std::string deliveryId;
  std::string msgType;
  std::string signal;
  std::string level;
  std::string headline;
  std::string ackUrl;
};

struct ChannelMessage {
  std::string deliveryId;   // eoc's delivery id: webhook-id, SMS OutId, EBD sequence
  std::string warningId;
  std::string identifier;   // CAP identifier of this message
  std::string status;       // Actual | Exercise | Test
  std::string msgType;      // Alert | Update | Cancel
  std::string eventCode;    // CMA event code, e.g. "11B03"
  std::string signal;       // "暴雨橙色预警信号"
  std::string level;        // blue | yellow | orange | red
  std::string headline;
  std::string description;
  std::string guidance;
  std::string smsText;      // the district's short relay text
  std::string senderName;   // "沙依巴克区应急管理局"
  TimePoint sent{};
  TimePoint expires{};
  std::string ackUrl;       // {public_base_url}/a/{token}: this warning, this recipient
  std::string ackToken;
  std::vector<std::string> areaCodes;  // targeted committees (GB/T 2260 based, 9 digits)
  std::string capXml;       // the CAP 1.2 message (webhook, MQTT)
  std::vector<DigestItem> digest;      // non-empty: this message is a digest of these

  // Exercise and Test traffic is drill traffic: marked, drill templates, drill recipients only.
  bool drill() const { return status != "Actual"; }
};

// The marker every drill text begins with.
inline constexpr std::string_view kDrillMark = "【演练】";

}  // namespace eoc::broadcast::channels
