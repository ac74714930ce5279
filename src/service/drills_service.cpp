#include "service/drills_service.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <limits>

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
constexpr const char* kTimers = "drills.";
std::string injectTimer(const std::string& id) { return std::string(kTimers) + "inject:" + id; }
constexpr const char* kZoneSuffix = "-zones";

[[noreturn]] void bad(const std::string& field, const std::string& what, ErrorCode code = ErrorCode::InvalidBody) {
  throw EocError(code, field + ": " + what);
}

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

void refuseActualStatus(const json& body) {
  auto it = body.find("status");
  if (it == body.end()) return;
  if (!it->is_string() || it->get<std::string>() != "Exercise")
    bad("status", "a drill is always an Exercise; it can never be " + it->dump(), ErrorCode::ExerciseCannotBecomeActual);
}

}  // namespace

RunRequest parseRunRequest(const json& body) {
  if (!body.is_object()) bad("body", "must be an object {\"mode\", \"seed\", \"speed\"}");
  refuseActualStatus(body);
  static const std::set<std::string> kKnown = {"mode", "seed", "speed", "response_model", "status"};
  for (const auto& [key, value] : body.items())
    if (!kKnown.count(key)) bad(key, "unknown field (known: mode, seed, speed, response_model)");
  RunRequest r;
  auto mode = body.find("mode");
  if (mode == body.end()) bad("mode", "required, \"simulated\" or \"live\"");
  if (!mode->is_string() || (*mode != "simulated" && *mode != "live"))
    bad("mode", "must be \"simulated\" or \"live\", got " + mode->dump());
  r.mode = mode->get<std::string>();
  if (auto seed = body.find("seed"); seed != body.end()) {
    if (!seed->is_number_integer() || (seed->is_number_integer() && !seed->is_number_unsigned()))
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
}

void DrillsService::stop() {
  stopped_ = true;
  context_.scheduler.cancelAll(kTimers);
}

std::string DrillsService::zoneCollectionId(const std::string& drillId) {
  return kZonePrefix + drillId + kZoneSuffix;
}

json DrillsService::scenarios() const {
  json out = json::array();
  for (const auto& s : library_) out.push_back({{"id", s.id}, {"title", s.title}, {"type", s.type}});
  return {{"scenarios", out}};
}

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

json DrillsService::present(const store::DrillRecord& r) const {
  std::shared_ptr<const Planned> p;
  {
    std::lock_guard lock(mutex_);
    if (auto it = planned_.find(r.id); it != planned_.end()) p = it->second;
  }
  json committees = json::array(), teams = json::array();
  if (p) {
    for (const auto& c : p->committees) committees.push_back({{"code", c.id}, {"name", c.name}});
    for (const auto& t : p->teamHomes)
      teams.push_back({{"id", t.id}, {"name", t.name}, {"home", {t.home.lon, t.home.lat}}});
  }
  json out = {{"id", r.id},
              {"exercise", true},
              {"status", "Exercise"},
              {"state", std::string(store::drillStateName(r.state))},
              {"created_at", formatBeijing(r.createdAt)},
              {"created_by", r.createdBy},
              {"updated_at", formatBeijing(r.updatedAt)},
              {"scenario", r.scenario},
              {"impact", r.impact},
              {"participants", {{"committees", committees}, {"teams", teams}}},
              {"msel", r.msel},
              {"activation_id", r.activationId ? json(*r.activationId) : json(nullptr)},
              {"zones_collection", zoneCollectionId(r.id)},
              {"run", r.run}};
  if (p) out["team_needs"] = plans::toJson(p->activation).value("team_needs", json::array());
  if (!r.report.is_null()) out["report"] = "/drills/" + r.id + "/report";
  return out;
}

json DrillsService::create(const Principal& who, const json& body, const std::string& requestId) {
  if (!body.is_object()) bad("body", "must be {\"scenario\": {...}} or {\"scenario_id\": \"...\"}");
  refuseActualStatus(body);
  bool inline_ = body.contains("scenario"), named = body.contains("scenario_id");
  if (inline_ == named) bad("scenario", "give exactly one of scenario (an object) or scenario_id (a library id)");
  for (const auto& [key, value] : body.items())
    if (key != "scenario" && key != "scenario_id" && key != "status") bad(key, "unknown field");

  json scenarioJson;
  if (named) {
    const auto& wanted = body["scenario_id"];
    if (!wanted.is_string()) bad("scenario_id", "must be a string");
    auto it = std::find_if(library_.begin(), library_.end(),
                           [&](const auto& s) { return s.id == wanted.get<std::string>(); });
    if (it == library_.end()) {
      std::string known;
      for (const auto& s : library_) known += (known.empty() ? "" : ", ") + s.id;
      bad("scenario_id", "no scenario \"" + wanted.get<std::string>() + "\" (known: " + known + ")", ErrorCode::NotFound);
    }
    scenarioJson = it->source;
  } else {
    scenarioJson = body["scenario"];
    try {
      drills::parseScenario(scenarioJson);
    } catch (const EocError& e) {
      // The domain parser names fields inside the scenario; the client sent them under "scenario".
      throw EocError(e.code(), "scenario." + e.detail());
    }
  }
  if (!scenarioJson.is_object()) bad("scenario", "must be an object");
  refuseActualStatus(scenarioJson);
  checkSignal(drills::parseScenario(scenarioJson), "scenario.warning");

  auto now = context_.clock.now();
  store::DrillRecord record;
  record.id = "D" + formatBeijingCompact(now) + "-" + randomHex(3);
  record.createdAt = record.updatedAt = now;
  record.createdBy = who.label();
  record.scenario = scenarioJson;
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

json DrillsService::get(const std::string& id) const { return present(require(id)); }

json DrillsService::list(const std::string& state, size_t limit) const {
  std::optional<store::DrillState> wanted;
  if (!state.empty()) {
    for (auto candidate : {store::DrillState::Planned, store::DrillState::Running, store::DrillState::Finished})
      if (store::drillStateName(candidate) == state) wanted = candidate;
    if (!wanted)
      throw EocError(ErrorCode::InvalidParameter, "state: must be planned, running or finished, got \"" + state + "\"");
  }
  json out = json::array();
  for (const auto& d : drills_.summaries(wanted, limit))
    out.push_back({{"id", d.id},
                   {"title", d.title},
                   {"type", d.type},
                   {"state", std::string(store::drillStateName(d.state))},
                   {"mode", d.mode.empty() ? json(nullptr) : json(d.mode)},
                   {"exercise", true},
                   {"created_at", formatBeijing(d.createdAt)},
                   {"created_by", d.createdBy},
                   {"updated_at", formatBeijing(d.updatedAt)}});
  return {{"drills", out}};
}

json DrillsService::replaceMsel(const Principal& who, const std::string& id, const json& body,
                                const std::string& requestId) {
  const json& rows = body.is_object() && body.contains("msel") ? body["msel"] : body;
  auto msel = drills::toJson(drills::parseMsel(rows));
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

json DrillsService::run(const Principal& who, const std::string& id, const json& body,
                        const std::string& requestId) {
  auto request = parseRunRequest(body);
  auto record = require(id);
  if (request.mode == "live") return startLive(who, record, request, requestId);
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
                                                {{"state", "finished"}, {"mode", request.mode}, {"seed", request.seed}},
                                                requestId});
    current->state = store::DrillState::Finished;
    current->run = runJson;
    current->report = reportJson;
    current->updatedAt = now;
    return *current;
  });
  context_.events.publish(Event{"drill.finished", "", true, {{"id", id}, {"drill", id}, {"mode", request.mode}}});
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

