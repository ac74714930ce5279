// The stocktake spreadsheet of the stocktake import (route and `eoc stock import`): any bytes
// through the table reader (classification, GB18030, GDAL's XLSX/CSV drivers, limits), the
// stocktake rows and the ledger rules of a count.
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "gis/table_reader.hpp"
#include "stock/stocktake.hpp"

namespace {

eoc::stock::Warehouses districtWarehouses() {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/geodata/relief_stock.geojson");
  const auto layer = nlohmann::json::parse(in);
  std::vector<eoc::stock::Warehouse> list;
  for (const auto& f : layer["features"])
    list.push_back({f["properties"]["id"].get<std::string>(), f["properties"]["name"].get<std::string>(), "",
                    {f["geometry"]["coordinates"][0].get<double>(), f["geometry"]["coordinates"][1].get<double>()}});
  return eoc::stock::Warehouses(std::move(list));
}

std::set<std::string> idsOf(const eoc::stock::Warehouses& warehouses) {
  std::set<std::string> ids;
  for (const auto& w : warehouses.list()) ids.insert(w.id);
  return ids;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  static const stock::Warehouses warehouses = districtWarehouses();
  static const stock::ItemCatalogue catalogue =
      stock::ItemCatalogue::load(std::string(EOC_SOURCE_DIR) + "/plans/relief-items.json", idsOf(warehouses));
  static const stock::StockLevels levels(catalogue, warehouses);
  gis::TableReadOptions options;
  options.limits.maxBytes = 256 * 1024;
  options.limits.maxUnpackedBytes = 4 * 1024 * 1024;
  try {
    const gis::Table table = gis::readTable(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", options);
    const stock::Stocktake stocktake = stock::readStocktake(table, catalogue, warehouses, "fuzz");
    const stock::MovementContext context{"fuzz", TimePoint{}, "fuzz", *stock::parseDate("2026-11-26")};
    stock::planStocktake(levels, stocktake, context);
  } catch (const EocError&) {
  }
  return 0;
}
