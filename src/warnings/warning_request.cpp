#include "warnings/warning_request.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace eoc::warnings {

using nlohmann::json;
namespace bg = boost::geometry;

namespace {

void rejectUnknownKeys(const json& body, std::initializer_list<std::string_view> known, const std::string& prefix) {
  for (auto& [key, value] : body.items()) {
    (void)value;
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw EocError(ErrorCode::UnknownProperty, prefix + key + ": unknown property");
  }
}

std::string stringField(const json& body, const std::string& key, const std::string& field) {
  const auto& v = body.at(key);
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    throw EocError(ErrorCode::InvalidBody, field + ": must be a non-empty string");
  return v.get<std::string>();
}

TimePoint timeField(const json& body, const std::string& key) {
  if (!body.contains(key)) throw EocError(ErrorCode::InvalidTime, key + ": is required");
  const auto& v = body[key];
  if (!v.is_string()) throw EocError(ErrorCode::InvalidTime, key + ": must be a string like 2026-07-12T15:00:00+08:00");
  const auto& s = v.get_ref<const std::string&>();
  auto t = parseIso8601(s);
  if (!t || !s.ends_with("+08:00"))
    throw EocError(ErrorCode::InvalidTime, key + ": '" + s + "' is not Beijing time like 2026-07-12T15:00:00+08:00");
  return *t;
}

std::optional<std::string> descriptionField(const json& body, const WarningPolicy& policy) {
  if (!body.contains("description") || body["description"].is_null()) return std::nullopt;
  auto d = stringField(body, "description", "description");
  if (codePointCount(d) > policy.maxDescriptionCodePoints)
    throw EocError(ErrorCode::InvalidBody,
                   "description: longer than " + std::to_string(policy.maxDescriptionCodePoints) + " characters");
  return d;
}

WarningArea areaField(const json& body, const DistrictGeometry& district, const Limits& limits) {
  if (!body.contains("area")) throw EocError(ErrorCode::InvalidBody, "area: is required");
  const auto& a = body["area"];
  if (!a.is_object()) throw EocError(ErrorCode::InvalidBody, "area: must be an object");
  rejectUnknownKeys(a, {"committees", "polygon"}, "area.");
  if (!a.contains("committees") || !a["committees"].is_array() || a["committees"].empty())
    throw EocError(ErrorCode::InvalidBody, "area.committees: must be a non-empty array of committee codes");
  WarningArea area;
  for (size_t i = 0; i < a["committees"].size(); ++i) {
    const auto& c = a["committees"][i];
    const std::string field = "area.committees[" + std::to_string(i) + "]";
    if (!c.is_string()) throw EocError(ErrorCode::InvalidBody, field + ": must be a string");
    const auto& code = c.get_ref<const std::string&>();
    if (!district.committeeCodes.count(code))
      throw EocError(ErrorCode::UnknownCommittee, field + ": '" + code + "' is not a committee of the district");
    if (std::find(area.committees.begin(), area.committees.end(), code) != area.committees.end())
      throw EocError(ErrorCode::InvalidBody, field + ": '" + code + "' is listed twice");
    area.committees.push_back(code);
  }
  if (a.contains("polygon") && !a["polygon"].is_null()) area.polygon = parseAreaPolygon(a["polygon"], district, limits);
  return area;
}

void checkTimes(TimePoint onset, TimePoint expires, TimePoint now, const WarningPolicy& policy) {
  if (expires <= onset)
    throw EocError(ErrorCode::InvalidTime, "expires: " + formatBeijing(expires) + " is not after onset " +
                                               formatBeijing(onset));
  if (expires <= now) throw EocError(ErrorCode::InvalidTime, "expires: " + formatBeijing(expires) + " is in the past");
  if (onset < now - policy.onsetPastTolerance)
    throw EocError(ErrorCode::InvalidTime, "onset: " + formatBeijing(onset) + " lies too far in the past");
  if (expires - onset > policy.maxDuration)
    throw EocError(ErrorCode::InvalidTime, "expires: a warning may last at most " +
                                               std::to_string(policy.maxDuration.count() / 3600) + " hours");
}

void checkLevel(const SignalCatalogue& catalogue, const std::string& type, const std::string& level) {
  catalogue.require(type, level);  // UnknownHazard / UnknownLevel naming the field
}

}  // namespace

