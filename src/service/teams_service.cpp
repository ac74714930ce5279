#include "service/teams_service.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "service/teams_policy.hpp"
#include "teams/assignment.hpp"
#include "teams/recommend.hpp"
#include "teams/requests.hpp"

namespace eoc::service {

using nlohmann::json;
using teams::Freshness;
using teams::TeamStatus;

struct TeamsService::Proposal {
  struct Item {
    std::string point;
    std::string layer;
    std::string name;
    std::string specialty;
    GeoPoint location;
    int team = -1;  // roster index, -1 when uncovered
    double etaSeconds = 0;
  };
  std::vector<Item> items;
  double total = 0;
  double greedyTotal = 0;
};

namespace {

json lonLat(GeoPoint p) { return json::array({p.lon, p.lat}); }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Where dispatch should measure from: a trustworthy last fix, otherwise the home base.
bool usesFix(const std::optional<teams::PositionFix>& fix, Freshness freshness, const std::string& flags) {
  return fix && freshness != Freshness::Lost && freshness != Freshness::None && flags.empty();
}

}  // namespace

TeamsService::TeamsService(ServiceContext& context, const plans::ActivationEngine& engine, TeamsOptions options)
    : ctx_(context),
      engine_(engine),
      options_(std::move(options)),
      layer_(context.layers.require(options_.teamsLayer)),
      roster_(teams::buildRoster(layer_)),
      repo_(context.store.teams()),
      activations_(context.store.activations()) {
  for (size_t i = 0; i < roster_.size(); ++i) byId_.emplace(roster_[i].id, i);
  live_.resize(roster_.size());
  for (const auto& s : repo_.states()) {
    auto it = byId_.find(s.teamId);
    auto status = teams::parseStatus(s.status);
    if (it == byId_.end() || !status) continue;  // a team since removed from the roster
    Live& l = live_[it->second];
    l.status = *status;
    l.since = s.since;
    l.byActor = s.byActor;
    l.note = s.note;
    l.incidentId = s.incidentId;
  }
  for (const auto& p : repo_.latestPositions()) {
    auto it = byId_.find(p.teamId);
    if (it == byId_.end()) continue;
    live_[it->second].fix = teams::PositionFix{{p.lon, p.lat}, p.fixTime, p.accuracy, p.speed, p.heading, p.battery};
    live_[it->second].flags = p.flags;
  }
  // The baseline tiers raise no events: only changes seen by this process do.
  TimePoint now = ctx_.clock.now();
  for (size_t i = 0; i < roster_.size(); ++i)
    live_[i].freshness = teams::freshnessOf(live_[i].fix ? std::optional(live_[i].fix->time) : std::nullopt, now,
                                            roster_[i].reportInterval, options_.freshness);
  std::lock_guard lock(mutex_);
  rebuildLayer();
}

TeamsService::~TeamsService() { stop(); }

namespace {
constexpr const char* kTeamTimers = "teams.";
}

void TeamsService::start() {
  ctx_.scheduler.every(std::string(kTeamTimers) + "freshness",
                       std::chrono::duration_cast<std::chrono::milliseconds>(options_.freshnessCheckEvery),
                       [this] { evaluateFreshness(ctx_.clock.now()); });
}

void TeamsService::stop() { ctx_.scheduler.cancelAll(kTeamTimers); }

size_t TeamsService::indexOf(const std::string& id) const {
  auto it = byId_.find(id);
  if (it == byId_.end()) throw EocError(ErrorCode::NotFound, "no team \"" + id + "\"");
  return it->second;
}

double TeamsService::metersOutsideDistrict(GeoPoint p) const {
  if (options_.boundaryLayer.empty()) return 0;
  const gis::Layer* boundary = ctx_.layers.find(options_.boundaryLayer);
  if (!boundary || !boundary->containing(p).empty()) return 0;
  auto near = boundary->nearest(p, 1);
  return near.empty() ? 0 : near.front().meters;
}

TeamView TeamsService::view(size_t i, bool phoneVisible) const {
  return {roster_[i], live_[i], teams::allowedNext(live_[i].status), phoneVisible};
}

void TeamsService::rebuildLayer() {
  gis::LayerSpec spec = layer_.spec();
  for (const char* name : {"status", "freshness", "position_time", "incident"})
    spec.fields.push_back({name, gis::FieldType::String, false});
  spec.expectedCount.reset();
  std::vector<gis::Feature> features;
  features.reserve(roster_.size());
  for (size_t i = 0; i < roster_.size(); ++i) {
    const Live& l = live_[i];
    gis::Feature f;
    f.id = roster_[i].id;
    GeoPoint at = l.fix ? l.fix->point : roster_[i].home;
    f.point = gis::toPoint(at);
    f.bbox = gis::Box(f.point, f.point);
    f.properties = layer_.features()[i].properties;
    if (auto phone = f.properties.find("phone"); phone != f.properties.end() && phone->is_string())
      *phone = teams::maskPhone(phone->get<std::string>());
    f.properties["status"] = teams::statusName(l.status);
    f.properties["freshness"] = teams::freshnessName(l.freshness);
    f.properties["position_time"] = l.fix ? json(formatBeijing(l.fix->time)) : json();
    f.properties["position_flags"] = l.flags;
    f.properties["incident"] = l.incidentId ? json(*l.incidentId) : json();
    f.geojson = json{{"type", "Feature"},
                     {"id", f.id},
                     {"geometry", {{"type", "Point"}, {"coordinates", lonLat(at)}}},
                     {"properties", f.properties}}
                    .dump();
    features.push_back(std::move(f));
  }
  liveLayer_ = std::make_shared<const gis::Layer>(std::move(spec), std::move(features));
}

std::shared_ptr<const gis::Layer> TeamsService::liveLayer() const {
  std::lock_guard lock(mutex_);
  return liveLayer_;
}

TeamList TeamsService::list(const Principal* reader) const {
  bool phones = TeamsPolicy::seesPhones(reader);
  std::lock_guard lock(mutex_);
  TeamList out;
  out.teams.reserve(roster_.size());
  for (size_t i = 0; i < roster_.size(); ++i) out.teams.push_back(view(i, phones));
  return out;
}

TeamView TeamsService::team(const Principal* reader, const std::string& id) const {
  size_t i = indexOf(id);
  std::lock_guard lock(mutex_);
  return view(i, TeamsPolicy::seesPhones(reader));
}

TeamHistory TeamsService::history(const std::string& id) const {
  indexOf(id);
  return {id, repo_.history(id, 200), repo_.track(id, 100)};
}

TeamSummary TeamsService::summary() const {
  std::lock_guard lock(mutex_);
  TeamSummary out;
  out.teams = roster_.size();
  for (auto s : teams::allStatuses()) out.byStatus[std::string(teams::statusName(s))];
  for (const auto& key : teams::specialtyKeys()) out.bySpecialty[key];
  for (size_t i = 0; i < roster_.size(); ++i) {
    const auto& t = roster_[i];
    bool available = live_[i].status == TeamStatus::Available;
    out.people += t.headcount;
    auto& s = out.byStatus[std::string(teams::statusName(live_[i].status))];
    s.teams += 1;
    s.people += t.headcount;
    for (const auto& key : teams::specialtyNames(t.specialties)) {
      auto& k = out.bySpecialty[key];
      k.teams += 1;
      k.people += t.headcount;
      if (available) {
        k.availableTeams += 1;
        k.availablePeople += t.headcount;
      }
    }
  }
  return out;
}

TeamView TeamsService::changeStatus(const Principal& who, const std::string& id, const teams::StatusRequest& request,
                                    const std::string& requestId) {
  size_t i = indexOf(id);
  TeamsPolicy::requireActsFor(who, id, true);
  std::optional<TeamView> shown;
  {
    std::lock_guard lock(mutex_);
    const Live before = live_[i];
    teams::requireTransition(id, before.status, request.status);
    TimePoint now = ctx_.clock.now();
    bool leavesIncident = request.status == TeamStatus::Available || request.status == TeamStatus::Unavailable;
    std::optional<std::string> incident = leavesIncident ? std::nullopt : before.incidentId;
    json beforeJson = {{"status", teams::statusName(before.status)}, {"incident", before.incidentId ? json(*before.incidentId) : json()}};
    json afterJson = {{"status", teams::statusName(request.status)}, {"note", request.note}, {"incident", incident ? json(*incident) : json()}};
    ctx_.db.write([&](store::Transaction& tx) {
      repo_.recordStatus(tx, {id, std::string(teams::statusName(before.status)),
                              std::string(teams::statusName(request.status)), now, who.label(), request.note, incident});
      if (before.incidentId && request.status == TeamStatus::EnRoute)
        repo_.markMilestone(tx, *before.incidentId, id, store::DispatchMilestone::EnRoute, now);
      if (before.incidentId && request.status == TeamStatus::OnScene)
        repo_.markMilestone(tx, *before.incidentId, id, store::DispatchMilestone::OnScene, now);
      ctx_.audit.append(tx, {now, who.label(), "team.status", id, beforeJson, afterJson, requestId});
    });
    Live& l = live_[i];
    l.status = request.status;
    l.since = now;
    l.byActor = who.label();
    l.note = request.note;
    l.incidentId = incident;
    rebuildLayer();
    shown = view(i, false);
  }
  Event event{"team.status", roster_[i].committee, false, nullptr};
  event.payload = std::make_shared<const TeamView>(*shown);  // rendered by the HTTP edge
  ctx_.events.publish(std::move(event));
  return *shown;
}

PositionResult TeamsService::reportPosition(const Principal& who, const std::string& id, const teams::PositionFix& fix,
                                            const std::string& requestId) {
  size_t i = indexOf(id);
  TeamsPolicy::requireActsFor(who, id, false);
  double outside = metersOutsideDistrict(fix.point);
  std::optional<TeamView> shown;
  PositionResult result;
  {
    std::lock_guard lock(mutex_);
    TimePoint now = ctx_.clock.now();
    auto flags = teams::checkFix(fix, now, live_[i].fix, outside, options_.positions);
    std::string flagText = joined(flags);
    bool newest = !live_[i].fix || fix.time >= live_[i].fix->time;
    json fixJson = teams::toJson(fix);
    fixJson["flags"] = flags;
    ctx_.db.write([&](store::Transaction& tx) {
      repo_.appendPosition(tx, {id, fix.point.lon, fix.point.lat, fix.time, now, fix.accuracy, fix.speed, fix.heading,
                                fix.battery, flagText},
                           options_.trackLength);
      ctx_.audit.append(tx, {now, who.label(), "team.position", id, nullptr, fixJson, requestId});
    });
    Live& l = live_[i];
    if (newest) {
      l.fix = fix;
      l.flags = flagText;
      l.freshness = teams::freshnessOf(fix.time, now, roster_[i].reportInterval, options_.freshness);
      rebuildLayer();
    }
    shown = view(i, false);
    result = {id, newest, flags, fix, l.freshness};
  }
  Event event{"team.position", roster_[i].committee, false, nullptr};
  event.payload = std::make_shared<const TeamView>(*shown);  // rendered by the HTTP edge
  ctx_.events.publish(std::move(event));
  return result;
}

std::vector<std::pair<std::string, Freshness>> TeamsService::evaluateFreshness(TimePoint now) {
  std::vector<std::pair<std::string, Freshness>> changed;
  std::vector<Event> events;
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < roster_.size(); ++i) {
      Live& l = live_[i];
      auto tier = teams::freshnessOf(l.fix ? std::optional(l.fix->time) : std::nullopt, now,
                                     roster_[i].reportInterval, options_.freshness);
      if (tier == l.freshness) continue;
      l.freshness = tier;
      changed.emplace_back(roster_[i].id, tier);
      if (teams::isAlarming(tier))
        events.push_back(Event{"team.freshness", roster_[i].committee, false,
                               {{"team", roster_[i].id},
                                {"name", roster_[i].name},
                                {"freshness", teams::freshnessName(tier)},
                                {"status", teams::statusName(l.status)},
                                {"last_fix", l.fix ? json(formatBeijing(l.fix->time)) : json()},
                                {"report_interval_s", roster_[i].reportInterval.count()},
                                {"at", formatBeijing(now)}}});
    }
    if (!changed.empty()) rebuildLayer();
  }
  for (auto& e : events) ctx_.events.publish(std::move(e));
  return changed;
}

