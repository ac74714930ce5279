#include "http/query.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace eoc::http {

namespace {
std::string quoted(const std::string& text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return "\"" + text + "\"";
  return "\"" + text.substr(0, kMax) + "…\" (" + std::to_string(text.size()) + " bytes)";
}
}  // namespace

void checkQueryString(const httplib::Request& req) {
  // params is a multimap: equal names sit next to each other.
  for (auto it = req.params.begin(); it != req.params.end(); ++it) {
    const auto& [name, value] = *it;
    if (!isValidUtf8(name)) throw EocError(ErrorCode::InvalidParameter, "query: a parameter name is not valid UTF-8");
    if (!isValidUtf8(value)) throw EocError(ErrorCode::InvalidParameter, name + ": the value is not valid UTF-8");
    if (auto count = req.params.count(name); count > 1)
      throw EocError(ErrorCode::InvalidParameter,
                     name + ": given " + std::to_string(count) + " times; every parameter takes one value");
  }
}

std::optional<std::string> queryValue(const httplib::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  if (it == req.params.end()) return std::nullopt;
  return it->second;
}

double parseNumber(const std::string& name, const std::string& text) {
  double value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
    throw EocError(ErrorCode::InvalidParameter, name + ": " + quoted(text) + " is not a finite number");
  return value;
}

long long parseInteger(const std::string& name, const std::string& text, long long min, long long max) {
  long long value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw EocError(name == "limit" || name == "offset" ? ErrorCode::InvalidLimit : ErrorCode::InvalidParameter,
                   name + ": " + quoted(text) + " is not an integer");
  if (value < min || value > max)
    throw EocError(name == "limit" || name == "offset" ? ErrorCode::InvalidLimit : ErrorCode::InvalidParameter,
                   name + ": " + std::to_string(value) + " is outside " + std::to_string(min) + "…" +
                       std::to_string(max));
  return value;
}

bool parseBoolean(const std::string& name, const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw EocError(ErrorCode::InvalidParameter, name + ": " + quoted(text) + " is not true or false");
}

GeoPoint parseLonLat(const httplib::Request& req) {
  auto lon = queryValue(req, "lon");
  auto lat = queryValue(req, "lat");
  if (!lon || !lat)
    throw EocError(ErrorCode::InvalidCoordinate, std::string(!lon ? "lon" : "lat") + ": required (WGS84 degrees)");
  double x = 0, y = 0;
  try {
    x = parseNumber("lon", *lon);
    y = parseNumber("lat", *lat);
  } catch (const EocError& e) {
    throw EocError(ErrorCode::InvalidCoordinate, e.detail());
  }
  if (x < -180 || x > 180) throw EocError(ErrorCode::InvalidCoordinate, "lon: " + *lon + " is outside -180…180");
  if (y < -90 || y > 90) throw EocError(ErrorCode::InvalidCoordinate, "lat: " + *lat + " is outside -90…90");
  return {x, y};
}

gis::Box parseBbox(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    auto comma = text.find(',', start);
    parts.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
    if (parts.size() > 6) break;
  }
  if (parts.size() != 4)
    throw EocError(ErrorCode::InvalidBbox, "bbox: expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat, got " +
                                               quoted(text));
  double v[4];
  static const char* kNames[] = {"minLon", "minLat", "maxLon", "maxLat"};
  for (int i = 0; i < 4; ++i) {
    try {
      v[i] = parseNumber(std::string("bbox ") + kNames[i], parts[size_t(i)]);
    } catch (const EocError& e) {
      throw EocError(ErrorCode::InvalidBbox, e.detail());
    }
  }
  if (v[0] < -180 || v[2] > 180 || v[0] > 180 || v[2] < -180)
    throw EocError(ErrorCode::InvalidBbox, "bbox: longitudes must lie within -180…180");
  if (v[1] < -90 || v[3] > 90 || v[1] > 90 || v[3] < -90)
    throw EocError(ErrorCode::InvalidBbox, "bbox: latitudes must lie within -90…90");
  if (v[0] > v[2])
    throw EocError(ErrorCode::InvalidBbox, "bbox: minLon " + parts[0] + " is greater than maxLon " + parts[2]);
  if (v[1] > v[3])
    throw EocError(ErrorCode::InvalidBbox, "bbox: minLat " + parts[1] + " is greater than maxLat " + parts[3]);
  return gis::Box(gis::Point(v[0], v[1]), gis::Point(v[2], v[3]));
}

}  // namespace eoc::http
