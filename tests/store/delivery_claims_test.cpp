// The delivery outbox's claims (DeliveryRepository::claimDue) as one instance sees them, on both
// backends: a row this instance holds under a live lease (in flight, queued behind a vendor's
// rate limit, or with its outcome not yet recorded) never comes back to it, so a pump asking for
// the free places in its window gets new rows, not the ones it is already sending.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "store/sqlite/repositories.hpp"
#include "store/support/outbox.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::delivery_claims_test {
namespace {

using testing::TestDatabase;

class DeliveryRepositoryClaimTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::seedOutbox(*db, repo, 10, 1000, 1); }  // d0000 is due first
  static std::vector<std::string> ids(const std::vector<DeliveryRecord>& rows) { return testing::deliveryIds(rows); }

  TestDatabase store;
  std::unique_ptr<sql::Database> db = store.open();
  sqlite::DeliveryRepository repo{*db};
};

TEST_F(DeliveryRepositoryClaimTest, RowsHeldUnderTheInstancesOwnLiveLeaseDoNotComeBackToIt) {
  auto first = ids(repo.claimDue("A", 2000, 9000, 4));
  EXPECT_EQ(first, (std::vector<std::string>{"d0000", "d0001", "d0002", "d0003"}));
  // The next call sees past the four in flight to the next four, not the same four again.
  auto second = ids(repo.claimDue("A", 2500, 9500, 4));
  EXPECT_EQ(second, (std::vector<std::string>{"d0004", "d0005", "d0006", "d0007"}));
  EXPECT_EQ(ids(repo.claimDue("A", 3000, 10000, 4)), (std::vector<std::string>{"d0008", "d0009"}));
  EXPECT_TRUE(repo.claimDue("A", 3500, 10500, 4).empty()) << "all ten are held";
}

TEST_F(DeliveryRepositoryClaimTest, ARecordedOutcomeWithARetryFreesTheRowForItsNextAttempt) {
  ASSERT_EQ(repo.claimDue("A", 2000, 9000, 1).size(), 1u);
  AttemptOutcome failed;
  failed.deliveryId = "d0000";
  failed.atMs = 2100;
  failed.status = 503;
  failed.error = "HTTP 503";
  failed.nextAttemptMs = 4000;
  failed.claimedBy = "A";
  repo.recordOutcomes({failed});
  // Before its retry time d0000 is not due; at it, it comes back although A's lease would still run.
  EXPECT_EQ(ids(repo.claimDue("A", 3000, 9000, 1)), (std::vector<std::string>{"d0001"}));
  auto retry = ids(repo.claimDue("A", 4000, 9000, 10));
  EXPECT_EQ(std::set<std::string>(retry.begin(), retry.end()).count("d0000"), 1u);
}

TEST_F(DeliveryRepositoryClaimTest, ALapsedOwnLeaseLetsTheRowComeBackAndARenewedOneKeepsItOut) {
  ASSERT_EQ(ids(repo.claimDue("A", 2000, 5000, 2)), (std::vector<std::string>{"d0000", "d0001"}));
  repo.renewClaims("A", {"d0000"}, 8000);
  // At 6000 d0001's lease has lapsed (a send lost without an outcome): it is due again; d0000 is not.
  auto again = ids(repo.claimDue("A", 6000, 12000, 1));
  EXPECT_EQ(again, (std::vector<std::string>{"d0001"}));
}

}  // namespace
}  // namespace eoc::store::delivery_claims_test
