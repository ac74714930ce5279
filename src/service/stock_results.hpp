#pragma once
// Typed results of the stock use cases: plain structs that http/stock_render.cpp turns into the
// area's one JSON shape (answers and events alike). Pointers point into the catalogue and the
// warehouses, which live as long as the service.
#include <optional>
#include <string>
#include <vector>

#include "stock/alerts.hpp"
#include "stock/item_catalogue.hpp"
#include "stock/ledger.hpp"
#include "stock/needs.hpp"
#include "stock/stock_levels.hpp"
#include "stock/warehouses.hpp"

namespace eoc::service {

struct HoldingView {
  const stock::Item* item = nullptr;
  long long onHand = 0;
  long long usable = 0;   // not expired today
  long long minimum = 0;  // 0: none at this warehouse
  std::vector<stock::Batch> batches;  // first expiry first
};

struct WarehouseStockView {
  const stock::Warehouse* warehouse = nullptr;
  std::vector<HoldingView> items;  // catalogue order, items held or with a minimum here
  stock::Date today;               // what "expired" was judged against
  int expiryWindowDays = 0;        // batches expiring within it are marked
};

// An alert raised once per state (stock.expiring, stock.below_minimum).
struct StockAlertView {
  std::string type;  // "stock.expiring" or "stock.below_minimum"
  const stock::Warehouse* warehouse = nullptr;
  const stock::Item* item = nullptr;
  std::string batch;                   // expiring only
  std::optional<stock::Date> expires;  // expiring only
  int daysLeft = 0;                    // expiring only; negative once expired
  long long quantity = 0;              // expiring: the batch; below minimum: usable stock
  long long minimum = 0;               // below minimum only
};

struct StockView {
  stock::Date today;
  int expiryWindowDays = 0;  // batches expiring within it are marked
  std::vector<WarehouseStockView> warehouses;  // layer order
  std::vector<StockAlertView> expiring;        // what holds now, first expiry first
  std::vector<StockAlertView> belowMinimum;
};

struct MovementResult {
  std::string movement;
  stock::MovementKind kind = stock::MovementKind::Receive;
  const stock::Warehouse* warehouse = nullptr;
  const stock::Item* item = nullptr;
  long long quantity = 0;                   // as asked (a count: the counted quantity)
  std::vector<stock::LedgerEntry> entries;  // as stored, with their seqs
  std::vector<stock::BatchTaken> taken;     // FEFO order
  long long onHandBefore = 0;
  long long onHandAfter = 0;
};

struct LedgerView {
  std::vector<stock::LedgerEntry> entries;  // oldest first
};

struct StocktakeResult {
  std::string movement;
  size_t lines = 0;
  size_t changed = 0;  // counts that corrected the books (the rest confirmed them)
  std::vector<stock::LedgerEntry> entries;
};

struct NeedsView {
  std::string source;    // "activation", "drill", "people"
  std::string sourceId;  // the activation or drill id; "" for people
  bool exercise = false;
  stock::NeedsReport report;
  std::vector<std::string> sentences;  // needSentences, short items first
};


}  // namespace eoc::service
