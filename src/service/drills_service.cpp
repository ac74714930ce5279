#include "service/drills_service.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <limits>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "drills/msel.hpp"
#include "drills/report.hpp"
#include "gis/geodesy.hpp"
#include "warnings/signal_catalogue.hpp"

namespace eoc::service {

namespace {

using nlohmann::json;

constexpr const char* kZonePrefix = "drill-";
constexpr const char* kDrillTimers = "drills.";
std::string injectTimer(const std::string& id) { return std::string(kDrillTimers) + "inject:" + id; }
constexpr const char* kZoneSuffix = "-zones";

// Drill types are incident types of the plans except where the names differ.
std::string incidentTypeOf(const std::string& drillType) {
  if (drillType == "building_fire") return "fire";
  return drillType;
}

// The plan activation a scenario makes: a rainstorm is a warning of its level over the
// participating committees; every other drill is an incident at its location.
plans::ActivationInput activationInput(const drills::Scenario& s, const drills::Impact& impact) {
  if (s.rainstorm) {
    plans::WarningInput w;
    w.type = "rainstorm";
    w.level = s.rainstorm->warningLevel;
    w.committees = s.committees;
    if (w.committees.empty() && impact.rainstorm) w.committees = impact.rainstorm->committees;
    return w;
  }
  plans::IncidentInput i;
  i.type = incidentTypeOf(s.type);
  i.location = s.location;
  if (s.earthquake) {
    i.magnitude = s.earthquake->magnitude;
    i.depthKm = s.earthquake->depthKm;
  }
  if (s.area) i.size = s.area->size;
  return i;
}

// A run document is null before the first run, a live state while running live, a run record after.
bool isLive(const json& run) { return run.is_object() && run.value("mode", "") == "live"; }

}  // namespace

struct DrillsService::Planned {
  drills::Scenario scenario;
  drills::Impact impact;
  std::vector<drills::Participant> committees;
  std::vector<drills::Participant> teams;
  std::vector<drills::TeamAtHome> teamHomes;
  plans::Activation activation;
  std::shared_ptr<const gis::Layer> zones;
};

DrillsService::DrillsService(ServiceContext& context, const plans::ActivationEngine& engine,
                             std::vector<drills::Scenario> library, LiveRunSeams live)
    : context_(context),
      engine_(engine),
      library_(std::move(library)),
      exposure_(drills::exposureFrom(context.layers)),
      drills_(context.store.drills()),
      activations_(context.store.activations()),
      live_(live),
      deliveries_(context.store.deliveries()),
      teamHistory_(context.store.teams()) {
  for (const auto& s : library_) {
    try {
      checkSignal(s, "scenario.warning");
    } catch (const EocError& e) {
      throw EocError(ErrorCode::InvalidParameter, "plans/drills/" + s.id + ".json: " + e.detail());
    }
  }
}

DrillsService::~DrillsService() { stop(); }

void DrillsService::checkSignal(const drills::Scenario& scenario, const std::string& field) const {
  if (!scenario.warning || !live_.signals) return;
  try {
    live_.signals->require(scenario.warning->type, scenario.warning->level);
  } catch (const EocError& e) {
    throw EocError(e.code(), field + "." + e.detail());
  }
}

void DrillsService::start() {
  std::vector<std::string> running;
  for (const auto& id : drills_.ids())
    if (auto record = drills_.find(id)) {
      remember(id, plannedFor(*record));
      if (record->state == store::DrillState::Running && isLive(record->run)) running.push_back(id);
    }
  stopped_ = false;
  // A restart catches up: what fell due while eoc was down fires now, once, then timers take over.
  for (const auto& id : running) {
    try {
      fireDrill(id, context_.clock.now());
    } catch (const std::exception& e) {
      // One drill that cannot go on must not keep eoc from serving the real emergencies.
      log::error("drills", "live drill not resumed", {{"drill", id}, {"error", e.what()}});
    }
  }
  if (context_.store.shared())
    // Several instances share the store: each also fires the live drills another instance runs
    // (and would have armed), so a drill goes on when that instance dies. fireDrill records an
    // inject only if nobody recorded it meanwhile, so each fires once.
    context_.scheduler.every(std::string(kDrillTimers) + "sweep", std::chrono::seconds(10),
                             [this] { fireDue(context_.clock.now()); });
}

void DrillsService::stop() {
  stopped_ = true;
  context_.scheduler.cancelAll(kDrillTimers);
}

std::string DrillsService::zoneCollectionId(const std::string& drillId) {
  return kZonePrefix + drillId + kZoneSuffix;
}

ScenarioLibrary DrillsService::scenarios() const { return {library_}; }

std::shared_ptr<const DrillsService::Planned> DrillsService::plannedFor(const store::DrillRecord& record) const {
  auto p = std::make_shared<Planned>();
  p->scenario = drills::parseScenario(record.scenario);
  p->impact = drills::assess(p->scenario, exposure_);
  p->activation = engine_.activate(activationInput(p->scenario, p->impact));

  // Participants: as the scenario names them, else the activation's exposed committees and the
  // teams its needs suggest.
  std::vector<std::string> committees = p->scenario.committees, teams = p->scenario.teams;
  if (committees.empty())
    for (const auto& c : p->activation.committees) committees.push_back(c.feature->id);
  if (teams.empty()) {
    std::set<std::string> seen;
    for (const auto& need : p->activation.teamNeeds)
      for (const auto& t : need.teams)
        if (seen.insert(t.feature->id).second) teams.push_back(t.feature->id);
  }
  for (const auto& code : committees) {
    std::string name = code;
    for (const auto& c : exposure_.committees)
      if (c.committee == code || c.id == code) name = c.name;
    p->committees.push_back({code, name});
  }
  for (const auto& id : teams) {
    auto it = std::find_if(exposure_.teams.begin(), exposure_.teams.end(), [&](const auto& t) { return t.id == id; });
    if (it == exposure_.teams.end())
      throw EocError(ErrorCode::InvalidBody, "scenario.teams: no team \"" + id + "\" in the teams layer");
    p->teams.push_back({it->id, it->name});
    p->teamHomes.push_back({it->id, it->name, it->at});
  }

  gis::LayerSpec spec;
  spec.id = zoneCollectionId(record.id);
  spec.title = std::string(drills::kExerciseMark) + p->scenario.title + " 影响区";
  spec.description = "Impact zones of drill " + record.id + " (exercise)";
  spec.geometryType = gis::GeometryType::Polygon;
  spec.idField = "id";
  spec.fields = {{"id", gis::FieldType::String, true}, {"kind", gis::FieldType::String, true}};
  spec.insideDistrict = false;
  p->zones = std::make_shared<const gis::Layer>(spec, drills::zoneFeatures(p->scenario, p->impact, exposure_));
  return p;
}

void DrillsService::remember(const std::string& id, std::shared_ptr<const Planned> planned) const {
  std::lock_guard lock(mutex_);
  planned_[id] = std::move(planned);
}

store::DrillRecord DrillsService::require(const std::string& id) const {
  auto record = drills_.find(id);
  if (!record) throw EocError(ErrorCode::NotFound, "no drill \"" + id + "\"");
  return *record;
}

DrillView DrillsService::present(const store::DrillRecord& r) const {
  std::shared_ptr<const Planned> p;
  {
    std::lock_guard lock(mutex_);
    if (auto it = planned_.find(r.id); it != planned_.end()) p = it->second;
  }
  DrillView view{r, zoneCollectionId(r.id), {}, {}, std::nullopt};
  if (p) {
    view.committees = p->committees;
    view.teams = p->teamHomes;
    view.activation = p->activation;
  }
  return view;
}

DrillView DrillsService::create(const Principal& who, const drills::CreateDrillRequest& request,
                                const std::string& requestId) {
  const drills::Scenario* scenario = request.scenario ? &*request.scenario : nullptr;
  if (request.scenarioId) {
    auto it = std::find_if(library_.begin(), library_.end(), [&](const auto& s) { return s.id == *request.scenarioId; });
    if (it == library_.end()) {
      std::string known;
      for (const auto& s : library_) known += (known.empty() ? "" : ", ") + s.id;
      throw EocError(ErrorCode::NotFound, "scenario_id: no scenario \"" + *request.scenarioId + "\" (known: " + known + ")");
    }
    scenario = &*it;
  }
  if (!scenario) throw EocError(ErrorCode::InvalidBody, "scenario: give exactly one of scenario or scenario_id");
  checkSignal(*scenario, "scenario.warning");

  auto now = context_.clock.now();
  store::DrillRecord record;
  record.id = "D" + formatBeijingCompact(now) + "-" + randomHex(3);
  record.createdAt = record.updatedAt = now;
  record.createdBy = who.label();
  record.scenario = scenario->source;
  auto planned = plannedFor(record);
  record.impact = drills::toJson(planned->impact);

  std::vector<drills::PlannedAction> actions;
  for (const auto& a : planned->activation.actions) actions.push_back({a.plan, a.what, a.unitName, a.deadlineMin});
  record.msel = drills::toJson(drills::generateMsel(planned->scenario, actions, planned->committees, planned->teams));

  store::ActivationRecord activation;
  activation.id = "A" + formatBeijingCompact(now) + "-" + randomHex(3);
  activation.createdAt = now;
  activation.source = store::ActivationSource::Drill;
  activation.sourceId = record.id;
  activation.exercise = true;
  activation.body = plans::toJson(planned->activation);
  activation.body["id"] = activation.id;
  activation.body["created_at"] = formatBeijing(now);
  activation.body["source"] = "drill";
  activation.body["drill"] = record.id;
  activation.body["exercise"] = true;
  activation.actionCount = planned->activation.actions.size();
  record.activationId = activation.id;

  context_.db.write([&](store::Transaction& tx) {
    activations_.insert(tx, activation);
    drills_.insert(tx, record);
    context_.audit.append(tx, store::AuditEntry{now, who.label(), "drill.create", record.id, nullptr,
                                                {{"scenario", planned->scenario.id},
                                                 {"type", planned->scenario.type},
                                                 {"activation", activation.id},
                                                 {"exercise", true}},
                                                requestId});
  });
  remember(record.id, planned);
  context_.events.publish(Event{"drill.created", "", true,
                                {{"id", record.id}, {"scenario", planned->scenario.id}, {"activation", activation.id}}});
  return present(record);
}

DrillView DrillsService::get(const std::string& id) const { return present(require(id)); }

DrillList DrillsService::list(std::optional<store::DrillState> state, size_t limit) const {
  return {drills_.summaries(state, limit)};
}

DrillView DrillsService::replaceMsel(const Principal& who, const drills::MselRequest& request,
                                     const std::string& requestId) {
  const std::string& id = request.drillId;
  auto msel = drills::toJson(request.rows);
  auto now = context_.clock.now();
  auto record = context_.db.write([&](store::Transaction& tx) {
    auto current = drills_.find(tx, id);
    if (!current) throw EocError(ErrorCode::NotFound, "no drill \"" + id + "\"");
    if (current->state != store::DrillState::Planned)
      throw EocError(ErrorCode::Conflict, "msel: drill " + id + " is " +
                                              std::string(store::drillStateName(current->state)) +
                                              "; the MSEL can be edited only before the run");
    drills_.replaceMsel(tx, id, msel, now);
    context_.audit.append(tx, store::AuditEntry{now, who.label(), "drill.msel", id, {{"rows", current->msel.size()}},
                                                {{"rows", msel.size()}}, requestId});
    current->msel = msel;
    current->updatedAt = now;
    return *current;
  });
  return present(record);
}

DrillView DrillsService::run(const Principal& who, const std::string& id, const drills::RunRequest& request,
                             const std::string& requestId) {
  auto record = require(id);
  if (request.mode == drills::RunMode::Live) return startLive(who, record, request, requestId);
  auto planned = plannedOf(record);
  auto msel = drills::parseMsel(record.msel);
  auto simulated = drills::simulateRun(planned->scenario.location, planned->committees, planned->teamHomes, msel,
                                       request.model, request.seed);
  // The stored record is the source of every rendering: build the report from it, not from the
  // unrounded figures, so that JSON, HTML and CSV agree after a restart too.
  json runJson = drills::toJson(simulated);
  auto report = drills::buildReport(id, planned->scenario, drills::parseRunRecord(runJson), drills::headlines(planned->impact));
  json reportJson = drills::toJson(report);
  auto now = context_.clock.now();
  auto stored = context_.db.write([&](store::Transaction& tx) {
    auto current = drills_.find(tx, id);
    if (!current) throw EocError(ErrorCode::NotFound, "no drill \"" + id + "\"");
    if (current->state == store::DrillState::Running)
      throw EocError(ErrorCode::Conflict, "drill " + id + " is running live; POST /drills/" + id + "/finish ends it");
    if (isLive(current->run))
      throw EocError(ErrorCode::Conflict, "drill " + id +
                                              " was run live and its report is the record of that drill; plan a new "
                                              "drill to simulate");
    if (current->msel != record.msel)
      throw EocError(ErrorCode::Conflict, "msel: changed while the run was computed; run again");
    drills_.recordRun(tx, id, store::DrillState::Finished, runJson, reportJson, now);
    context_.audit.append(tx, store::AuditEntry{now, who.label(), "drill.run", id,
                                                {{"state", std::string(store::drillStateName(current->state))}},
                                                {{"state", "finished"}, {"mode", drills::runModeName(request.mode)}, {"seed", request.seed}},
                                                requestId});
    current->state = store::DrillState::Finished;
    current->run = runJson;
    current->report = reportJson;
    current->updatedAt = now;
    return *current;
  });
  context_.events.publish(Event{"drill.finished", "", true, {{"id", id}, {"drill", id}, {"mode", drills::runModeName(request.mode)}}});
  return present(stored);
}

std::shared_ptr<const DrillsService::Planned> DrillsService::plannedOf(const store::DrillRecord& record) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = planned_.find(record.id); it != planned_.end()) return it->second;
  }
  return plannedFor(record);
}

