#pragma once
// Typed requests and results of the broadcast use cases that the HTTP renderers turn into pages and
// JSON (http/ack_link_render.cpp, http/broadcast_render.cpp). No transport shapes here. Times are
// Beijing-rendered at the edge; a time that did not happen (yet) is nullopt.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

// --- requests (parsed at the edge: http/broadcast_requests.cpp) ---

// POST /warnings/{id}/ack: the caller's own committee acknowledges; the note is optional.
struct AckRequest {
  std::string warningId;
  std::string note;
};

// POST /escalations/{id}/close: the duty officer closes an open escalation, saying why.
struct CloseEscalationRequest {
  int64_t id = 0;
  std::string note;
};

// --- results ---

// The state of one recipient's acknowledgement after an ack (the API's answer to POST …/ack).
struct AckOutcome {
  std::string warningId;
  std::string recipient;
  std::optional<TimePoint> ackedAt;
  std::string ackedBy;
  std::string note;
  bool duplicate = false;  // it was acknowledged before: nothing changed
};

// One delivery (one message to one recipient over one channel).
struct DeliveryRow {
  std::string id;
  std::string message;  // the CAP identifier it carries
  std::string channel;  // "app", "webhook", "wecom", "sms", …
  std::string state;    // pending | delivered | expired | superseded | stopped | failed (stopped for good)
  int attempts = 0;
  std::string vendorCode;
  std::string lastError;
  std::optional<TimePoint> deliveredAt;
  std::optional<TimePoint> nextAttemptAt;
  std::string receipt;  // SMS only: the operator's receipt ("" while none came)
};

// A channel of a recipient as its newest delivery left it.
struct ChannelState {
  std::string state;
  int attempts = 0;
  std::string vendorCode;
  std::string lastError;
  std::optional<TimePoint> deliveredAt;
};

// How a warning reached one recipient, and whether and when it acknowledged.
struct RecipientDelivery {
  std::string recipient;  // the recipient's code
  std::string name;
  std::string kind;
  std::string channel;  // its first configured channel ("app" when it has none)
  std::map<std::string, ChannelState> channels;
  std::optional<TimePoint> firstSentAt;
  int attempts = 0;  // over all its deliveries
  std::optional<TimePoint> deliveredAt;  // the first delivery that arrived
  std::optional<int64_t> deliveryLatencyMs;
  std::string lastError;
  std::optional<TimePoint> ackedAt;
  std::string ackedBy;
  std::string note;
  std::optional<double> ackSeconds;  // from first sent to ack, millisecond precision
  bool acksTracked = false;          // an ack is expected of it (then ackDueAt says by when)
  std::optional<TimePoint> ackDueAt;
  int escalations = 0;  // raised + repeated
  bool escalationOpen = false;
  std::vector<DeliveryRow> deliveries;  // oldest first
};

struct DeliverySummary {
  size_t targeted = 0;
  size_t delivered = 0;
  size_t acked = 0;
  std::optional<double> medianAckSeconds;
  std::optional<double> slowestAckSeconds;
};

// GET /warnings/{id}/deliveries. The summary counts every recipient; `recipients` may be only the
// reader's own row (a committee), ordered by recipient code.
struct DeliveryReport {
  std::string warningId;
  DeliverySummary summary;
  std::vector<RecipientDelivery> recipients;
};

// An escalation of an overdue acknowledgement, with whom to phone.
struct EscalationView {
  int64_t id = 0;
  std::string warningId;
  std::string recipient;
  std::string name;
  std::vector<std::string> phones;
  TimePoint raisedAt{};
  int repeats = 0;
  TimePoint lastAt{};
  std::optional<TimePoint> nextAt;
  std::string state;  // open | acked | closed | cancelled
  std::string closedBy;
  std::string note;  // the closing note
  std::optional<TimePoint> closedAt;
};

}  // namespace eoc::service
