#include "http/duty_requests.hpp"

#include "core/error.hpp"
#include "duty/calendar.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"

namespace eoc::http {

namespace {

using json = nlohmann::json;

std::optional<TimePoint> timeParam(const httplib::Request& req, const std::string& name) {
  auto text = queryValue(req, name);
  if (!text) return std::nullopt;
  auto t = parseIso8601(*text);
  if (!t) throw EocError(ErrorCode::InvalidTime, name + ": \"" + *text + "\" is not an ISO 8601 time with its offset");
  return t;
}

std::string textField(const json& body, const std::string& key, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) throw EocError(ErrorCode::InvalidBody, key + ": is required");
    return "";
  }
  if (!it->is_string()) throw EocError(ErrorCode::InvalidBody, key + ": must be a string");
  return it->get<std::string>();
}

std::optional<std::string> optionalText(const json& body, const std::string& key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw EocError(ErrorCode::InvalidBody, key + ": must be a string");
  return it->get<std::string>();
}

}  // namespace

service::RosterUpload parseRosterUpload(const httplib::Request& req) {
  if (req.body.empty()) throw EocError(ErrorCode::InvalidBody, "body: empty; send the roster as .xlsx or .csv");
  std::string label = "roster";
  if (auto name = queryValue(req, "filename")) label = *name;
  return service::RosterUpload{req.body, label};
}

service::RosterRangeRequest parseRosterRange(const httplib::Request& req) {
  return service::RosterRangeRequest{timeParam(req, "from"), timeParam(req, "to")};
}

std::optional<TimePoint> parseAt(const httplib::Request& req) { return timeParam(req, "at"); }

duty::LogEntryRequest parseLogEntryRequest(const json& body) {
  requireObject(body, "body", {"kind", "from", "to", "content", "incident_id", "corrects"});
  duty::LogEntryRequest r;
  r.kind = textField(body, "kind", true);
  r.from = optionalText(body, "from");
  r.to = optionalText(body, "to");
  r.content = textField(body, "content", true);
  r.incidentId = optionalText(body, "incident_id");
  r.corrects = optionalText(body, "corrects");
  return r;
}

duty::LogQueryRequest parseLogQuery(const httplib::Request& req) {
  duty::LogQueryRequest r;
  r.since = timeParam(req, "since");
  r.until = timeParam(req, "until");
  r.kind = queryValue(req, "kind");
  r.q = queryValue(req, "q");
  r.incidentId = queryValue(req, "incident");
  if (auto limit = queryValue(req, "limit")) r.limit = size_t(parseInteger("limit", *limit, 1, 5000));
  return r;
}

duty::Date parseDayParam(const httplib::Request& req, TimePoint now) {
  auto text = queryValue(req, "date");
  if (!text) return duty::dateOf(now);
  auto date = duty::parseDate(*text);
  if (!date) throw EocError(ErrorCode::InvalidTime, "date: \"" + *text + "\" is not a date such as 2026-12-02");
  return *date;
}

service::IncidentListRequest parseIncidentList(const httplib::Request& req) {
  service::IncidentListRequest r;
  r.state = queryValue(req, "state");
  r.since = timeParam(req, "since");
  r.type = queryValue(req, "type");
  if (auto limit = queryValue(req, "limit")) r.limit = size_t(parseInteger("limit", *limit, 1, 10000));
  return r;
}

duty::ReportRequest parseReportRequest(const json& body) {
  requireObject(body, "body", {"stage", "channel", "content", "to"});
  duty::ReportRequest r;
  r.stage = textField(body, "stage", true);
  r.channel = textField(body, "channel", true);
  r.content = textField(body, "content", true);
  r.to = textField(body, "to", true);
  return r;
}

duty::HandoverRequest parseHandoverRequest(const json& body) {
  requireObject(body, "body", {"notes"});
  return duty::HandoverRequest{textField(body, "notes", false)};
}

service::ZeroReportQuery parseZeroReportQuery(const httplib::Request& req) {
  return service::ZeroReportQuery{timeParam(req, "since"), timeParam(req, "until")};
}

duty::ReportRequest parseZeroReportRequest(const json& body) {
  requireObject(body, "body", {"date", "content", "to", "channel"});
  duty::ReportRequest r;
  r.stage = "zero";
  r.channel = textField(body, "channel", true);
  r.content = textField(body, "content", true);
  r.to = textField(body, "to", true);
  r.date = optionalText(body, "date");
  return r;
}

}  // namespace eoc::http
