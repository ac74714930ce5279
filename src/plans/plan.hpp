#pragma once
// The parsed, cross-checked form of one plan file: what the activation engine evaluates.
// The full document is kept too, for GET /plans/{id}.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "plans/levels.hpp"

namespace eoc::plans {

struct WarningTrigger {
  std::string type;    // signal type key, "rainstorm"
  std::string minColour;
};

// Every condition present must hold (AND); a level lists several triggers for OR.
struct IncidentTrigger {
  std::string type;  // incident type key, "gas_leak"
  std::optional<double> minMagnitude;
  std::optional<int> minCasualties;
  std::optional<int> minEvacuated;
  std::optional<double> minAreaKm2;
  std::vector<std::string> sizes;  // empty: any size
};

// Fires when another plan (any, or one of `ids`) is active at `minLevel` or higher.
struct PlanTrigger {
  std::vector<std::string> ids;
  Level minLevel = Level::IV;
};

struct Trigger {
  std::variant<WarningTrigger, IncidentTrigger, PlanTrigger> rule;
  std::string source;  // "flood.json#/response/levels/1/triggers/0" — the "because" of what it produces
  nlohmann::json text; // the rule as written, for explanations
};

struct PlanAction {
  std::string what;
  std::string unit;
  int deadlineMin = 0;
  std::string layer;     // "" when the action concerns no layer
  std::string resource;  // "" when none
  std::string source;
};

struct TeamRequirement {
  std::string specialty;
  int people = 0;
  std::string source;
};

struct ResponseLevel {
  Level level = Level::IV;
  std::string commander;
  std::vector<Trigger> triggers;
  std::vector<PlanAction> actions;  // this level's own; activation adds the lower levels' (cumulative)
  std::vector<TeamRequirement> teams;
};

struct Plan {
  std::string id;
  std::string title;
  std::string file;            // "flood.json"
  bool overall = false;        // kind == "overall"
  std::vector<ResponseLevel> levels;  // IV, III, II, I
  nlohmann::json document;     // the file as loaded
  nlohmann::json summary;      // for GET /plans

  const ResponseLevel& at(Level level) const;
};

}  // namespace eoc::plans
