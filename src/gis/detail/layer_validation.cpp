#include "gis/detail/layer_validation.hpp"

#include <cmath>
#include <map>

#include "gis/geodesy.hpp"
#include "gis/layer_loader.hpp"

namespace eoc::gis::detail {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& label, const Feature& feature, const std::string& what) {
  throw GisError(label + ": feature " + feature.id + ": " + what);
}

void checkGeometry(const std::string& label, const LayerSpec& spec, Feature& feature) {
  if (spec.geometryType == GeometryType::Point) {
    if (!isValidLonLat(feature.point.x(), feature.point.y()))
      fail(label, feature, "coordinates out of range after conversion to WGS84 lon/lat");
    feature.bbox = Box(feature.point, feature.point);
    return;
  }
  bg::correct(feature.area);
  std::string reason;
  if (!bg::is_valid(feature.area, reason)) fail(label, feature, "invalid geometry: " + reason);
  bool inRange = true;
  bg::for_each_point(feature.area, [&inRange](const Point& p) { inRange = inRange && isValidLonLat(p.x(), p.y()); });
  if (!inRange) fail(label, feature, "coordinates out of range after conversion to WGS84 lon/lat");
  feature.bbox = bg::return_envelope<Box>(feature.area);
}

// The worst (farthest outside) vertex of a feature, in metres beyond the district boundary.
double metersOutside(const LayerSpec& spec, const Feature& feature, const District& district) {
  if (spec.geometryType == GeometryType::Point) return distanceMeters(feature.location(), district.area);
  double worst = 0;
  bg::for_each_point(feature.area, [&](const Point& p) {
    if (worst <= district.toleranceMeters) worst = std::max(worst, distanceMeters(toGeoPoint(p), district.area));
  });
  return worst;
}

double round7(double degrees) { return std::round(degrees * 1e7) / 1e7; }

json position(const Point& p) { return json::array({round7(p.x()), round7(p.y())}); }

json ringJson(const Polygon::ring_type& ring) {
  json out = json::array();
  for (const Point& p : ring) out.push_back(position(p));
  return out;
}

json geometryJson(const Feature& feature, GeometryType type) {
  if (type == GeometryType::Point) return json{{"type", "Point"}, {"coordinates", position(feature.point)}};
  json polygons = json::array();
  for (const Polygon& polygon : feature.area) {
    json rings = json::array({ringJson(polygon.outer())});
    for (const auto& hole : polygon.inners()) rings.push_back(ringJson(hole));
    polygons.push_back(std::move(rings));
  }
  return json{{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
}

}  // namespace

std::string renderFeature(const Feature& feature, GeometryType type, bool withId) {
  // nlohmann::ordered_json keeps the conventional member order of a GeoJSON Feature.
  nlohmann::ordered_json out;
  out["type"] = "Feature";
  if (withId) out["id"] = feature.id;
  out["geometry"] = nlohmann::ordered_json::parse(geometryJson(feature, type).dump());
  out["properties"] = nlohmann::ordered_json::parse(feature.properties.dump(-1, ' ', false, json::error_handler_t::replace));
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

void finishLayer(const std::string& label, const LayerSpec& spec, std::vector<Feature>& features,
                 const District* district) {
  std::map<std::string, size_t, std::less<>> seen;
  for (size_t i = 0; i < features.size(); ++i) {
    Feature& feature = features[i];
    auto [it, inserted] = seen.emplace(feature.id, i + 1);
    if (!inserted) fail(label, feature, "duplicate id (also feature #" + std::to_string(it->second) + ")");
    checkGeometry(label, spec, feature);
    if (district) {
      const double outside = metersOutside(spec, feature, *district);
      if (outside > district->toleranceMeters)
        fail(label, feature,
             "lies " + std::to_string(static_cast<long long>(std::lround(outside))) +
                 " m outside the district boundary (tolerance " +
                 std::to_string(static_cast<long long>(std::lround(district->toleranceMeters))) + " m)");
    }
  }
  if (spec.expectedCount && *spec.expectedCount != features.size())
    throw GisError(label + ": expected " + std::to_string(*spec.expectedCount) + " features, found " +
                   std::to_string(features.size()));
  for (Feature& feature : features) feature.geojson = renderFeature(feature, spec.geometryType);
}

}  // namespace eoc::gis::detail

