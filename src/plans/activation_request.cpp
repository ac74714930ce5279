// parseActivationRequest: the one place a POST /activations body is checked.
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "plans/activation.hpp"

namespace eoc::plans {

using nlohmann::json;

namespace {

[[noreturn]] void fail(ErrorCode code, const std::string& field, const std::string& what) {
  throw EocError(code, field + ": " + what);
}

std::string brief(const json& v) {
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

void onlyKeys(const json& object, const std::string& field, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) fail(ErrorCode::InvalidBody, field + "." + key, "unknown field");
  }
}

const json& required(const json& object, const std::string& parent, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) fail(ErrorCode::InvalidBody, parent + "." + key, "is required");
  return *it;
}

std::string text(const json& v, const std::string& field) {
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) fail(ErrorCode::InvalidBody, field, "expected a non-empty string, got " + brief(v));
  return v.get<std::string>();
}

std::string plain(double d) {
  std::ostringstream out;
  out << d;
  return out.str();
}

double number(const json& v, const std::string& field, double min, double max) {
  if (!v.is_number()) fail(ErrorCode::InvalidBody, field, "expected a number, got " + brief(v));
  const double d = v.get<double>();
  if (!(d >= min && d <= max)) fail(ErrorCode::InvalidBody, field, brief(v) + " is outside " + plain(min) + "–" + plain(max));
  return d;
}

int count(const json& v, const std::string& field) {
  if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()))
    fail(ErrorCode::InvalidBody, field, "expected a whole number, got " + brief(v));
  const double d = v.get<double>();
  if (d < 0) fail(ErrorCode::InvalidBody, field, brief(v) + " is negative");
  if (d > 1e8) fail(ErrorCode::InvalidBody, field, brief(v) + " is implausibly large");
  return static_cast<int>(d);
}

std::optional<TimePoint> time(const json& object, const std::string& parent, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  const std::string field = parent + "." + key;
  if (!it->is_string()) fail(ErrorCode::InvalidTime, field, "expected \"YYYY-MM-DDThh:mm:ss+08:00\", got " + brief(*it));
  auto t = parseIso8601(it->get<std::string>());
  if (!t) fail(ErrorCode::InvalidTime, field, brief(*it) + " is not YYYY-MM-DDThh:mm:ss with a +hh:mm offset");
  return t;
}

// One GeoJSON linear ring: >= 4 finite lon/lat positions, first == last.
gis::Polygon::ring_type ring(const json& positions, const std::string& field, size_t& vertices, const Limits& limits) {
  if (!positions.is_array()) fail(ErrorCode::InvalidGeometry, field, "expected an array of positions");
  if (positions.size() < 4) fail(ErrorCode::InvalidGeometry, field, "a ring needs at least 4 positions, got " + std::to_string(positions.size()));
  vertices += positions.size();
  if (vertices > limits.maxPolygonVertices)
    fail(ErrorCode::InvalidGeometry, field, "more than " + std::to_string(limits.maxPolygonVertices) + " vertices");
  gis::Polygon::ring_type out;
  for (size_t i = 0; i < positions.size(); ++i) {
    const json& p = positions[i];
    const std::string here = field + "[" + std::to_string(i) + "]";
    if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_number() || !p[1].is_number())
      fail(ErrorCode::InvalidGeometry, here, "expected [lon, lat], got " + brief(p));
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!isValidLonLat(lon, lat)) fail(ErrorCode::InvalidGeometry, here, brief(p) + " is not a valid lon/lat");
    out.emplace_back(lon, lat);
  }
  if (!gis::bg::equals(out.front(), out.back())) fail(ErrorCode::InvalidGeometry, field, "the ring is not closed (first position != last)");
  return out;
}

gis::Polygon polygon(const json& rings, const std::string& field, size_t& vertices, const Limits& limits) {
  if (!rings.is_array() || rings.empty()) fail(ErrorCode::InvalidGeometry, field, "expected an array of rings");
  gis::Polygon out;
  out.outer() = ring(rings[0], field + "[0]", vertices, limits);
  for (size_t i = 1; i < rings.size(); ++i) out.inners().push_back(ring(rings[i], field + "[" + std::to_string(i) + "]", vertices, limits));
  return out;
}

gis::MultiPolygon geometry(const json& g, const std::string& field, const Limits& limits) {
  if (!g.is_object()) fail(ErrorCode::InvalidGeometry, field, "expected a GeoJSON Polygon or MultiPolygon");
  const auto type = g.find("type");
  const auto coordinates = g.find("coordinates");
  if (type == g.end() || coordinates == g.end()) fail(ErrorCode::InvalidGeometry, field, "expected \"type\" and \"coordinates\"");
  size_t vertices = 0;
  gis::MultiPolygon out;
  if (*type == "Polygon") {
    out.push_back(polygon(*coordinates, field + ".coordinates", vertices, limits));
  } else if (*type == "MultiPolygon") {
    if (!coordinates->is_array() || coordinates->empty()) fail(ErrorCode::InvalidGeometry, field + ".coordinates", "expected an array of polygons");
    for (size_t i = 0; i < coordinates->size(); ++i)
      out.push_back(polygon((*coordinates)[i], field + ".coordinates[" + std::to_string(i) + "]", vertices, limits));
  } else {
    fail(ErrorCode::InvalidGeometry, field + ".type", brief(*type) + " is not \"Polygon\" or \"MultiPolygon\"");
  }
  gis::bg::correct(out);  // orientation only: GeoJSON readers must accept either winding
  std::string reason;
  if (!gis::bg::is_valid(out, reason)) fail(ErrorCode::InvalidGeometry, field, "invalid polygon: " + reason);
  return out;
}

