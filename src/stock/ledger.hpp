#pragma once
// The stock ledger's vocabulary. The ledger is append-only: stock is never edited, only moved,
// and the quantity on hand is the sum of the entries. One movement (an issue of 500 L) becomes
// one entry per batch it touches, all sharing the movement's id.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "stock/dates.hpp"

namespace eoc::stock {

enum class MovementKind { Receive, Issue, Transfer, WriteOff, Count };

const char* movementKindKey(MovementKind kind);    // "receive", "issue", "transfer", "write_off", "count"
const char* movementKindName(MovementKind kind);   // 入库, 出库, 调拨, 报损, 盘点
std::optional<MovementKind> parseMovementKind(std::string_view key);

// What the storekeeper asks for. Quantities are whole units of the item's unit.
struct MovementRequest {
  MovementKind kind = MovementKind::Receive;
  std::string warehouse{};
  std::string item{};
  long long quantity = 0;             // count: the counted quantity (≥ 0); otherwise > 0
  std::optional<std::string> batch{};   // receive: the batch received; others: only that batch
  std::optional<Date> expires{};        // receive (and a count that creates a batch)
  std::optional<std::string> to{};      // issue: shelter / incident / committee; transfer: warehouse
  std::optional<std::string> reason{};  // write_off: required
};

// Who and when, filled in by the use case.
struct MovementContext {
  std::string movementId;
  TimePoint at;
  std::string actor;
  Date today;  // Beijing date at `at`: decides what has expired
};

struct LedgerEntry {
  long long seq = 0;  // assigned by the store, strictly increasing
  std::string movement;
  TimePoint at;
  std::string actor;
  MovementKind kind = MovementKind::Receive;
  std::string warehouse;
  std::string item;
  std::string batch;  // "" for stock without a batch number (durable kit only)
  std::optional<Date> expires;
  long long delta = 0;      // + into the warehouse, − out of it
  std::string counterpart;  // issue: the recipient; transfer: the other warehouse
  std::string reason;       // write_off's reason; count: "账面 130，实盘 120" (+ the given reason)
};

// A batch an issue, transfer, write-off or count took stock from (or, for a count, put back).
struct BatchTaken {
  std::string batch;
  std::optional<Date> expires;
  long long quantity = 0;  // positive: taken out; a count's surplus is negative
};

struct MovementPlan {
  std::vector<LedgerEntry> entries;  // seq 0: the store assigns them
  std::vector<BatchTaken> taken;     // FEFO order
  long long onHandBefore = 0;        // at the movement's warehouse
  long long onHandAfter = 0;
};

}  // namespace eoc::stock