drills::AfterActionReport DrillsService::rebuildReport(const store::DrillRecord& record) const {
  if (record.run.is_null() || record.state != store::DrillState::Finished)
    throw EocError(ErrorCode::NotFound, "drill " + record.id + " has no report yet: " +
                                            (record.state == store::DrillState::Running ? "it is still running"
                                                                                        : "run it first"));
  auto planned = plannedOf(record);
  return drills::buildReport(record.id, planned->scenario, drills::parseRunRecord(record.run),
                             drills::headlines(planned->impact));
}

drills::AfterActionReport DrillsService::report(const std::string& id) const { return rebuildReport(require(id)); }

std::shared_ptr<const gis::Layer> DrillsService::zoneLayer(const std::string& collectionId) const {
  std::string prefix = kZonePrefix, suffix = kZoneSuffix;
  if (collectionId.size() <= prefix.size() + suffix.size() || collectionId.rfind(prefix, 0) != 0 ||
      collectionId.compare(collectionId.size() - suffix.size(), suffix.size(), suffix) != 0)
    return nullptr;
  std::string id = collectionId.substr(prefix.size(), collectionId.size() - prefix.size() - suffix.size());
  std::lock_guard lock(mutex_);
  auto it = planned_.find(id);
  return it == planned_.end() ? nullptr : it->second->zones;
}

