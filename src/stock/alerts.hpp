#pragma once
// What the desk should hear about stock: batches expiring within a window (or already expired
// and still on the books), and items below the minimum a warehouse must keep. Pure queries over
// the levels; the service turns them into events (stock.expiring, stock.below_minimum).
#include <string>
#include <vector>

#include "stock/stock_levels.hpp"

namespace eoc::stock {

inline constexpr int kDefaultExpiryWindowDays = 90;

struct ExpiringBatch {
  size_t warehouse = 0;
  size_t item = 0;
  std::string batch;
  Date expires;
  long long quantity = 0;
  int daysLeft = 0;  // expires − today; negative once expired

  bool expired() const { return daysLeft < 0; }
  // Stable while the batch stays in the same state, so an alert is raised once per batch and
  // again only when it expires: "R02/drinking_water/B2407/expiring".
  std::string key(const StockLevels& levels) const;
};

// Batches with expires ≤ today + windowDays, first expiry first (then warehouse, item order).
std::vector<ExpiringBatch> expiringBatches(const StockLevels& levels, Date today, int windowDays = kDefaultExpiryWindowDays);

struct BelowMinimum {
  size_t warehouse = 0;
  size_t item = 0;
  long long usable = 0;   // expired stock does not count towards a reserve
  long long minimum = 0;

  std::string key(const StockLevels& levels) const;  // "R01/tent/below_minimum"
};

// Every (warehouse, item) whose usable stock is below the catalogue's minimum there, in warehouse
// then item order.
std::vector<BelowMinimum> belowMinimum(const StockLevels& levels, Date today);

}  // namespace eoc::stock
