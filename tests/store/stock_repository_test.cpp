#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::stock_repository_test {
namespace {

using sqlite::Database;
using sqlite::StockRepository;
using sqlite::Transaction;
using testing::beijing;
using testing::TempDir;

StockEntryRow entry(const std::string& movement, const char* at, const std::string& warehouse, const std::string& item,
                    int64_t delta, const std::string& batch = "B1", std::optional<std::string> expires = "2027-03-01") {
  return StockEntryRow{0,    movement, beijing(at), "王强", delta >= 0 ? "receive" : "issue", warehouse, item, batch,
                       expires, delta,  "",          "",     "req-" + movement};
}

class StockRepositoryTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::optional<Database> db{std::in_place, dir.path()};
  std::optional<StockRepository> stock{std::in_place, *db};

  std::vector<int64_t> append(std::vector<StockEntryRow> rows) {
    return db->write([&](store::Transaction& tx) { return stock->append(tx, rows); });
  }
};

TEST_F(StockRepositoryTest, AppendReturnsIncreasingSeqsAndAllReadsEveryFieldBackInOrder) {
  auto first = append({entry("m1", "2026-07-12T09:00:00+08:00", "R01", "drinking_water", 1200)});
  auto second = append({entry("m2", "2026-07-12T10:00:00+08:00", "R01", "drinking_water", -300),
                        entry("m2", "2026-07-12T10:00:00+08:00", "R01", "drinking_water", -200, "B2", std::nullopt)});
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_LT(first[0], second[0]);
  EXPECT_LT(second[0], second[1]);

  auto rows = stock->all();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].seq, first[0]);
  EXPECT_EQ(rows[0].movement, "m1");
  EXPECT_EQ(formatBeijing(rows[0].at), "2026-07-12T09:00:00+08:00");
  EXPECT_EQ(rows[0].actor, "王强");
  EXPECT_EQ(rows[0].kind, "receive");
  EXPECT_EQ(rows[0].warehouse, "R01");
  EXPECT_EQ(rows[0].item, "drinking_water");
  EXPECT_EQ(rows[0].batch, "B1");
  EXPECT_EQ(rows[0].expires, std::optional<std::string>("2027-03-01"));
  EXPECT_EQ(rows[0].delta, 1200);
  EXPECT_EQ(rows[0].requestId, "req-m1");
  EXPECT_EQ(rows[2].delta, -200);
  EXPECT_EQ(rows[2].expires, std::nullopt);
}

TEST_F(StockRepositoryTest, TheLedgerRefusesUpdateAndDeleteEvenFromSql) {
  append({entry("m1", "2026-07-12T09:00:00+08:00", "R01", "rice", 500)});
  EXPECT_THROW(db->write([](store::Transaction& tx) {
    Transaction::of(tx).prepare("UPDATE stock_ledger SET delta = 5000").run();
  }),
               EocError);
  EXPECT_THROW(db->write([](store::Transaction& tx) { Transaction::of(tx).prepare("DELETE FROM stock_ledger").run(); }),
               EocError);
  auto rows = stock->all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].delta, 500);
}

TEST_F(StockRepositoryTest, AFailedWriteLeavesNothingOfTheMovement) {
  EXPECT_THROW(db->write([&](store::Transaction& tx) {
    stock->append(tx, {entry("m1", "2026-07-12T09:00:00+08:00", "R01", "rice", 500)});
    throw EocError(ErrorCode::InsufficientStock, "refused after the first entry");
  }),
               EocError);
  EXPECT_TRUE(stock->all().empty());
}

TEST_F(StockRepositoryTest, QueryFiltersBySinceItemWarehouseAndAfterSeqWithALimit) {
  append({entry("m1", "2026-07-10T09:00:00+08:00", "R01", "rice", 500),
          entry("m2", "2026-07-11T09:00:00+08:00", "R02", "rice", 300),
          entry("m3", "2026-07-12T09:00:00+08:00", "R01", "drinking_water", 900),
          entry("m4", "2026-07-13T09:00:00+08:00", "R01", "rice", -100)});
  auto movements = [](const std::vector<StockEntryRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.movement);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(movements(stock->query({})), (V{"m1", "m2", "m3", "m4"}));
  EXPECT_EQ(movements(stock->query({0, beijing("2026-07-11T09:00:00+08:00"), {}, {}, 1000})), (V{"m2", "m3", "m4"}));
  EXPECT_EQ(movements(stock->query({0, {}, std::string("rice"), {}, 1000})), (V{"m1", "m2", "m4"}));
  EXPECT_EQ(movements(stock->query({0, {}, std::string("rice"), std::string("R01"), 1000})), (V{"m1", "m4"}));
  EXPECT_EQ(movements(stock->query({0, {}, {}, std::string("R01"), 2})), (V{"m1", "m3"}));
  EXPECT_EQ(movements(stock->query({0, {}, {}, std::string("R01"), 2, true})), (V{"m4", "m3"}));
  auto all = stock->query({});
  EXPECT_EQ(movements(stock->query({all[1].seq, {}, {}, {}, 1000})), (V{"m3", "m4"}));
}

TEST_F(StockRepositoryTest, TheLedgerSurvivesReopeningTheDatabase) {
  append({entry("m1", "2026-07-12T09:00:00+08:00", "R01", "rice", 500)});
  stock.reset();
  db.reset();
  db.emplace(dir.path());
  stock.emplace(*db);
  auto rows = stock->all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].delta, 500);
  auto next = append({entry("m2", "2026-07-12T10:00:00+08:00", "R01", "rice", -100)});
  EXPECT_GT(next[0], rows[0].seq);
}

TEST_F(StockRepositoryTest, BalancesSumEachBatchInsideTheWriteAndLeaveEmptiedBatchesOut) {
  append({entry("m1", "2026-07-12T09:00:00+08:00", "R01", "drinking_water", 1200)});
  append({entry("m2", "2026-07-12T09:10:00+08:00", "R01", "drinking_water", 300, "B2", "2027-06-30")});
  append({entry("m3", "2026-07-12T09:20:00+08:00", "R02", "tent", 5, "", std::nullopt)});
  append({entry("m4", "2026-07-12T10:00:00+08:00", "R01", "drinking_water", -1200),
          entry("m4", "2026-07-12T10:00:00+08:00", "R01", "drinking_water", -100, "B2", "2027-06-30")});
  auto sums = db->write([&](store::Transaction& tx) { return stock->balances(tx); });
  ASSERT_EQ(sums.size(), 2u);  // B1 at R01 is empty: left out
  EXPECT_EQ(sums[0].warehouse, "R01");
  EXPECT_EQ(sums[0].batch, "B2");
  EXPECT_EQ(sums[0].expires, std::optional<std::string>("2027-06-30"));
  EXPECT_EQ(sums[0].quantity, 200);
  EXPECT_EQ(sums[1].item, "tent");
  EXPECT_EQ(sums[1].expires, std::nullopt);
  EXPECT_EQ(sums[1].quantity, 5);
  EXPECT_LT(sums[0].firstSeq, sums[1].firstSeq);
  auto outside = stock->balances();
  ASSERT_EQ(outside.size(), 2u);
  EXPECT_EQ(outside[0].quantity, 200);
}

}  // namespace
}  // namespace eoc::store::stock_repository_test
