#include "gis/feature_geojson.hpp"

#include <charconv>
#include <cmath>

namespace eoc::gis {
namespace {

using nlohmann::json;

void appendPosition(std::string& out, double first, double second, int decimals) {
  out += '[';
  appendNumber(out, first, decimals);
  out += ',';
  appendNumber(out, second, decimals);
  out += ']';
}

}  // namespace

void appendNumber(std::string& out, double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0"
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, rounded);
  if (error != std::errc()) {
    out += "null";
    return;
  }
  out.append(buffer, end);
}

std::string renderFeature(const Feature& feature, GeometryType type, Crs crs) {
  if (crs == Crs::Crs84 && !feature.geojson.empty()) return feature.geojson;
  const int decimals = crsInfo(crs).decimals;
  std::vector<double> x, y;
  if (type == GeometryType::Point) {
    x.push_back(feature.point.x());
    y.push_back(feature.point.y());
  } else {
    bg::for_each_point(feature.area, [&](const Point& p) {
      x.push_back(p.x());
      y.push_back(p.y());
    });
  }
  fromCrs84(crs, x, y);

  std::string out = "{\"type\":\"Feature\",\"id\":";
  out += json(feature.id).dump(-1, ' ', false, json::error_handler_t::replace);
  out += ",\"geometry\":";
  if (type == GeometryType::Point) {
    out += "{\"type\":\"Point\",\"coordinates\":";
    appendPosition(out, x[0], y[0], decimals);
  } else {
    out += "{\"type\":\"MultiPolygon\",\"coordinates\":[";
    size_t i = 0;
    const auto ring = [&](const Polygon::ring_type& points) {
      out += '[';
      for (size_t k = 0; k < points.size(); ++k, ++i) {
        if (k > 0) out += ',';
        appendPosition(out, x[i], y[i], decimals);
      }
      out += ']';
    };
    for (size_t p = 0; p < feature.area.size(); ++p) {
      if (p > 0) out += ',';
      out += '[';
      ring(feature.area[p].outer());
      for (const auto& hole : feature.area[p].inners()) {
        out += ',';
        ring(hole);
      }
      out += ']';
    }
    out += ']';
  }
  out += "},\"properties\":";
  out += feature.properties.dump(-1, ' ', false, json::error_handler_t::replace);
  out += '}';
  return out;
}

}  // namespace eoc::gis
