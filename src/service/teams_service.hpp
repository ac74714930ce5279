#pragma once
// The response-team use cases: roster and roll call, status changes, position reports,
// freshness, incidents and dispatch, recommendation and pre-positioning.
//
// Contract:
// - The roster comes from the `teams` layer (validated at construction; a bad specialty stops
//   startup). Live state (status, last fix, incident) is loaded from the store, so it survives
//   a restart; a team never seen in the store is available at its home base.
// - Every change runs in ONE Database::write together with its audit entry, under the
//   service's mutex (so a status check and its change cannot interleave with another); memory
//   is updated after the commit, and events are published after that.
// - Roles: a team token changes only its own team; a duty officer any team. Dispatch, incidents
//   and pre-positioning are the duty officer's (the HTTP route table enforces the role,
//   TeamsPolicy the ownership). Phones are masked unless TeamsPolicy::seesPhones(reader).
// - Requests arrive typed (teams/requests.hpp, parsed at the edge) and answers are typed
//   (service/teams_results.hpp), except the incident methods, which move to their own service.
// - Freshness is re-evaluated by the Scheduler's "teams.freshness" timer every
//   `freshnessCheckEvery`, calling evaluateFreshness(clock.now()); tests call it directly with
//   the time they want.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>


#include "core/principal.hpp"
#include "core/time.hpp"
#include "gis/layer.hpp"
#include "plans/activation.hpp"
#include "service/service_context.hpp"
#include "service/teams_results.hpp"
#include "store/activation_repository.hpp"
#include "store/team_repository.hpp"
#include "teams/eta.hpp"
#include "teams/freshness.hpp"
#include "teams/position.hpp"
#include "teams/requests.hpp"
#include "teams/roster.hpp"
#include "teams/status.hpp"

namespace eoc::service {

struct TeamsOptions {
  std::string teamsLayer = "teams";
  std::string boundaryLayer;  // "" : positions are never flagged as outside
  teams::EtaModel eta;
  teams::PositionRules positions;
  teams::FreshnessRule freshness;
  std::chrono::seconds freshnessCheckEvery{15};
  size_t trackLength = 500;  // fixes kept per team
  // Which specialty pre-positions at which exposed point layer of an activation.
  std::map<std::string, std::string> prepositionSpecialty = {{"waterlogging", "flood"},
                                                              {"geohazards", "search_rescue"}};
};

class TeamsService {
 public:
  TeamsService(ServiceContext& context, const plans::ActivationEngine& engine, TeamsOptions options = {});
  ~TeamsService();
  TeamsService(const TeamsService&) = delete;
  TeamsService& operator=(const TeamsService&) = delete;

  void start();  // arms the freshness timer
  void stop();   // cancels it; idempotent

  // --- reads ----------------------------------------------------------------------------------
  // `reader` is null for a request without a token (GET /teams is public).
  TeamList list(const Principal* reader) const;
  TeamView team(const Principal* reader, const std::string& id) const;  // NotFound for an unknown id
  TeamHistory history(const std::string& id) const;                     // status history and recent track
  TeamSummary summary() const;  // teams and people by status and by specialty
  // The teams collection as OGC API serves it: one point per team at its last good fix (home
  // base before any), with status, freshness and position time in the properties.
  std::shared_ptr<const gis::Layer> liveLayer() const;
  const std::string& layerId() const { return options_.teamsLayer; }

  // --- changes --------------------------------------------------------------------------------
  TeamView changeStatus(const Principal& who, const std::string& id, const teams::StatusRequest& request,
                        const std::string& requestId);
  PositionResult reportPosition(const Principal& who, const std::string& id, const teams::PositionFix& fix,
                                const std::string& requestId);

  // --- dispatch (the incident's side: service/incidents_service.hpp) ------------------------
  // The teams' side of dispatching `request.teams` to `incidentId` at `scene`: unknown team
  // InvalidBody naming it; a team not available without force Conflict. In one write: dispatch
  // rows, statuses, the notified milestone and the audit; then live state and team.status events.
  void dispatchTo(const Principal& who, const std::string& incidentId, GeoPoint scene,
                  const teams::DispatchRequest& request, const std::string& requestId);
  const teams::Team* findTeam(const std::string& id) const;  // null when not on the roster
  std::string etaMethod() const { return options_.eta.method(); }
  // Unknown specialty: InvalidParameter; people < 0: InvalidParameter.
  Recommendation recommend(GeoPoint target, const std::string& specialty, int people) const;

  // --- pre-positioning for a warning's activation ---------------------------------------------
  PrepositionProposal proposePrepositioning(const std::string& activationId) const;
  PrepositionAccepted acceptPrepositioning(const Principal& who, const std::string& activationId,
                                           const teams::PrepositionAccept& request, const std::string& requestId);

  // --- freshness ------------------------------------------------------------------------------
  // Re-judges every team at `now`; publishes team.freshness for each team that became stale or
  // lost; returns the teams whose tier changed, with the new tier.
  std::vector<std::pair<std::string, teams::Freshness>> evaluateFreshness(TimePoint now);

 private:
  using Live = TeamLive;
  struct Proposal;
  size_t indexOf(const std::string& id) const;  // NotFound
  TeamView view(size_t i, bool phoneVisible) const;  // caller holds mutex_
  void rebuildLayer();                               // caller holds mutex_
  Proposal propose(const std::string& activationId) const;
  double metersOutsideDistrict(GeoPoint p) const;

  ServiceContext& ctx_;
  const plans::ActivationEngine& engine_;
  TeamsOptions options_;
  const gis::Layer& layer_;
  std::vector<teams::Team> roster_;
  std::map<std::string, size_t, std::less<>> byId_;
  store::TeamRepository& repo_;
  store::ActivationRepository& activations_;

  mutable std::mutex mutex_;
  std::vector<Live> live_;
  std::shared_ptr<const gis::Layer> liveLayer_;
};

}  // namespace eoc::service
