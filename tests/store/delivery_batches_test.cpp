// The outbox is written many rows to a statement (insertDeliveries, upsertTracks: 32 at a time,
// the rest one by one), on both backends. Every row must land whole, whatever its place in a
// chunk, and an upsert in a chunk must keep an acknowledgement already given.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "store/sqlite/repositories.hpp"
#include "store/support/outbox.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::delivery_batches_test {
namespace {

using testing::TestDatabase;

class DeliveryRepositoryBatchTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::seedOutbox(*db, repo, 0, 0); }  // message m1 of warning w1, no rows

  TestDatabase store;
  std::unique_ptr<sql::Database> db = store.open();
  sqlite::DeliveryRepository repo{*db};
};

// 70 = two full chunks and six single rows; each row differs in every column that varies.
std::vector<DeliveryRecord> seventyDeliveries() {
  std::vector<DeliveryRecord> rows;
  for (int i = 0; i < 70; ++i) {
    DeliveryRecord d;
    d.id = "d" + std::to_string(1000 + i);
    d.message = "m1";
    d.warningId = "w1";
    d.recipient = "r" + std::to_string(i);
    if (i % 7 == 0) {
      d.url = std::nullopt;  // in-app, delivered at once
      d.state = "delivered";
      d.channel = "app";
      d.firstSentMs = 500 + i;
      d.deliveredMs = 600 + i;
    } else {
      d.url = "https://example.test/hook/" + std::to_string(i);
      d.channel = i % 2 ? "webhook" : "wecom";
      d.channelIndex = i % 3;
      d.nextAttemptMs = 700 + i;
    }
    d.createdMs = 100 + i;
    rows.push_back(d);
  }
  return rows;
}

TEST_F(DeliveryRepositoryBatchTest, SeventyDeliveriesLandWholeAcrossFullChunksAndSingleRows) {
  const auto written = seventyDeliveries();
  db->write([&](sql::Transaction& tx) { repo.insertDeliveries(tx, written); });
  std::map<std::string, DeliveryRecord> stored;
  for (auto& d : repo.deliveries("w1")) stored[d.id] = d;
  ASSERT_EQ(stored.size(), written.size());
  for (const auto& w : written) {
    SCOPED_TRACE(w.id);
    const auto& s = stored.at(w.id);
    EXPECT_EQ(s.recipient, w.recipient);
    EXPECT_EQ(s.url, w.url);
    EXPECT_EQ(s.state, w.state);
    EXPECT_EQ(s.channel, w.channel);
    EXPECT_EQ(s.channelIndex, w.channelIndex);
    EXPECT_EQ(s.createdMs, w.createdMs);
    EXPECT_EQ(s.firstSentMs, w.firstSentMs);
    EXPECT_EQ(s.deliveredMs, w.deliveredMs);
    EXPECT_EQ(s.nextAttemptMs, w.nextAttemptMs);
  }
}

TEST_F(DeliveryRepositoryBatchTest, ABatchWithOneBadRowWritesNoneOfIt) {
  auto rows = seventyDeliveries();
  rows[40].state = "lost";  // refused by the state CHECK, in the second chunk
  EXPECT_ANY_THROW(db->write([&](sql::Transaction& tx) { repo.insertDeliveries(tx, rows); }));
  EXPECT_TRUE(repo.deliveries("w1").empty());
}

TEST_F(DeliveryRepositoryBatchTest, UpsertedTracksInChunksMoveDeadlinesButKeepAnAckAlreadyGiven) {
  auto tracks = [](const std::string& level, int64_t dueMs) {
    std::vector<AckTrack> out;
    for (int i = 0; i < 40; ++i)
      out.push_back(AckTrack{"w1", "r" + std::to_string(i), level, false, 1000, dueMs, std::nullopt, "", "", ""});
    return out;
  };
  db->write([&](sql::Transaction& tx) { repo.upsertTracks(tx, tracks("yellow", 5000)); });
  // r3 (in the first chunk) and r35 (among the single rows) acknowledge.
  db->write([&](sql::Transaction& tx) {
    EXPECT_EQ(repo.ack(tx, "w1", "r3", 2000, "clerk", "", "api"), AckResult::Acked);
    EXPECT_EQ(repo.ack(tx, "w1", "r35", 2100, "clerk", "", "api"), AckResult::Acked);
  });
  db->write([&](sql::Transaction& tx) { repo.upsertTracks(tx, tracks("red", 9000)); });
  auto stored = repo.tracks("w1");
  ASSERT_EQ(stored.size(), 40u);
  for (const auto& t : stored) {
    SCOPED_TRACE(t.recipient);
    EXPECT_EQ(t.level, "red");
    if (t.recipient == "r3" || t.recipient == "r35") {
      EXPECT_TRUE(t.ackedMs.has_value());
      EXPECT_FALSE(t.dueMs.has_value()) << "an acked track has no deadline";
    } else {
      EXPECT_EQ(t.dueMs, std::optional<int64_t>(9000));
    }
  }
}

}  // namespace
}  // namespace eoc::store::delivery_batches_test
