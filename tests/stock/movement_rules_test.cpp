#include <gtest/gtest.h>

#include <functional>

#include "core/error.hpp"
#include "support/stock_fixture.hpp"

namespace eoc::stock::movement_rules_test {
namespace {

using testing::contextOn;
using testing::day;
using testing::move;

class MovementRules : public ::testing::Test {
 protected:
  ItemCatalogue catalogue = testing::waterRiceTentToiletSandbagCatalogue();
  Warehouses warehouses = testing::threeWarehousesNorthOfTheShelter();
  StockLevels levels{catalogue, warehouses};
  const MovementContext today = contextOn("2026-11-26");

  void receive(const char* warehouse, const char* item, long long quantity, std::optional<std::string> batch,
               std::optional<const char*> expires, const MovementContext& context) {
    MovementRequest r{.kind = MovementKind::Receive, .warehouse = warehouse, .item = item, .quantity = quantity, .batch = batch};
    if (expires) r.expires = day(*expires);
    move(levels, r, context);
  }
  // Mixed batches of water at W1, received out of expiry order; one expired before "today".
  void receiveMixedWaterBatches() {
    const auto earlier = contextOn("2026-01-10", "m0");
    receive("W1", "drinking_water", 40, "OLD", "2026-11-20", earlier);    // expired on the 20th
    receive("W1", "drinking_water", 100, "LATE", "2027-06-01", today);
    receive("W1", "drinking_water", 30, "EARLY", "2027-01-15", today);
    receive("W1", "drinking_water", 50, "MID-A", "2027-03-01", today);
    receive("W1", "drinking_water", 20, "MID-B", "2027-03-01", today);  // same expiry, received later
  }
  const Holding& water(const char* w) { return levels.at(*warehouses.indexOf(w), *catalogue.indexOf("drinking_water")); }

  static EocError errorOf(const std::function<void()>& f) {
    try {
      f();
    } catch (const EocError& e) {
      return e;
    }
    return EocError(ErrorCode::Internal, "no error");
  }
};

TEST_F(MovementRules, OnHandIsTheSumOfTheEntriesAndBatchesAreKeptFirstExpiryFirst) {
  receiveMixedWaterBatches();
  EXPECT_EQ(water("W1").onHand, 40 + 100 + 30 + 50 + 20);
  std::vector<std::string> order;
  for (const auto& b : water("W1").batches) order.push_back(b.batch);
  EXPECT_EQ(order, (std::vector<std::string>{"OLD", "EARLY", "MID-A", "MID-B", "LATE"}));
  EXPECT_EQ(levels.usable(0, 0, today.today), 200);  // OLD has expired
  EXPECT_EQ(levels.lastSeq(), 5);
}

TEST_F(MovementRules, AnIssueTakesFirstExpiryFirstAmongUnexpiredBatchesAndSaysWhich) {
  receiveMixedWaterBatches();
  auto plan = move(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "drinking_water", .quantity = 95, .to = "S01"}, today);
  ASSERT_EQ(plan.taken.size(), 3u);
  EXPECT_EQ(plan.taken[0].batch, "EARLY");
  EXPECT_EQ(plan.taken[0].quantity, 30);
  EXPECT_EQ(plan.taken[1].batch, "MID-A");  // equal expiry: the one received first
  EXPECT_EQ(plan.taken[1].quantity, 50);
  EXPECT_EQ(plan.taken[2].batch, "MID-B");
  EXPECT_EQ(plan.taken[2].quantity, 15);
  EXPECT_EQ(*plan.taken[2].expires, day("2027-03-01"));
  ASSERT_EQ(plan.entries.size(), 3u);
  for (const auto& e : plan.entries) {
    EXPECT_EQ(e.kind, MovementKind::Issue);
    EXPECT_EQ(e.counterpart, "S01");
    EXPECT_EQ(e.movement, "m1");
    EXPECT_LT(e.delta, 0);
  }
  EXPECT_EQ(plan.onHandBefore, 240);
  EXPECT_EQ(plan.onHandAfter, 145);
  EXPECT_EQ(water("W1").onHand, 145);
  std::vector<std::pair<std::string, long long>> left;
  for (const auto& b : water("W1").batches) left.emplace_back(b.batch, b.quantity);
  EXPECT_EQ(left, (std::vector<std::pair<std::string, long long>>{{"OLD", 40}, {"MID-B", 5}, {"LATE", 100}}));
}

TEST_F(MovementRules, AnIssueBeyondTheUsableStockIsRefusedNamingItemWarehouseAndOnHandAndChangesNothing) {
  receiveMixedWaterBatches();
  const auto seq = levels.lastSeq();
  auto e = errorOf([&] {
    planMovement(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "drinking_water", .quantity = 201, .to = "S01"}, today);
  });
  EXPECT_EQ(e.code(), ErrorCode::InsufficientStock);
  EXPECT_EQ(e.info().status, 409);
  EXPECT_EQ(e.detail(), "饮用水 (drinking_water) at W1 一号库: on hand 240 升, of which 40 升 expired; cannot issue 201 升");
  EXPECT_EQ(levels.lastSeq(), seq);
  EXPECT_EQ(water("W1").onHand, 240);
  // Exactly the usable stock is fine.
  auto plan = move(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "drinking_water", .quantity = 200, .to = "S01"}, today);
  EXPECT_EQ(plan.onHandAfter, 40);
}

