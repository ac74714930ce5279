#include "stock/alerts.hpp"

#include <algorithm>

namespace eoc::stock {

// Keys for de-duplicating alerts: the warehouse id, the item id (never holding "/": the
// catalogue's pattern) and the batch.
std::string ExpiringBatch::key(const StockLevels& levels) const {
  return levels.warehouses()[warehouse].id + "/" + levels.catalogue().items()[item].id + "/" + batch +
         (expired() ? "/expired" : "/expiring");
}

std::string BelowMinimum::key(const StockLevels& levels) const {
  return levels.warehouses()[warehouse].id + "/" + levels.catalogue().items()[item].id + "/below_minimum";
}

std::vector<ExpiringBatch> expiringBatches(const StockLevels& levels, Date today, int windowDays) {
  std::vector<ExpiringBatch> out;
  const Date horizon = today + std::chrono::days(windowDays);
  const size_t items = levels.catalogue().items().size();
  for (size_t w = 0; w < levels.warehouses().size(); ++w)
    for (size_t i = 0; i < items; ++i) {
      const Holding& h = levels.at(w, i);
      if (!h.firstExpiry || *h.firstExpiry > horizon) continue;
      for (const auto& b : h.batches) {
        if (!b.expires || *b.expires > horizon) break;  // FEFO order: the rest expire later or never
        out.push_back({w, i, b.batch, *b.expires, b.quantity, static_cast<int>((*b.expires - today).count())});
      }
    }
  std::stable_sort(out.begin(), out.end(), [](const ExpiringBatch& a, const ExpiringBatch& b) { return a.expires < b.expires; });
  return out;
}

std::vector<BelowMinimum> belowMinimum(const StockLevels& levels, Date today) {
  std::vector<BelowMinimum> out;
  const auto& items = levels.catalogue().items();
  for (size_t w = 0; w < levels.warehouses().size(); ++w)
    for (size_t i = 0; i < items.size(); ++i) {
      const long long minimum = items[i].minimumAt(levels.warehouses()[w].id);
      if (minimum <= 0) continue;
      const long long usable = levels.usable(w, i, today);
      if (usable < minimum) out.push_back({w, i, usable, minimum});
    }
  return out;
}

}  // namespace eoc::stock