void TeamsService::dispatchTo(const Principal& who, const std::string& incidentId, GeoPoint scene,
                              const teams::DispatchRequest& request, const std::string& requestId) {
  std::vector<size_t> picked;
  for (size_t k = 0; k < request.teams.size(); ++k) {
    auto it = byId_.find(request.teams[k]);
    if (it == byId_.end())
      throw EocError(ErrorCode::InvalidBody, "teams[" + std::to_string(k) + "]: no team \"" + request.teams[k] + "\"");
    picked.push_back(it->second);
  }
  std::vector<TeamView> shown;
  {
    std::lock_guard lock(mutex_);
    for (size_t i : picked)
      if (live_[i].status != TeamStatus::Available && !request.force)
        throw EocError(ErrorCode::Conflict, "team " + roster_[i].id + " is " +
                                                std::string(teams::statusName(live_[i].status)) +
                                                ", not available; dispatch it with \"force\": true and a reason");
    TimePoint now = ctx_.clock.now();
    std::string note = request.force ? "forced dispatch to " + incidentId + ": " + request.reason
                                     : "dispatched to " + incidentId;
    ctx_.db.write([&](store::Transaction& tx) {
      for (size_t i : picked) {
        const Live& l = live_[i];
        GeoPoint from = usesFix(l.fix, l.freshness, l.flags) ? l.fix->point : roster_[i].home;
        double eta = teams::estimateEta(from, scene, options_.eta).seconds;
        bool forced = l.status != TeamStatus::Available;
        repo_.insertDispatch(tx, {incidentId, roster_[i].id, now, who.label(), forced, request.reason, eta,
                                  std::nullopt, std::nullopt, std::nullopt});
        repo_.recordStatus(tx, {roster_[i].id, std::string(teams::statusName(l.status)), "notified", now, who.label(),
                                note, incidentId});
        repo_.markMilestone(tx, incidentId, roster_[i].id, store::DispatchMilestone::Notified, now);
        ctx_.audit.append(tx, {now, who.label(), "incident.dispatch", incidentId,
                               {{"team", roster_[i].id}, {"status", teams::statusName(l.status)}},
                               {{"team", roster_[i].id}, {"status", "notified"}, {"forced", forced},
                                {"reason", request.reason}, {"eta_s", std::round(eta)}},
                               requestId});
      }
    });
    for (size_t i : picked) {
      Live& l = live_[i];
      l.status = TeamStatus::Notified;
      l.since = now;
      l.byActor = who.label();
      l.note = note;
      l.incidentId = incidentId;
      shown.push_back(view(i, false));
    }
    rebuildLayer();
  }
  for (size_t k = 0; k < picked.size(); ++k) {
    Event event{"team.status", roster_[picked[k]].committee, false, nullptr};
    event.payload = std::make_shared<const TeamView>(shown[k]);  // rendered by the HTTP edge
    ctx_.events.publish(std::move(event));
  }
}

