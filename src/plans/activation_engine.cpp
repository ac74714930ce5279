#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <sstream>
#include <stdexcept>

#include "gis/geodesy.hpp"
#include "plans/activation.hpp"

namespace eoc::plans {

namespace {

const gis::Feature* at(const gis::Layer* layer, size_t i) { return &layer->features()[i]; }

std::string propertyString(const gis::Feature& f, const char* name) {
  const auto it = f.properties.find(name);
  return it != f.properties.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double propertyNumber(const gis::Feature& f, const char* name) {
  const auto it = f.properties.find(name);
  return it != f.properties.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::string formatNumber(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// A closed counter-clockwise 64-gon approximating the circle, for polygon-layer queries.
gis::MultiPolygon circleAround(GeoPoint c, double meters) {
  constexpr int kSides = 64;
  const double dLat = meters / gis::kEarthRadiusMeters * 180.0 / std::numbers::pi;
  const double dLon = dLat / std::cos(c.lat * std::numbers::pi / 180.0);
  gis::Polygon polygon;
  for (int i = 0; i <= kSides; ++i) {
    const double a = 2 * std::numbers::pi * (i % kSides) / kSides;
    polygon.outer().emplace_back(c.lon + dLon * std::cos(a), c.lat + dLat * std::sin(a));
  }
  return gis::MultiPolygon{polygon};
}

}  // namespace

// Everything about the layers that does not depend on the request, computed once.
struct ActivationEngine::Index {
  struct PointLayer {
    const gis::Layer* layer = nullptr;
    std::vector<std::vector<uint32_t>> committeesOf;  // committee indexes containing each point
  };
  struct Shelter {
    std::string cls;
    long long capacity = 0;
    double radius = 0;
    bool open = true;
    std::vector<std::pair<uint32_t, double>> covers;  // communities within the service radius, nearest first
  };
  const gis::Layer* committees = nullptr;
  const gis::Layer* boundary = nullptr;
  PointLayer communities, shelters, waterlogging, geohazards, teams;
  std::vector<long long> population;            // per community
  std::vector<Shelter> shelterInfo;             // per shelter
  double maxServiceRadius = 0;
  std::vector<std::vector<double>> shelterToCommittee;  // metres, 0 inside
  std::vector<std::vector<double>> teamToCommittee;
  std::vector<std::set<std::string>> teamSpecialties;
  std::map<std::string, uint32_t> committeeByCode;

  void indexPoints(PointLayer& target, const gis::LayerCatalog& catalog, const char* id) {
    target.layer = catalog.find(id);
    if (!target.layer) return;
    for (const auto& f : target.layer->features()) {
      std::vector<uint32_t> in;
      for (size_t c : committees->containing(f.location())) in.push_back(static_cast<uint32_t>(c));
      target.committeesOf.push_back(std::move(in));
    }
  }

  std::vector<std::vector<double>> distancesToCommittees(const PointLayer& points) const {
    std::vector<std::vector<double>> out;
    if (!points.layer) return out;
    for (const auto& f : points.layer->features()) {
      std::vector<double> row;
      for (const auto& c : committees->features()) row.push_back(gis::distanceMeters(f.location(), c.area));
      out.push_back(std::move(row));
    }
    return out;
  }
};

ActivationEngine::ActivationEngine(const PlanBook& book, const gis::LayerCatalog& layers)
    : book_(book), layers_(layers), index_(std::make_unique<Index>()) {
  Index& ix = *index_;
  ix.committees = layers.find("committees");
  if (!ix.committees) throw std::invalid_argument("activation engine: the layer \"committees\" is required");
  ix.boundary = layers.find("boundary");
  for (uint32_t c = 0; c < ix.committees->features().size(); ++c) ix.committeeByCode[ix.committees->features()[c].id] = c;
  ix.indexPoints(ix.communities, layers, "communities");
  ix.indexPoints(ix.shelters, layers, "shelters");
  ix.indexPoints(ix.waterlogging, layers, "waterlogging");
  ix.indexPoints(ix.geohazards, layers, "geohazards");
  ix.indexPoints(ix.teams, layers, "teams");
  if (ix.communities.layer)
    for (const auto& f : ix.communities.layer->features()) ix.population.push_back(std::llround(propertyNumber(f, "population")));
  if (ix.shelters.layer) {
    for (const auto& f : ix.shelters.layer->features()) {
      Index::Shelter s;
      s.cls = propertyString(f, "class");
      s.capacity = std::llround(propertyNumber(f, "capacity"));
      s.radius = propertyNumber(f, "service_radius_m");
      const std::string status = propertyString(f, "status");
      s.open = status.empty() || status == "open";
      if (ix.communities.layer)
        for (const auto& n : ix.communities.layer->withinRadius(f.location(), s.radius))
          s.covers.emplace_back(static_cast<uint32_t>(n.index), n.meters);
      ix.maxServiceRadius = std::max(ix.maxServiceRadius, s.radius);
      ix.shelterInfo.push_back(std::move(s));
    }
    ix.shelterToCommittee = ix.distancesToCommittees(ix.shelters);
  }
  if (ix.teams.layer) {
    ix.teamToCommittee = ix.distancesToCommittees(ix.teams);
    for (const auto& f : ix.teams.layer->features()) {
      std::set<std::string> specialties;
      std::stringstream list(propertyString(f, "specialties"));
      for (std::string item; std::getline(list, item, ',');) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) specialties.insert(item);
      }
      ix.teamSpecialties.push_back(std::move(specialties));
    }
  }
}

ActivationEngine::~ActivationEngine() = default;

bool ActivationEngine::isCommittee(const std::string& code) const { return index_->committeeByCode.contains(code); }

bool ActivationEngine::insideDistrict(GeoPoint p) const {
  const gis::Layer* district = index_->boundary ? index_->boundary : index_->committees;
  return !district->containing(p).empty();
}

bool ActivationEngine::touchesDistrict(const gis::MultiPolygon& area) const {
  const gis::Layer* district = index_->boundary ? index_->boundary : index_->committees;
  return !district->intersectingArea(area).empty();
}

namespace {

// --- which plans, at which level -------------------------------------------------------------

std::string describe(const Trigger& trigger) { return trigger.source + " " + trigger.text.dump(); }

struct Facts {
  const WarningInput* warning = nullptr;
  const IncidentInput* incident = nullptr;
  std::string size;  // incidents: the effective size
  double areaKm2 = 0;
};

bool matches(const Trigger& trigger, const Facts& facts) {
  if (const auto* w = std::get_if<WarningTrigger>(&trigger.rule)) {
    return facts.warning && facts.warning->type == w->type &&
           colourRank(facts.warning->level).value_or(0) >= colourRank(w->minColour).value_or(99);
  }
  if (const auto* i = std::get_if<IncidentTrigger>(&trigger.rule)) {
    const IncidentInput* in = facts.incident;
    if (!in || in->type != i->type) return false;
    if (i->minMagnitude && in->magnitude.value_or(-1) < *i->minMagnitude) return false;
    if (i->minCasualties && in->casualties < *i->minCasualties) return false;
    if (i->minEvacuated && in->evacuated < *i->minEvacuated) return false;
    if (i->minAreaKm2 && facts.areaKm2 < *i->minAreaKm2) return false;
    if (!i->sizes.empty() && std::find(i->sizes.begin(), i->sizes.end(), facts.size) == i->sizes.end()) return false;
    return true;
  }
  return false;
}

struct PlanState {
  std::optional<Level> level;
  std::string because;
};

std::vector<PlanState> evaluatePlans(const std::vector<Plan>& plans, const Facts& facts) {
  std::vector<PlanState> state(plans.size());
  for (size_t p = 0; p < plans.size(); ++p)
    for (auto l = plans[p].levels.rbegin(); l != plans[p].levels.rend() && !state[p].level; ++l)
      for (const auto& trigger : l->triggers)
        if (matches(trigger, facts)) {
          state[p] = {l->level, describe(trigger)};
          break;
        }
  // Plan triggers ("activate alongside another plan at III or above") are applied until nothing
  // changes; levels only rise and are bounded, so this ends, and plan order cannot matter.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t p = 0; p < plans.size(); ++p)
      for (const auto& level : plans[p].levels) {
        if (state[p].level && *state[p].level >= level.level) continue;
        for (const auto& trigger : level.triggers) {
          const auto* rule = std::get_if<PlanTrigger>(&trigger.rule);
          if (!rule) continue;
          for (size_t q = 0; q < plans.size(); ++q) {
            if (q == p || !state[q].level || *state[q].level < rule->minLevel) continue;
            if (!rule->ids.empty() && std::find(rule->ids.begin(), rule->ids.end(), plans[q].id) == rule->ids.end()) continue;
            state[p] = {level.level, describe(trigger) + " (" + plans[q].id + " at " + std::string(levelKey(*state[q].level)) + ")"};
            changed = true;
            break;
          }
          if (state[p].level && *state[p].level >= level.level) break;
        }
      }
  }
  return state;
}

// --- the area --------------------------------------------------------------------------------

struct Area {
  std::vector<char> named;                   // by committee index
  const gis::MultiPolygon* polygon = nullptr;
  std::optional<GeoPoint> center;
  double radius = 0;
};

struct Member {
  size_t index;
  std::optional<double> meters;
  std::string reason;
};

}  // namespace

namespace {

std::vector<Member> membersOf(const ActivationEngine::Index& ix, const ActivationEngine::Index::PointLayer& points,
                              const Area& area) {
  std::vector<Member> out;
  if (!points.layer) return out;
  if (area.center) {
    for (const auto& n : points.layer->withinRadius(*area.center, area.radius))
      out.push_back({n.index, n.meters, "within " + formatNumber(area.radius) + " m of the incident"});
    return out;
  }
  std::vector<char> inPolygon(points.layer->features().size(), 0);
  if (area.polygon)
    for (size_t i : points.layer->intersectingArea(*area.polygon)) inPolygon[i] = 1;
  for (size_t i = 0; i < points.layer->features().size(); ++i) {
    std::string reason;
    for (uint32_t c : points.committeesOf[i])
      if (area.named[c]) {
        reason = "inside committee " + ix.committees->features()[c].id;
        break;
      }
    if (reason.empty() && inPolygon[i]) reason = "inside the warning polygon";
    if (!reason.empty()) out.push_back({i, std::nullopt, std::move(reason)});
  }
  return out;
}

// Distance from a point to the area: 0 inside; for warnings the nearest named committee or the polygon.
double distanceToArea(GeoPoint p, const std::vector<double>* toCommittee, const Area& area) {
  if (area.center) return std::max(0.0, gis::haversineMeters(p, *area.center) - area.radius);
  double best = std::numeric_limits<double>::infinity();
  if (toCommittee)
    for (size_t c = 0; c < area.named.size(); ++c)
      if (area.named[c]) best = std::min(best, (*toCommittee)[c]);
  if (area.polygon && best > 0) best = std::min(best, gis::distanceMeters(p, *area.polygon));
  return best;
}

}  // namespace

Activation ActivationEngine::activate(const ActivationInput& input) const {
  const Index& ix = *index_;
  const Hazards& hazards = book_.hazards();
  Activation out;
  Facts facts;
  Area area;
  area.named.assign(ix.committees->features().size(), 0);
  const ExposureRule* exposure = nullptr;
  std::string exposureSource;
  double shelterShare = 0;
  std::string shareSource;

  if (const auto* w = std::get_if<WarningInput>(&input)) {
    facts.warning = w;
    for (const auto& code : w->committees)
      if (auto it = ix.committeeByCode.find(code); it != ix.committeeByCode.end()) area.named[it->second] = 1;
    if (w->polygon) area.polygon = &*w->polygon;
    if (auto it = hazards.warningExposure.find(w->type); it != hazards.warningExposure.end()) {
      exposure = &it->second;
      exposureSource = "hazards.json#/exposure/warnings/" + w->type;
    }
    const auto share = hazards.warningShelterShare.find(w->type);
    shelterShare = share != hazards.warningShelterShare.end() ? share->second : hazards.defaultWarningShelterShare;
    shareSource = share != hazards.warningShelterShare.end() ? "hazards.json#/warning_shelter_share/" + w->type
                                                             : "hazards.json#/warning_shelter_share/default";
  } else {
    const auto& in = std::get<IncidentInput>(input);
    facts.incident = &in;
    const IncidentType& type = hazards.incidents.at(in.type);
    area.center = in.location;
    if (!type.radiusByMagnitude.empty()) {
      for (const auto& [minMagnitude, radius] : type.radiusByMagnitude)
        if (in.magnitude.value_or(0) >= minMagnitude) area.radius = radius;
    } else {
      facts.size = in.size.value_or(type.defaultSize);
      area.radius = type.radiusBySize.at(facts.size);
    }
    out.radiusMeters = area.radius;
    facts.areaKm2 = in.areaKm2.value_or(0);
    if (auto it = hazards.incidentExposure.find(in.type); it != hazards.incidentExposure.end()) {
      exposure = &it->second;
      exposureSource = "hazards.json#/exposure/incidents/" + in.type;
    }
    shelterShare = type.shelterShare;
    shareSource = "hazards.json#/incidents/" + in.type + "/shelter_share";
  }

  // Plans and levels.
  const auto& plans = book_.plans();
  const auto state = evaluatePlans(plans, facts);
  std::vector<size_t> active;
  for (size_t p = 0; p < plans.size(); ++p)
    if (state[p].level) active.push_back(p);
  std::stable_sort(active.begin(), active.end(), [&](size_t a, size_t b) { return *state[a].level > *state[b].level; });
  for (size_t p : active) {
    out.plans.push_back({plans[p].id, plans[p].overall ? "overall" : "special", plans[p].title, *state[p].level, state[p].because});
    if (!out.level || *state[p].level > *out.level) out.level = *state[p].level;
  }

  // Actions: each plan's level and every lower one (responses are cumulative), merged, by deadline.
  struct Pending {
    ActionItem item;
    size_t order;
  };
  std::vector<Pending> pending;
  std::map<std::pair<std::string, std::string>, size_t> seen;  // (unit, what) -> position in pending
  for (size_t p : active)
    for (const auto& level : plans[p].levels) {
      if (level.level > *state[p].level) continue;
      for (const auto& a : level.actions) {
        ActionItem item{0, plans[p].id, a.what, a.unit, book_.unitName(a.unit), a.deadlineMin,
                        !a.layer.empty() ? a.layer : a.resource,
                        a.source + " (" + plans[p].id + " level " + std::string(levelKey(*state[p].level)) + ")"};
        const auto key = std::make_pair(a.unit, a.what);
        if (auto it = seen.find(key); it != seen.end()) {
          if (pending[it->second].item.deadlineMin > a.deadlineMin) pending[it->second].item = std::move(item);
          continue;
        }
        seen.emplace(key, pending.size());
        pending.push_back({std::move(item), pending.size()});
      }
    }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending& a, const Pending& b) { return a.item.deadlineMin < b.item.deadlineMin; });
  for (auto& p : pending) {
    p.item.n = static_cast<int>(out.actions.size()) + 1;
    out.actions.push_back(std::move(p.item));
  }

  // Exposed hazard points.
  if (exposure) {
    for (const auto& m : membersOf(ix, ix.waterlogging, area)) {
      const gis::Feature* f = at(ix.waterlogging.layer, m.index);
      const std::string cause = propertyString(*f, "cause");
      if (std::find(exposure->waterloggingCauses.begin(), exposure->waterloggingCauses.end(), cause) ==
          exposure->waterloggingCauses.end())
        continue;
      out.waterlogging.push_back({f, m.meters, exposureSource + ": cause " + cause + ", " + m.reason});
    }
    if (exposure->geohazards)
      for (const auto& m : membersOf(ix, ix.geohazards, area))
        out.geohazards.push_back({at(ix.geohazards.layer, m.index), m.meters, exposureSource + ": " + m.reason});
  }

  // Committees and population.
  const auto communities = membersOf(ix, ix.communities, area);
  std::vector<long long> committeePopulation(area.named.size(), 0);
  std::vector<char> committeeExposed = area.named;
  if (area.center || area.polygon) {
    const gis::MultiPolygon circle = area.center ? circleAround(*area.center, area.radius) : gis::MultiPolygon{};
    for (size_t c : ix.committees->intersectingArea(area.center ? circle : *area.polygon)) committeeExposed[c] = 1;
    if (area.center)
      for (size_t c : ix.committees->containing(*area.center)) committeeExposed[c] = 1;
  }
  for (const auto& m : communities) {
    out.communitiesPopulation += ix.population[m.index];
    for (uint32_t c : ix.communities.committeesOf[m.index]) {
      committeePopulation[c] += ix.population[m.index];
      committeeExposed[c] = 1;
    }
  }
  for (size_t c = 0; c < committeeExposed.size(); ++c)
    if (committeeExposed[c]) out.committees.push_back({&ix.committees->features()[c], committeePopulation[c]});

  // Shelters inside the area or whose service radius reaches it.
  std::vector<char> shelterInArea(ix.shelterInfo.size(), 0);
  for (const auto& m : membersOf(ix, ix.shelters, area)) shelterInArea[m.index] = 1;
  for (size_t s = 0; s < ix.shelterInfo.size(); ++s) {
    const gis::Feature* f = at(ix.shelters.layer, s);
    const double d = shelterInArea[s] ? 0.0 : distanceToArea(f->location(), &ix.shelterToCommittee[s], area);
    if (d > ix.shelterInfo[s].radius) continue;
    out.shelters.push_back({f, area.center ? std::optional<double>(gis::haversineMeters(f->location(), *area.center)) : std::nullopt,
                            d == 0 ? "inside the area" : "service radius " + formatNumber(ix.shelterInfo[s].radius) +
                                                             " m reaches the area (" + formatNumber(std::round(d)) + " m away)"});
  }

  // Shelters to open: demand per community (or the evacuees at the incident site), greedy cover
  // by the open shelter absorbing the most remaining people within its class service radius.
  std::vector<long long> demand(ix.population.size(), 0);
  long long siteDemand = 0;
  if (facts.incident && facts.incident->evacuated > 0) {
    siteDemand = facts.incident->evacuated;
    out.peopleToShelterBecause = "incident.evacuated";
  } else {
    for (const auto& m : communities) demand[m.index] = std::llround(static_cast<double>(ix.population[m.index]) * shelterShare);
    out.peopleToShelterBecause = shareSource + " = " + formatNumber(shelterShare) + " of the exposed communities' population";
  }
  for (long long d : demand) out.peopleToShelter += d;
  out.peopleToShelter += siteDemand;
  std::vector<long long> capacity(ix.shelterInfo.size(), 0);
  std::vector<double> siteDistance(ix.shelterInfo.size(), std::numeric_limits<double>::infinity());
  for (size_t s = 0; s < ix.shelterInfo.size(); ++s) {
    if (ix.shelterInfo[s].open) capacity[s] = ix.shelterInfo[s].capacity;
    if (siteDemand > 0) siteDistance[s] = gis::haversineMeters(at(ix.shelters.layer, s)->location(), *area.center);
  }
  auto absorbable = [&](size_t s) {
    long long reachable = 0;
    for (const auto& [c, meters] : ix.shelterInfo[s].covers) reachable += demand[c];
    if (siteDistance[s] <= ix.shelterInfo[s].radius) reachable += siteDemand;
    return std::min(reachable, capacity[s]);
  };
  while (out.peopleToShelter > 0) {
    size_t best = ix.shelterInfo.size();
    long long bestPeople = 0;
    for (size_t s = 0; s < ix.shelterInfo.size(); ++s)
      if (capacity[s] > 0)
        if (const long long people = absorbable(s); people > bestPeople) best = s, bestPeople = people;
    if (best == ix.shelterInfo.size()) break;
    long long room = capacity[best];
    if (siteDistance[best] <= ix.shelterInfo[best].radius) {
      const long long take = std::min(room, siteDemand);
      siteDemand -= take, room -= take;
    }
    for (const auto& [c, meters] : ix.shelterInfo[best].covers) {
      const long long take = std::min(room, demand[c]);
      demand[c] -= take, room -= take;
    }
    const auto& info = ix.shelterInfo[best];
    out.sheltersToOpen.push_back({at(ix.shelters.layer, best), info.cls, info.capacity, info.radius, bestPeople,
                                  "takes " + std::to_string(bestPeople) + " people within its class " + info.cls +
                                      " service radius of " + formatNumber(info.radius) + " m"});
    capacity[best] = 0;
  }
  out.shortfall = siteDemand;
  for (long long d : demand) out.shortfall += d;

  // Team needs: per specialty the largest requirement of any active plan at its level.
  std::map<std::string, TeamNeed> needs;
  for (size_t p : active)
    for (const auto& t : plans[p].at(*state[p].level).teams) {
      auto& need = needs[t.specialty];
      if (t.people > need.people) {
        need.specialty = t.specialty;
        need.people = t.people;
        need.because = t.source;
      }
    }
  std::vector<char> teamUsed(ix.teamSpecialties.size(), 0);
  std::vector<std::pair<double, size_t>> byDistance;
  for (size_t t = 0; t < ix.teamSpecialties.size(); ++t) {
    const gis::Feature* f = at(ix.teams.layer, t);
    const bool inside = area.center ? false : [&] {
      for (uint32_t c : ix.teams.committeesOf[t])
        if (area.named[c]) return true;
      return false;
    }();
    byDistance.emplace_back(inside ? 0.0 : distanceToArea(f->location(), &ix.teamToCommittee[t], area), t);
  }
  std::sort(byDistance.begin(), byDistance.end());
  for (auto& [key, need] : needs) {
    const auto name = book_.specialties().find(key);
    need.specialtyName = name != book_.specialties().end() ? name->second : key;
    long long covered = 0;
    for (const auto& [meters, t] : byDistance) {
      if (covered >= need.people) break;
      if (teamUsed[t] || !ix.teamSpecialties[t].contains(key)) continue;
      const gis::Feature* f = at(ix.teams.layer, t);
      const long long headcount = std::llround(propertyNumber(*f, "headcount"));
      need.teams.push_back({f, headcount, meters});
      covered += headcount;
      teamUsed[t] = 1;
    }
    out.teamNeeds.push_back(std::move(need));
  }
  return out;
}

}  // namespace eoc::plans
