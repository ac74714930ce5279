// Webhook delivery end to end: BroadcastService writes the outbox in a real transaction, delivers
// over loopback to the receiver tool (a real HTTP server), and time moves by a manual clock.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "broadcast/signature.hpp"
#include "core/error.hpp"
#include "receiver.hpp"
#include "support/harness.hpp"

namespace eoc::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kWait = milliseconds(20000);

// Every committee 1..n with a webhook at the receiver, path /hook/<code>.
broadcast::RecipientList webhookRecipients(const tools::Receiver& receiver, size_t n, bool drills = false) {
  nlohmann::json doc = {{"recipients", nlohmann::json::array()}};
  for (size_t i = 1; i <= n; ++i)
    doc["recipients"].push_back({{"code", committeeCode(i)},
                                 {"webhook", {{"url", receiver.url(committeeCode(i))}, {"secret", kSecret}}},
                                 {"phones", {"0991-000" + std::to_string(i)}},
                                 {"drills", drills && i % 2 == 1}});
  return broadcast::parseRecipients(doc.dump(), "test", committeeLayer(n));
}

std::vector<std::string> codes(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 1; i <= n; ++i) out.push_back(committeeCode(i));
  return out;
}

Principal committee(const std::string& code) { return Principal{Role::Committee, code, "值班员", "t1"}; }

TEST(Delivery, FanOutReachesEveryTargetedCommitteeOnceWithAValidSignature) {
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  Harness h(dir.path(), webhookRecipients(receiver, 18));
  auto targeted = codes(18);
  targeted.resize(12);  // the message covers 12 of the 18
  auto m = h.issue("w1", targeted);
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(receiver.waitForArrivals(12, kWait));
  ASSERT_TRUE(h.service->waitIdle(kWait));
  std::set<std::string> names;
  for (const auto& a : receiver.arrivals()) {
    EXPECT_TRUE(a.signatureValid) << a.name;
    EXPECT_FALSE(a.duplicate) << a.name;
    EXPECT_EQ(a.body, m.capXml);
    names.insert(a.name);
  }
  EXPECT_EQ(names, std::set<std::string>(targeted.begin(), targeted.end()));
  auto report = http::renderDeliveryReport(h.service->deliveries("w1"));
  EXPECT_EQ(report["summary"]["targeted"], 12);
  EXPECT_EQ(report["summary"]["delivered"], 12);
  EXPECT_EQ(report["summary"]["acked"], 0);
}

TEST(Delivery, AWindowOfOneStillDeliversEveryRecipientExactlyOnce) {
  // Rows are claimed a window ahead and started by the completions themselves: with a window of
  // one, each answer must start the next claimed row and ask for more, or the broadcast stalls.
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  Config config;
  config.broadcast.maxInFlight = 1;
  Harness h(dir.path(), webhookRecipients(receiver, 18), config);
  h.issue("w1", codes(18));
  ASSERT_TRUE(receiver.waitForArrivals(18, kWait));
  ASSERT_TRUE(h.service->waitIdle(kWait));
  std::set<std::string> names;
  for (const auto& a : receiver.arrivals()) {
    EXPECT_FALSE(a.duplicate) << a.name;
    names.insert(a.name);
  }
  EXPECT_EQ(names.size(), 18u);
  auto report = http::renderDeliveryReport(h.service->deliveries("w1"));
  EXPECT_EQ(report["summary"]["delivered"], 18);
  for (const auto& r : report["recipients"]) EXPECT_EQ(r["attempts"], 1) << r["recipient"];
}

TEST(Delivery, TheIdsOfOneBroadcastFollowItsRecipientsInKeyOrderAndNeverRepeatAcrossBroadcasts) {
  // A broadcast's rows are appended at the end of every index keyed by delivery id: its ids must
  // sort in the order they were issued (recipient order), and a second broadcast must not reuse one.
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  Harness h(dir.path(), webhookRecipients(receiver, 18));
  h.issue("w1", codes(18));
  ASSERT_TRUE(receiver.waitForArrivals(18, kWait));
  h.issue("w2", codes(18));
  ASSERT_TRUE(receiver.waitForArrivals(36, kWait));
  const auto arrivals = receiver.arrivals();
  std::map<std::string, std::string> first;  // committee code -> id, the first broadcast
  std::set<std::string> all;
  for (size_t i = 0; i < arrivals.size(); ++i) {
    all.insert(arrivals[i].webhookId);
    if (i < 18) first[arrivals[i].name] = arrivals[i].webhookId;
  }
  EXPECT_EQ(all.size(), 36u);
  ASSERT_EQ(first.size(), 18u);
  std::string previous;
  for (const auto& code : codes(18)) {
    EXPECT_LT(previous, first[code]) << code;
    previous = first[code];
  }
}