TEST_F(MovementRules, ANamedBatchIsTakenAloneAndAnExpiredOneIsNotIssued) {
  receiveMixedWaterBatches();
  auto plan = move(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "drinking_water", .quantity = 60, .batch = "LATE", .to = "S02"}, today);
  ASSERT_EQ(plan.taken.size(), 1u);
  EXPECT_EQ(plan.taken[0].batch, "LATE");
  auto tooMuch = errorOf([&] {
    planMovement(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "drinking_water", .quantity = 41, .batch = "LATE", .to = "S02"}, today);
  });
  EXPECT_EQ(tooMuch.code(), ErrorCode::InsufficientStock);
  EXPECT_EQ(tooMuch.detail(), "饮用水 (drinking_water) at W1 一号库: batch \"LATE\" holds 40 升 (on hand 180 升); cannot issue 41 升");
  auto expired = errorOf([&] {
    planMovement(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "drinking_water", .quantity = 1, .batch = "OLD", .to = "S02"}, today);
  });
  EXPECT_EQ(expired.code(), ErrorCode::Conflict);
  EXPECT_NE(expired.detail().find("expired on 2026-11-20; write it off"), std::string::npos) << expired.detail();
}

TEST_F(MovementRules, AWriteOffTakesExpiredStockFirstAndNeedsAReason) {
  receiveMixedWaterBatches();
  auto noReason = errorOf([&] { planMovement(levels, {.kind = MovementKind::WriteOff, .warehouse = "W1", .item = "drinking_water", .quantity = 40}, today); });
  EXPECT_EQ(noReason.code(), ErrorCode::InvalidBody);
  EXPECT_EQ(noReason.detail(), "reason: a write-off says why");
  MovementRequest r{.kind = MovementKind::WriteOff, .warehouse = "W1", .item = "drinking_water", .quantity = 50};
  r.reason = "过期";
  auto plan = move(levels, r, today);
  ASSERT_EQ(plan.taken.size(), 2u);
  EXPECT_EQ(plan.taken[0].batch, "OLD");
  EXPECT_EQ(plan.taken[0].quantity, 40);
  EXPECT_EQ(plan.taken[1].batch, "EARLY");
  EXPECT_EQ(plan.taken[1].quantity, 10);
  EXPECT_EQ(plan.entries[0].reason, "过期");
  EXPECT_EQ(levels.usable(0, 0, today.today), 190);
}

