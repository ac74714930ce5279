#include "stock/stock_levels.hpp"

#include <algorithm>

namespace eoc::stock {

namespace {

// First expiry first; no expiry last; equal expiries in the order they came in.
bool fefoBefore(const Batch& a, const Batch& b) {
  if (a.expires != b.expires) {
    if (!a.expires) return false;
    if (!b.expires) return true;
    return *a.expires < *b.expires;
  }
  return a.firstSeq < b.firstSeq;
}

std::string describe(const LedgerEntry& e) {
  return "ledger entry " + std::to_string(e.seq) + " (" + movementKindKey(e.kind) + " " + e.item + " at " + e.warehouse +
         ", batch \"" + e.batch + "\")";
}

}  // namespace

StockLevels::StockLevels(const ItemCatalogue& catalogue, const Warehouses& warehouses)
    : catalogue_(catalogue), warehouses_(warehouses), cells_(catalogue.items().size() * warehouses.size()) {}

void StockLevels::apply(const LedgerEntry& e) {
  const auto w = warehouses_.indexOf(e.warehouse);
  const auto i = catalogue_.indexOf(e.item);
  if (!w) throw LedgerReplayError(describe(e) + ": warehouse " + e.warehouse + " is not in the relief_stock layer");
  if (!i) throw LedgerReplayError(describe(e) + ": item " + e.item + " is not in the relief item catalogue");
  if (e.seq <= lastSeq_) throw LedgerReplayError(describe(e) + ": out of order after entry " + std::to_string(lastSeq_));
  Holding& h = cells_[*i * warehouses_.size() + *w];
  auto it = std::find_if(h.batches.begin(), h.batches.end(), [&](const Batch& b) { return b.batch == e.batch; });
  if (it == h.batches.end()) {
    if (e.delta < 0) throw LedgerReplayError(describe(e) + ": takes from a batch that is not there");
    if (e.delta > 0) {
      Batch b{e.batch, e.expires, e.delta, e.seq};
      h.batches.insert(std::upper_bound(h.batches.begin(), h.batches.end(), b, fefoBefore), std::move(b));
    }
  } else {
    if (e.delta > 0 && it->expires != e.expires)
      throw LedgerReplayError(describe(e) + ": the batch is already held with another expiry");
    if (it->quantity + e.delta < 0) throw LedgerReplayError(describe(e) + ": the batch would go below zero");
    it->quantity += e.delta;
    if (it->quantity == 0) h.batches.erase(it);
  }
  h.onHand += e.delta;
  h.firstExpiry = h.batches.empty() ? std::nullopt : h.batches.front().expires;
  lastSeq_ = e.seq;
}

long long StockLevels::usable(size_t warehouse, size_t item, Date today) const {
  // Batches are first expiry first, so the expired ones are a prefix: most cells stop at the
  // first batch.
  const Holding& h = at(warehouse, item);
  if (!h.firstExpiry || *h.firstExpiry >= today) return h.onHand;
  long long usable = h.onHand;
  for (const auto& b : h.batches) {
    if (!b.expiredOn(today)) break;
    usable -= b.quantity;
  }
  return usable;
}

}  // namespace eoc::stock
