#include "drills/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"

namespace eoc::drills {

namespace {

using nlohmann::json;

constexpr std::array<const char*, 7> kTypes = {"earthquake",     "rainstorm",     "gas_leak",     "hazmat",
                                               "grassland_fire", "building_fire", "search_rescue"};

[[noreturn]] void bad(const std::string& field, const std::string& what, ErrorCode code = ErrorCode::InvalidBody) {
  throw EocError(code, "scenario." + field + ": " + what);
}

const json& member(const json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end()) bad(path + key, "required");
  return *it;
}

double number(const json& object, const char* key, const std::string& path, double lo, double hi,
              std::optional<double> fallback = std::nullopt) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (fallback) return *fallback;
    bad(path + key, "required");
  }
  if (!it->is_number()) bad(path + key, "must be a number");
  double v = it->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi)
    bad(path + key, "must be between " + json(lo).dump() + " and " + json(hi).dump());
  return v;
}

std::string string(const json& object, const char* key, const std::string& path,
                   std::optional<std::string> fallback = std::nullopt) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (fallback) return *fallback;
    bad(path + key, "required");
  }
  if (!it->is_string() || it->get<std::string>().empty()) bad(path + key, "must be a non-empty string");
  return it->get<std::string>();
}

std::vector<std::string> strings(const json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  if (!it->is_array()) bad(key, "must be an array of strings");
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (!v.is_string() || v.get<std::string>().empty())
      bad(std::string(key) + "[" + std::to_string(i) + "]", "must be a non-empty string");
    out.push_back(v.get<std::string>());
  }
  return out;
}

const json& section(const json& body, const char* key) {
  const json& s = member(body, key, "");
  if (!s.is_object()) bad(key, "must be an object");
  return s;
}

EarthquakeSize parseEarthquake(const json& s) {
  EarthquakeSize e;
  e.magnitude = number(s, "magnitude", "earthquake.", 0, 10);
  e.depthKm = number(s, "depth_km", "earthquake.", 0, 700, 10.0);
  e.strikeDegrees = number(s, "strike_deg", "earthquake.", 0, 360);
  e.shelterMaxDegree = static_cast<int>(number(s, "shelter_max_degree", "earthquake.", 1, 12, 8.0));
  return e;
}

RainstormSize parseRainstorm(const json& s) {
  RainstormSize r;
  r.rateMmPerHour = number(s, "rate_mm_h", "rainstorm.", 0, 500);
  r.durationHours = number(s, "duration_h", "rainstorm.", 0, 240);
  if (s.contains("radius_km") && !s["radius_km"].is_null()) r.radiusKm = number(s, "radius_km", "rainstorm.", 0, 500);
  r.watchMmPerHour = number(s, "watch_mm_h", "rainstorm.", 0, 500, r.watchMmPerHour);
  r.highMmPerHour = number(s, "high_mm_h", "rainstorm.", r.watchMmPerHour, 500, r.highMmPerHour);
  r.severeMmPerHour = number(s, "severe_mm_h", "rainstorm.", r.highMmPerHour, 500, r.severeMmPerHour);
  r.geohazardTotalMm = number(s, "geohazard_total_mm", "rainstorm.", 0, 5000, r.geohazardTotalMm);
  r.affectedRadiusM = number(s, "affected_radius_m", "rainstorm.", 0, 20000, r.affectedRadiusM);
  r.warningLevel = string(s, "warning_level", "rainstorm.", r.warningLevel);
  static const std::array<const char*, 4> kLevels = {"blue", "yellow", "orange", "red"};
  if (std::find(kLevels.begin(), kLevels.end(), r.warningLevel) == kLevels.end())
    bad("rainstorm.warning_level", "must be blue, yellow, orange or red", ErrorCode::UnknownLevel);
  return r;
}

RadiusSize parseArea(const json& s) {
  RadiusSize a;
  a.size = string(s, "size", "area.", a.size);
  if (auto it = s.find("radius_by_size"); it != s.end()) {
    if (!it->is_object()) bad("area.radius_by_size", "must be an object of metres per size");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_number() || v.get<double>() <= 0 || !std::isfinite(v.get<double>()))
        bad("area.radius_by_size." + k, "must be a positive number of metres");
      a.radiusBySize[k] = v.get<double>();
    }
  }
  if (s.contains("radius_m") && !s["radius_m"].is_null()) a.radiusM = number(s, "radius_m", "area.", 1, 100000);
  if (!a.radiusM && !a.radiusBySize.contains(a.size))
    bad("area.size", "\"" + a.size + "\" has no radius in area.radius_by_size and no area.radius_m is given");
  if (s.contains("wind_from_deg") && !s["wind_from_deg"].is_null())
    a.windFromDegrees = number(s, "wind_from_deg", "area.", 0, 360);
  a.windSpeedMs = number(s, "wind_speed_ms", "area.", 0, 80, 0.0);
  a.downwindFactor = number(s, "downwind_factor", "area.", 1, 10, 1.0);
  return a;
}

