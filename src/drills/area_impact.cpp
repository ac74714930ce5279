#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include "drills/impact.hpp"
#include "gis/geodesy.hpp"

namespace eoc::drills {

namespace {

constexpr double kDownwindHalfAngle = 30.0;  // degrees either side of the downwind direction
constexpr size_t kSafeShelters = 3;
constexpr size_t kTeams = 5;

double bearingDegrees(GeoPoint from, GeoPoint to) {
  const double d2r = std::numbers::pi / 180.0;
  double east = (to.lon - from.lon) * std::cos(from.lat * d2r);
  double north = to.lat - from.lat;
  double b = std::atan2(east, north) / d2r;
  return b < 0 ? b + 360.0 : b;
}

double angleBetween(double a, double b) {
  double d = std::fmod(std::fabs(a - b), 360.0);
  return d > 180.0 ? 360.0 - d : d;
}

template <class T>
void nearestFirst(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.meters < b.meters; });
}

}  // namespace

std::string specialtyFor(const std::string& type) {
  if (type == "gas_leak" || type == "hazmat") return "hazmat";
  if (type == "grassland_fire" || type == "building_fire") return "fire";
  if (type == "rainstorm") return "flood";
  return "search_rescue";
}

bool insideArea(const AreaImpact& impact, GeoPoint centre, GeoPoint p) {
  double d = gis::haversineMeters(centre, p);
  if (d <= impact.radiusM) return true;
  if (!impact.downwindDegrees || d > impact.downwindRadiusM) return false;
  return angleBetween(bearingDegrees(centre, p), *impact.downwindDegrees) <= kDownwindHalfAngle;
}

AreaImpact assessArea(const Scenario& scenario, const Exposure& exposure) {
  AreaImpact impact;
  const RadiusSize size = scenario.area.value_or(RadiusSize{});
  impact.radiusM = size.radius();
  impact.downwindRadiusM = impact.radiusM;
  if (size.windFromDegrees && size.downwindFactor > 1.0) {
    impact.downwindDegrees = std::fmod(*size.windFromDegrees + 180.0, 360.0);
    impact.downwindRadiusM = impact.radiusM * size.downwindFactor;
  }
  const GeoPoint centre = scenario.location;
  for (const auto& c : exposure.communities)
    if (insideArea(impact, centre, c.at)) {
      impact.communities.push_back({c.id, c.name, gis::haversineMeters(centre, c.at), c.population});
      impact.population += c.population;
    }
  nearestFirst(impact.communities);
  std::vector<Distanced> outside;
  for (const auto& s : exposure.shelters) {
    Distanced d{s.id, s.name, gis::haversineMeters(centre, s.at), s.capacity};
    if (insideArea(impact, centre, s.at)) impact.sheltersInside.push_back(d);
    else if (s.open) outside.push_back(d);
  }
  nearestFirst(impact.sheltersInside);
  nearestFirst(outside);
  if (outside.size() > kSafeShelters) outside.resize(kSafeShelters);
  impact.safeShelters = std::move(outside);
  impact.specialty = specialtyFor(scenario.type);
  for (const auto& t : exposure.teams)
    if (t.has(impact.specialty)) impact.teams.push_back({t.id, t.name, gis::haversineMeters(centre, t.at), t.headcount});
  nearestFirst(impact.teams);
  if (impact.teams.size() > kTeams) impact.teams.resize(kTeams);
  return impact;
}

const char* rainRiskKey(RainRisk risk) {
  switch (risk) {
    case RainRisk::None: return "none";
    case RainRisk::Watch: return "watch";
    case RainRisk::High: return "high";
    case RainRisk::Severe: return "severe";
  }
  return "none";
}

RainstormImpact assessRainstorm(const Scenario& scenario, const Exposure& exposure) {
  RainstormImpact impact;
  impact.size = scenario.rainstorm.value_or(RainstormSize{});
  const auto& r = impact.size;
  impact.totalMm = r.rateMmPerHour * r.durationHours;
  auto inRain = [&](GeoPoint p) { return !r.radiusKm || gis::haversineMeters(scenario.location, p) <= *r.radiusKm * 1000; };
  RainRisk byRate = r.rateMmPerHour >= r.severeMmPerHour ? RainRisk::Severe
                    : r.rateMmPerHour >= r.highMmPerHour ? RainRisk::High
                    : r.rateMmPerHour >= r.watchMmPerHour ? RainRisk::Watch
                                                          : RainRisk::None;
  std::vector<GeoPoint> riskPoints;
  std::set<std::string> committees;
  for (const auto& w : exposure.waterlogging) {
    if (!inRain(w.at) || byRate == RainRisk::None) continue;
    RainRisk risk = byRate;
    std::string because = "雨强" + nlohmann::json(r.rateMmPerHour).dump() + "mm/h";
    // A point whose works were completed ("eliminated") floods only one class later.
    if (w.status == "eliminated") {
      risk = static_cast<RainRisk>(static_cast<int>(risk) - 1);
      because += "，已整治降一级";
      if (risk == RainRisk::None) continue;
    }
    impact.atRisk.push_back({w.id, w.name, w.committee, "waterlogging", risk, because});
    riskPoints.push_back(w.at);
    committees.insert(w.committee);
  }
  for (const auto& g : exposure.geohazards) {
    if (!inRain(g.at) || impact.totalMm < r.geohazardTotalMm) continue;
    RainRisk risk = impact.totalMm >= 2 * r.geohazardTotalMm ? RainRisk::Severe : RainRisk::High;
    impact.atRisk.push_back({g.id, g.name, g.committee, "geohazards", risk,
                             "累计雨量" + nlohmann::json(impact.totalMm).dump() + "mm"});
    impact.population += g.population;
    committees.insert(g.committee);
  }
  for (const auto& c : exposure.communities)
    for (GeoPoint p : riskPoints)
      if (gis::haversineMeters(p, c.at) <= r.affectedRadiusM) {
        impact.population += c.population;
        committees.insert(c.committee);
        break;
      }
  committees.erase("");
  impact.committees.assign(committees.begin(), committees.end());
  return impact;
}

Impact assess(const Scenario& scenario, const Exposure& exposure) {
  Impact impact;
  impact.type = scenario.type;
  if (scenario.type == "earthquake") impact.earthquake = assessEarthquake(scenario, exposure);
  else if (scenario.type == "rainstorm") impact.rainstorm = assessRainstorm(scenario, exposure);
  else impact.area = assessArea(scenario, exposure);
  return impact;
}

}  // namespace eoc::drills
