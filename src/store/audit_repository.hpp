#pragma once
// The append-only audit log: who changed what, when, before -> after (docs/design.md, "Who may do
// what").
//
// There is deliberately no update or delete here, and the schema's triggers refuse UPDATE and
// DELETE on the table. append() takes the caller's Transaction so that a change and its audit
// entry commit together or not at all. Thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

struct AuditEntry {
  TimePoint at;
  std::string actor;      // Principal::label(), e.g. "committee:650103001 (张三)"
  std::string kind;       // "<area>.<verb>", e.g. "warning.issue", "token.revoke"
  std::string target;     // the id of what changed
  nlohmann::json before;  // null when the thing is new
  nlohmann::json after;   // null when the thing is gone
  std::string requestId;
};

struct AuditRecord {
  int64_t seq = 0;  // strictly increasing, never reused
  std::string at;   // Beijing time, "2026-07-12T15:00:00+08:00"
  std::string actor;
  std::string kind;
  std::string target;
  nlohmann::json before;
  nlohmann::json after;
  std::string requestId;
};

struct AuditQuery {
  std::optional<TimePoint> since = std::nullopt;  // entries at or after this time
  std::optional<std::string> actor = std::nullopt;
  std::optional<std::string> kind = std::nullopt;
  int64_t afterSeq = 0;  // paging: entries with seq above this
  size_t limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;

  // Returns the new entry's seq (final only once the transaction commits).
  virtual int64_t append(Transaction& tx, const AuditEntry& entry) = 0;
  // Matching entries in seq order, at most query.limit of them.
  virtual std::vector<AuditRecord> query(const AuditQuery& query) = 0;
};

}  // namespace eoc::store
