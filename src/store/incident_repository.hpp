#pragma once
// The incident register: what happened, when the desk first knew of it (first_known_at, from
// which the reporting deadlines run), its level (I–IV), its activation, and whether it is open or
// closed. Dispatches of teams to an incident stay with the teams (store/team_repository.hpp); the
// reports upward are the duty desk's (store/duty_repository.hpp). Thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

// One incident of the register, a column each (migration 65 moved them out of the JSON document
// the row used to hold). The activation is the plans module's stored document, kept as it is.
struct IncidentRow {
  std::string id;
  TimePoint createdAt{};
  std::string createdBy;
  std::string type;  // incident type key (plans/hazards.json)
  double lon = 0;    // WGS84
  double lat = 0;
  int casualties = 0;
  int evacuated = 0;
  std::string note;
  std::optional<double> magnitude;  // earthquakes
  std::optional<double> depthKm;
  std::optional<std::string> size;  // "small" | "medium" | "large"
  std::optional<double> areaKm2;
  std::optional<std::string> occurredAt;    // when it happened, as the desk gave it ("time")
  std::optional<std::string> activationId;  // the plan activation run when it was registered
  nlohmann::json activation;                // that activation's document; null when no plan engine ran
  TimePoint firstKnownAt{};                 // rows from before the column existed read their creation time
  std::optional<std::string> level;         // "I".."IV"
  std::string state = "open";               // open, closed
  std::optional<TimePoint> closedAt;
  std::string closedBy;
};

struct IncidentFilter {
  std::optional<std::string> state;
  std::optional<TimePoint> since;  // first known at or after
  std::optional<std::string> type;
  size_t limit = 1000;
};

class IncidentRepository {
 public:
  virtual ~IncidentRepository() = default;

  // Throws EocError(Conflict) when the id exists.
  virtual void insert(Transaction& tx, const IncidentRow& incident) = 0;
  virtual std::optional<IncidentRow> find(const std::string& id) = 0;
  // Newest first-known first.
  virtual std::vector<IncidentRow> list(const IncidentFilter& filter) = 0;
  // Open → closed; false when it was not open.
  virtual bool close(Transaction& tx, const std::string& id, TimePoint at, const std::string& by) = 0;
};

}  // namespace eoc::store
