#include "http/drill_command.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/drills_render.hpp"
#include "http/drills_requests.hpp"
#include "service/drill_command.hpp"

namespace eoc::http {

using nlohmann::json;

std::string runDrillCommand(service::DrillsService& drills, const DrillCommand& command, const Principal& who) {
  if (command.verb == "plan") {
    json body;
    if (std::filesystem::is_regular_file(command.target)) {
      std::ifstream in(command.target);
      body = json::parse(in, nullptr, false);
      if (body.is_discarded()) throw EocError(ErrorCode::InvalidJson, command.target + ": not valid JSON");
      if (!body.is_object() || (!body.contains("scenario") && !body.contains("scenario_id")))
        body = json{{"scenario", body}};
    } else {
      body = {{"scenario_id", command.target}};
    }
    auto drill = drills.create(who, parseCreateDrillRequest(body), "cli");
    return renderDrill(drill).dump(2) + "\n" + drill.record.id + "\n";
  }
  if (command.verb == "run") {
    if (!command.simulate)
      throw EocError(ErrorCode::InvalidParameter,
                     "drill run: a live run belongs to the serving eoc (POST /drills/" + command.target +
                         "/run {\"mode\": \"live\"}, its timers fire the injects); add --simulate for a simulated run");
    drills::RunRequest request;
    request.mode = drills::RunMode::Simulated;
    request.seed = command.seed;
    drills.run(who, command.target, request, "cli");
    return renderReport(drills.report(command.target)).dump(2) + "\n";
  }
  if (command.verb == "report") {
    if (command.format == "json") return renderReport(drills.report(command.target)).dump(2) + "\n";
    if (command.format == "html") return drills::renderHtml(drills.report(command.target));
    if (command.format == "csv") return drills::renderCsv(drills.report(command.target));
    throw EocError(ErrorCode::InvalidParameter, "--format: must be json, html or csv, got \"" + command.format + "\"");
  }
  throw EocError(ErrorCode::InvalidParameter, "drill: the command is plan, run or report, got \"" + command.verb + "\"");
}

std::string runDrillCommand(const Config& config, const DrillCommand& command, const Principal& who) {
  service::DrillCommandHost host(config);
  return runDrillCommand(host.drills(), command, who);
}

}  // namespace eoc::http
