#pragma once
// What the teams use cases answer: typed results, rendered to JSON only at the HTTP edge
// (http/teams_render.hpp) — for the API and for the "team.*" events alike.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/geo_point.hpp"
#include "core/time.hpp"
#include "store/team_repository.hpp"
#include "teams/eta.hpp"
#include "teams/freshness.hpp"
#include "teams/position.hpp"
#include "teams/roster.hpp"
#include "teams/status.hpp"

namespace eoc::service {

// A team's live state: loaded from the store at start, changed by status and position reports.
struct TeamLive {
  teams::TeamStatus status = teams::TeamStatus::Available;
  std::optional<TimePoint> since;
  std::string byActor;
  std::string note;
  std::optional<std::string> incidentId;
  std::optional<teams::PositionFix> fix;
  std::string flags;  // of the last fix, comma-separated, "" when clean
  teams::Freshness freshness = teams::Freshness::None;
};

// GET /teams/{id}, one line of GET /teams, and the data of "team.status" / "team.position".
struct TeamView {
  teams::Team team;
  TeamLive live;
  std::vector<teams::TeamStatus> allowedNext;
  bool phoneVisible = false;  // TeamsPolicy::seesPhones: the leader's phone unmasked
};

struct TeamList {
  std::vector<TeamView> teams;  // roster order
};

// GET /teams/{id}/history
struct TeamHistory {
  std::string teamId;
  std::vector<store::StatusHistoryRecord> statusHistory;  // newest first
  std::vector<store::PositionRecord> track;               // newest first
};

// GET /teams/summary: teams and people by status and by specialty.
struct HeadCount {
  int teams = 0;
  int people = 0;
  int availableTeams = 0;  // by specialty only
  int availablePeople = 0;
};
struct TeamSummary {
  size_t teams = 0;
  long long people = 0;
  std::map<std::string, HeadCount> byStatus;     // every status, zero included
  std::map<std::string, HeadCount> bySpecialty;  // every specialty, zero included
};

// POST /teams/{id}/position
struct PositionResult {
  std::string teamId;
  bool latest = false;  // newer than the fix before: it moved the team on the map
  std::vector<std::string> flags;
  teams::PositionFix fix;
  teams::Freshness freshness = teams::Freshness::None;
};

// GET /dispatch/recommend
struct RecommendedTeam {
  teams::Team team;
  long long cumulativeHeadcount = 0;
  bool fromLastPosition = false;  // else from its home base
  teams::Eta eta;
};
struct Recommendation {
  GeoPoint target;
  std::optional<std::string> specialty;
  int people = 0;
  long long coveredPeople = 0;
  std::string etaMethod;
  std::vector<RecommendedTeam> teams;  // by ETA until `people` are covered
};

// POST /activations/{id}/prepositioning
struct PrepositionItem {
  std::string point;
  std::string layer;
  std::string name;
  std::string specialty;
  GeoPoint location;
  std::optional<teams::Team> team;  // none: uncovered
  double etaSeconds = 0;
};
struct PrepositionProposal {
  std::string activationId;
  std::string etaMethod;
  std::vector<PrepositionItem> items;  // points in order; covered or not
  double totalEtaSeconds = 0;
  double greedyTotalEtaSeconds = 0;
};

// POST /activations/{id}/prepositioning/accept
struct PrepositionAccepted {
  std::string activationId;
  std::vector<std::pair<std::string, std::string>> accepted;  // (point, team), each now notified
};

}  // namespace eoc::service
