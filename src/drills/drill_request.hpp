#pragma once
// What a drill use case is asked to do, typed: built from a request body at the edge
// (http/drills_requests.cpp, or the command line), checked for meaning by DrillsService. No
// field here can make anything Actual: a drill is always an Exercise.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drills/live_run.hpp"
#include "drills/msel.hpp"
#include "drills/scenario.hpp"
#include "drills/simulation.hpp"

namespace eoc::drills {

// POST /drills: exactly one of a library scenario (by id) or a scenario given in the body
// (already parsed by drills::parseScenario).
struct CreateDrillRequest {
  std::optional<std::string> scenarioId;
  std::optional<Scenario> scenario;
};

enum class RunMode { Simulated, Live };
std::string_view runModeName(RunMode mode);  // "simulated" | "live"

// POST /drills/{id}/run
struct RunRequest {
  RunMode mode = RunMode::Simulated;
  std::uint64_t seed = 1;
  double speed = 1;  // live: drill minutes per real minute (simulated runs ignore it)
  ResponseModel model;
};

// PUT|POST /drills/{id}/msel: the rows, already parsed by drills::parseMsel.
struct MselRequest {
  std::string drillId;
  std::vector<MselRow> rows;
};

// POST /drills/{id}/ack
struct NoticeAckRequest {
  std::string drillId;
  std::string note;  // at most 2000 bytes
};

}  // namespace eoc::drills
