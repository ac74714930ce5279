#pragma once
// What every warehouse holds of every item, batch by batch: the ledger folded up. Built by
// replaying the ledger at startup and kept current by applying each new entry. Dense (warehouse ×
// item cells), so that needs over 1,000 items × 50 warehouses touch only memory. Not thread-safe:
// the use case serialises the check (planMovement) and the apply of one movement.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "stock/dates.hpp"
#include "stock/item_catalogue.hpp"
#include "stock/ledger.hpp"
#include "stock/warehouses.hpp"

namespace eoc::stock {

struct Batch {
  std::string batch;  // "" when the stock has no batch number
  std::optional<Date> expires;
  long long quantity = 0;  // > 0: a batch that reaches 0 is dropped (the ledger keeps its history)
  long long firstSeq = 0;  // the entry that brought it in: the tie-break among equal expiries

  // Good through its expiry date, expired from the day after.
  bool expiredOn(Date today) const { return expires && *expires < today; }
};

struct Holding {
  long long onHand = 0;        // sum of the batches (= sum of the ledger entries)
  std::vector<Batch> batches;  // first expiry first; batches without expiry last
  // = batches.front().expires, kept beside onHand so that "nothing here has expired" is answered
  // without following the pointer to the batches (the needs over 50,000 cells are memory-bound).
  std::optional<Date> firstExpiry;
};

// A ledger entry that cannot be replayed (unknown item or warehouse after a catalogue edit, a
// batch below zero): the stored ledger and the catalogue disagree, and starting anyway would
// show wrong stock.
class LedgerReplayError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StockLevels {
 public:
  // Both must outlive the levels.
  StockLevels(const ItemCatalogue& catalogue, const Warehouses& warehouses);

  // Throws LedgerReplayError; the levels are unchanged when it throws.
  void apply(const LedgerEntry& entry);

  const Holding& at(size_t warehouse, size_t item) const { return cells_[item * warehouses_.size() + warehouse]; }
  // Stock that has not expired by `today`.
  long long usable(size_t warehouse, size_t item, Date today) const;
  long long lastSeq() const { return lastSeq_; }

  const ItemCatalogue& catalogue() const { return catalogue_; }
  const Warehouses& warehouses() const { return warehouses_; }

 private:
  const ItemCatalogue& catalogue_;
  const Warehouses& warehouses_;
  std::vector<Holding> cells_;  // item-major: the needs walk one item across every warehouse
  long long lastSeq_ = 0;
};

// The ledger rules: checks `request` against the catalogue and the current levels and turns it
// into the entries to append, without changing anything. Throws EocError:
//   InvalidBody        a field is missing or meaningless (names it: "expires: 2024-01-01 is already past")
//   InsufficientStock  it would take more than the warehouse holds (names item, warehouse, on hand)
//   Conflict           a batch is received again with another expiry, an expired batch is issued
// Issues and transfers take first-expiry-first-out among the batches not yet expired; a
// write-off takes first-expiry-first-out among all (expired stock first); a named batch is taken
// alone. A count becomes one correcting entry (zero when the books were right).
MovementPlan planMovement(const StockLevels& levels, const MovementRequest& request, const MovementContext& context);

}  // namespace eoc::stock
