#pragma once
// Master Scenario Events List: the injects of a drill in time order, generated from the
// scenario and the activated plan's actions and deadlines, editable before the run.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drills/scenario.hpp"

namespace eoc::drills {

// One action of the activated plan, as the service hands it over (plans::ActionItem's facts).
struct PlannedAction {
  std::string plan;
  std::string what;
  std::string unitName;
  int deadlineMin = 0;
};

struct Participant {
  std::string id;    // committee code or team id
  std::string name;
};

struct MselRow {
  int seq = 0;
  int offsetMin = 0;          // minutes after the drill start
  std::string injectType;     // scenario | warning | dispatch | action | checkpoint
  std::string from;
  std::string to;
  std::string description;    // always begins with 【演练】
  std::string expectedAction;
  std::string objective;      // objective id it serves, "" when none
  std::string controller;     // responsible controller
};

inline constexpr const char* kExerciseMark = "【演练】";

// Scenario inject at 0; the exercise warning to every participating committee at 0; dispatch of
// each team at 1; each plan action at its deadline; a checkpoint at every objective's deadline.
// Rows ordered by offset (stable), seq 1..n.
std::vector<MselRow> generateMsel(const Scenario& scenario, const std::vector<PlannedAction>& actions,
                                  const std::vector<Participant>& committees, const std::vector<Participant>& teams);

nlohmann::json toJson(const std::vector<MselRow>& rows);
// An edited MSEL (PUT before the run): an array of rows; checked here, renumbered by offset.
// Throws EocError(InvalidBody) naming the field ("msel[3].offset_min: ...").
std::vector<MselRow> parseMsel(const nlohmann::json& rows);

}  // namespace eoc::drills
