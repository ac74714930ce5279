#pragma once
// The drill use cases: plan a drill from a scenario (impact, exercise plan activation, teams,
// MSEL), edit the MSEL before the run, run it (simulated: seeded and reproducible) and serve
// the after-action report as JSON, HTML and CSV. The impact zones of every stored drill are
// served as the OGC collection `drill-<id>-zones`.
//
// Contract:
// - Everything a drill creates is an exercise: its activation is stored with source Drill and
//   exercise = true, its texts begin with 【演练】, and no request field can make it Actual
//   (a body naming a status other than Exercise is refused with ExerciseCannotBecomeActual).
// - Every change runs in ONE Database::write with its audit entry; a method that throws has
//   written nothing. Requests arrive typed (drills/drill_request.hpp: parsed at the edge, where
//   drills::parseScenario and drills::parseMsel check scenarios and MSEL rows); what they mean
//   (a library scenario, a known signal, a drill in the right state) is checked here before
//   anything is computed or stored. Answers are typed (service/drills_results.hpp).
// - Reports are rendered from the stored run record, so JSON, HTML and CSV always agree and a
//   simulated run with the same seed over the same MSEL gives the same report.
// - Live runs (drills/live_run.hpp): the run state is stored with the drill, so a restart resumes
//   it and no inject fires twice. Injects fire in fireDue(now), called by a timer per running
//   drill with the service clock (tests call it with the time they want). The warning rows issue
//   a CAP Exercise warning through the warnings service (drill id in <note>, 【演练】 in every
//   text, drill-flagged recipients only); a scenario without a weather signal sends a drill
//   notice on the event stream instead, acknowledged at POST /drills/{id}/ack. finish() reads
//   the acknowledgements and team status changes the store recorded, lifts the exercise warning
//   and writes the report. Nothing here can make a message Actual: the only status this class
//   ever writes into a warning request is Exercise.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "drills/drill_request.hpp"
#include "drills/exposure.hpp"
#include "drills/impact.hpp"
#include "drills/live_run.hpp"
#include "drills/report.hpp"
#include "drills/scenario.hpp"
#include "drills/simulation.hpp"
#include "gis/layer.hpp"
#include "plans/activation.hpp"
#include "service/drills_results.hpp"
#include "service/exercise_warnings.hpp"
#include "service/service_context.hpp"
#include "store/activation_repository.hpp"
#include "store/delivery_repository.hpp"
#include "store/drill_repository.hpp"
#include "store/team_repository.hpp"

namespace eoc::warnings {
class SignalCatalogue;
}

namespace eoc::service {

// What a live run needs besides the drill: the warnings area that issues its exercise warning
// (typed, service/exercise_warnings.hpp) and the signal catalogue that scenario signals are
// checked against. Without them (null) live runs send drill notices only.
struct LiveRunSeams {
  ExerciseWarnings* warnings = nullptr;
  const warnings::SignalCatalogue* signals = nullptr;
};

class DrillsService {
 public:
  // `library`: the scenarios of plans/drills, addressable by {"scenario_id": ...}.
  // Throws EocError(InvalidParameter) naming the scenario when a library scenario's warning
  // signal is not in the catalogue.
  DrillsService(ServiceContext& context, const plans::ActivationEngine& engine, std::vector<drills::Scenario> library,
                LiveRunSeams live = {});
  ~DrillsService();
  DrillsService(const DrillsService&) = delete;
  DrillsService& operator=(const DrillsService&) = delete;

  // Rebuilds the zone collections of the stored drills (after a restart), fires the injects of
  // running live drills that fell due meanwhile and arms their timers.
  void start();
  void stop();  // cancels the timers; idempotent

  ScenarioLibrary scenarios() const;
  // A library scenario unknown: NotFound naming scenario_id; a signal not in the catalogue:
  // the catalogue's error under scenario.warning.
  DrillView create(const Principal& who, const drills::CreateDrillRequest& request, const std::string& requestId);
  DrillView get(const std::string& id) const;  // NotFound
  // Newest first; only drills in `state` when given.
  DrillList list(std::optional<store::DrillState> state, size_t limit) const;
  DrillView replaceMsel(const Principal& who, const drills::MselRequest& request, const std::string& requestId);
  DrillView run(const Principal& who, const std::string& id, const drills::RunRequest& request,
                const std::string& requestId);

  // Live runs. fireDue fires every inject due at `now` of every running live drill; returns how
  // many fired. ackNotice: a committee token acknowledges the drill notice of its own committee
  // (idempotent). finish: the controller ends the run; the report is written from what happened.
  size_t fireDue(TimePoint now);
  NoticeAckResult ackNotice(const Principal& who, const drills::NoticeAckRequest& request,
                            const std::string& requestId);
  DrillView finish(const Principal& who, const std::string& id, const std::string& requestId);

  // The after-action report, built from the stored run record (so JSON, HTML and CSV agree);
  // NotFound before a run has finished.
  drills::AfterActionReport report(const std::string& id) const;

  // "drill-<id>-zones" → that drill's zones; null for any other id.
  std::shared_ptr<const gis::Layer> zoneLayer(const std::string& collectionId) const;
  std::vector<std::shared_ptr<const gis::Layer>> zoneLayers() const;
  static std::string zoneCollectionId(const std::string& drillId);

 private:
  struct Planned;  // what a drill's scenario gives, computed once per drill
  std::shared_ptr<const Planned> plannedFor(const store::DrillRecord& record) const;
  store::DrillRecord require(const std::string& id) const;
  drills::AfterActionReport rebuildReport(const store::DrillRecord& record) const;
  void remember(const std::string& id, std::shared_ptr<const Planned> planned) const;
  DrillView present(const store::DrillRecord& record) const;
  std::shared_ptr<const Planned> plannedOf(const store::DrillRecord& record) const;
  void checkSignal(const drills::Scenario& scenario, const std::string& field) const;
  DrillView startLive(const Principal& who, const store::DrillRecord& record, const drills::RunRequest& request,
                      const std::string& requestId);
  size_t fireDrill(const std::string& id, TimePoint now);
  std::string issueExerciseWarning(const std::string& id, const Planned& planned, const drills::LiveRun& live,
                                   TimePoint now);
  void arm(const std::string& id, TimePoint at);
  void disarm(const std::string& id);

  ServiceContext& context_;
  const plans::ActivationEngine& engine_;
  std::vector<drills::Scenario> library_;
  drills::Exposure exposure_;
  store::DrillRepository& drills_;
  store::ActivationRepository& activations_;

  mutable std::mutex mutex_;  // guards planned_ and serialises run/edit checks with their writes
  mutable std::map<std::string, std::shared_ptr<const Planned>> planned_;

  LiveRunSeams live_;
  store::DeliveryRepository& deliveries_;
  store::TeamRepository& teamHistory_;
  // One live change at a time (inject, notice ack, finish): each re-reads the run state in its
  // transaction, and the warning an inject issues must be recorded before the next inject looks.
  std::mutex liveMutex_;
  std::atomic<bool> stopped_{true};  // until start() and after stop(): no inject timers
};

}  // namespace eoc::service