std::vector<std::shared_ptr<const gis::Layer>> DrillsService::zoneLayers() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const gis::Layer>> out;
  for (const auto& [id, p] : planned_) out.push_back(p->zones);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Live runs

namespace {

Principal controllerOf(const drills::LiveRun& live, const std::string& drillId) {
  // Exercise warnings need a named duty officer as author; the drill's controller is that person.
  Principal p;
  p.role = Role::DutyOfficer;
  p.name = live.controller.empty() ? "drill " + drillId : live.controller;
  return p;
}

const drills::Participant* teamOfRow(const std::vector<drills::Participant>& teams, const std::string& to) {
  for (const auto& t : teams)
    if (t.id == to || t.name == to) return &t;
  return nullptr;
}

}  // namespace

DrillView DrillsService::startLive(const Principal& who, const store::DrillRecord& record,
                                   const drills::RunRequest& request, const std::string& requestId) {
  auto planned = plannedOf(record);
  drills::parseMsel(record.msel);  // the stored MSEL is checked before anything starts
  const auto now = context_.clock.now();
  drills::LiveRun live;
  live.speed = request.speed;
  live.startedAt = now;
  live.controller = who.name.empty() ? who.label() : who.name;
  {
    std::lock_guard lock(liveMutex_);
    context_.db.write([&](store::Transaction& tx) {
      auto current = drills_.find(tx, record.id);
      if (!current) throw EocError(ErrorCode::NotFound, "no drill \"" + record.id + "\"");
      if (current->state != store::DrillState::Planned)
        throw EocError(ErrorCode::Conflict,
                       "drill " + record.id + " is " + std::string(store::drillStateName(current->state)) +
                           "; a live run starts only from a planned drill (plan a new one to drill again)");
      drills_.recordRun(tx, record.id, store::DrillState::Running, drills::toJson(live), nullptr, now);
      context_.audit.append(tx, store::AuditEntry{now, who.label(), "drill.run", record.id, {{"state", "planned"}},
                                                  {{"state", "running"}, {"mode", "live"}, {"speed", live.speed}},
                                                  requestId});
    });
  }
  context_.events.publish(Event{"drill.started", "", true,
                                {{"id", record.id}, {"drill", record.id}, {"mode", "live"}, {"speed", live.speed},
                                 {"started_at", formatBeijing(now)}, {"title", planned->scenario.title}}});
  fireDrill(record.id, now);  // the rows at offset 0 go out with the answer
  return present(require(record.id));
}

