#pragma once
// The stock area at the HTTP edge, last step of the road: typed results → the JSON the API
// answers and the live event stream carries (stock.movement, stock.expiring, stock.below_minimum).
// The one renderer of the area.
#include <nlohmann/json.hpp>

#include "service/stock_results.hpp"

namespace eoc::http {

nlohmann::json renderItems(const stock::ItemCatalogue& catalogue);                  // GET /stock/items
nlohmann::json renderStock(const service::StockView& view);                          // GET /stock
nlohmann::json renderWarehouseStock(const service::WarehouseStockView& view);       // GET /stock/{warehouse}
nlohmann::json renderMovement(const service::MovementResult& result);                // POST /stock/movements
nlohmann::json renderLedger(const service::LedgerView& view);                        // GET /stock/ledger
nlohmann::json renderStocktake(const service::StocktakeResult& result);              // POST /stock/stocktake
nlohmann::json renderNeeds(const service::NeedsView& view, const stock::ItemCatalogue& catalogue,
                           const stock::Warehouses& warehouses);                     // GET /stock/needs
nlohmann::json renderStockAlert(const service::StockAlertView& alert);               // stock.expiring / below_minimum

}  // namespace eoc::http
