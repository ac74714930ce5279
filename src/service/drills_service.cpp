#include "service/drills_service.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "drills/msel.hpp"
#include "drills/report.hpp"

namespace eoc::service {

namespace {

using nlohmann::json;

constexpr const char* kZonePrefix = "drill-";
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
      bad("speed", "must be a number of drill minutes per real minute, above 0 and at most 3600");
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
                             std::vector<drills::Scenario> library)
    : context_(context),
      engine_(engine),
      library_(std::move(library)),
      exposure_(drills::exposureFrom(context.layers)),
      drills_(context.db),
      activations_(context.db) {}

void DrillsService::start() {
  for (const auto& id : drills_.ids())
    if (auto record = drills_.find(id)) remember(id, plannedFor(*record));
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
  if (request.mode == "live")
    throw EocError(ErrorCode::Conflict, "mode: live runs are not available on this eoc yet; use \"simulated\"");
  std::shared_ptr<const Planned> planned;
  {
    std::lock_guard lock(mutex_);
    if (auto it = planned_.find(id); it != planned_.end()) planned = it->second;
  }
  if (!planned) planned = plannedFor(record);
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
      throw EocError(ErrorCode::Conflict, "drill " + id + " is running; wait for it to finish");
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
  context_.events.publish(Event{"drill.finished", "", true, {{"id", id}, {"mode", request.mode}}});
  return present(stored);
}

drills::AfterActionReport DrillsService::rebuildReport(const store::DrillRecord& record) const {
  if (record.run.is_null() || record.state != store::DrillState::Finished)
    throw EocError(ErrorCode::NotFound, "drill " + record.id + " has no report yet: run it first");
  std::shared_ptr<const Planned> planned;
  {
    std::lock_guard lock(mutex_);
    if (auto it = planned_.find(record.id); it != planned_.end()) planned = it->second;
  }
  if (!planned) planned = plannedFor(record);
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
    json body = {{"mode", command.simulate ? "simulated" : "live"}, {"seed", command.seed}};
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