TEST(Delivery, ASignatureMadeWithAnotherSecretIsRejectedByTheReceiver) {
  TempDir dir;
  tools::Receiver receiver(broadcast::newWebhookSecret());
  receiver.up();
  Harness h(dir.path(), webhookRecipients(receiver, 1));
  h.issue("w1", codes(1));
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(receiver.waitForArrivals(1, kWait));
  EXPECT_FALSE(receiver.arrivals().front().signatureValid);
}

TEST(Delivery, AReceiverThatIsDownGetsTheMessageWhenItComesBack) {
  TempDir dir;
  tools::Receiver receiver(kSecret);
  int port = receiver.up();
  Harness h(dir.path(), webhookRecipients(receiver, 3));
  receiver.down();
  h.issue("w1", codes(3));
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(h.service->waitIdle(kWait));
  auto report = http::renderDeliveryReport(h.service->deliveries("w1"));
  EXPECT_EQ(report["summary"]["delivered"], 0);
  for (const auto& r : report["recipients"]) {
    EXPECT_EQ(r["attempts"], 1);
    EXPECT_NE(r["last_error"].get<std::string>(), "");
  }
  receiver.up(port);
  h.clock.advance(seconds(5));  // past the first retry gap (1 s + jitter)
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(receiver.waitForArrivals(3, kWait));
  ASSERT_TRUE(h.service->waitIdle(kWait));
  report = http::renderDeliveryReport(h.service->deliveries("w1"));
  EXPECT_EQ(report["summary"]["delivered"], 3);
  for (const auto& r : report["recipients"]) EXPECT_EQ(r["attempts"], 2);
}

TEST(Delivery, AnAlwaysFailingReceiverIsRetriedWithGrowingGapsThenEscalated) {
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  receiver.setDefaultBehaviour(tools::Behaviour::Fail);
  Config config;
  config.broadcast.retryBaseMs = 2000;
  config.broadcast.ackDeadlineRed = 120;
  Harness h(dir.path(), webhookRecipients(receiver, 1), config);
  const auto start = h.clock.now();
  h.issue("w1", codes(1));
  std::vector<int64_t> attemptSeconds;
  // Move the clock one second at a time; the service attempts only when a retry is due.
  // Attempts are read from the service's own records (complete once waitIdle returns), not from
  // the receiver's arrival counter, whose increments may trail the outcome under load.
  auto recordedAttempts = [&] { return http::renderDeliveryReport(h.service->deliveries("w1"))["recipients"][0]["attempts"].get<int>(); };
  for (int s = 0; s < 100; ++s) {
    int before = recordedAttempts();
    h.service->runDue(h.clock.now());
    ASSERT_TRUE(h.service->waitIdle(kWait));
    if (recordedAttempts() > before) attemptSeconds.push_back((h.clock.now() - start).count());
    h.clock.advance(seconds(1));
  }
  // Every recorded attempt really reached the receiver.
  EXPECT_TRUE(receiver.waitForArrivals(attemptSeconds.size(), kWait));
  ASSERT_GE(attemptSeconds.size(), 5u);
  for (size_t i = 2; i < attemptSeconds.size(); ++i)
    EXPECT_GT(attemptSeconds[i] - attemptSeconds[i - 1], attemptSeconds[i - 1] - attemptSeconds[i - 2])
        << "gap " << i;
  EXPECT_TRUE(http::renderEscalationList(h.service->escalations(true))["escalations"].empty());  // deadline not reached yet
  h.clock.set(start + seconds(121));
  h.service->runDue(h.clock.now());
  auto open = http::renderEscalationList(h.service->escalations(true))["escalations"];
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["recipient"], committeeCode(1));
  EXPECT_EQ(open[0]["phones"][0], "0991-0001");
}

