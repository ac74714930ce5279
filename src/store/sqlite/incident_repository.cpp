#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

// Rows written before the register had its own columns (migration 50) read their creation time
// as first known, and their type from the stored document.
constexpr const char* kIncidentColumns =
    "id, created_at, created_by, body_json, activation_json, coalesce(first_known_at, created_at), type, level, "
    "state, closed_at, closed_by";

IncidentRow readIncident(const Statement& s) {
  IncidentRow row;
  row.id = s.text(0);
  row.createdAt = timeAt(s, 1, "incidents.created_at");
  row.createdBy = s.text(2);
  row.body = jsonAt(s, 3, "incidents.body_json");
  row.activation = jsonAt(s, 4, "incidents.activation_json");
  row.firstKnownAt = timeAt(s, 5, "incidents.first_known_at");
  auto type = s.optionalText(6);
  row.type = type ? *type : (row.body.is_object() ? row.body.value("type", std::string()) : std::string());
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
                            " AND (CAST(?2 AS TEXT) IS NULL OR coalesce(first_known_at, created_at) >= CAST(?2 AS TEXT))"
                            " ORDER BY coalesce(first_known_at, created_at) DESC, id LIMIT ?3");
    s.bindAll(f.state, since, int64_t(f.limit));
    auto rows = allRows(s, readIncident);
    // The type is a column only since migration 50 (older rows keep it in their document).
    if (f.type) std::erase_if(rows, [&](const IncidentRow& r) { return r.type != *f.type; });
    return rows;
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
