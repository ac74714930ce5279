#include "http/warnings_requests.hpp"

#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"

namespace eoc::http {

using nlohmann::json;
namespace w = eoc::warnings;

namespace {

w::WarningStatus statusField(const json& value) {
  auto status = value.is_string() ? w::parseStatus(value.get<std::string>()) : std::nullopt;
  if (!status) throw EocError(ErrorCode::InvalidParameter, "status: must be Actual, Exercise or Test");
  return *status;
}

w::AreaInput areaField(const json& body, const Limits& limits) {
  if (!body.contains("area")) throw EocError(ErrorCode::InvalidBody, "area: is required");
  const auto& a = body["area"];
  requireObject(a, "area", {"committees", "polygon"}, "area.");
  if (!a.contains("committees") || !a["committees"].is_array() || a["committees"].empty())
    throw EocError(ErrorCode::InvalidBody, "area.committees: must be a non-empty array of committee codes");
  w::AreaInput area;
  for (size_t i = 0; i < a["committees"].size(); ++i) {
    const auto& c = a["committees"][i];
    if (!c.is_string())
      throw EocError(ErrorCode::InvalidBody, "area.committees[" + std::to_string(i) + "]: must be a string");
    area.committees.push_back(c.get<std::string>());
  }
  if (a.contains("polygon") && !a["polygon"].is_null()) area.polygon = parseAreaPolygon(a["polygon"], limits);
  return area;
}

}  // namespace

w::RingInput parseAreaPolygon(const json& g, const Limits& limits, const std::string& field) {
  if (!g.is_object() || !g.contains("type") || g["type"] != "Polygon")
    throw EocError(ErrorCode::InvalidGeometry, field + ": must be a GeoJSON Polygon");
  if (!g.contains("coordinates") || !g["coordinates"].is_array() || g["coordinates"].empty())
    throw EocError(ErrorCode::InvalidGeometry, field + ".coordinates: must hold one linear ring");
  if (g["coordinates"].size() > 1)
    throw EocError(ErrorCode::InvalidGeometry, field + ": holes cannot be expressed in CAP; send the outer ring only");
  const auto& ring = g["coordinates"][0];
  if (!ring.is_array()) throw EocError(ErrorCode::InvalidGeometry, field + ": the ring must be an array of positions");
  // Checked before a position is read: a huge ring costs nothing but this comparison.
  if (ring.size() > limits.maxPolygonVertices)
    throw EocError(ErrorCode::InvalidGeometry,
                   field + ": more than " + std::to_string(limits.maxPolygonVertices) + " vertices");
  w::RingInput positions;
  positions.reserve(ring.size());
  for (size_t i = 0; i < ring.size(); ++i) {
    const auto& p = ring[i];
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw EocError(ErrorCode::InvalidGeometry, field + ": position " + std::to_string(i) + " is not [lon, lat]");
    positions.push_back(GeoPoint{p[0].get<double>(), p[1].get<double>()});
  }
  return positions;
}

w::DraftRequest parseDraftRequest(const json& body, const Limits& limits) {
  requireObject(body, "body", {"type", "level", "status", "area", "onset", "expires", "description", "drill_id"});
  for (const char* key : {"type", "level", "status"})
    if (!body.contains(key)) throw EocError(ErrorCode::InvalidBody, std::string(key) + ": is required");
  w::DraftRequest r;
  r.type = nonEmptyString(body["type"], "type");
  r.level = nonEmptyString(body["level"], "level");
  nonEmptyString(body["status"], "status");
  r.status = statusField(body["status"]);
  r.area = areaField(body, limits);
  r.onset = beijingTime(body, "onset");
  r.expires = beijingTime(body, "expires");
  r.description = optionalNonEmptyString(body, "description", "description");
  r.drillId = optionalNonEmptyString(body, "drill_id", "drill_id");
  return r;
}

w::UpdateRequest parseUpdateRequest(std::string id, const json& body, const Limits& limits) {
  requireObject(body, "body", {"level", "expires", "area", "description", "status"});
  w::UpdateRequest r;
  r.id = std::move(id);
  if (body.contains("status")) r.status = statusField(body["status"]);
  if (body.contains("level")) r.level = nonEmptyString(body["level"], "level");
  if (body.contains("expires")) r.expires = beijingTime(body, "expires");
  if (body.contains("area")) r.area = areaField(body, limits);
  r.description = optionalNonEmptyString(body, "description", "description");
  return r;
}

w::CancelRequest parseCancelRequest(std::string id, const json& body) {
  requireObject(body, "body", {"reason", "false_alarm"});
  w::CancelRequest r;
  r.id = std::move(id);
  if (body.contains("false_alarm")) {
    if (!body["false_alarm"].is_boolean()) throw EocError(ErrorCode::InvalidBody, "false_alarm: must be true or false");
    r.falseAlarm = body["false_alarm"].get<bool>();
  }
  if (body.contains("reason")) {
    if (!body["reason"].is_string()) throw EocError(ErrorCode::InvalidBody, "reason: must be a string");
    r.reason = body["reason"].get<std::string>();
  }
  return r;
}

namespace {

// A time in a query string, as the desk types it (北京时间): a day, a minute, or the API's form.
TimePoint queryTime(const std::string& name, const std::string& text) {
  std::string iso = text;
  if (text.size() == 10) iso = text + "T00:00:00+08:00";
  else if (text.size() == 16 && (text[10] == ' ' || text[10] == 'T')) iso = text.substr(0, 10) + "T" + text.substr(11) + ":00+08:00";
  auto t = parseIso8601(iso);
  if (!t || !iso.ends_with("+08:00"))
    throw EocError(ErrorCode::InvalidTime,
                   name + ": '" + text + "' is not Beijing time like 2026-07-12, 2026-07-12 15:00 or 2026-07-12T15:00:00+08:00");
  return *t;
}

std::optional<w::WarningStatus> queryStatus(const httplib::Request& req) {
  auto status = queryValue(req, "status");
  if (!status) return std::nullopt;
  auto parsed = w::parseStatus(*status);
  if (!parsed) throw EocError(ErrorCode::InvalidParameter, "status: must be Actual, Exercise or Test");
  return parsed;
}

std::optional<std::string> queryKey(const httplib::Request& req, const std::string& name) {
  auto value = queryValue(req, name);
  if (value && value->empty()) throw EocError(ErrorCode::InvalidParameter, name + ": must not be empty");
  return value;
}

}  // namespace

w::ListRequest parseListRequest(const httplib::Request& req) {
  w::ListRequest request;
  if (auto active = queryValue(req, "active")) request.activeOnly = parseBoolean("active", *active);
  request.status = queryStatus(req);
  if (auto from = queryValue(req, "from")) request.from = queryTime("from", *from);
  if (auto to = queryValue(req, "to")) request.to = queryTime("to", *to);
  request.type = queryKey(req, "type");
  request.level = queryKey(req, "level");
  if (auto state = queryValue(req, "state")) {
    request.state = w::parseState(*state);
    if (!request.state)
      throw EocError(ErrorCode::InvalidParameter, "state: must be draft, issued, updated, cancelled or expired");
  }
  if (auto limit = queryValue(req, "limit")) request.limit = size_t(parseInteger("limit", *limit, 1, 10000));
  if (auto offset = queryValue(req, "offset")) request.offset = size_t(parseInteger("offset", *offset, 0, 1000000));
  return request;
}

w::StatsRequest parseStatsRequest(const httplib::Request& req) {
  w::StatsRequest request;
  request.status = queryStatus(req);
  if (auto from = queryValue(req, "from")) request.from = queryTime("from", *from);
  if (auto to = queryValue(req, "to")) request.to = queryTime("to", *to);
  request.type = queryKey(req, "type");
  request.level = queryKey(req, "level");
  return request;
}

}  // namespace eoc::http