TEST_F(MovementRules, ATransferMovesBatchesWithTheirExpiryToTheOtherWarehouse) {
  receiveMixedWaterBatches();
  auto plan = move(levels, {.kind = MovementKind::Transfer, .warehouse = "W1", .item = "drinking_water", .quantity = 40, .to = "W2"}, today);
  ASSERT_EQ(plan.entries.size(), 4u);  // out and in, for EARLY 30 and MID-A 10
  EXPECT_EQ(plan.entries[0].warehouse, "W1");
  EXPECT_EQ(plan.entries[0].delta, -30);
  EXPECT_EQ(plan.entries[0].counterpart, "W2");
  EXPECT_EQ(plan.entries[1].warehouse, "W2");
  EXPECT_EQ(plan.entries[1].delta, 30);
  EXPECT_EQ(plan.entries[1].counterpart, "W1");
  EXPECT_EQ(water("W1").onHand, 200);
  EXPECT_EQ(water("W2").onHand, 40);
  ASSERT_EQ(water("W2").batches.size(), 2u);
  EXPECT_EQ(water("W2").batches[0].batch, "EARLY");
  EXPECT_EQ(*water("W2").batches[0].expires, day("2027-01-15"));
  EXPECT_EQ(plan.onHandAfter, 200);  // the source's

  auto self = errorOf([&] {
    planMovement(levels, {.kind = MovementKind::Transfer, .warehouse = "W1", .item = "drinking_water", .quantity = 1, .to = "W1"}, today);
  });
  EXPECT_EQ(self.detail(), "to: a transfer goes to another warehouse");
  auto nowhere = errorOf([&] {
    planMovement(levels, {.kind = MovementKind::Transfer, .warehouse = "W1", .item = "drinking_water", .quantity = 1, .to = "W9"}, today);
  });
  EXPECT_EQ(nowhere.detail(), "to: unknown warehouse \"W9\"");
}

TEST_F(MovementRules, AReceiptOfAnItemWithAShelfLifeNeedsBatchAndAFutureExpiry) {
  auto noBatch = errorOf([&] { planMovement(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "rice", .quantity = 10}, today); });
  EXPECT_EQ(noBatch.code(), ErrorCode::InvalidBody);
  EXPECT_EQ(noBatch.detail(), "batch: a receipt of 大米 (rice) (it has a shelf life) names its batch");
  MovementRequest r{.kind = MovementKind::Receive, .warehouse = "W1", .item = "rice", .quantity = 10, .batch = "R1"};
  EXPECT_EQ(errorOf([&] { planMovement(levels, r, today); }).detail(),
            "expires: a receipt of 大米 (rice) (it has a shelf life) gives the expiry date on the goods");
  r.expires = day("2026-11-25");
  EXPECT_EQ(errorOf([&] { planMovement(levels, r, today); }).detail(), "expires: 2026-11-25 is already past (today 2026-11-26)");
  r.expires = day("2026-11-26");  // good through today
  move(levels, r, today);
  r.expires = day("2027-01-01");
  auto otherExpiry = errorOf([&] { planMovement(levels, r, today); });
  EXPECT_EQ(otherExpiry.code(), ErrorCode::Conflict);
  // Durable kit may come without a batch number or expiry.
  auto plan = move(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "tent", .quantity = 12}, today);
  EXPECT_EQ(plan.entries.at(0).batch, "");
  EXPECT_FALSE(plan.entries.at(0).expires);
}

TEST_F(MovementRules, FieldsAreCheckedByMeaning) {
  EXPECT_EQ(errorOf([&] { planMovement(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "soap", .quantity = 1}, today); }).detail(),
            "item: unknown item \"soap\"");
  EXPECT_EQ(errorOf([&] { planMovement(levels, {.kind = MovementKind::Receive, .warehouse = "W7", .item = "tent", .quantity = 1}, today); }).detail(),
            "warehouse: unknown warehouse \"W7\"");
  EXPECT_EQ(errorOf([&] { planMovement(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "tent", .quantity = 0}, today); }).detail(),
            "quantity: expected a whole number of 顶 from 1 to 1,000,000,000");
  EXPECT_EQ(errorOf([&] { planMovement(levels, {.kind = MovementKind::Issue, .warehouse = "W1", .item = "tent", .quantity = 1}, today); }).detail(),
            "to: an issue names its recipient (shelter, incident or committee)");
  EXPECT_EQ(
      errorOf([&] { planMovement(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "tent", .quantity = 1, .to = "S1"}, today); })
          .detail(),
      "to: only an issue or a transfer has a recipient");
  EXPECT_EQ(errorOf([&] { planMovement(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "tent", .quantity = 1, .batch = std::string("a\nb")}, today); })
                .detail(),
            "batch: expected 1 to 64 bytes of text without control characters");
}