TEST(Delivery, ExerciseMessagesReachOnlyRecipientsFlaggedForDrills) {
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  Harness h(dir.path(), webhookRecipients(receiver, 6, /*drills=*/true));
  h.issue("drill1", codes(6), "orange", "Exercise");
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(receiver.waitForArrivals(3, kWait));
  ASSERT_TRUE(h.service->waitIdle(kWait));
  std::set<std::string> names;
  for (const auto& a : receiver.arrivals()) names.insert(a.name);
  EXPECT_EQ(names, (std::set<std::string>{committeeCode(1), committeeCode(3), committeeCode(5)}));
}

TEST(Ack, AnotherCommitteesAckIsForbiddenAndARepeatedAckChangesNothing) {
  TempDir dir;
  Harness h(dir.path(), broadcast::parseRecipients("", "none", committeeLayer(4)));
  h.issue("w1", {committeeCode(1), committeeCode(2)});
  try {
    h.service->ack(committee(committeeCode(3)), {"w1", ""}, "r1");
    FAIL() << "committee 3 was not targeted";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Forbidden);
  }
  h.clock.advance(seconds(42));
  auto first = http::renderAckOutcome(h.service->ack(committee(committeeCode(1)), {"w1", "已转发至各社区"}, "r2"));
  EXPECT_FALSE(first["duplicate"].get<bool>());
  h.clock.advance(seconds(10));
  auto again = http::renderAckOutcome(h.service->ack(committee(committeeCode(1)), {"w1", "second note"}, "r3"));
  EXPECT_TRUE(again["duplicate"].get<bool>());
  EXPECT_EQ(again["acked_at"], first["acked_at"]);
  EXPECT_EQ(again["note"], "已转发至各社区");
  auto report = http::renderDeliveryReport(h.service->deliveries("w1"));
  EXPECT_EQ(report["summary"]["targeted"], 2);
  EXPECT_EQ(report["summary"]["delivered"], 2);  // in-app recipients are delivered on publish
  EXPECT_EQ(report["summary"]["acked"], 1);
  EXPECT_EQ(report["summary"]["median_ack_seconds"], 42.0);
  EXPECT_THROW((h.service->ack(committee(committeeCode(1)), {"never-sent", ""}, "r4")), EocError);
}

TEST(Escalation, FiresAtTheDeadlineRepeatsAtTheIntervalAndStopsWhenClosed) {
  TempDir dir;
  Config config;
  config.broadcast.ackDeadlineOrange = 600;
  config.broadcast.escalationRepeat = 300;
  Harness h(dir.path(), broadcast::parseRecipients("", "none", committeeLayer(2)), config);
  const auto start = h.clock.now();
  h.issue("w1", {committeeCode(1), committeeCode(2)}, "orange");
  h.service->ack(committee(committeeCode(2)), {"w1", ""}, "r1");
  const uint64_t before = h.events.lastId();

  h.clock.set(start + seconds(599));
  h.service->runDue(h.clock.now());
  EXPECT_TRUE(http::renderEscalationList(h.service->escalations(true))["escalations"].empty());

  h.clock.set(start + seconds(600));
  h.service->runDue(h.clock.now());
  auto open = http::renderEscalationList(h.service->escalations(true))["escalations"];
  ASSERT_EQ(open.size(), 1u);  // committee 2 acked in time
  EXPECT_EQ(open[0]["recipient"], committeeCode(1));
  EXPECT_EQ(open[0]["repeats"], 0);
  auto seen = h.events.read(before, {});
  ASSERT_FALSE(seen.events.empty());
  EXPECT_EQ(seen.events.back().event.type, "escalation.raised");

  h.clock.set(start + seconds(900));
  h.service->runDue(h.clock.now());
  EXPECT_EQ(http::renderEscalationList(h.service->escalations(true))["escalations"][0]["repeats"], 1);

  Principal officer{Role::DutyOfficer, "", "李值班", "t9"};
  auto closed = http::renderEscalation(h.service->closeEscalation(officer, {open[0]["id"].get<int64_t>(), "电话已通知片区主任"}, "r2"));
  EXPECT_EQ(closed["state"], "closed");
  h.clock.set(start + seconds(1200));
  h.service->runDue(h.clock.now());
  EXPECT_TRUE(http::renderEscalationList(h.service->escalations(true))["escalations"].empty());
  EXPECT_EQ(http::renderEscalationList(h.service->escalations(false))["escalations"][0]["repeats"], 1);
  EXPECT_THROW((h.service->closeEscalation(officer, {open[0]["id"].get<int64_t>(), "again"}, "r3")), EocError);
}