size_t codePointCount(std::string_view s) {
  // Every UTF-8 code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

gis::Polygon parseAreaPolygon(const json& g, const DistrictGeometry& district, const Limits& limits,
                              const std::string& field) {
  if (!g.is_object() || !g.contains("type") || g["type"] != "Polygon")
    throw EocError(ErrorCode::InvalidGeometry, field + ": must be a GeoJSON Polygon");
  if (!g.contains("coordinates") || !g["coordinates"].is_array() || g["coordinates"].empty())
    throw EocError(ErrorCode::InvalidGeometry, field + ".coordinates: must hold one linear ring");
  if (g["coordinates"].size() > 1)
    throw EocError(ErrorCode::InvalidGeometry, field + ": holes cannot be expressed in CAP; send the outer ring only");
  const auto& ring = g["coordinates"][0];
  if (!ring.is_array() || ring.size() < 4)
    throw EocError(ErrorCode::InvalidGeometry, field + ": a ring needs at least 4 positions (closed triangle)");
  if (ring.size() > limits.maxPolygonVertices)
    throw EocError(ErrorCode::InvalidGeometry, field + ": more than " + std::to_string(limits.maxPolygonVertices) +
                                                   " vertices");
  gis::Polygon poly;
  for (size_t i = 0; i < ring.size(); ++i) {
    const auto& p = ring[i];
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw EocError(ErrorCode::InvalidGeometry, field + ": position " + std::to_string(i) + " is not [lon, lat]");
    double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!isValidLonLat(lon, lat))
      throw EocError(ErrorCode::InvalidCoordinate, field + ": position " + std::to_string(i) + " is not a valid lon/lat");
    poly.outer().push_back(gis::Point(lon, lat));
  }
  if (!bg::equals(poly.outer().front(), poly.outer().back()))
    throw EocError(ErrorCode::InvalidGeometry, field + ": ring is not closed (first and last positions differ)");
  bg::correct(poly);  // accept either orientation
  std::string why;
  if (!bg::is_valid(poly, why)) {
    if (why.find("self-intersection") != std::string::npos)
      throw EocError(ErrorCode::InvalidGeometry, field + ": ring intersects itself");
    throw EocError(ErrorCode::InvalidGeometry, field + ": " + why);
  }
  if (district.boundary.empty() || !bg::covered_by(poly, district.boundary))
    throw EocError(ErrorCode::OutsideDistrict, field + ": polygon reaches outside the district");
  return poly;
}

WarningRequest parseWarningRequest(const json& body, const SignalCatalogue& catalogue,
                                   const DistrictGeometry& district, const Limits& limits, TimePoint now,
                                   const WarningPolicy& policy) {
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "body: must be a JSON object");
  rejectUnknownKeys(body, {"type", "level", "status", "area", "onset", "expires", "description", "drill_id"}, "");
  for (const char* key : {"type", "level", "status"})
    if (!body.contains(key)) throw EocError(ErrorCode::InvalidBody, std::string(key) + ": is required");
  WarningRequest r;
  r.type = stringField(body, "type", "type");
  r.level = stringField(body, "level", "level");
  checkLevel(catalogue, r.type, r.level);
  auto statusText = stringField(body, "status", "status");
  auto status = parseStatus(statusText);
  if (!status) throw EocError(ErrorCode::InvalidParameter, "status: must be Actual, Exercise or Test");
  r.status = *status;
  r.area = areaField(body, district, limits);
  r.onset = timeField(body, "onset");
  r.expires = timeField(body, "expires");
  checkTimes(r.onset, r.expires, now, policy);
  r.description = descriptionField(body, policy);
  if (body.contains("drill_id") && !body["drill_id"].is_null()) {
    if (r.status != WarningStatus::Exercise)
      throw EocError(ErrorCode::InvalidParameter, "drill_id: only an Exercise belongs to a drill");
    r.drillId = stringField(body, "drill_id", "drill_id");
  }
  return r;
}

WarningChanges parseWarningChanges(const json& body, const Warning& current, const SignalCatalogue& catalogue,
                                   const DistrictGeometry& district, const Limits& limits, TimePoint now,
                                   const WarningPolicy& policy) {
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "body: must be a JSON object");
  rejectUnknownKeys(body, {"level", "expires", "area", "description", "status"}, "");
  if (body.contains("status")) {
    auto status = body["status"].is_string() ? parseStatus(body["status"].get<std::string>()) : std::nullopt;
    if (!status) throw EocError(ErrorCode::InvalidParameter, "status: must be Actual, Exercise or Test");
    if (*status != current.status) {
      if (*status == WarningStatus::Actual)
        throw EocError(ErrorCode::ExerciseCannotBecomeActual,
                       "status: warning " + current.id + " is " + std::string(statusName(current.status)) +
                           " and can never become Actual; draft a new Actual warning instead");
      throw EocError(ErrorCode::InvalidTransition, "status: the status of a warning never changes");
    }
  }
  WarningChanges c;
  if (body.contains("level")) {
    c.level = stringField(body, "level", "level");
    checkLevel(catalogue, current.type, *c.level);
  }
  if (body.contains("expires")) {
    c.expires = timeField(body, "expires");
    checkTimes(current.onset, *c.expires, now, WarningPolicy{std::chrono::hours(24 * 365 * 10), policy.maxDuration,
                                                              policy.maxDescriptionCodePoints});
  }
  if (body.contains("area")) c.area = areaField(body, district, limits);
  c.description = descriptionField(body, policy);
  if (!c.level && !c.expires && !c.area && !c.description)
    throw EocError(ErrorCode::InvalidBody, "body: names nothing to change (level, expires, area or description)");
  return c;
}

CancelRequest parseCancelRequest(const json& body) {
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "body: must be a JSON object");
  rejectUnknownKeys(body, {"reason", "false_alarm"}, "");
  CancelRequest c;
  if (body.contains("false_alarm")) {
    if (!body["false_alarm"].is_boolean()) throw EocError(ErrorCode::InvalidBody, "false_alarm: must be true or false");
    c.falseAlarm = body["false_alarm"].get<bool>();
  }
  if (body.contains("reason")) {
    if (!body["reason"].is_string()) throw EocError(ErrorCode::InvalidBody, "reason: must be a string");
    c.reason = body["reason"].get<std::string>();
  }
  // A false alarm carries pre-worded text, so a reason is optional then; otherwise say why.
  if (c.reason.empty() && !c.falseAlarm)
    throw EocError(ErrorCode::InvalidBody, "reason: is required unless false_alarm is true");
  return c;
}

}  // namespace eoc::warnings
