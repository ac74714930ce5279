#include "store/drill_repository.hpp"

#include <array>
#include <utility>

#include "core/error.hpp"
#include "store/json_column.hpp"

namespace eoc::store {

namespace {

constexpr std::array<std::pair<DrillState, std::string_view>, 3> kStates{{
    {DrillState::Planned, "planned"},
    {DrillState::Running, "running"},
    {DrillState::Finished, "finished"},
}};

constexpr const char* kSelect =
    "SELECT id, created_at, created_by, updated_at, state, scenario_json, impact_json, msel_json, activation_id, "
    "run_json, report_json FROM drills WHERE id = ?1";

std::optional<DrillState> parseState(std::string_view name) {
  for (auto& [state, text] : kStates)
    if (text == name) return state;
  return std::nullopt;
}

std::optional<DrillRecord> readOne(Statement& s, const std::string& id) {
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  auto createdAt = parseIso8601(s.text(1));
  auto updatedAt = parseIso8601(s.text(3));
  auto state = parseState(s.text(4));
  if (!createdAt || !updatedAt || !state)
    throw EocError(ErrorCode::StorageError, "drill " + id + " has an unreadable time or state");
  DrillRecord r;
  r.id = s.text(0);
  r.createdAt = *createdAt;
  r.createdBy = s.text(2);
  r.updatedAt = *updatedAt;
  r.state = *state;
  r.scenario = fromJsonColumn(s.optionalText(5), "drills.scenario_json");
  r.impact = fromJsonColumn(s.optionalText(6), "drills.impact_json");
  r.msel = fromJsonColumn(s.optionalText(7), "drills.msel_json");
  r.activationId = s.optionalText(8);
  r.run = fromJsonColumn(s.optionalText(9), "drills.run_json");
  r.report = fromJsonColumn(s.optionalText(10), "drills.report_json");
  return r;
}

}  // namespace

std::string_view drillStateName(DrillState state) {
  for (auto& [s, text] : kStates)
    if (s == state) return text;
  return "planned";
}

void DrillRepository::insert(Transaction& tx, const DrillRecord& r) {
  try {
    tx.prepare(
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
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kSelect);
    return readOne(s, id);
  });
}

std::optional<DrillRecord> DrillRepository::find(Transaction& tx, const std::string& id) {
  Statement s = tx.prepare(kSelect);
  return readOne(s, id);
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
        "SELECT id, created_at, created_by, updated_at, state, json_extract(scenario_json, '$.title'), "
        "json_extract(scenario_json, '$.type'), json_extract(run_json, '$.mode') FROM drills "
        "WHERE ?1 IS NULL OR state = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2");
    std::optional<std::string> wanted;
    if (state) wanted = std::string(drillStateName(*state));
    s.bindAll(wanted, int64_t(limit));
    std::vector<DrillSummary> out;
    while (s.step()) {
      auto createdAt = parseIso8601(s.text(1));
      auto updatedAt = parseIso8601(s.text(3));
      auto parsed = parseState(s.text(4));
      if (!createdAt || !updatedAt || !parsed)
        throw EocError(ErrorCode::StorageError, "drill " + s.text(0) + " has an unreadable time or state");
      out.push_back({s.text(0), *createdAt, s.text(2), *updatedAt, *parsed, s.optionalText(5).value_or(""),
                     s.optionalText(6).value_or(""), s.optionalText(7).value_or("")});
    }
    return out;
  });
}

bool DrillRepository::replaceMsel(Transaction& tx, const std::string& id, const nlohmann::json& msel, TimePoint at) {
  tx.prepare("UPDATE drills SET msel_json = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'planned'")
      .bindAll(id, msel.dump(), formatBeijing(at))
      .run();
  return tx.connection().changes() > 0;
}

bool DrillRepository::recordRun(Transaction& tx, const std::string& id, DrillState state, const nlohmann::json& run,
                                const nlohmann::json& report, TimePoint at) {
  tx.prepare("UPDATE drills SET state = ?2, run_json = ?3, report_json = ?4, updated_at = ?5 WHERE id = ?1")
      .bindAll(id, drillStateName(state), toJsonColumn(run), toJsonColumn(report), formatBeijing(at))
      .run();
  return tx.connection().changes() > 0;
}

}  // namespace eoc::store
