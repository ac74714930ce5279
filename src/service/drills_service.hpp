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
//   written nothing. Input is checked before anything is computed or stored: drills::parseScenario
//   for scenarios, drills::parseMsel for MSEL edits, parseRunRequest here for runs.
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

#include <nlohmann/json.hpp>

#include "core/principal.hpp"
#include "drills/exposure.hpp"
#include "drills/impact.hpp"
#include "drills/live_run.hpp"
#include "drills/report.hpp"
#include "drills/scenario.hpp"
#include "drills/simulation.hpp"
#include "gis/layer.hpp"
#include "plans/activation.hpp"
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

struct RunRequest {
  std::string mode;  // "simulated" | "live"
  std::uint64_t seed = 1;
  double speed = 1;  // live: drill minutes per real minute (simulated runs ignore it)
  drills::ResponseModel model;
};

// What a live run needs besides the drill: the warnings area that issues its exercise warning
// (typed, service/exercise_warnings.hpp) and the signal catalogue that scenario signals are
// checked against. Without them (null) live runs send drill notices only.
struct LiveRunSeams {
  ExerciseWarnings* warnings = nullptr;
  const warnings::SignalCatalogue* signals = nullptr;
};
// {"mode": "simulated"|"live", "seed": 42, "speed": 60, "response_model": {...}}; EocError names
// the field. Any "status" but "Exercise" is ExerciseCannotBecomeActual; unknown keys are refused.
RunRequest parseRunRequest(const nlohmann::json& body);

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

  nlohmann::json scenarios() const;  // {"scenarios": [{"id", "title", "type"}]}
  nlohmann::json create(const Principal& who, const nlohmann::json& body, const std::string& requestId);
  nlohmann::json get(const std::string& id) const;  // NotFound
  // {"drills": [{id, title, type, state, mode, created_at, created_by, updated_at}]}, newest first.
  // `state`: "planned" | "running" | "finished" or empty for all (InvalidParameter otherwise).
  nlohmann::json list(const std::string& state, size_t limit) const;
  nlohmann::json replaceMsel(const Principal& who, const std::string& id, const nlohmann::json& body,
                             const std::string& requestId);
  nlohmann::json run(const Principal& who, const std::string& id, const nlohmann::json& body,
                     const std::string& requestId);

  // Live runs. fireDue fires every inject due at `now` of every running live drill; returns how
  // many fired. ackNotice: a committee token acknowledges the drill notice of its own committee
  // (idempotent). finish: the controller ends the run; the report is written from what happened.
  size_t fireDue(TimePoint now);
  nlohmann::json ackNotice(const Principal& who, const std::string& id, const nlohmann::json& body,
                           const std::string& requestId);
  nlohmann::json finish(const Principal& who, const std::string& id, const std::string& requestId);

  // The after-action report; NotFound before a run has finished.
  nlohmann::json reportJson(const std::string& id) const;
  std::string reportHtml(const std::string& id) const;
  std::string reportCsv(const std::string& id) const;

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
  nlohmann::json present(const store::DrillRecord& record) const;
  std::shared_ptr<const Planned> plannedOf(const store::DrillRecord& record) const;
  void checkSignal(const drills::Scenario& scenario, const std::string& field) const;
  nlohmann::json startLive(const Principal& who, const store::DrillRecord& record, const RunRequest& request,
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

// `eoc drill plan|run|report`: one use case on the store, printed for a terminal or a file.
//   plan FILE|SCENARIO_ID   a scenario file (or a {"scenario"...} / {"scenario_id"...} body) or a library id
//   run ID --simulate       a seeded simulated run (live runs: `eoc drill run ID` without --simulate
//                           asks the serving eoc over HTTP, see http/drill_client.hpp)
//   report ID               format json | html | csv
struct DrillCommand {
  std::string verb;
  std::string target;
  bool simulate = false;
  std::uint64_t seed = 1;
  std::string format = "json";
};
// Returns what to print; throws EocError (naming the argument or field) on bad input.
std::string runDrillCommand(DrillsService& drills, const DrillCommand& command, const Principal& who);

}  // namespace eoc::service
