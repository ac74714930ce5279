// The delivery outbox's claims (DeliveryRepository::claimDue) as one instance sees them, on both
// backends: a row this instance holds under a live lease (in flight, queued behind a vendor's
// rate limit, or with its outcome not yet recorded) never comes back to it, so a pump asking for
// the free places in its window gets new rows, not the ones it is already sending.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "store/sqlite/repositories.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store {
namespace {

using testing::TestDatabase;

class DeliveryRepositoryClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db->write([&](sql::Transaction& tx) {
      BroadcastMessageRecord message;
      message.identifier = "m1";
      message.warningId = "w1";
      message.msgType = "Alert";
      message.status = "Actual";
      message.level = "orange";
      message.contentType = "application/cap+xml";
      message.payload = "<alert/>";
      message.expiresMs = 100'000'000;
      repo.insertMessage(tx, message);
      for (int i = 0; i < 10; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "d%02d", i);
        DeliveryRecord d;
        d.id = id;
        d.message = "m1";
        d.warningId = "w1";
        d.recipient = std::string("r") + id;
        d.url = "http://127.0.0.1:9/hook";
        d.nextAttemptMs = 1000 + i;  // d00 is due first
        repo.insertDelivery(tx, d);
      }
    });
  }
  static std::vector<std::string> ids(const std::vector<DeliveryRecord>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.id);
    return out;
  }

  TestDatabase store;
  std::unique_ptr<sql::Database> db = store.open();
  sqlite::DeliveryRepository repo{*db};
};

TEST_F(DeliveryRepositoryClaimTest, RowsHeldUnderTheInstancesOwnLiveLeaseDoNotComeBackToIt) {
  auto first = ids(repo.claimDue("A", 2000, 9000, 4));
  EXPECT_EQ(first, (std::vector<std::string>{"d00", "d01", "d02", "d03"}));
  // The next call sees past the four in flight to the next four, not the same four again.
  auto second = ids(repo.claimDue("A", 2500, 9500, 4));
  EXPECT_EQ(second, (std::vector<std::string>{"d04", "d05", "d06", "d07"}));
  EXPECT_EQ(ids(repo.claimDue("A", 3000, 10000, 4)), (std::vector<std::string>{"d08", "d09"}));
  EXPECT_TRUE(repo.claimDue("A", 3500, 10500, 4).empty()) << "all ten are held";
}

TEST_F(DeliveryRepositoryClaimTest, ARecordedOutcomeWithARetryFreesTheRowForItsNextAttempt) {
  ASSERT_EQ(repo.claimDue("A", 2000, 9000, 1).size(), 1u);
  AttemptOutcome failed;
  failed.deliveryId = "d00";
  failed.atMs = 2100;
  failed.status = 503;
  failed.error = "HTTP 503";
  failed.nextAttemptMs = 4000;
  failed.claimedBy = "A";
  repo.recordOutcomes({failed});
  // Before its retry time d00 is not due; at it, it comes back although A's lease would still run.
  EXPECT_EQ(ids(repo.claimDue("A", 3000, 9000, 1)), (std::vector<std::string>{"d01"}));
  auto retry = ids(repo.claimDue("A", 4000, 9000, 10));
  EXPECT_EQ(std::set<std::string>(retry.begin(), retry.end()).count("d00"), 1u);
}

TEST_F(DeliveryRepositoryClaimTest, ALapsedOwnLeaseLetsTheRowComeBackAndARenewedOneKeepsItOut) {
  ASSERT_EQ(ids(repo.claimDue("A", 2000, 5000, 2)), (std::vector<std::string>{"d00", "d01"}));
  repo.renewClaims("A", {"d00"}, 8000);
  // At 6000 d01's lease has lapsed (a send lost without an outcome): it is due again; d00 is not.
  auto again = ids(repo.claimDue("A", 6000, 12000, 1));
  EXPECT_EQ(again, (std::vector<std::string>{"d01"}));
}

}  // namespace
}  // namespace eoc::store
