#include <gtest/gtest.h>

#include "stock/alerts.hpp"
#include "support/stock_fixture.hpp"

namespace eoc::stock::alerts_test {
namespace {

using testing::contextOn;
using testing::day;
using testing::move;

class Alerts : public ::testing::Test {
 protected:
  ItemCatalogue catalogue = testing::waterRiceTentToiletSandbagCatalogue();
  Warehouses warehouses = testing::threeWarehousesNorthOfTheShelter();
  StockLevels levels{catalogue, warehouses};

  void receive(const char* warehouse, const char* item, long long quantity, const char* batch, const char* expires,
               const char* on = "2026-01-01") {
    MovementRequest r{.kind = MovementKind::Receive, .warehouse = warehouse, .item = item, .quantity = quantity};
    if (*batch) r.batch = batch;
    if (*expires) r.expires = day(expires);
    move(levels, r, contextOn(on));
  }
};

TEST_F(Alerts, BatchesExpiringWithinTheWindowFirstExpiryFirstWithTheExpiredOnes) {
  receive("W1", "drinking_water", 10, "IN-90", "2027-02-24");   // today + 90: inside
  receive("W1", "drinking_water", 10, "OUT-91", "2027-02-25");  // today + 91: outside
  receive("W2", "rice", 5, "GONE", "2026-11-20");               // expired 6 days ago
  receive("W3", "drinking_water", 7, "TODAY", "2026-11-26");    // good through today
  receive("W3", "tent", 3, "", "");                             // no expiry: never
  const auto list = expiringBatches(levels, day("2026-11-26"));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].batch, "GONE");
  EXPECT_EQ(list[0].daysLeft, -6);
  EXPECT_TRUE(list[0].expired());
  EXPECT_EQ(list[0].key(levels), "W2/rice/GONE/expired");
  EXPECT_EQ(list[1].batch, "TODAY");
  EXPECT_EQ(list[1].daysLeft, 0);
  EXPECT_FALSE(list[1].expired());
  EXPECT_EQ(list[2].batch, "IN-90");
  EXPECT_EQ(list[2].daysLeft, 90);
  EXPECT_EQ(list[2].quantity, 10);
  EXPECT_EQ(list[2].key(levels), "W1/drinking_water/IN-90/expiring");
  EXPECT_EQ(expiringBatches(levels, day("2026-11-26"), 91).size(), 4u);
}

TEST_F(Alerts, BelowMinimumCountsOnlyUsableStock) {
  // Minimums: water 1,000 at W1; tent 50 at W1, 10 at W2; sandbag 500 at W3.
  receive("W1", "drinking_water", 900, "A", "2027-06-01");
  receive("W1", "drinking_water", 500, "OLD", "2026-11-01");  // expired by the 26th
  receive("W1", "tent", 50, "T", "");
  receive("W2", "tent", 9, "T", "");
  const auto list = belowMinimum(levels, day("2026-11-26"));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].key(levels), "W1/drinking_water/below_minimum");
  EXPECT_EQ(list[0].usable, 900);
  EXPECT_EQ(list[0].minimum, 1'000);
  EXPECT_EQ(list[1].key(levels), "W2/tent/below_minimum");
  EXPECT_EQ(list[1].usable, 9);
  EXPECT_EQ(list[2].key(levels), "W3/sandbag/below_minimum");
  EXPECT_EQ(list[2].usable, 0);
  // Before the old batch expired, W1 held enough water.
  EXPECT_EQ(belowMinimum(levels, day("2026-10-31")).size(), 2u);
}

TEST(Dates, OnlyRealCalendarDaysAndBeijingsDate) {
  EXPECT_EQ(formatDate(*parseDate("2028-02-29")), "2028-02-29");
  EXPECT_FALSE(parseDate("2027-02-29"));
  EXPECT_FALSE(parseDate("2027-2-01"));
  EXPECT_FALSE(parseDate("2027-02-01T00:00"));
  EXPECT_FALSE(parseDate("1999-12-31"));
  // 16:30 UTC is half past midnight in Beijing: the next day.
  const auto t = parseIso8601("2026-11-26T16:30:00Z", true);
  EXPECT_EQ(formatDate(beijingDate(*t)), "2026-11-27");
  EXPECT_EQ(formatDate(beijingDate(*parseIso8601("2026-11-26T23:59:59+08:00"))), "2026-11-26");
}

}  // namespace
}  // namespace eoc::stock::alerts_test
