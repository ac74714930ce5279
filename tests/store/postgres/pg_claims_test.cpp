// Several eoc instances sharing one PostgreSQL database claim the delivery outbox under a lease
// (DeliveryRepository::claimDue, docs/store-backends.md §7): never the same delivery at once, a
// dead instance's deliveries taken over once its lease lapses, and a late outcome of the old
// holder kept as an attempt only. Each "instance" is its own Database (its own connection pool)
// over the same schema, as two processes would be.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_support.hpp"
#include "store/sql/database.hpp"
#include "store/sqlite/repositories.hpp"

namespace eoc::store::postgres {
namespace {

using testing::TestSchema;

struct Instance {
  explicit Instance(const TestSchema& schema)
      : db(std::make_unique<sql::Database>(schema.url(), schema.database())),
        deliveries(std::make_unique<sqlite::DeliveryRepository>(*db)) {}
  std::unique_ptr<sql::Database> db;
  std::unique_ptr<sqlite::DeliveryRepository> deliveries;
};

// `count` webhook deliveries of one message, all due at `dueMs`.
void seed(Instance& instance, int count, int64_t dueMs) {
  instance.db->write([&](sql::Transaction& tx) {
    BroadcastMessageRecord message;
    message.identifier = "m1";
    message.warningId = "w1";
    message.msgType = "Alert";
    message.status = "Actual";
    message.level = "orange";
    message.contentType = "application/cap+xml";
    message.payload = "<alert/>";
    message.expiresMs = 100000000;
    instance.deliveries->insertMessage(tx, message);
    for (int i = 0; i < count; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "d%04d", i);
      DeliveryRecord d;
      d.id = id;
      d.message = "m1";
      d.warningId = "w1";
      d.recipient = std::string("r") + id;
      d.url = "http://127.0.0.1:9/hook";
      d.nextAttemptMs = dueMs;
      instance.deliveries->insertDelivery(tx, d);
    }
  });
}

std::vector<std::string> ids(const std::vector<DeliveryRecord>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row.id);
  return out;
}

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

  AttemptOutcome late{"d0000", 9500, 0, "timeout", 8000, false, int64_t(12000), "", false, "A"};
  a.db->write([&](sql::Transaction& tx) { a.deliveries->recordOutcomes(tx, {late}); });
  auto rows = a.deliveries->deliveries("w1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].state, "pending");
  EXPECT_EQ(rows[0].nextAttemptMs, 1000) << "A's retry time is not B's to follow";
  EXPECT_TRUE(a.deliveries->claimDue("A", 12000, 20000, 5).empty()) << "B still holds it";

  AttemptOutcome delivered{"d0000", 9600, 200, "", 40, true, std::nullopt, "", false, "B"};
  b.db->write([&](sql::Transaction& tx) { b.deliveries->recordOutcomes(tx, {delivered}); });
  rows = b.deliveries->deliveries("w1");
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(rows[0].state, "delivered");
  EXPECT_EQ(b.deliveries->attempts("d0000").size(), 2u) << "both attempts are on record";
  EXPECT_TRUE(b.deliveries->claimDue("B", 30000, 40000, 5).empty());
}

}  // namespace
}  // namespace eoc::store::postgres
