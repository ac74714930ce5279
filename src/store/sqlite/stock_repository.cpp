#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

constexpr const char* kLedgerColumns =
    "seq, movement, at, actor, kind, warehouse, item, batch, expires, delta, counterpart, reason, request_id";

StockEntryRow readEntry(const Statement& s) {
  return StockEntryRow{s.int64(0),          s.text(1),  timeAt(s, 2, "stock_ledger.at"), s.text(3), s.text(4),
                       s.text(5),           s.text(6),  s.text(7),                       s.optionalText(8),
                       s.int64(9),          s.text(10), s.text(11),                      s.text(12)};
}

// Portable: min/max/sum and GROUP BY mean the same on both backends (sum of BIGINT is NUMERIC on
// PostgreSQL, read back as a whole number).
constexpr const char* kBalances =
    "SELECT min(seq), warehouse, item, batch, max(expires), sum(delta) FROM stock_ledger"
    " GROUP BY warehouse, item, batch HAVING sum(delta) <> 0 ORDER BY min(seq)";

StockBalanceRow readBalance(const Statement& s) {
  return StockBalanceRow{s.int64(0), s.text(1), s.text(2), s.text(3), s.optionalText(4), s.int64(5)};
}

}  // namespace

std::vector<StockBalanceRow> StockRepository::balances(store::Transaction& tx) {
  Statement s = Transaction::of(tx).prepare(kBalances);
  return allRows(s, readBalance);
}

std::vector<StockBalanceRow> StockRepository::balances() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare(kBalances);
    return allRows(s, readBalance);
  });
}

std::vector<int64_t> StockRepository::append(store::Transaction& tx, const std::vector<StockEntryRow>& entries) {
  std::vector<int64_t> seqs;
  seqs.reserve(entries.size());
  for (const auto& e : entries) {
    // RETURNING, not lastInsertRowid: the same statement runs on PostgreSQL (docs/store-backends.md §3).
    Statement s = Transaction::of(tx).prepare(
        "INSERT INTO stock_ledger (movement, at, actor, kind, warehouse, item, batch, expires, delta, counterpart, "
        "reason, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING seq");
    s.bindAll(e.movement, formatBeijing(e.at), e.actor, e.kind, e.warehouse, e.item, e.batch, e.expires, e.delta,
              e.counterpart, e.reason, e.requestId);
    if (!s.step()) throw EocError(ErrorCode::StorageError, "stock_ledger: the insert returned no seq");
    seqs.push_back(s.int64(0));
    s.run();  // to completion, and reset for the next entry
  }
  return seqs;
}

std::vector<StockEntryRow> StockRepository::all() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kLedgerColumns + " FROM stock_ledger ORDER BY seq");
    return allRows(s, readEntry);
  });
}

std::vector<StockEntryRow> StockRepository::query(const StockLedgerFilter& filter) {
  // Times are fixed-width +08:00 text, so text order is time order. Each optional parameter is
  // cast so that PostgreSQL can type it (docs/store-backends.md §3, rule 2).
  std::optional<std::string> since;
  if (filter.since) since = formatBeijing(*filter.since);
  return db_.read([&](Connection& c) {
    static constexpr const char* kWhere =
        " FROM stock_ledger WHERE seq > ?1"
        " AND (CAST(?2 AS TEXT) IS NULL OR at >= CAST(?2 AS TEXT))"
        " AND (CAST(?3 AS TEXT) IS NULL OR item = CAST(?3 AS TEXT))"
        " AND (CAST(?4 AS TEXT) IS NULL OR warehouse = CAST(?4 AS TEXT))";
    Statement s = c.prepare(std::string("SELECT ") + kLedgerColumns + kWhere +
                            (filter.newestFirst ? " ORDER BY seq DESC LIMIT ?5" : " ORDER BY seq LIMIT ?5"));
    s.bindAll(filter.afterSeq, since, filter.item, filter.warehouse, int64_t(filter.limit));
    return allRows(s, readEntry);
  });
}

}  // namespace eoc::store::sqlite