WarningInput warning(const json& w, const ActivationEngine& engine, const Limits& limits) {
  if (!w.is_object()) fail(ErrorCode::InvalidBody, "warning", "expected an object");
  onlyKeys(w, "warning", {"type", "level", "area", "onset", "expires", "status", "description"});
  WarningInput in;
  in.type = text(required(w, "warning", "type"), "warning.type");
  const auto& signals = engine.book().known().signalLevels;
  const auto levels = signals.find(in.type);
  if (levels == signals.end()) fail(ErrorCode::UnknownHazard, "warning.type", "\"" + in.type + "\" is not a known signal type");
  in.level = text(required(w, "warning", "level"), "warning.level");
  if (std::find(levels->second.begin(), levels->second.end(), in.level) == levels->second.end()) {
    std::string list;
    for (const auto& l : levels->second) list += (list.empty() ? "" : ", ") + l;
    fail(ErrorCode::UnknownLevel, "warning.level", "\"" + in.level + "\" is not one of " + list);
  }
  const json& area = required(w, "warning", "area");
  if (!area.is_object()) fail(ErrorCode::InvalidBody, "warning.area", "expected {\"committees\": [...], \"polygon\": {...}}");
  onlyKeys(area, "warning.area", {"committees", "polygon"});
  if (auto c = area.find("committees"); c != area.end()) {
    if (!c->is_array()) fail(ErrorCode::InvalidBody, "warning.area.committees", "expected an array of committee codes");
    for (size_t i = 0; i < c->size(); ++i) {
      const std::string field = "warning.area.committees[" + std::to_string(i) + "]";
      const std::string code = text((*c)[i], field);
      if (!engine.isCommittee(code)) fail(ErrorCode::UnknownCommittee, field, "\"" + code + "\" is not a committee of the district");
      if (std::find(in.committees.begin(), in.committees.end(), code) == in.committees.end()) in.committees.push_back(code);
    }
  }
  if (auto p = area.find("polygon"); p != area.end() && !p->is_null()) {
    in.polygon = geometry(*p, "warning.area.polygon", limits);
    if (!engine.touchesDistrict(*in.polygon)) fail(ErrorCode::OutsideDistrict, "warning.area.polygon", "does not overlap the district");
  }
  if (in.committees.empty() && !in.polygon)
    fail(ErrorCode::InvalidBody, "warning.area", "name at least one committee or give a polygon");
  in.onset = time(w, "warning", "onset");
  in.expires = time(w, "warning", "expires");
  if (in.onset && in.expires && *in.expires <= *in.onset) fail(ErrorCode::InvalidTime, "warning.expires", "is not after onset");
  return in;
}

IncidentInput incident(const json& i, const ActivationEngine& engine) {
  if (!i.is_object()) fail(ErrorCode::InvalidBody, "incident", "expected an object");
  onlyKeys(i, "incident", {"type", "location", "magnitude", "depth_km", "size", "casualties", "evacuated", "area_km2", "time", "description"});
  IncidentInput in;
  in.type = text(required(i, "incident", "type"), "incident.type");
  const auto& types = engine.book().hazards().incidents;
  const auto type = types.find(in.type);
  if (type == types.end()) fail(ErrorCode::UnknownHazard, "incident.type", "\"" + in.type + "\" is not a known incident type");
  const json& location = required(i, "incident", "location");
  if (!location.is_array() || location.size() != 2 || !location[0].is_number() || !location[1].is_number() ||
      !isValidLonLat(location[0].get<double>(), location[1].get<double>()))
    fail(ErrorCode::InvalidCoordinate, "incident.location", "expected [lon, lat] in degrees, got " + brief(location));
  in.location = GeoPoint{location[0].get<double>(), location[1].get<double>()};
  if (!engine.insideDistrict(in.location)) fail(ErrorCode::OutsideDistrict, "incident.location", brief(location) + " is outside the district");
  if (auto m = i.find("magnitude"); m != i.end()) in.magnitude = number(*m, "incident.magnitude", 0, 10);
  if (!type->second.radiusByMagnitude.empty() && !in.magnitude)
    fail(ErrorCode::InvalidBody, "incident.magnitude", "is required for " + in.type);
  if (auto d = i.find("depth_km"); d != i.end()) in.depthKm = number(*d, "incident.depth_km", 0, 700);
  if (auto s = i.find("size"); s != i.end()) {
    in.size = text(*s, "incident.size");
    const auto& sizes = type->second.radiusBySize;
    if (!sizes.contains(*in.size)) {
      std::string list;
      for (const auto& [k, r] : sizes) list += (list.empty() ? "" : ", ") + k;
      fail(ErrorCode::InvalidBody, "incident.size", "\"" + *in.size + "\" is not one of " + list);
    }
  }
  if (auto c = i.find("casualties"); c != i.end()) in.casualties = count(*c, "incident.casualties");
  if (auto e = i.find("evacuated"); e != i.end()) in.evacuated = count(*e, "incident.evacuated");
  if (auto a = i.find("area_km2"); a != i.end()) in.areaKm2 = number(*a, "incident.area_km2", 0, 10000);
  if (auto t = i.find("time"); t != i.end()) time(i, "incident", "time");
  return in;
}

}  // namespace

ActivationInput parseActivationRequest(const json& body, const ActivationEngine& engine, const Limits& limits) {
  if (!body.is_object() || body.size() != 1 || !(body.contains("warning") || body.contains("incident")))
    fail(ErrorCode::InvalidBody, "body", "expected exactly one of {\"warning\": {...}} or {\"incident\": {...}}");
  if (body.contains("warning")) return warning(body["warning"], engine, limits);
  return incident(body["incident"], engine);
}

}  // namespace eoc::plans
