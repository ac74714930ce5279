#pragma once
// Persistence of the relief stock ledger (应急物资储备台账): append-only. Stock is never edited,
// only moved; the quantity on hand is the sum of the entries, and the service keeps that sum in
// memory (rebuilt from all() at start). The table refuses UPDATE and DELETE itself (triggers), so
// not even a repair script can rewrite history: a mistake is corrected by a new entry.
//
// Plain rows: kinds and dates are text here, the stock domain reads them (store sits below it).
// Writes take the caller's Transaction so that a movement commits with its audit entry.
// Thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/transaction.hpp"

namespace eoc::store {

struct StockEntryRow {
  int64_t seq = 0;  // assigned by append(), strictly increasing
  std::string movement;
  TimePoint at;
  std::string actor;
  std::string kind;  // receive, issue, transfer, write_off, count
  std::string warehouse;
  std::string item;
  std::string batch;                   // "" without a batch number
  std::optional<std::string> expires;  // YYYY-MM-DD
  int64_t delta = 0;                   // + into the warehouse, − out of it
  std::string counterpart;             // issue: the recipient; transfer: the other warehouse
  std::string reason;
  std::string requestId;
};

// What one batch of one item holds in one warehouse: the ledger's entries summed.
struct StockBalanceRow {
  int64_t firstSeq = 0;  // the batch's first entry (the order batches are folded in)
  std::string warehouse;
  std::string item;
  std::string batch;
  std::optional<std::string> expires;  // YYYY-MM-DD
  int64_t quantity = 0;                // never 0: emptied batches are left out
};

struct StockLedgerFilter {
  int64_t afterSeq = 0;             // entries with seq > afterSeq
  std::optional<TimePoint> since;   // at or after
  std::optional<std::string> item;
  std::optional<std::string> warehouse;
  size_t limit = 1000;
  bool newestFirst = false;  // else oldest first
};

class StockRepository {
 public:
  virtual ~StockRepository() = default;

  // Appends the entries in order; returns their seqs (the same order).
  virtual std::vector<int64_t> append(Transaction& tx, const std::vector<StockEntryRow>& entries) = 0;
  // Every entry, oldest first: the replay at start.
  virtual std::vector<StockEntryRow> all() = 0;
  // Every non-empty batch, summed from the ledger inside the caller's transaction: the check of a
  // movement against what the ledger holds, whichever instance wrote it (several instances on
  // PostgreSQL; SERIALIZABLE makes two movements that read the same sums take turns). In
  // firstSeq order.
  virtual std::vector<StockBalanceRow> balances(Transaction& tx) = 0;
  // The same, outside a transaction (refreshing the levels after another instance's movement).
  virtual std::vector<StockBalanceRow> balances() = 0;
  // Entries matching the filter, oldest (or newest) first, at most filter.limit.
  virtual std::vector<StockEntryRow> query(const StockLedgerFilter& filter) = 0;
};

}  // namespace eoc::store
