// The broadcast area's renderer and request parsers (http/broadcast_render, http/broadcast_requests):
// the typed results render to exactly the JSON the API answered before they were typed — the same
// keys, the same nulls, integers as integers, seconds as decimals, Beijing times — and an
// escalation event streams what GET /escalations shows.
#include "http/broadcast_render.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "core/error.hpp"
#include "http/broadcast_requests.hpp"
#include "http/event_render.hpp"

namespace eoc::http::broadcast_render_test {
namespace {

using nlohmann::json;

TimePoint at(const char* text) { return *parseIso8601(text); }

// Byte for byte: both sides dumped (keys sorted, as every answer of the API is).
void expectRendersAs(const json& rendered, const char* expected) {
  EXPECT_EQ(rendered.dump(), json::parse(expected).dump());
}

TEST(BroadcastRender, AnAckAnswerNamesWhenByWhomAndWhetherItWasRepeated) {
  service::AckOutcome outcome{"w1", "650103001", at("2026-07-12T15:00:42+08:00"), "钱", "已转发至各社区", true};
  expectRendersAs(renderAckOutcome(outcome), R"({"warning_id": "w1", "recipient": "650103001",
      "acked_at": "2026-07-12T15:00:42+08:00", "acked_by": "钱", "note": "已转发至各社区", "duplicate": true})");
  service::AckOutcome none{"w1", "650103001", std::nullopt, "", "", false};
  expectRendersAs(renderAckOutcome(none), R"({"warning_id": "w1", "recipient": "650103001", "acked_at": null,
      "acked_by": "", "note": "", "duplicate": false})");
}

TEST(BroadcastRender, ADeliveryReportKeepsTheApiShapeForAckedAndUntrackedRecipients) {
  service::DeliveryReport report;
  report.warningId = "w1";
  report.summary = {2, 1, 1, 42.0, 42.5};
  service::RecipientDelivery acked;
  acked.recipient = "650103001";
  acked.name = "北园春社区";
  acked.kind = "committee";
  acked.channel = "sms";
  acked.channels["sms"] = {"delivered", 1, "", "", at("2026-07-12T15:00:01+08:00")};
  acked.firstSentAt = at("2026-07-12T15:00:00+08:00");
  acked.attempts = 1;
  acked.deliveredAt = at("2026-07-12T15:00:01+08:00");
  acked.deliveryLatencyMs = 1500;
  acked.ackedAt = at("2026-07-12T15:00:42+08:00");
  acked.ackedBy = "钱";
  acked.note = "收到";
  acked.ackSeconds = 42.0;
  acked.acksTracked = true;  // acked: no deadline any more (null)
  acked.escalations = 2;
  acked.deliveries.push_back({"msg_1", "m1", "sms", "delivered", 1, "", "", at("2026-07-12T15:00:01+08:00"),
                              std::nullopt, "DELIVERED"});
  service::RecipientDelivery pending;  // not in recipients.json, no ack expected, one webhook retrying
  pending.recipient = "650103002";
  pending.channel = "app";
  pending.attempts = 2;
  pending.lastError = "HTTP 503";
  pending.deliveries.push_back({"msg_2", "m1", "webhook", "pending", 2, "", "HTTP 503", std::nullopt,
                                at("2026-07-12T15:01:00+08:00"), ""});
  report.recipients = {acked, pending};
  expectRendersAs(renderDeliveryReport(report), R"({"warning_id": "w1",
    "summary": {"targeted": 2, "delivered": 1, "acked": 1, "median_ack_seconds": 42.0, "slowest_ack_seconds": 42.5},
    "recipients": [
      {"recipient": "650103001", "name": "北园春社区", "kind": "committee", "channel": "sms",
       "channels": {"sms": {"state": "delivered", "attempts": 1, "vendor_code": "", "last_error": "",
                            "delivered_at": "2026-07-12T15:00:01+08:00"}},
       "first_sent_at": "2026-07-12T15:00:00+08:00", "attempts": 1, "delivered_at": "2026-07-12T15:00:01+08:00",
       "delivery_latency_ms": 1500, "last_error": "", "acked_at": "2026-07-12T15:00:42+08:00", "acked_by": "钱",
       "note": "收到", "ack_seconds": 42.0, "ack_due_at": null, "escalations": 2, "escalation_open": false,
       "deliveries": [{"id": "msg_1", "message": "m1", "channel": "sms", "state": "delivered", "attempts": 1,
                       "vendor_code": "", "last_error": "", "delivered_at": "2026-07-12T15:00:01+08:00",
                       "next_attempt_at": null, "receipt": "DELIVERED"}]},
      {"recipient": "650103002", "name": "", "kind": "", "channel": "app", "channels": {},
       "first_sent_at": null, "attempts": 2, "delivered_at": null, "delivery_latency_ms": null,
       "last_error": "HTTP 503", "acked_at": null, "acked_by": "", "note": "", "ack_seconds": null,
       "escalations": 0, "escalation_open": false,
       "deliveries": [{"id": "msg_2", "message": "m1", "channel": "webhook", "state": "pending", "attempts": 2,
                       "vendor_code": "", "last_error": "HTTP 503", "delivered_at": null,
                       "next_attempt_at": "2026-07-12T15:01:00+08:00"}]}]})");
  // An empty report: nulls, not zeros, for the ack figures nobody gave.
  service::DeliveryReport empty;
  empty.warningId = "w2";
  expectRendersAs(renderDeliveryReport(empty), R"({"warning_id": "w2", "summary": {"targeted": 0, "delivered": 0,
      "acked": 0, "median_ack_seconds": null, "slowest_ack_seconds": null}, "recipients": []})");
}

