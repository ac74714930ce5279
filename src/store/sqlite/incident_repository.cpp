#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

// Rows written before the register had its own columns got them in migrations 50 and 65.
constexpr const char* kIncidentColumns =
    "id, created_at, created_by, type, lon, lat, casualties, evacuated, note, magnitude, depth_km, size, area_km2, "
    "occurred_at, activation_id, activation_json, first_known_at, level, state, closed_at, closed_by";

IncidentRow readIncident(const Statement& s) {
  IncidentRow row;
  row.id = s.text(0);
  row.createdAt = timeAt(s, 1, "incidents.created_at");
  row.createdBy = s.text(2);
  row.type = s.optionalText(3).value_or("");
  row.lon = s.real(4);
  row.lat = s.real(5);
  row.casualties = int(s.int64(6));
  row.evacuated = int(s.int64(7));
  row.note = s.text(8);
  row.magnitude = s.optionalReal(9);
  row.depthKm = s.optionalReal(10);
  row.size = s.optionalText(11);
  row.areaKm2 = s.optionalReal(12);
  row.occurredAt = s.optionalText(13);
  row.activationId = s.optionalText(14);
  row.activation = jsonAt(s, 15, "incidents.activation_json");
  row.firstKnownAt = timeAt(s, 16, "incidents.first_known_at");
  row.level = s.optionalText(17);
  row.state = s.text(18);
  row.closedAt = optionalTimeAt(s, 19, "incidents.closed_at");
  row.closedBy = s.text(20);
  return row;
}

}  // namespace

void IncidentRepository::insert(store::Transaction& tx, const IncidentRow& i) {
  try {
    Transaction::of(tx)
        .prepare(
            "INSERT INTO incidents (id, created_at, created_by, type, lon, lat, casualties, evacuated, note, "
            "magnitude, depth_km, size, area_km2, occurred_at, activation_id, activation_json, first_known_at, level, "
            "state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)")
        .bindAll(i.id, timeText(i.createdAt), i.createdBy, i.type, i.lon, i.lat, i.casualties, i.evacuated, i.note,
                 i.magnitude, i.depthKm, i.size, i.areaKm2, i.occurredAt, i.activationId,
                 toJsonColumn(i.activation), timeText(i.firstKnownAt), i.level, i.state)
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
