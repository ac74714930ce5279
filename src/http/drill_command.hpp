#pragma once
// `eoc drill plan|run --simulate|report`: the command line's edge of the drills area. It reads
// the arguments (and a scenario file) into the same typed requests as the HTTP routes, calls the
// use case on a DrillCommandHost (service/drill_command.hpp: the store and the data only, nothing
// of the serving eoc starts) and renders the answer with the area's renderer.
//   plan FILE|SCENARIO_ID   a scenario file (or a {"scenario"...} / {"scenario_id"...} body) or a library id
//   run ID --simulate       a seeded simulated run (live runs: `eoc drill run ID` without --simulate
//                           asks the serving eoc over HTTP, see http/drill_client.hpp)
//   report ID               format json | html | csv
#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/principal.hpp"

namespace eoc::service {
class DrillsService;
}

namespace eoc::http {

struct DrillCommand {
  std::string verb;
  std::string target;
  bool simulate = false;
  std::uint64_t seed = 1;
  std::string format = "json";
};

// Returns what to print; throws EocError (naming the argument, file or field) on bad input.
std::string runDrillCommand(const Config& config, const DrillCommand& command, const Principal& who);
std::string runDrillCommand(service::DrillsService& drills, const DrillCommand& command, const Principal& who);

}  // namespace eoc::http