size_t DrillsService::fireDue(TimePoint now) {
  size_t fired = 0;
  for (const auto& d : drills_.summaries(store::DrillState::Running, std::numeric_limits<size_t>::max() / 2))
    if (d.mode == "live") fired += fireDrill(d.id, now);
  return fired;
}

std::string DrillsService::issueExerciseWarning(const std::string& id, const Planned& planned,
                                                 const drills::LiveRun& live, TimePoint now) {
  // A warning of this drill issued before a crash (its inject not yet recorded) is adopted, not
  // sent twice.
  if (auto existing = live_.warnings->issuedFor(id)) return *existing;
  ExerciseWarning warning;
  warning.drillId = id;
  warning.type = planned.scenario.warning->type;
  warning.level = planned.scenario.warning->level;
  for (const auto& c : planned.committees) warning.committees.push_back(c.id);
  warning.onset = now;
  warning.expires = now + std::chrono::hours(6);
  warning.description = std::string(drills::kExerciseMark) + planned.scenario.title;
  return live_.warnings->issueExercise(controllerOf(live, id), warning, "drill:" + id);
}

size_t DrillsService::fireDrill(const std::string& id, TimePoint now) {
  std::vector<drills::MselRow> rows;
  drills::LiveRun live;
  std::shared_ptr<const Planned> planned;
  std::vector<std::string> noticeTo;
  {
    std::lock_guard lock(liveMutex_);
    auto record = drills_.find(id);
    if (!record || record->state != store::DrillState::Running || !isLive(record->run)) {
      disarm(id);
      return 0;
    }
    live = drills::parseLiveRun(record->run);
    auto msel = drills::parseMsel(record->msel);
    planned = plannedOf(*record);
    rows = drills::dueRows(live, msel, now);
    for (const auto& row : rows) {
      if (row.injectType == "warning" && !live.warnedAt) {
        if (planned->scenario.warning && live_.warnings) {
          try {
            live.warningId = issueExerciseWarning(id, *planned, live, now);
            live.warnedAt = now;
          } catch (const EocError& e) {
            // The committees were not warned: the report rates them so; the controller hears why.
            log::error("drills", "exercise warning not issued", {{"drill", id}, {"error", e.what()}});
            context_.events.publish(Event{"drill.warning_failed", "", true, {{"id", id}, {"drill", id}, {"error", e.detail()}}});
          }
        } else {
          live.warnedAt = now;
          for (const auto& c : planned->committees) noticeTo.push_back(c.id);
        }
      }
      if (row.injectType == "dispatch")
        if (const auto* team = teamOfRow(planned->teams, row.to)) live.dispatched.emplace(team->id, now);
      live.fired[row.seq] = now;
    }
    if (!rows.empty()) {
      json seqs = json::array();
      for (const auto& row : rows) seqs.push_back(row.seq);
      bool lost = context_.db.write([&](store::Transaction& tx) {
        auto current = drills_.find(tx, id);
        if (!current || current->state != store::DrillState::Running) return false;
        // Another instance sharing the store fired (or recorded an ack) since this one read the
        // run: its write stands, this one's injects are not recorded nor published.
        if (current->run != record->run) return true;
        drills_.recordRun(tx, id, store::DrillState::Running, drills::toJson(live), nullptr, now);
        context_.audit.append(tx, store::AuditEntry{now, "drill:" + id, "drill.inject", id, nullptr,
                                                    {{"seq", seqs}, {"warning_id", live.warningId ? json(*live.warningId)
                                                                                                  : json(nullptr)}},
                                                    "drill:" + id});
        return false;
      });
      if (lost) {
        rows.clear();
        noticeTo.clear();
      }
    }
    if (auto next = drills::nextDue(live, msel)) arm(id, *next);
    else disarm(id);
  }
  for (const auto& row : rows) {
    json data = {{"drill", id},           {"seq", row.seq},       {"offset_min", row.offsetMin},
                 {"type", row.injectType}, {"from", row.from},     {"to", row.to},
                 {"description", row.description}, {"expected_action", row.expectedAction}};
    if (row.injectType == "warning" && live.warningId) data["warning_id"] = *live.warningId;
    context_.events.publish(Event{"drill.inject", "", true, data});
  }
  for (const auto& code : noticeTo)
    context_.events.publish(Event{"drill.notice", code, true,
                                  {{"drill", id},
                                   {"committee", code},
                                   {"text", std::string(drills::kExerciseMark) + planned->scenario.title},
                                   {"ack", "/drills/" + id + "/ack"}}});
  return rows.size();
}