Objective parseObjective(const json& o, size_t i) {
  std::string path = "objectives[" + std::to_string(i) + "].";
  if (!o.is_object()) bad(path.substr(0, path.size() - 1), "must be an object");
  Objective obj;
  obj.id = string(o, "id", path, std::string("O").append(std::to_string(i + 1)));
  obj.text = string(o, "text", path);
  std::string kind = string(o, "kind", path);
  if (kind == "ack_within") obj.kind = ObjectiveKind::AckWithin;
  else if (kind == "first_on_scene") obj.kind = ObjectiveKind::FirstOnScene;
  else if (kind == "all_on_scene") obj.kind = ObjectiveKind::AllOnScene;
  else bad(path + "kind", "must be ack_within, first_on_scene or all_on_scene");
  obj.minutes = static_cast<int>(number(o, "minutes", path, 1, 24 * 60));
  return obj;
}

}  // namespace

bool isDrillType(const std::string& type) {
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

double RadiusSize::radius() const {
  if (radiusM) return *radiusM;
  auto it = radiusBySize.find(size);
  return it == radiusBySize.end() ? 0.0 : it->second;
}

const char* objectiveKindKey(ObjectiveKind kind) {
  switch (kind) {
    case ObjectiveKind::AckWithin: return "ack_within";
    case ObjectiveKind::FirstOnScene: return "first_on_scene";
    case ObjectiveKind::AllOnScene: return "all_on_scene";
  }
  return "";
}

Scenario parseScenario(const json& body) {
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "scenario: must be a JSON object");
  Scenario s;
  s.source = body;
  s.id = string(body, "id", "");
  if (s.id.size() > 64 || s.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    bad("id", "lower-case letters, digits and '-', at most 64");
  s.title = string(body, "title", "");
  s.type = string(body, "type", "");
  if (!isDrillType(s.type)) bad("type", "unknown drill type \"" + s.type + "\"", ErrorCode::UnknownHazard);
  const json& loc = member(body, "location", "");
  if (!loc.is_array() || loc.size() != 2 || !loc[0].is_number() || !loc[1].is_number() ||
      !isValidLonLat(loc[0].get<double>(), loc[1].get<double>()))
    bad("location", "must be [lon, lat] in degrees", ErrorCode::InvalidCoordinate);
  s.location = GeoPoint{loc[0].get<double>(), loc[1].get<double>()};
  auto start = parseIso8601(string(body, "start", ""));
  if (!start) bad("start", "must be ISO 8601 with an offset, e.g. 2026-09-15T10:00:00+08:00", ErrorCode::InvalidTime);
  s.start = *start;
  if (s.type == "earthquake") s.earthquake = parseEarthquake(section(body, "earthquake"));
  else if (s.type == "rainstorm") s.rainstorm = parseRainstorm(section(body, "rainstorm"));
  else s.area = parseArea(section(body, "area"));
  if (auto it = body.find("objectives"); it != body.end()) {
    if (!it->is_array()) bad("objectives", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) s.objectives.push_back(parseObjective((*it)[i], i));
  }
  s.committees = strings(body, "committees");
  s.teams = strings(body, "teams");
  s.units = strings(body, "units");
  if (auto it = body.find("warning"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) bad("warning", "must be an object {\"type\", \"level\"}");
    s.warning = DrillSignal{string(*it, "type", "warning."), string(*it, "level", "warning.")};
  } else if (s.rainstorm) {
    s.warning = DrillSignal{"rainstorm", s.rainstorm->warningLevel};
  }
  return s;
}

std::vector<Scenario> loadScenarios(const std::string& directory) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(directory)) return {};
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Scenario> out;
  for (const auto& file : files) {
    std::ifstream in(file);
    json body = json::parse(in, nullptr, false);
    if (body.is_discarded()) throw std::runtime_error(file.string() + ": not valid JSON");
    try {
      out.push_back(parseScenario(body));
    } catch (const EocError& e) {
      throw std::runtime_error(file.string() + ": " + e.detail());
    }
  }
  return out;
}

}  // namespace eoc::drills