TEST(Escalation, AnAckClosesTheOpenEscalation) {
  TempDir dir;
  Harness h(dir.path(), broadcast::parseRecipients("", "none", committeeLayer(1)));
  const auto start = h.clock.now();
  h.issue("w1", {committeeCode(1)}, "red");
  h.clock.set(start + seconds(h.config.broadcast.ackDeadlineRed));
  h.service->runDue(h.clock.now());
  ASSERT_EQ(http::renderEscalationList(h.service->escalations(true))["escalations"].size(), 1u);
  h.service->ack(committee(committeeCode(1)), {"w1", ""}, "r1");
  EXPECT_TRUE(http::renderEscalationList(h.service->escalations(true))["escalations"].empty());
  EXPECT_EQ(http::renderEscalationList(h.service->escalations(false))["escalations"][0]["state"], "acked");
}

TEST(CapAck, AnAckMessageFromAKnownSenderAcknowledgesTheReferencedWarning) {
  TempDir dir;
  auto recipients = broadcast::parseRecipients(
      R"({"recipients": [{"code": "650103001", "cap_sender": "cf001@shayibake.example"}]})", "test", committeeLayer(2));
  Harness h(dir.path(), recipients);
  auto m = h.issue("w1", {committeeCode(1), committeeCode(2)});
  service::IncomingCapAck ack{"cf001@shayibake.example", {"eoc@650103," + m.identifier + ",2026-07-12T15:00:00+08:00"},
                              "received", h.clock.now()};
  EXPECT_EQ(h.service->onCapAck(ack), 1u);
  EXPECT_EQ(h.service->onCapAck(ack), 0u);  // already acked
  EXPECT_EQ(http::renderDeliveryReport(h.service->deliveries("w1"))["summary"]["acked"], 1);
  EXPECT_THROW(h.service->onCapAck({"stranger@example", {m.identifier}, "", h.clock.now()}), EocError);
}

}  // namespace
}  // namespace eoc::testing

namespace eoc::testing {
namespace {

// An overdue acknowledgement of a webhook recipient whose delivery already arrived re-sends the
// latest message to it. That resend is written in the escalation's transaction and reads the
// latest message there, not beside it (a read inside a write is refused by the store).
TEST(Escalation, AnOverdueDeliveredWebhookRecipientGetsTheMessageAgainInTheEscalationsTransaction) {
  TempDir dir;
  tools::Receiver receiver(kSecret);
  receiver.up();
  Harness h(dir.path(), webhookRecipients(receiver, 1));
  const auto start = h.clock.now();
  h.issue("w1", {committeeCode(1)}, "red");
  h.service->runDue(h.clock.now());
  ASSERT_TRUE(receiver.waitForArrivals(1, kWait));
  ASSERT_TRUE(h.service->waitIdle(kWait));

  h.clock.set(start + seconds(h.config.broadcast.ackDeadlineRed));
  h.service->runDue(h.clock.now());
  ASSERT_EQ(http::renderEscalationList(h.service->escalations(true))["escalations"].size(), 1u);
  ASSERT_TRUE(receiver.waitForArrivals(2, kWait)) << "the escalation re-sent the message";
  ASSERT_TRUE(h.service->waitIdle(kWait));
  auto rows = h.store->deliveries().deliveries("w1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].message, rows[1].message) << "the same, latest message";
  EXPECT_NE(rows[0].id, rows[1].id) << "a new delivery, so the receiver does not take it for a retry";
}

}  // namespace
}  // namespace eoc::testing