service::EscalationView closedEscalation() {
  service::EscalationView e;
  e.id = 7;
  e.warningId = "w1";
  e.recipient = "650103001";
  e.name = "北园春社区";
  e.phones = {"0991-0001", "0991-0002"};
  e.raisedAt = at("2026-07-12T15:10:00+08:00");
  e.repeats = 1;
  e.lastAt = at("2026-07-12T15:15:00+08:00");
  e.state = "closed";
  e.closedBy = "李值班";
  e.note = "电话已通知片区主任";
  e.closedAt = at("2026-07-12T15:16:00+08:00");
  return e;
}

TEST(BroadcastRender, AnEscalationRendersTheSameInTheListAndInItsEvent) {
  const auto e = closedEscalation();
  const char* expected = R"({"id": 7, "warning_id": "w1", "recipient": "650103001", "name": "北园春社区",
      "phones": ["0991-0001", "0991-0002"], "raised_at": "2026-07-12T15:10:00+08:00", "repeats": 1,
      "last_at": "2026-07-12T15:15:00+08:00", "next_at": null, "state": "closed", "closed_by": "李值班",
      "note": "电话已通知片区主任", "closed_at": "2026-07-12T15:16:00+08:00"})";
  expectRendersAs(renderEscalation(e), expected);
  auto list = renderEscalationList({e});
  ASSERT_EQ(list["escalations"].size(), 1u);
  EXPECT_EQ(list["escalations"][0].dump(), json::parse(expected).dump());
  EXPECT_EQ(renderEscalationList({}).dump(), R"({"escalations":[]})");
  Event event{"escalation.closed", "650103001", false, {}};
  event.payload = std::make_shared<const service::EscalationView>(e);
  EXPECT_EQ(renderEventData(event).dump(), json::parse(expected).dump());
}

ErrorCode refusal(const std::function<void()>& parse, std::string* detail = nullptr) {
  try {
    parse();
  } catch (const EocError& e) {
    if (detail) *detail = e.detail();
    return e.code();
  }
  return ErrorCode::Internal;  // accepted
}

TEST(BroadcastRequests, AnAckBodyIsEmptyOrCarriesOnlyAStringNote) {
  EXPECT_EQ(parseAckRequest("w1", json::object()).note, "");
  auto request = parseAckRequest("w1", json{{"note", "已转发至各社区"}});
  EXPECT_EQ(request.warningId, "w1");
  EXPECT_EQ(request.note, "已转发至各社区");
  std::string detail;
  EXPECT_EQ(refusal([] { parseAckRequest("w1", json{{"note", 7}}); }, &detail), ErrorCode::InvalidBody);
  EXPECT_NE(detail.find("note"), std::string::npos) << detail;
  EXPECT_EQ(refusal([] { parseAckRequest("w1", json{{"colour", "red"}}); }, &detail), ErrorCode::UnknownProperty);
  EXPECT_NE(detail.find("colour"), std::string::npos) << detail;
  EXPECT_EQ(refusal([] { parseAckRequest("w1", json::array()); }), ErrorCode::InvalidBody);
}

TEST(BroadcastRequests, ClosingAnEscalationNeedsAPositiveIdAndANote) {
  auto request = parseCloseEscalation("12", json{{"note", "电话已通知"}});
  EXPECT_EQ(request.id, 12);
  EXPECT_EQ(request.note, "电话已通知");
  std::string detail;
  EXPECT_EQ(refusal([] { parseCloseEscalation("12", json::object()); }, &detail), ErrorCode::InvalidBody);
  EXPECT_NE(detail.find("note"), std::string::npos) << detail;
  EXPECT_EQ(refusal([] { parseCloseEscalation("12", json{{"note", ""}}); }), ErrorCode::InvalidBody);
  EXPECT_EQ(refusal([] { parseCloseEscalation("0", json{{"note", "x"}}); }, &detail), ErrorCode::InvalidParameter);
  EXPECT_NE(detail.find("id"), std::string::npos) << detail;
  EXPECT_EQ(refusal([] { parseCloseEscalation("x7", json{{"note", "x"}}); }), ErrorCode::InvalidParameter);
}

}  // namespace
}  // namespace eoc::http::broadcast_render_test
