// Several eoc instances sharing one PostgreSQL database claim the delivery outbox under a lease
// (DeliveryRepository::claimDue, docs/store-backends.md §7): never the same delivery at once, a
// dead instance's deliveries taken over once its lease lapses, and a late outcome of the old
// holder kept as an attempt only. Each "instance" is its own Database (its own connection pool)
// over the same schema, as two processes would be.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_support.hpp"
#include "store/sql/database.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/support/outbox.hpp"

namespace eoc::store::postgres::pg_claims_test {
namespace {

using testing::TestSchema;

struct Instance {
  explicit Instance(const TestSchema& schema)
      : db(std::make_unique<sql::Database>(schema.url(), schema.database())),
        deliveries(std::make_unique<sqlite::DeliveryRepository>(*db)) {}
  std::unique_ptr<sql::Database> db;
  std::unique_ptr<sqlite::DeliveryRepository> deliveries;
};

void seed(Instance& instance, int count, int64_t dueMs) {
  eoc::store::testing::seedOutbox(*instance.db, *instance.deliveries, count, dueMs);
}

std::vector<std::string> ids(const std::vector<DeliveryRecord>& rows) { return eoc::store::testing::deliveryIds(rows); }

TEST(PgClaims, TwoInstancesClaimingAtOnceNeverShareADeliveryAndTogetherTakeAll) {
  TestSchema schema;
  Instance a(schema), b(schema);
  seed(a, 200, 1000);
  auto drain = [](Instance& instance, const std::string& name, std::vector<std::string>& claimed) {
    for (;;) {
      auto batch = instance.deliveries->claimDue(name, 2000, 60000, 7);
      if (batch.empty()) return;
      for (auto& id : ids(batch)) claimed.push_back(id);
    }
  };
  std::vector<std::string> byA, byB;
  std::thread ta([&] { drain(a, "A", byA); });
  std::thread tb([&] { drain(b, "B", byB); });
  ta.join();
  tb.join();
  std::set<std::string> all(byA.begin(), byA.end());
  for (const auto& id : byB) EXPECT_TRUE(all.insert(id).second) << id << " was claimed by both instances";
  EXPECT_EQ(all.size(), 200u);
  EXPECT_EQ(byA.size() + byB.size(), 200u);
}

TEST(PgClaims, ALiveLeaseKeepsOtherInstancesOutAndALapsedOneLetsThemTakeOver) {
  TestSchema schema;
  Instance a(schema), b(schema);
  seed(a, 10, 1000);
  auto first = a.deliveries->claimDue("A", 1000, 9000, 50);
  ASSERT_EQ(first.size(), 10u);
  EXPECT_TRUE(std::is_sorted(first.begin(), first.end(),
                             [](const DeliveryRecord& x, const DeliveryRecord& y) { return x.id < y.id; }));
  EXPECT_TRUE(b.deliveries->claimDue("B", 5000, 13000, 50).empty()) << "A's lease runs until 9000";
  EXPECT_TRUE(a.deliveries->claimDue("A", 8999, 17000, 50).empty()) << "a live lease also keeps its holder out";
  // A dies without recording anything: once its lease lapses, B takes every delivery over.
  EXPECT_EQ(ids(b.deliveries->claimDue("B", 9001, 17001, 50)), ids(first));
}

TEST(PgClaims, ALateOutcomeOfATakenOverDeliveryCountsAsAnAttemptButLeavesItsStateToTheNewHolder) {
  TestSchema schema;
  Instance a(schema), b(schema);
  seed(a, 1, 1000);
  ASSERT_EQ(a.deliveries->claimDue("A", 1000, 9000, 5).size(), 1u);
  ASSERT_EQ(b.deliveries->claimDue("B", 9001, 17001, 5).size(), 1u);

  AttemptOutcome late{"d0000", 9500, 0, "timeout", 8000, false, int64_t(12000), "", false, "A", ""};
  a.deliveries->recordOutcomes({late});
  auto rows = a.deliveries->deliveries("w1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].state, "pending");
  EXPECT_EQ(rows[0].nextAttemptMs, 1000) << "A's retry time is not B's to follow";
  EXPECT_TRUE(a.deliveries->claimDue("A", 12000, 20000, 5).empty()) << "B still holds it";

  AttemptOutcome delivered{"d0000", 9600, 200, "", 40, true, std::nullopt, "", false, "B", ""};
  b.deliveries->recordOutcomes({delivered});
  rows = b.deliveries->deliveries("w1");
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(rows[0].state, "delivered");
  EXPECT_EQ(b.deliveries->attempts("d0000").size(), 2u) << "both attempts are on record";
  EXPECT_TRUE(b.deliveries->claimDue("B", 30000, 40000, 5).empty());
}

TEST(PgClaims, ARenewedLeaseKeepsTheDeliveryAndAReleasedClaimIsFreeAtOnce) {
  TestSchema schema;
  Instance a(schema), b(schema);
  seed(a, 40, 1000);  // more than one chunk of ids
  auto claimed = ids(a.deliveries->claimDue("A", 1000, 9000, 40));
  ASSERT_EQ(claimed.size(), 40u);
  std::vector<std::string> kept(claimed.begin(), claimed.begin() + 35);
  std::vector<std::string> given(claimed.begin() + 35, claimed.end());
  // A renews the rows it still works on (a rate-limit queue), and gives back the ones it will not
  // start; B's renewal of rows it does not hold changes nothing.
  a.deliveries->renewClaims("A", kept, 20000);
  b.deliveries->renewClaims("B", given, 99000);
  a.deliveries->releaseClaims("A", given);
  auto byB = ids(b.deliveries->claimDue("B", 1500, 30000, 50));
  EXPECT_EQ(byB, given) << "released rows are free before any lease lapses";
  EXPECT_TRUE(b.deliveries->claimDue("B", 15000, 23000, 50).empty()) << "A's renewed lease runs until 20000";
  EXPECT_EQ(b.deliveries->claimDue("B", 20001, 28001, 50).size(), 35u);
}

// Two instances fire the same ack-deadline timer at the same moment: the escalation is raised once
// (the check is inside the SERIALIZABLE write), repeated once per due repeat, never after an ack.
TEST(PgClaims, AnOverdueAckEscalatesOnceWhenTwoInstancesFireTogether) {
  TestSchema schema;
  Instance a(schema), b(schema);
  seed(a, 0, 0);
  a.db->write([&](sql::Transaction& tx) {
    std::vector<AckTrack> tracks;
    for (int i = 0; i < 20; ++i)
      tracks.push_back(AckTrack{"w1", "r" + std::to_string(i), "orange", false, 1000, int64_t(5000), std::nullopt, "",
                                "", ""});
    a.deliveries->upsertTracks(tx, tracks);
  });
  auto fire = [](Instance& instance, int64_t nowMs, std::vector<int64_t>& raised) {
    for (const auto& track : instance.deliveries->overdueTracks(nowMs)) {
      try {
        auto id = instance.db->write([&](sql::Transaction& tx) {
          return instance.deliveries->raiseEscalation(tx, track.warningId, track.recipient, nowMs, nowMs + 60000,
                                                      EscalationCause::Overdue);
        });
        if (id) raised.push_back(*id);
      } catch (const std::exception& e) {
        ADD_FAILURE() << "the conflicting writes were not resolved by retrying: " << e.what();
      }
    }
  };
  std::vector<int64_t> byA, byB;
  std::thread ta([&] { fire(a, 6000, byA); });
  std::thread tb([&] { fire(b, 6000, byB); });
  ta.join();
  tb.join();
  EXPECT_EQ(byA.size() + byB.size(), 20u) << "each of the 20 overdue tracks escalated exactly once";
  EXPECT_EQ(a.deliveries->escalations(true, "w1").size(), 20u);
  // Raised by the other instance: this one's late timer raises nothing.
  EXPECT_FALSE(b.db->write([&](sql::Transaction& tx) {
    return b.deliveries->raiseEscalation(tx, "w1", "r0", 7000, 67000, EscalationCause::Overdue);
  }));
  // The repeat is due at 66000: taken by one instance only.
  const int64_t escalation = a.deliveries->escalations(true, "w1").front().id;
  std::atomic<int> repeats{0};
  std::thread ra([&] {
    if (a.db->write([&](sql::Transaction& tx) { return a.deliveries->repeatEscalation(tx, escalation, 66000, 126000); }))
      ++repeats;
  });
  std::thread rb([&] {
    if (b.db->write([&](sql::Transaction& tx) { return b.deliveries->repeatEscalation(tx, escalation, 66000, 126000); }))
      ++repeats;
  });
  ra.join();
  rb.join();
  EXPECT_EQ(repeats.load(), 1);
  EXPECT_EQ(a.deliveries->escalation(escalation)->repeats, 1);
  // Acknowledged: neither a repeat nor a new escalation for a failed channel.
  a.db->write([&](sql::Transaction& tx) { a.deliveries->ack(tx, "w1", "r1", 70000, "committee", "", "api"); });
  const int64_t ofR1 = [&] {
    for (const auto& e : a.deliveries->escalations(false, "w1"))
      if (e.recipient == "r1") return e.id;
    return int64_t(0);
  }();
  EXPECT_FALSE(a.db->write([&](sql::Transaction& tx) { return a.deliveries->repeatEscalation(tx, ofR1, 200000, 260000); }));
  EXPECT_FALSE(a.db->write([&](sql::Transaction& tx) {
    return a.deliveries->raiseEscalation(tx, "w1", "r1", 200000, 260000, EscalationCause::ChannelFailed);
  }));
}

}  // namespace
}  // namespace eoc::store::postgres::pg_claims_test
