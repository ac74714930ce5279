#pragma once
// Typed results and inputs of the broadcast use cases that the HTTP renderers turn into pages and
// JSON (http/ack_link_render.cpp, http/broadcast_routes.cpp). No transport shapes here.
#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"

namespace eoc::service {

// What one acknowledgement link shows: the warning, for whom, and whether it is acknowledged.
struct AckLinkView {
  std::string warningId;
  std::string recipient;
  std::string recipientName;
  std::string status;  // Actual | Exercise | Test
  std::string msgType;
  std::string level;
  std::string headline;
  std::string signalText;
  std::string guidance;
  TimePoint sent{};
  TimePoint expires{};
  std::optional<TimePoint> ackedAt;
  std::string ackedBy;
  bool duplicate = false;  // ackByLink: it was acknowledged before
  bool drill() const { return status != "Actual"; }
};

// One SMS delivery receipt, as the service needs it (parsed from Aliyun's push by the edge).
struct SmsReceiptInput {
  std::string outId;    // eoc's delivery id (a digest's "id+N" names its first delivery)
  bool success = false;
  std::string code;     // "DELIVERED" or the operator's error code
};

}  // namespace eoc::service
