#pragma once
// The drills area at the HTTP edge (and the command line's), step one of the road: request
// bodies and queries → the typed requests of drills/drill_request.hpp. Syntax only: JSON types,
// required and unknown keys, the scenario and MSEL shapes (drills::parseScenario,
// drills::parseMsel). Any "status" other than "Exercise" is refused with
// ExerciseCannotBecomeActual: a drill is always an exercise. Every failure throws EocError
// naming the field.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "drills/drill_request.hpp"
#include "store/drill_repository.hpp"

namespace eoc::http {

// {"scenario": {...}} or {"scenario_id": "..."}
drills::CreateDrillRequest parseCreateDrillRequest(const nlohmann::json& body);
// {"mode": "simulated"|"live", "seed": 42, "speed": 60, "response_model": {...}}
drills::RunRequest parseRunRequest(const nlohmann::json& body);
// {"msel": [rows]} or [rows]
drills::MselRequest parseMselRequest(std::string drillId, const nlohmann::json& body);
// null (an empty body) or {"note": "..."}
drills::NoticeAckRequest parseNoticeAckRequest(std::string drillId, const nlohmann::json& body);
// ?state=planned|running|finished (empty: all): InvalidParameter otherwise.
std::optional<store::DrillState> parseDrillStateFilter(const std::string& state);

}  // namespace eoc::http