TEST_F(MovementRules, ACountBecomesOneCorrectingEntryTakenFirstExpiryFirst) {
  receiveMixedWaterBatches();
  MovementRequest count{.kind = MovementKind::Count, .warehouse = "W1", .item = "drinking_water", .quantity = 185};
  auto plan = move(levels, count, today);
  // 240 on the books, 185 counted: 55 off, the expired OLD (40) first, then EARLY.
  ASSERT_EQ(plan.entries.size(), 2u);
  EXPECT_EQ(plan.entries[0].batch, "OLD");
  EXPECT_EQ(plan.entries[0].delta, -40);
  EXPECT_EQ(plan.entries[1].batch, "EARLY");
  EXPECT_EQ(plan.entries[1].delta, -15);
  EXPECT_EQ(plan.entries[0].reason, "账面 240，实盘 185");
  EXPECT_EQ(water("W1").onHand, 185);

  // The books are right: still one entry, of zero.
  count.reason = "季度盘点";
  plan = move(levels, count, today);
  ASSERT_EQ(plan.entries.size(), 1u);
  EXPECT_EQ(plan.entries[0].delta, 0);
  EXPECT_EQ(plan.entries[0].reason, "账面 185，实盘 185；季度盘点");

  // More than the books of an item with a shelf life: only with its batch and expiry.
  count.quantity = 200;
  EXPECT_EQ(errorOf([&] { planMovement(levels, count, today); }).code(), ErrorCode::InvalidBody);
  count.batch = "FOUND";
  count.expires = day("2027-02-01");
  plan = move(levels, count, today);
  EXPECT_EQ(plan.entries.at(0).delta, 200);
  EXPECT_EQ(water("W1").onHand, 385);

  // Counting one batch corrects that batch.
  MovementRequest batchCount{.kind = MovementKind::Count, .warehouse = "W1", .item = "drinking_water", .quantity = 90, .batch = "LATE"};
  plan = move(levels, batchCount, today);
  EXPECT_EQ(plan.entries.at(0).delta, -10);
  EXPECT_EQ(plan.entries.at(0).reason, "批次 LATE 账面 100，实盘 90");
}

TEST_F(MovementRules, ACountOfDurableKitAboveTheBooksIsUnbatchedStock) {
  move(levels, {.kind = MovementKind::Receive, .warehouse = "W2", .item = "tent", .quantity = 10, .batch = "T-2024"}, today);
  auto plan = move(levels, {.kind = MovementKind::Count, .warehouse = "W2", .item = "tent", .quantity = 13}, today);
  ASSERT_EQ(plan.entries.size(), 1u);
  EXPECT_EQ(plan.entries[0].batch, "");
  EXPECT_EQ(plan.entries[0].delta, 3);
  EXPECT_EQ(levels.at(1, 2).onHand, 13);
}

TEST_F(MovementRules, ReplayRefusesALedgerThatDisagreesWithTheCatalogue) {
  LedgerEntry e;
  e.seq = 1;
  e.warehouse = "W1";
  e.item = "soap";
  e.delta = 5;
  EXPECT_THROW(levels.apply(e), LedgerReplayError);
  e.item = "tent";
  e.delta = -1;
  EXPECT_THROW(levels.apply(e), LedgerReplayError);  // takes from nothing
  e.delta = 1;
  levels.apply(e);
  EXPECT_THROW(levels.apply(e), LedgerReplayError);  // same sequence number again
  EXPECT_EQ(levels.at(0, 2).onHand, 1);
}

TEST(MovementKinds, KeysRoundTrip) {
  for (auto k : {MovementKind::Receive, MovementKind::Issue, MovementKind::Transfer, MovementKind::WriteOff, MovementKind::Count})
    EXPECT_EQ(parseMovementKind(movementKindKey(k)), k);
  EXPECT_FALSE(parseMovementKind("steal"));
}

}  // namespace
}  // namespace eoc::stock::movement_rules_test
