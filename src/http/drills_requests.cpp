#include "http/drills_requests.hpp"

#include <cmath>
#include <set>

#include "core/error.hpp"

namespace eoc::http {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& field, const std::string& what, ErrorCode code = ErrorCode::InvalidBody) {
  throw EocError(code, field + ": " + what);
}

void refuseActualStatus(const json& body) {
  auto it = body.find("status");
  if (it == body.end()) return;
  if (!it->is_string() || it->get<std::string>() != "Exercise")
    bad("status", "a drill is always an Exercise; it can never be " + it->dump(), ErrorCode::ExerciseCannotBecomeActual);
}

}  // namespace

drills::CreateDrillRequest parseCreateDrillRequest(const json& body) {
  if (!body.is_object()) bad("body", "must be {\"scenario\": {...}} or {\"scenario_id\": \"...\"}");
  refuseActualStatus(body);
  bool inline_ = body.contains("scenario"), named = body.contains("scenario_id");
  if (inline_ == named) bad("scenario", "give exactly one of scenario (an object) or scenario_id (a library id)");
  for (const auto& [key, value] : body.items())
    if (key != "scenario" && key != "scenario_id" && key != "status") bad(key, "unknown field");

  drills::CreateDrillRequest request;
  if (named) {
    const auto& wanted = body["scenario_id"];
    if (!wanted.is_string()) bad("scenario_id", "must be a string");
    request.scenarioId = wanted.get<std::string>();
    return request;
  }
  const json& scenario = body["scenario"];
  try {
    request.scenario = drills::parseScenario(scenario);
  } catch (const EocError& e) {
    // The domain parser names fields inside the scenario; the client sent them under "scenario".
    throw EocError(e.code(), "scenario." + e.detail());
  }
  if (!scenario.is_object()) bad("scenario", "must be an object");
  refuseActualStatus(scenario);
  return request;
}

drills::RunRequest parseRunRequest(const json& body) {
  if (!body.is_object()) bad("body", "must be an object {\"mode\", \"seed\", \"speed\"}");
  refuseActualStatus(body);
  static const std::set<std::string> kKnown = {"mode", "seed", "speed", "response_model", "status"};
  for (const auto& [key, value] : body.items())
    if (!kKnown.count(key)) bad(key, "unknown field (known: mode, seed, speed, response_model)");
  drills::RunRequest r;
  auto mode = body.find("mode");
  if (mode == body.end()) bad("mode", "required, \"simulated\" or \"live\"");
  if (!mode->is_string() || (*mode != "simulated" && *mode != "live"))
    bad("mode", "must be \"simulated\" or \"live\", got " + mode->dump());
  r.mode = *mode == "live" ? drills::RunMode::Live : drills::RunMode::Simulated;
  if (auto seed = body.find("seed"); seed != body.end()) {
    // A JSON text's 42 reads as unsigned; a body built in code may hold it as a signed integer.
    if (!seed->is_number_integer() || (!seed->is_number_unsigned() && seed->get<std::int64_t>() < 0))
      bad("seed", "must be a non-negative integer, got " + seed->dump());
    r.seed = seed->get<std::uint64_t>();
  }
  if (auto speed = body.find("speed"); speed != body.end()) {
    if (!speed->is_number() || !std::isfinite(speed->get<double>()) || speed->get<double>() <= 0 ||
        speed->get<double>() > 3600)
      bad("speed", "must be a number of drill minutes per real minute (live runs; 1 = real time), above 0 and at most 3600");
    r.speed = speed->get<double>();
  }
  if (auto model = body.find("response_model"); model != body.end()) r.model = drills::parseResponseModel(*model);
  return r;
}

drills::MselRequest parseMselRequest(std::string drillId, const json& body) {
  const json& rows = body.is_object() && body.contains("msel") ? body["msel"] : body;
  return {std::move(drillId), drills::parseMsel(rows)};
}

drills::NoticeAckRequest parseNoticeAckRequest(std::string drillId, const json& body) {
  drills::NoticeAckRequest request{std::move(drillId), ""};
  if (body.is_null()) return request;
  if (!body.is_object()) bad("body", "must be an object {\"note\": \"...\"}");
  for (const auto& [key, value] : body.items())
    if (key != "note") bad(key, "unknown field (known: note)");
  if (body.contains("note")) {
    if (!body["note"].is_string()) bad("note", "must be a string");
    request.note = body["note"].get<std::string>();
    if (request.note.size() > 2000) bad("note", "longer than 2000 bytes");
  }
  return request;
}

std::optional<store::DrillState> parseDrillStateFilter(const std::string& state) {
  if (state.empty()) return std::nullopt;
  auto wanted = store::parseDrillState(state);
  if (!wanted)
    throw EocError(ErrorCode::InvalidParameter, "state: must be planned, running or finished, got \"" + state + "\"");
  return wanted;
}

}  // namespace eoc::http
