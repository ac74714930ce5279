#include <cmath>
#include <numbers>

#include "drills/impact.hpp"
#include "gis/geodesy.hpp"

namespace eoc::drills {

namespace {

using nlohmann::json;

constexpr int kLowestZoneDegree = 5;
constexpr int kEllipseVertices = 72;

double round1(double v) { return std::round(v * 10) / 10; }
double round3(double v) { return std::round(v * 1000) / 1000; }

json sitesJson(const std::vector<SiteIntensity>& sites) {
  json out = json::array();
  for (const auto& s : sites)
    out.push_back({{"id", s.id}, {"name", s.name}, {"committee", s.committee}, {"intensity", round3(s.intensity)},
                   {"degree", s.degree}, {"degree_roman", romanDegree(s.degree)}});
  return out;
}

json needsJson(const MinimumNeeds& n) {
  return {{"rice_kg", round1(n.riceKg)},         {"drinking_water_l", round1(n.drinkingWaterL)},
          {"clean_water_l", round1(n.cleanWaterL)}, {"family_kits", n.familyKits},
          {"toilets", n.toilets},                {"period", "week"}};
}

json distancedJson(const std::vector<Distanced>& items, const char* amountKey) {
  json out = json::array();
  for (const auto& d : items)
    out.push_back({{"id", d.id}, {"name", d.name}, {"distance_m", std::round(d.meters)}, {amountKey, d.amount}});
  return out;
}

json earthquakeJson(const EarthquakeImpact& e) {
  json byDegree = json::array();
  for (size_t d = 0; d < e.populationByDegree.size(); ++d)
    if (e.populationByDegree[d] > 0)
      byDegree.push_back({{"degree", d}, {"degree_roman", romanDegree(static_cast<int>(d))},
                          {"population", std::llround(e.populationByDegree[d])}});
  json balance = json::array();
  for (const auto& b : e.shelterBalance)
    balance.push_back({{"committee", b.committee}, {"name", b.name}, {"displaced", b.displaced},
                       {"usable_capacity", b.usableCapacity}, {"shortfall", b.shortfall},
                       {"usable_shelters", b.usableShelters}});
  return {{"magnitude", e.size.magnitude},
          {"depth_km", e.size.depthKm},
          {"strike_deg", e.size.strikeDegrees},
          {"epicentre", {e.epicentre.lon, e.epicentre.lat}},
          {"relation", "Xinjiang (Yu Yanxiang et al. 2013), elliptical along the strike"},
          {"epicentral_intensity", round3(e.epicentralIntensity)},
          {"peak_intensity", round3(e.peakIntensity)},
          {"committees", sitesJson(e.committees)},
          {"communities", sitesJson(e.communities)},
          {"shelters", sitesJson(e.shelters)},
          {"waterlogging", sitesJson(e.waterlogging)},
          {"geohazards", sitesJson(e.geohazards)},
          {"population_by_degree", byDegree},
          {"displaced", e.displaced},
          {"displaced_from_degree", kDisplacedFromDegree},
          {"needs", needsJson(e.needs)},
          {"geohazards_triggered", e.geohazardsTriggered},
          {"shelter_balance", balance},
          {"shortfall", e.shortfall}};
}

json rainstormJson(const RainstormImpact& r) {
  json points = json::array();
  for (const auto& p : r.atRisk)
    points.push_back({{"id", p.id}, {"name", p.name}, {"committee", p.committee}, {"layer", p.layer},
                      {"risk", rainRiskKey(p.risk)}, {"because", p.because}});
  return {{"rate_mm_h", r.size.rateMmPerHour}, {"duration_h", r.size.durationHours}, {"total_mm", r.totalMm},
          {"at_risk", points}, {"committees", r.committees}, {"population", r.population}};
}

json areaJson(const AreaImpact& a) {
  json j = {{"radius_m", a.radiusM},
            {"downwind_radius_m", a.downwindRadiusM},
            {"communities", distancedJson(a.communities, "population")},
            {"population", a.population},
            {"shelters_inside", distancedJson(a.sheltersInside, "capacity")},
            {"safe_shelters", distancedJson(a.safeShelters, "capacity")},
            {"specialty", a.specialty},
            {"teams", distancedJson(a.teams, "headcount")}};
  j["downwind_deg"] = a.downwindDegrees ? json(*a.downwindDegrees) : json(nullptr);
  return j;
}

// A point `meters` from `centre` toward `bearing` (local equirectangular; district scale).
GeoPoint offset(GeoPoint centre, double bearingDeg, double meters) {
  const double d2r = std::numbers::pi / 180.0;
  const double mPerDeg = gis::kEarthRadiusMeters * d2r;
  double east = meters * std::sin(bearingDeg * d2r), north = meters * std::cos(bearingDeg * d2r);
  return {centre.lon + east / (mPerDeg * std::cos(centre.lat * d2r)), centre.lat + north / mPerDeg};
}

using Ring = std::vector<GeoPoint>;

gis::Feature feature(const std::string& id, const std::vector<Ring>& rings, json properties) {
  gis::Feature f;
  f.id = id;
  gis::Polygon polygon;
  for (size_t r = 0; r < rings.size(); ++r) {
    auto& target = r == 0 ? polygon.outer() : (polygon.inners().emplace_back(), polygon.inners().back());
    for (GeoPoint p : rings[r]) target.push_back(gis::toPoint(p));
  }
  gis::bg::correct(polygon);
  f.area.push_back(polygon);
  f.bbox = gis::bg::return_envelope<gis::Box>(f.area);
  f.point = gis::Point((f.bbox.min_corner().x() + f.bbox.max_corner().x()) / 2,
                       (f.bbox.min_corner().y() + f.bbox.max_corner().y()) / 2);
  json coordinates = json::array();
  auto ringJson = [](const auto& ring) {
    json out = json::array();
    for (const auto& p : ring) out.push_back({p.x(), p.y()});
    return out;
  };
  coordinates.push_back(ringJson(polygon.outer()));
  for (const auto& inner : polygon.inners()) coordinates.push_back(ringJson(inner));
  properties["id"] = id;
  f.properties = properties;
  f.geojson = json{{"type", "Feature"},
                   {"id", id},
                   {"geometry", {{"type", "Polygon"}, {"coordinates", coordinates}}},
                   {"properties", properties}}
                  .dump();
  return f;
}

Ring ellipse(const IntensityField& field, double value) {
  Ring ring;
  double a = field.longRadiusKm(value), b = field.shortRadiusKm(value);
  for (int k = 0; k <= kEllipseVertices; ++k) {
    double t = 2 * std::numbers::pi * (k % kEllipseVertices) / kEllipseVertices;
    ring.push_back(field.pointAt(a * std::cos(t), b * std::sin(t)));
  }
  return ring;
}

Ring circle(GeoPoint centre, double meters) {
  Ring ring;
  for (int k = 0; k <= kEllipseVertices; ++k) ring.push_back(offset(centre, 360.0 * (k % kEllipseVertices) / kEllipseVertices, meters));
  return ring;
}

std::vector<gis::Feature> earthquakeZones(const Scenario& scenario, const EarthquakeImpact& e) {
  IntensityField field(scenario.location, e.size.magnitude, e.size.strikeDegrees);
  std::vector<gis::Feature> out;
  int top = intensityDegree(field.peak());
  for (int degree = kLowestZoneDegree; degree <= top; ++degree) {
    double lower = degree - 0.5, upper = degree + 0.5;
    if (field.longRadiusKm(lower) <= 0) continue;
    std::vector<Ring> rings{ellipse(field, lower)};
    if (field.longRadiusKm(upper) > 0 && upper < field.peak()) rings.push_back(ellipse(field, upper));
    out.push_back(feature(std::string("I").append(std::to_string(degree)), rings,
                          {{"kind", "intensity_zone"}, {"degree", degree}, {"degree_roman", romanDegree(degree)},
                           {"intensity_min", lower}, {"intensity_max", upper},
                           {"long_axis_km", round3(field.longRadiusKm(lower))},
                           {"short_axis_km", round3(field.shortRadiusKm(lower))}}));
  }
  return out;
}

std::vector<gis::Feature> areaZones(const Scenario& scenario, const AreaImpact& a) {
  Ring ring;
  constexpr int kStepDeg = 2;
  for (int deg = 0; deg <= 360; deg += kStepDeg) {
    bool downwind = a.downwindDegrees && std::fabs(std::remainder(deg - *a.downwindDegrees, 360.0)) <= 30.0;
    ring.push_back(offset(scenario.location, deg % 360, downwind ? a.downwindRadiusM : a.radiusM));
  }
  ring.back() = ring.front();
  return {feature("evacuation", {ring},
                  {{"kind", "evacuation_area"}, {"radius_m", a.radiusM}, {"downwind_radius_m", a.downwindRadiusM},
                   {"population", a.population}})};
}

std::vector<gis::Feature> rainstormZones(const RainstormImpact& r, const Exposure& exposure) {
  std::vector<gis::Feature> out;
  auto find = [&](const std::vector<Site>& sites, const std::string& id) -> const Site* {
    for (const auto& s : sites)
      if (s.id == id) return &s;
    return nullptr;
  };
  for (const auto& p : r.atRisk) {
    const Site* s = find(p.layer == "waterlogging" ? exposure.waterlogging : exposure.geohazards, p.id);
    if (!s) continue;
    out.push_back(feature("risk-" + p.id, {circle(s->at, r.size.affectedRadiusM)},
                          {{"kind", "risk_area"}, {"point", p.id}, {"name", p.name}, {"layer", p.layer},
                           {"risk", rainRiskKey(p.risk)}}));
  }
  return out;
}

}  // namespace

json toJson(const Impact& impact) {
  json j = {{"type", impact.type}};
  if (impact.earthquake) j["earthquake"] = earthquakeJson(*impact.earthquake);
  if (impact.rainstorm) j["rainstorm"] = rainstormJson(*impact.rainstorm);
  if (impact.area) j["area"] = areaJson(*impact.area);
  return j;
}

std::vector<gis::Feature> zoneFeatures(const Scenario& scenario, const Impact& impact, const Exposure& exposure) {
  if (impact.earthquake) return earthquakeZones(scenario, *impact.earthquake);
  if (impact.area) return areaZones(scenario, *impact.area);
  if (impact.rainstorm) return rainstormZones(*impact.rainstorm, exposure);
  return {};
}

ImpactHeadlines headlines(const Impact& impact) {
  ImpactHeadlines h;
  if (impact.earthquake) {
    h.hazardPoints = impact.earthquake->geohazardsTriggered;
    h.shortfall = impact.earthquake->shortfall;
    h.displaced = impact.earthquake->displaced;
    h.needs = impact.earthquake->needs;
  }
  if (impact.rainstorm)
    for (const auto& p : impact.rainstorm->atRisk) h.hazardPoints.push_back(p.id);
  return h;
}

}  // namespace eoc::drills
