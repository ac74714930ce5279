#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

int64_t AuditRepository::append(store::Transaction& tx, const AuditEntry& entry) {
  Statement s = Transaction::of(tx).prepare(
      "INSERT INTO audit (at, actor, kind, target, before_json, after_json, request_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq");
  s.bindAll(formatBeijing(entry.at), entry.actor, entry.kind, entry.target, toJsonColumn(entry.before),
            toJsonColumn(entry.after), entry.requestId);
  if (!s.step()) throw EocError(ErrorCode::StorageError, "audit insert returned no sequence number");
  int64_t seq = s.int64(0);
  while (s.step()) {
  }
  return seq;
}

std::vector<AuditRecord> AuditRepository::query(const AuditQuery& query) {
  // Every time is written as fixed-width +08:00 text, so text order is time order.
  std::optional<std::string> since;
  if (query.since) since = formatBeijing(*query.since);
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(
        "SELECT seq, at, actor, kind, target, before_json, after_json, request_id FROM audit "
        "WHERE seq > ?1 AND (CAST(?2 AS TEXT) IS NULL OR at >= ?2) AND (CAST(?3 AS TEXT) IS NULL OR actor = ?3) "
        "AND (CAST(?4 AS TEXT) IS NULL OR kind = ?4) "
        "ORDER BY seq LIMIT ?5");
    s.bindAll(query.afterSeq, since, query.actor, query.kind, int64_t(query.limit));
    std::vector<AuditRecord> out;
    while (s.step())
      out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), jsonAt(s, 5, "audit.before_json"),
                     jsonAt(s, 6, "audit.after_json"), s.text(7)});
    return out;
  });
}

}  // namespace eoc::store::sqlite
