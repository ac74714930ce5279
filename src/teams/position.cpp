#include "teams/position.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "core/error.hpp"
#include "gis/geodesy.hpp"

namespace eoc::teams {

namespace {

using nlohmann::json;

[[noreturn]] void bad(ErrorCode code, const std::string& field, const std::string& why) {
  throw EocError(code, field + ": " + why);
}

std::optional<double> optionalNumber(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) bad(ErrorCode::InvalidBody, field, "must be a number");
  double v = it->get<double>();
  if (!std::isfinite(v)) bad(ErrorCode::InvalidBody, field, "must be finite");
  return v;
}

void checkRanges(PositionFix& fix) {
  if (!isValidLonLat(fix.point.lon, fix.point.lat))
    bad(ErrorCode::InvalidCoordinate, "lon/lat", "not a WGS84 longitude/latitude pair");
  if (fix.accuracy && *fix.accuracy < 0) bad(ErrorCode::InvalidBody, "accuracy", "must not be negative");
  if (fix.speed && *fix.speed < 0) bad(ErrorCode::InvalidBody, "speed", "must not be negative");
  if (fix.heading && (*fix.heading < 0 || *fix.heading > 360))
    bad(ErrorCode::InvalidBody, "heading", "must be 0..360 degrees");
  if (fix.heading && *fix.heading == 360) fix.heading = 0;
  if (fix.battery && (*fix.battery < 0 || *fix.battery > 100))
    bad(ErrorCode::InvalidBody, "battery", "must be 0..100 percent");
}

double number(const std::string& field, const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v))
    bad(field == "lat" || field == "lon" ? ErrorCode::InvalidCoordinate : ErrorCode::InvalidParameter, field,
        "\"" + text + "\" is not a number");
  return v;
}

TimePoint osmAndTime(const std::string& text) {
  if (auto iso = parseIso8601(text, true)) return *iso;
  double v = 0;
  try {
    v = number("timestamp", text);
  } catch (const EocError&) {
    bad(ErrorCode::InvalidTime, "timestamp", "\"" + text + "\" is neither Unix time nor ISO 8601");
  }
  if (v < 0 || v > 1e14) bad(ErrorCode::InvalidTime, "timestamp", "out of range");
  if (v > 1e11) v /= 1000;  // milliseconds
  return TimePoint(std::chrono::seconds(static_cast<long long>(v)));
}

}  // namespace

PositionFix parsePositionJson(const json& body, TimePoint now) {
  static const std::set<std::string> known = {"lon", "lat", "time", "accuracy", "speed", "heading", "battery"};
  if (!body.is_object()) bad(ErrorCode::InvalidBody, "body", "must be a JSON object");
  for (const auto& [key, value] : body.items())
    if (!known.count(key)) bad(ErrorCode::InvalidBody, key, "unknown field");
  PositionFix fix;
  auto lon = optionalNumber(body, "lon");
  auto lat = optionalNumber(body, "lat");
  if (!lon || !lat) bad(ErrorCode::InvalidCoordinate, "lon/lat", "both are required");
  fix.point = {*lon, *lat};
  fix.time = now;
  if (auto it = body.find("time"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) bad(ErrorCode::InvalidTime, "time", "must be an ISO 8601 string with offset");
    auto t = parseIso8601(it->get<std::string>());
    if (!t) bad(ErrorCode::InvalidTime, "time", "\"" + it->get<std::string>() + "\" is not ISO 8601 with offset");
    fix.time = *t;
  }
  fix.accuracy = optionalNumber(body, "accuracy");
  fix.speed = optionalNumber(body, "speed");
  fix.heading = optionalNumber(body, "heading");
  fix.battery = optionalNumber(body, "battery");
  checkRanges(fix);
  return fix;
}

OsmAndReport parseOsmAndQuery(const std::multimap<std::string, std::string>& params, TimePoint now) {
  auto get = [&params](const char* name) -> std::optional<std::string> {
    auto it = params.find(name);
    if (it == params.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  OsmAndReport report;
  report.deviceId = get("id").value_or("");
  auto lat = get("lat");
  auto lon = get("lon");
  if (!lat || !lon) bad(ErrorCode::InvalidCoordinate, "lat/lon", "both are required");
  report.fix.point = {number("lon", *lon), number("lat", *lat)};
  report.fix.time = now;
  if (auto t = get("timestamp")) report.fix.time = osmAndTime(*t);
  if (auto v = get("accuracy")) report.fix.accuracy = number("accuracy", *v);
  if (auto v = get("speed")) report.fix.speed = number("speed", *v) * 1852.0 / 3600.0;  // knots -> m/s
  if (auto v = get("bearing")) report.fix.heading = number("bearing", *v);
  if (auto v = get("batt")) report.fix.battery = number("batt", *v);
  checkRanges(report.fix);
  return report;
}

namespace {

// Rounded for a message. Printed, not cast: a client's absurd speed (3e13 knots, found by the
// fuzzer) must not overflow an int on the way into the error text.
std::string wholeNumber(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f", v);
  return text;
}

}  // namespace

std::vector<std::string> checkFix(const PositionFix& fix, TimePoint now, const std::optional<PositionFix>& previous,
                                  double metersOutsideDistrict, const PositionRules& rules) {
  if (fix.time > now + rules.maxFuture)
    bad(ErrorCode::InvalidTime, "time", formatBeijing(fix.time) + " is in the future (now " + formatBeijing(now) + ")");
  if (fix.time < now - rules.maxAge)
    bad(ErrorCode::InvalidTime, "time", formatBeijing(fix.time) + " is too far in the past to be of use");
  if (fix.speed && *fix.speed > rules.maxSpeedMps)
    bad(ErrorCode::InvalidParameter, "speed",
        wholeNumber(*fix.speed * 3.6) + " km/h is impossible for a ground team");
  if (previous && previous->time != fix.time) {
    double meters = gis::haversineMeters(previous->point, fix.point);
    double slack = previous->accuracy.value_or(0) + fix.accuracy.value_or(0);
    double seconds = std::abs(double((fix.time - previous->time).count()));
    double implied = std::max(0.0, meters - slack) / seconds;
    if (implied > rules.maxSpeedMps)
      bad(ErrorCode::InvalidParameter, "lon/lat",
          "a jump of " + wholeNumber(meters) + " m in " + wholeNumber(seconds) +
              " s since the last fix implies an impossible " + wholeNumber(implied * 3.6) + " km/h");
  }
  std::vector<std::string> flags;
  if (metersOutsideDistrict > rules.flagOutsideMeters) flags.push_back("outside_district");
  return flags;
}

nlohmann::json toJson(const PositionFix& fix) {
  json out = {{"lon", fix.point.lon}, {"lat", fix.point.lat}, {"time", formatBeijing(fix.time)}};
  auto put = [&out](const char* name, const std::optional<double>& v) { out[name] = v ? json(*v) : json(); };
  put("accuracy", fix.accuracy);
  put("speed", fix.speed);
  put("heading", fix.heading);
  put("battery", fix.battery);
  return out;
}

}  // namespace eoc::teams