const teams::Team* TeamsService::findTeam(const std::string& id) const {
  auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : &roster_[it->second];
}

Recommendation TeamsService::recommend(GeoPoint target, const std::string& specialty, int people) const {
  if (people < 0) throw EocError(ErrorCode::InvalidParameter, "people: must not be negative");
  teams::SpecialtyMask mask = 0;
  if (!specialty.empty()) {
    auto bit = teams::specialtyBit(specialty);
    if (!bit) throw EocError(ErrorCode::InvalidParameter, "specialty: \"" + specialty + "\" is not a team specialty");
    mask = *bit;
  }
  std::vector<teams::Candidate> candidates;
  std::vector<bool> fromFix;
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < roster_.size(); ++i) {
      const Live& l = live_[i];
      bool fix = usesFix(l.fix, l.freshness, l.flags);
      fromFix.push_back(fix);
      candidates.push_back({fix ? l.fix->point : roster_[i].home, roster_[i].headcount, roster_[i].specialties,
                            l.status == TeamStatus::Available});
    }
  }
  auto ranked = teams::recommend(candidates, {target, mask, people}, options_.eta);
  Recommendation out;
  out.target = target;
  if (!specialty.empty()) out.specialty = specialty;
  out.people = people;
  out.etaMethod = options_.eta.method();
  for (const auto& r : ranked)
    out.teams.push_back({roster_[r.index], r.cumulativeHeadcount, bool(fromFix[r.index]), r.eta});
  out.coveredPeople = ranked.empty() ? 0 : ranked.back().cumulativeHeadcount;
  return out;
}

