#pragma once
// The teams area at the HTTP edge, last step of the road: typed results → the JSON the API
// answers and the "team.status" / "team.position" events carry. The one renderer of the area.
#include <nlohmann/json.hpp>

#include "service/teams_results.hpp"

namespace eoc::http {

nlohmann::json renderTeam(const service::TeamView& view);       // GET /teams/{id}, events
nlohmann::json renderTeamList(const service::TeamList& list);   // GET /teams
nlohmann::json renderTeamHistory(const service::TeamHistory& history);
nlohmann::json renderTeamSummary(const service::TeamSummary& summary);
nlohmann::json renderPositionResult(const service::PositionResult& result);
// `etaMethod`: how every ETA was estimated (labelled on each).
nlohmann::json renderRecommendation(const service::Recommendation& recommendation);
nlohmann::json renderPrepositionProposal(const service::PrepositionProposal& proposal);
nlohmann::json renderPrepositionAccepted(const service::PrepositionAccepted& accepted);

}  // namespace eoc::http
