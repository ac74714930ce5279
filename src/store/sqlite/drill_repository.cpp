#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

constexpr const char* kSelect =
    "SELECT id, created_at, created_by, updated_at, state, scenario_json, impact_json, msel_json, activation_id, "
    "run_json, report_json FROM drills WHERE id = ?1";

DrillState stateAt(const Statement& s, int column) {
  auto state = parseDrillState(s.text(column));
  if (!state) throw EocError(ErrorCode::StorageError, "column drills.state holds an unknown state");
  return *state;
}

DrillRecord readRecord(const Statement& s) {
  DrillRecord r;
  r.id = s.text(0);
  r.createdAt = timeAt(s, 1, "drills.created_at");
  r.createdBy = s.text(2);
  r.updatedAt = timeAt(s, 3, "drills.updated_at");
  r.state = stateAt(s, 4);
  r.scenario = jsonAt(s, 5, "drills.scenario_json");
  r.impact = jsonAt(s, 6, "drills.impact_json");
  r.msel = jsonAt(s, 7, "drills.msel_json");
  r.activationId = s.optionalText(8);
  r.run = jsonAt(s, 9, "drills.run_json");
  r.report = jsonAt(s, 10, "drills.report_json");
  return r;
}

DrillSummary readSummary(const Statement& s) {
  // JSON fields are read here, not in SQL: json_extract is SQLite's spelling only.
  auto field = [](const nlohmann::json& doc, const char* name) {
    auto it = doc.is_object() ? doc.find(name) : doc.end();
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  nlohmann::json scenario = jsonAt(s, 5, "drills.scenario_json");
  nlohmann::json run = jsonAt(s, 6, "drills.run_json");
  return {s.text(0),
          timeAt(s, 1, "drills.created_at"),
          s.text(2),
          timeAt(s, 3, "drills.updated_at"),
          stateAt(s, 4),
          field(scenario, "title"),
          field(scenario, "type"),
          field(run, "mode")};
}

// One query, run in the caller's write transaction or on a read snapshot.
std::optional<DrillRecord> findOn(Connection& c, const std::string& id) {
  Statement s = c.prepare(kSelect);
  s.bind(1, id);
  return firstRow(s, readRecord);
}

}  // namespace

void DrillRepository::insert(store::Transaction& tx, const DrillRecord& r) {
  try {
    Transaction::of(tx)
        .prepare(
            "INSERT INTO drills (id, created_at, created_by, updated_at, state, scenario_json, impact_json, msel_json, "
            "activation_id, run_json, report_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        .bindAll(r.id, formatBeijing(r.createdAt), r.createdBy, formatBeijing(r.updatedAt), drillStateName(r.state),
                 r.scenario.dump(), r.impact.dump(), r.msel.dump(), r.activationId, toJsonColumn(r.run),
                 toJsonColumn(r.report))
        .run();
  } catch (const EocError& e) {
    // StoreError maps SQLITE_CONSTRAINT to Conflict; only the primary key can fail here.
    if (e.code() == ErrorCode::Conflict) throw EocError(ErrorCode::Conflict, "drill " + r.id + " already exists");
    throw;
  }
}

std::optional<DrillRecord> DrillRepository::find(const std::string& id) {
  return db_.read([&](Connection& c) { return findOn(c, id); });
}

std::optional<DrillRecord> DrillRepository::find(store::Transaction& tx, const std::string& id) {
  return findOn(Transaction::of(tx).connection(), id);
}

std::vector<std::string> DrillRepository::ids() {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare("SELECT id FROM drills ORDER BY created_at, id");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

std::vector<DrillSummary> DrillRepository::summaries(std::optional<DrillState> state, size_t limit) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(
        "SELECT id, created_at, created_by, updated_at, state, scenario_json, run_json FROM drills "
        "WHERE CAST(?1 AS TEXT) IS NULL OR state = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2");
    std::optional<std::string> wanted;
    if (state) wanted = std::string(drillStateName(*state));
    s.bindAll(wanted, int64_t(limit));
    return allRows(s, readSummary);
  });
}

bool DrillRepository::replaceMsel(store::Transaction& tx, const std::string& id, const nlohmann::json& msel,
                                  TimePoint at) {
  Transaction::of(tx)
      .prepare("UPDATE drills SET msel_json = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'planned'")
      .bindAll(id, msel.dump(), formatBeijing(at))
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

bool DrillRepository::recordRun(store::Transaction& tx, const std::string& id, DrillState state,
                                const nlohmann::json& run, const nlohmann::json& report, TimePoint at) {
  Transaction::of(tx)
      .prepare("UPDATE drills SET state = ?2, run_json = ?3, report_json = ?4, updated_at = ?5 WHERE id = ?1")
      .bindAll(id, drillStateName(state), toJsonColumn(run), toJsonColumn(report), formatBeijing(at))
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

}  // namespace eoc::store::sqlite
