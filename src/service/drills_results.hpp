#pragma once
// What the drills use cases answer: typed results, rendered to JSON only at the edge
// (http/drills_render.hpp, for the API and the command line alike).
#include <optional>
#include <string>
#include <vector>

#include "drills/live_run.hpp"
#include "drills/msel.hpp"
#include "drills/scenario.hpp"
#include "drills/simulation.hpp"
#include "plans/activation.hpp"
#include "store/drill_repository.hpp"

namespace eoc::service {

// GET /drills/scenarios: the library of plans/drills, each validated at load.
struct ScenarioLibrary {
  std::vector<drills::Scenario> scenarios;
};

// GET /drills/{id}, and the answer of every change of a drill.
struct DrillView {
  store::DrillRecord record;
  std::string zonesCollection;  // the OGC collection of its impact zones
  // Who takes part, as the drill's plan names them; empty when the plan could not be rebuilt.
  std::vector<drills::Participant> committees;
  std::vector<drills::TeamAtHome> teams;
  // The exercise activation the scenario makes (its team needs are shown with the drill).
  std::optional<plans::Activation> activation;
};

// GET /drills: newest first.
struct DrillList {
  std::vector<store::DrillSummary> drills;
};

// POST /drills/{id}/ack
struct NoticeAckResult {
  std::string drillId;
  std::string committee;
  drills::NoticeAck ack;
  bool duplicate = false;  // acknowledged before: the first acknowledgement is answered
};

}  // namespace eoc::service
