#pragma once
// A stocktake (盘点) from the office's spreadsheet, read by gis/table_reader.hpp: one row per item
// (or per batch of an item) with the counted quantity, each becoming a count movement. The
// columns are found by their headers (plans/relief-items.json, stocktake_columns):
//   仓库      warehouse id (R02) or name (雅山救灾物资储备点); may be left out when the import names
//             the warehouse for the whole sheet
//   物资      item id (drinking_water) or name (饮用水)
//   批次      optional: counts that batch only; empty counts the item's total
//   有效期    the batch's expiry (2027-03-01, 2027/3/1, 2027年3月1日) when the count finds a new batch
//   实盘数量  the counted quantity, a whole number ≥ 0 ("1,200" and a number cell "1200.0" read)
//   备注      optional, kept as the count's reason
// What the sheet does not list is not touched: leaving a row out never zeroes stock.
#include <optional>
#include <string>
#include <vector>

#include "gis/table_reader.hpp"
#include "stock/stock_levels.hpp"

namespace eoc::stock {

struct StocktakeLine {
  size_t row = 0;  // the spreadsheet's row number
  MovementRequest count;
};

struct Stocktake {
  size_t headerRow = 0;
  std::vector<StocktakeLine> lines;
};

// Throws EocError(InvalidBody) "<label>: row 7, column 实盘数量 (E): \"十二\" is not a whole number; row
// 9, column 物资 (B): unknown item \"肥皂\"" listing every bad row (up to `maxProblems`), a row that
// repeats an earlier one, or an item counted both by batch and as a total; nothing is returned
// unless every row is good.
Stocktake readStocktake(const gis::Table& table, const ItemCatalogue& catalogue, const Warehouses& warehouses,
                        const std::string& label, const std::optional<std::string>& warehouse = std::nullopt,
                        size_t maxProblems = 20);

// The counts of a stocktake as one plan (all or nothing), each checked by planMovement. A line that
// planMovement refuses is named by its row: "row 7: …".
MovementPlan planStocktake(const StockLevels& levels, const Stocktake& stocktake, const MovementContext& context);

// "2027-03-01", "2027/3/1", "2027.3.1", "2027年3月1日" (what GDAL makes of a date cell is "2027/03/01").
std::optional<Date> parseSheetDate(const std::string& text);

}  // namespace eoc::stock
