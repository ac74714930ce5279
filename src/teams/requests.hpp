#pragma once
// The request bodies of the teams endpoints, each checked in one place. Errors are EocError
// naming the field (InvalidBody unless stated).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "teams/status.hpp"

namespace eoc::teams {

// POST /teams/{id}/status {"status": "en_route", "note": "..."}; unknown status: InvalidParameter.
struct StatusRequest {
  TeamStatus status = TeamStatus::Available;
  std::string note;
};
StatusRequest parseStatusRequest(const nlohmann::json& body);

// POST /incidents/{id}/dispatch {"teams": ["T07"], "force": false, "reason": ""}; a forced
// dispatch needs a reason; a team may not repeat.
struct DispatchRequest {
  std::vector<std::string> teams;
  bool force = false;
  std::string reason;
};
DispatchRequest parseDispatchRequest(const nlohmann::json& body);

// POST /activations/{id}/prepositioning/accept: {} accepts the current proposal;
// {"assignments": [{"point": "W3", "team": "T07"}, ...]} accepts exactly these pairs.
struct PrepositionAccept {
  std::optional<std::vector<std::pair<std::string, std::string>>> assignments;  // (point, team)
};
PrepositionAccept parsePrepositionAccept(const nlohmann::json& body);

// POST /incidents: the incident body with our own "note" moved to the plans module's
// "description", so that the plans module validates type, location, size and casualties.
// Returns {"incident": {...}} for plans::parseActivationRequest and the note separately.
std::pair<nlohmann::json, std::string> splitIncidentNote(const nlohmann::json& body);

}  // namespace eoc::teams