TeamsService::Proposal TeamsService::propose(const std::string& activationId) const {
  auto record = activations_.find(activationId);
  if (!record) throw EocError(ErrorCode::NotFound, "no activation \"" + activationId + "\"");
  if (record->source != store::ActivationSource::Warning)
    throw EocError(ErrorCode::InvalidParameter, "activation " + activationId + " is not a warning's: pre-positioning "
                                                "prepares for a warned event");
  Proposal p;
  const auto exposed = plans::exposedPoints(record->body);
  for (const auto& [layer, specialty] : options_.prepositionSpecialty) {
    auto it = exposed.find(layer);
    if (it == exposed.end()) continue;
    for (const auto& point : it->second) p.items.push_back({point.id, layer, point.name, specialty, point.location});
  }
  // Rows: points; columns: available teams. A team lacking a point's specialty costs more than
  // every feasible pairing together, so the optimum first covers as many points as it can.
  std::vector<size_t> columns;
  for (size_t i = 0; i < roster_.size(); ++i)
    if (live_[i].status == TeamStatus::Available) columns.push_back(i);
  if (p.items.empty() || columns.empty()) return p;
  std::vector<std::vector<double>> cost(p.items.size(), std::vector<double>(columns.size()));
  std::vector<std::vector<bool>> feasible(p.items.size(), std::vector<bool>(columns.size()));
  double feasibleSum = 1;
  for (size_t r = 0; r < p.items.size(); ++r) {
    auto bit = teams::specialtyBit(p.items[r].specialty).value_or(0);
    for (size_t c = 0; c < columns.size(); ++c) {
      size_t i = columns[c];
      const Live& l = live_[i];
      GeoPoint from = usesFix(l.fix, l.freshness, l.flags) ? l.fix->point : roster_[i].home;
      cost[r][c] = teams::estimateEta(from, p.items[r].location, options_.eta).seconds;
      feasible[r][c] = bit != 0 && roster_[i].has(bit);
      if (feasible[r][c]) feasibleSum += cost[r][c];
    }
  }
  double penalty = feasibleSum * 10;
  for (size_t r = 0; r < cost.size(); ++r)
    for (size_t c = 0; c < columns.size(); ++c)
      if (!feasible[r][c]) cost[r][c] = penalty;
  auto exact = teams::solveAssignment(cost);
  auto greedy = teams::greedyAssignment(cost);
  for (size_t r = 0; r < p.items.size(); ++r) {
    int c = exact.columnOfRow[r];
    if (c < 0 || !feasible[r][size_t(c)]) continue;
    p.items[r].team = int(columns[size_t(c)]);
    p.items[r].etaSeconds = cost[r][size_t(c)];
    p.total += cost[r][size_t(c)];
  }
  for (size_t r = 0; r < p.items.size(); ++r) {
    int c = greedy.columnOfRow[r];
    if (c >= 0 && feasible[r][size_t(c)]) p.greedyTotal += cost[r][size_t(c)];
  }
  return p;
}

