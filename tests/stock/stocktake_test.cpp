// Stocktake spreadsheets through the gis table reader (GDAL's XLSX and CSV drivers): rows become
// counts, every bad cell is named by row and column, and nothing is counted unless every row is good.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "gis/table_writer.hpp"
#include "stock/stocktake.hpp"
#include "support/stock_fixture.hpp"

namespace eoc::stock::stocktake_test {
namespace {

using testing::contextOn;
using testing::day;
using testing::move;

class StocktakeImport : public ::testing::Test {
 protected:
  ItemCatalogue catalogue = testing::waterRiceTentToiletSandbagCatalogue();
  Warehouses warehouses = testing::threeWarehousesNorthOfTheShelter();
  StockLevels levels{catalogue, warehouses};
  const MovementContext today = contextOn("2026-11-26");

  gis::Table xlsx(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    return gis::readTable(gis::writeTable(header, rows, gis::TableFormat::Xlsx, "盘点表"), "盘点.xlsx");
  }
  std::string errorOf(const gis::Table& table, std::optional<std::string> warehouse = std::nullopt) {
    try {
      readStocktake(table, catalogue, warehouses, "盘点.xlsx", warehouse);
    } catch (const EocError& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
      return e.detail();
    }
    return "no error";
  }
};

TEST_F(StocktakeImport, RowsBecomeCountsByIdOrNameWithOfficeNumbersAndDates) {
  move(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "drinking_water", .quantity = 1'500, .batch = "B1",
                .expires = day("2027-03-01")},
       today);
  move(levels, {.kind = MovementKind::Receive, .warehouse = "W2", .item = "tent", .quantity = 40}, today);
  const auto table = xlsx({"仓库", "物资名称", "批次", "有效期", "实盘数量", "备注"},
                          {{"一号库", "饮用水", "B1", "2027/3/1", "1,200", "破损300升"},
                           {"W1", "drinking_water", "B2", "2027年6月1日", "800", ""},
                           {"W2", "救灾帐篷", "", "", "42.0", ""},
                           {"W3", "sandbag", "", "", "0", ""}});
  const Stocktake stocktake = readStocktake(table, catalogue, warehouses, "盘点.xlsx");
  EXPECT_EQ(stocktake.headerRow, 1u);
  ASSERT_EQ(stocktake.lines.size(), 4u);
  EXPECT_EQ(stocktake.lines[0].row, 2u);
  EXPECT_EQ(stocktake.lines[0].count.warehouse, "W1");
  EXPECT_EQ(stocktake.lines[0].count.item, "drinking_water");
  EXPECT_EQ(stocktake.lines[0].count.quantity, 1'200);
  EXPECT_EQ(*stocktake.lines[1].count.expires, day("2027-06-01"));
  EXPECT_EQ(stocktake.lines[2].count.quantity, 42);
  EXPECT_FALSE(stocktake.lines[2].count.batch);

  auto plan = planStocktake(levels, stocktake, today);
  testing::commit(levels, plan);
  EXPECT_EQ(levels.at(0, 0).onHand, 2'000);  // B1 1,200 + B2 800
  EXPECT_EQ(levels.at(1, 2).onHand, 42);
  ASSERT_EQ(plan.entries.size(), 4u);
  EXPECT_EQ(plan.entries[0].delta, -300);
  EXPECT_EQ(plan.entries[0].reason, "批次 B1 账面 1,500，实盘 1,200；破损300升");
  EXPECT_EQ(plan.entries[3].delta, 0);  // W3 holds no sandbags, and the count says so
}

TEST_F(StocktakeImport, EveryBadCellIsNamedByRowAndColumnAndNothingIsReturned) {
  const auto table = xlsx({"仓库", "物资", "批次", "有效期", "数量"},
                          {{"W1", "肥皂", "", "", "5"},
                           {"W9", "rice", "", "", "十二"},
                           {"W2", "rice", "R1", "2027-02-30", ""},
                           {"", "tent", "", "", "3"}});
  EXPECT_EQ(errorOf(table),
            "盘点.xlsx: row 2, column 物资 (B): unknown item \"肥皂\"; "
            "row 3, column 仓库 (A): unknown warehouse \"W9\"; "
            "row 3, column 数量 (E): \"十二\" is not a whole number ≥ 0; "
            "row 4, column 数量 (E): empty (write 0 for none); "
            "row 4, column 有效期 (D): \"2027-02-30\" is not a date (write 2027-03-01 or 2027/3/1); "
            "row 5, column 仓库 (A): empty");
}

TEST_F(StocktakeImport, ARepeatedRowAndAnItemCountedBothWaysAreRefused) {
  const auto table = xlsx({"仓库", "物资", "批次", "实盘数量"},
                          {{"W1", "tent", "", "3"}, {"W1", "救灾帐篷", "", "4"}, {"W2", "tent", "T1", "1"}, {"W2", "tent", "", "2"}});
  EXPECT_EQ(errorOf(table),
            "盘点.xlsx: row 3: repeats row 2 (救灾帐篷 at W1); "
            "row 5: 救灾帐篷 at W2 is counted by batch and as a total (row 4); use one way");
}

TEST_F(StocktakeImport, ASheetForOneWarehouseNeedsNoWarehouseColumn) {
  const auto table = gis::readTable("物资,实盘数量\n救灾帐篷,7\n移动厕所,2\n", "盘点.csv");
  const Stocktake stocktake = readStocktake(table, catalogue, warehouses, "盘点.csv", std::string("W3"));
  ASSERT_EQ(stocktake.lines.size(), 2u);
  EXPECT_EQ(stocktake.lines[1].count.warehouse, "W3");
  EXPECT_EQ(stocktake.lines[1].count.item, "toilet");
  // Without the warehouse named, the column is required.
  try {
    readStocktake(table, catalogue, warehouses, "盘点.csv");
    FAIL();
  } catch (const EocError& e) {
    EXPECT_NE(e.detail().find("仓库"), std::string::npos) << e.detail();
  }
  // A warehouse column that disagrees with the named warehouse is named.
  const auto mixed = xlsx({"仓库", "物资", "实盘数量"}, {{"W1", "tent", "1"}});
  EXPECT_EQ(errorOf(mixed, "W3"), "盘点.xlsx: row 2, column 仓库 (A): \"W1\" in a stocktake of W3 三号库");
}

TEST_F(StocktakeImport, ACountTheLedgerRulesRefuseIsNamedByItsRow) {
  move(levels, {.kind = MovementKind::Receive, .warehouse = "W1", .item = "rice", .quantity = 10, .batch = "R1",
                .expires = day("2027-03-01")},
       today);
  // More rice than the books, without a batch: the surplus needs its batch and expiry.
  const auto table = xlsx({"仓库", "物资", "实盘数量"}, {{"W2", "tent", "5"}, {"W1", "大米", "12"}});
  const Stocktake stocktake = readStocktake(table, catalogue, warehouses, "盘点.xlsx");
  try {
    planStocktake(levels, stocktake, today);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
    EXPECT_EQ(e.detail().rfind("row 3: batch: a count that finds more 大米 (rice) than the books", 0), 0u) << e.detail();
  }
  EXPECT_EQ(levels.at(1, 2).onHand, 0);  // the good row was not applied either
}

TEST(SheetDates, TheWaysAnOfficeWritesADate) {
  EXPECT_EQ(parseSheetDate("2027-03-01"), day("2027-03-01"));
  EXPECT_EQ(parseSheetDate("2027/3/1"), day("2027-03-01"));
  EXPECT_EQ(parseSheetDate("2027.03.01"), day("2027-03-01"));
  EXPECT_EQ(parseSheetDate("2027年3月1日"), day("2027-03-01"));
  EXPECT_FALSE(parseSheetDate("27/3/1"));
  EXPECT_FALSE(parseSheetDate("2027/13/1"));
  EXPECT_FALSE(parseSheetDate("三月"));
  EXPECT_FALSE(parseSheetDate("2027-03-01 00:00"));
}

}  // namespace
}  // namespace eoc::stock::stocktake_test
