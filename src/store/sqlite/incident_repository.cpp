#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

// Rows written before the register had its own columns got them in migration 50.
constexpr const char* kIncidentColumns =
    "id, created_at, created_by, body_json, activation_json, first_known_at, type, level, state, closed_at, "
    "closed_by";

IncidentRow readIncident(const Statement& s) {
  IncidentRow row;
  row.id = s.text(0);
  row.createdAt = timeAt(s, 1, "incidents.created_at");
  row.createdBy = s.text(2);
  row.body = jsonAt(s, 3, "incidents.body_json");
  row.activation = jsonAt(s, 4, "incidents.activation_json");
  row.firstKnownAt = timeAt(s, 5, "incidents.first_known_at");
  row.type = s.optionalText(6).value_or("");
  row.level = s.optionalText(7);
  row.state = s.text(8);
  row.closedAt = optionalTimeAt(s, 9, "incidents.closed_at");
  row.closedBy = s.text(10);
  return row;
}

}  // namespace

void IncidentRepository::insert(store::Transaction& tx, const IncidentRow& i) {
  try {
    Transaction::of(tx)
        .prepare(
            "INSERT INTO incidents (id, created_at, created_by, body_json, activation_json, first_known_at, type, "
            "level, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bindAll(i.id, timeText(i.createdAt), i.createdBy, i.body.dump(), toJsonColumn(i.activation),
                 timeText(i.firstKnownAt), i.type, i.level, i.state)
        .run();
  } catch (const EocError& e) {
    if (e.code() == ErrorCode::Conflict) throw EocError(ErrorCode::Conflict, "incident " + i.id + " already exists");
    throw;
  }
}

std::optional<IncidentRow> IncidentRepository::find(const std::string& id) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kIncidentColumns + " FROM incidents WHERE id = ?1");
    s.bindAll(id);
    return firstRow(s, readIncident);
  });
}

std::vector<IncidentRow> IncidentRepository::list(const IncidentFilter& f) {
  std::optional<std::string> since = timeText(f.since);
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kIncidentColumns +
                            " FROM incidents WHERE (CAST(?1 AS TEXT) IS NULL OR state = CAST(?1 AS TEXT))"
                            " AND (CAST(?2 AS TEXT) IS NULL OR first_known_at >= CAST(?2 AS TEXT))"
                            " AND (CAST(?3 AS TEXT) IS NULL OR type = CAST(?3 AS TEXT))"
                            " ORDER BY first_known_at DESC, id LIMIT ?4");
    s.bindAll(f.state, since, f.type, int64_t(f.limit));
    return allRows(s, readIncident);
  });
}

bool IncidentRepository::close(store::Transaction& tx, const std::string& id, TimePoint at, const std::string& by) {
  Transaction::of(tx)
      .prepare("UPDATE incidents SET state = 'closed', closed_at = ?2, closed_by = ?3 WHERE id = ?1 AND state = 'open'")
      .bindAll(id, timeText(at), by)
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

}  // namespace eoc::store::sqlite
