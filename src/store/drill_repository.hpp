#pragma once
// Drills: the scenario as given, its computed impact, the MSEL, the plan activation it made, the
// run state (planned → running → finished), the run record and the after-action report. Each is
// a JSON document in one row; a drill is always an exercise (the schema refuses anything else).
//
// Writes take the caller's Transaction so that each change commits with its audit entry.
// Thread-safe.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

enum class DrillState { Planned, Running, Finished };
std::string_view drillStateName(DrillState state);  // "planned" | "running" | "finished"
std::optional<DrillState> parseDrillState(std::string_view name);

struct DrillRecord {
  std::string id;
  TimePoint createdAt{};
  std::string createdBy;  // Principal::label()
  TimePoint updatedAt{};
  DrillState state = DrillState::Planned;
  nlohmann::json scenario;  // the scenario as given (source JSON)
  nlohmann::json impact;
  nlohmann::json msel;  // array of rows
  std::optional<std::string> activationId;
  nlohmann::json run;     // null until a run starts
  nlohmann::json report;  // null until a run finishes
};

// One line of the drill list: what GET /drills shows without reading every document.
struct DrillSummary {
  std::string id;
  TimePoint createdAt{};
  std::string createdBy;
  TimePoint updatedAt{};
  DrillState state = DrillState::Planned;
  std::string title;
  std::string type;
  std::string mode;  // "" before a run, else "simulated" | "live"
};

class DrillRepository {
 public:
  virtual ~DrillRepository() = default;

  // Throws EocError(Conflict) when the id exists.
  virtual void insert(Transaction& tx, const DrillRecord& record) = 0;
  virtual std::optional<DrillRecord> find(const std::string& id) = 0;
  // The same, read inside a write (so a check and its change see one state).
  virtual std::optional<DrillRecord> find(Transaction& tx, const std::string& id) = 0;
  // Ids of every stored drill, oldest first.
  virtual std::vector<std::string> ids() = 0;
  // The newest `limit` drills (newest first), optionally only those in `state`; one query.
  virtual std::vector<DrillSummary> summaries(std::optional<DrillState> state, size_t limit) = 0;

  // Replaces the MSEL of a drill still planned; false when the drill is unknown or not planned.
  virtual bool replaceMsel(Transaction& tx, const std::string& id, const nlohmann::json& msel, TimePoint at) = 0;
  // Moves a drill to `state` with its run record and report (null keeps the column empty).
  // False when the drill is unknown.
  virtual bool recordRun(Transaction& tx, const std::string& id, DrillState state, const nlohmann::json& run,
                         const nlohmann::json& report, TimePoint at) = 0;
};

}  // namespace eoc::store