json DrillsService::reportJson(const std::string& id) const {
  auto record = require(id);
  if (record.report.is_null()) rebuildReport(record);  // throws NotFound with the reason
  return record.report;
}

std::string DrillsService::reportHtml(const std::string& id) const { return drills::renderHtml(rebuildReport(require(id))); }

std::string DrillsService::reportCsv(const std::string& id) const { return drills::renderCsv(rebuildReport(require(id))); }

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

json DrillsService::startLive(const Principal& who, const store::DrillRecord& record, const RunRequest& request,
                              const std::string& requestId) {
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
      context_.db.write([&](store::Transaction& tx) {
        auto current = drills_.find(tx, id);
        if (!current || current->state != store::DrillState::Running) return;
        drills_.recordRun(tx, id, store::DrillState::Running, drills::toJson(live), nullptr, now);
        context_.audit.append(tx, store::AuditEntry{now, "drill:" + id, "drill.inject", id, nullptr,
                                                    {{"seq", seqs}, {"warning_id", live.warningId ? json(*live.warningId)
                                                                                                  : json(nullptr)}},
                                                    "drill:" + id});
      });
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

json DrillsService::ackNotice(const Principal& who, const std::string& id, const json& body,
                              const std::string& requestId) {
  if (who.role != Role::Committee || who.subject.empty())
    throw EocError(ErrorCode::Forbidden, "only a committee token acknowledges a drill notice, for its own committee");
  std::string note;
  if (!body.is_null()) {
    if (!body.is_object()) bad("body", "must be an object {\"note\": \"...\"}");
    for (const auto& [key, value] : body.items())
      if (key != "note") bad(key, "unknown field (known: note)");
    if (body.contains("note")) {
      if (!body["note"].is_string()) bad("note", "must be a string");
      note = body["note"].get<std::string>();
      if (note.size() > 2000) bad("note", "longer than 2000 bytes");
    }
  }
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
  return {{"drill", id},           {"committee", who.subject}, {"acked_at", formatBeijing(ack.at)},
          {"acked_by", ack.by},    {"note", ack.note},         {"duplicate", duplicate},
          {"exercise", true}};
}

json DrillsService::finish(const Principal& who, const std::string& id, const std::string& requestId) {
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

std::string runDrillCommand(DrillsService& drills, const DrillCommand& command, const Principal& who) {
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
    auto drill = drills.create(who, body, "cli");
    return drill.dump(2) + "\n" + drill["id"].get<std::string>() + "\n";
  }
  if (command.verb == "run") {
    if (!command.simulate)
      throw EocError(ErrorCode::InvalidParameter,
                     "drill run: a live run belongs to the serving eoc (POST /drills/" + command.target +
                         "/run {\"mode\": \"live\"}, its timers fire the injects); add --simulate for a simulated run");
    json body = {{"mode", "simulated"}, {"seed", command.seed}};
    drills.run(who, command.target, body, "cli");
    return drills.reportJson(command.target).dump(2) + "\n";
  }
  if (command.verb == "report") {
    if (command.format == "json") return drills.reportJson(command.target).dump(2) + "\n";
    if (command.format == "html") return drills.reportHtml(command.target);
    if (command.format == "csv") return drills.reportCsv(command.target);
    throw EocError(ErrorCode::InvalidParameter, "--format: must be json, html or csv, got \"" + command.format + "\"");
  }
  throw EocError(ErrorCode::InvalidParameter, "drill: the command is plan, run or report, got \"" + command.verb + "\"");
}

}  // namespace eoc::service