PrepositionProposal TeamsService::proposePrepositioning(const std::string& activationId) const {
  Proposal p;
  {
    std::lock_guard lock(mutex_);
    p = propose(activationId);
  }
  PrepositionProposal out;
  out.activationId = activationId;
  out.etaMethod = options_.eta.method();
  out.totalEtaSeconds = p.total;
  out.greedyTotalEtaSeconds = p.greedyTotal;
  for (const auto& item : p.items) {
    PrepositionItem row{item.point, item.layer, item.name, item.specialty, item.location, std::nullopt, item.etaSeconds};
    if (item.team >= 0) row.team = roster_[size_t(item.team)];
    out.items.push_back(std::move(row));
  }
  return out;
}

PrepositionAccepted TeamsService::acceptPrepositioning(const Principal& who, const std::string& activationId,
                                                       const teams::PrepositionAccept& request,
                                                       const std::string& requestId) {
  if (who.role != Role::DutyOfficer) throw EocError(ErrorCode::Forbidden, "only a duty officer pre-positions teams");
  std::vector<std::pair<const Proposal::Item*, size_t>> chosen;  // (point, roster index)
  std::vector<TeamView> shown;
  PrepositionAccepted out{activationId, {}};
  {
    std::lock_guard lock(mutex_);
    Proposal p = propose(activationId);
    if (request.assignments) {
      for (size_t k = 0; k < request.assignments->size(); ++k) {
        const auto& [point, team] = (*request.assignments)[k];
        std::string field = "assignments[" + std::to_string(k) + "]";
        auto item = std::find_if(p.items.begin(), p.items.end(), [&](const auto& it) { return it.point == point; });
        if (item == p.items.end())
          throw EocError(ErrorCode::InvalidBody, field + ".point: \"" + point + "\" is not exposed in " + activationId);
        auto t = byId_.find(team);
        if (t == byId_.end()) throw EocError(ErrorCode::InvalidBody, field + ".team: no team \"" + team + "\"");
        if (!roster_[t->second].has(teams::specialtyBit(item->specialty).value_or(~0u)))
          throw EocError(ErrorCode::InvalidBody, field + ".team: " + team + " has no " + item->specialty + " specialty");
        if (live_[t->second].status != TeamStatus::Available)
          throw EocError(ErrorCode::Conflict, field + ".team: " + team + " is " +
                                                  std::string(teams::statusName(live_[t->second].status)));
        chosen.emplace_back(&*item, t->second);
      }
    } else {
      for (const auto& item : p.items)
        if (item.team >= 0) chosen.emplace_back(&item, size_t(item.team));
    }
    if (chosen.empty()) throw EocError(ErrorCode::Conflict, "no available team can be pre-positioned for " + activationId);
    TimePoint now = ctx_.clock.now();
    ctx_.db.write([&](store::Transaction& tx) {
      for (const auto& [item, i] : chosen) {
        std::string note = "pre-positioned at " + item->point + " " + item->name + " (" + activationId + ")";
        repo_.recordStatus(tx, {roster_[i].id, std::string(teams::statusName(live_[i].status)), "notified", now,
                                who.label(), note, std::nullopt});
        ctx_.audit.append(tx, {now, who.label(), "team.preposition", roster_[i].id, {{"status", "available"}},
                               {{"status", "notified"}, {"point", item->point}, {"activation", activationId}},
                               requestId});
      }
    });
    for (const auto& [item, i] : chosen) {
      Live& l = live_[i];
      l.status = TeamStatus::Notified;
      l.since = now;
      l.byActor = who.label();
      l.note = "pre-positioned at " + item->point + " " + item->name + " (" + activationId + ")";
      l.incidentId.reset();
      shown.push_back(view(i, false));
      out.accepted.emplace_back(item->point, roster_[i].id);
    }
    rebuildLayer();
  }
  for (size_t k = 0; k < chosen.size(); ++k) {
    Event event{"team.status", roster_[chosen[k].second].committee, false, nullptr};
    event.payload = std::make_shared<const TeamView>(shown[k]);  // rendered by the HTTP edge
    ctx_.events.publish(std::move(event));
  }
  return out;
}

}  // namespace eoc::service