NoticeAckResult DrillsService::ackNotice(const Principal& who, const drills::NoticeAckRequest& request,
                                         const std::string& requestId) {
  if (who.role != Role::Committee || who.subject.empty())
    throw EocError(ErrorCode::Forbidden, "only a committee token acknowledges a drill notice, for its own committee");
  const std::string& id = request.drillId;
  const std::string& note = request.note;
  const auto now = context_.clock.now();
  bool duplicate = false;
  drills::NoticeAck ack;
  {
    std::lock_guard lock(liveMutex_);
    context_.db.write([&](store::Transaction& tx) {
      auto current = drills_.find(tx, id);
      if (!current) throw EocError(ErrorCode::NotFound, "no drill \"" + id + "\"");
      if (current->state != store::DrillState::Running || !isLive(current->run))
        throw EocError(ErrorCode::Conflict, "drill " + id + " is not running live; there is nothing to acknowledge");
      auto live = drills::parseLiveRun(current->run);
      if (live.warningId)
        throw EocError(ErrorCode::Conflict, "drill " + id + " warned with exercise warning " + *live.warningId +
                                                "; acknowledge it at POST /warnings/" + *live.warningId + "/ack");
      auto planned = plannedOf(*current);
      bool participates = std::any_of(planned->committees.begin(), planned->committees.end(),
                                      [&](const auto& c) { return c.id == who.subject; });
      if (!participates)
        throw EocError(ErrorCode::Forbidden, "committee " + who.subject + " does not take part in drill " + id);
      if (!live.warnedAt)
        throw EocError(ErrorCode::Conflict, "drill " + id + " has not sent its notice yet");
      if (auto it = live.noticeAcks.find(who.subject); it != live.noticeAcks.end()) {
        duplicate = true;
        ack = it->second;
        return;
      }
      ack = {now, who.label(), note};
      live.noticeAcks[who.subject] = ack;
      drills_.recordRun(tx, id, store::DrillState::Running, drills::toJson(live), nullptr, now);
      context_.audit.append(tx, store::AuditEntry{now, who.label(), "drill.ack", id, nullptr,
                                                  {{"committee", who.subject}, {"note", note}}, requestId});
    });
  }
  if (!duplicate)
    context_.events.publish(Event{"drill.acked", who.subject, true,
                                  {{"drill", id}, {"committee", who.subject}, {"note", note}}});
  return {id, who.subject, ack, duplicate};
}

DrillView DrillsService::finish(const Principal& who, const std::string& id, const std::string& requestId) {
  std::lock_guard lock(liveMutex_);
  auto record = require(id);
  if (record.state != store::DrillState::Running)
    throw EocError(ErrorCode::Conflict, "drill " + id + " is " + std::string(store::drillStateName(record.state)) +
                                            "; only a running live drill can be finished");
  auto live = drills::parseLiveRun(record.run);
  auto planned = plannedOf(record);
  const auto now = context_.clock.now();

  if (live.warningId && live_.warnings) {
    try {
      live_.warnings->cancelExercise(controllerOf(live, id), *live.warningId, "演练结束", requestId);
    } catch (const EocError& e) {
      if (e.code() != ErrorCode::InvalidTransition) throw;  // already expired or cancelled: nothing to lift
    }
  }

  std::vector<drills::AckFact> acks;
  if (live.warningId)
    for (const auto& t : deliveries_.tracks(*live.warningId))
      if (t.ackedMs)
        acks.push_back({t.recipient, TimePoint(std::chrono::duration_cast<TimePoint::duration>(
                                         std::chrono::milliseconds(*t.ackedMs)))});
  std::vector<drills::StatusFact> changes;
  for (const auto& h : teamHistory_.historySince(live.startedAt))
    changes.push_back({h.change.teamId, h.change.to, h.change.at});

  auto run = drills::liveRunRecord(live, planned->scenario.location, planned->committees, planned->teamHomes, acks,
                                   changes);
  json runJson = drills::toJson(run);
  runJson["live"] = drills::toJson(live);
  runJson["live"]["finished_at"] = formatBeijing(now);
  auto report = drills::buildReport(id, planned->scenario, drills::parseRunRecord(runJson),
                                    drills::headlines(planned->impact));
  json reportJson = drills::toJson(report);
  auto stored = context_.db.write([&](store::Transaction& tx) {
    auto current = drills_.find(tx, id);
    if (!current || current->state != store::DrillState::Running)
      throw EocError(ErrorCode::Conflict, "drill " + id + " is no longer running");
    drills_.recordRun(tx, id, store::DrillState::Finished, runJson, reportJson, now);
    context_.audit.append(tx, store::AuditEntry{now, who.label(), "drill.finish", id, {{"state", "running"}},
                                                {{"state", "finished"}, {"mode", "live"}}, requestId});
    current->state = store::DrillState::Finished;
    current->run = runJson;
    current->report = reportJson;
    current->updatedAt = now;
    return *current;
  });
  disarm(id);
  context_.events.publish(Event{"drill.finished", "", true, {{"id", id}, {"drill", id}, {"mode", "live"}}});
  return present(stored);
}

void DrillsService::arm(const std::string& id, TimePoint at) {
  if (stopped_) return;
  // A failing inject is logged by the Scheduler under this timer's name.
  context_.scheduler.at(injectTimer(id), at, [this, id] { fireDrill(id, context_.clock.now()); });
}

void DrillsService::disarm(const std::string& id) { context_.scheduler.cancel(injectTimer(id)); }

}  // namespace eoc::service
