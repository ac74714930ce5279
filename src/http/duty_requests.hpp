#pragma once
// The duty desk's requests as the HTTP edge reads them (syntax only: JSON types, required and
// unknown keys, time text); meaning is checked by the duty domain through DutyService.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "duty/handover.hpp"
#include "duty/log.hpp"
#include "duty/reports.hpp"
#include "service/duty_service.hpp"

namespace eoc::http {

service::RosterUpload parseRosterUpload(const httplib::Request& req);
service::RosterRangeRequest parseRosterRange(const httplib::Request& req);
std::optional<TimePoint> parseAt(const httplib::Request& req);
duty::LogEntryRequest parseLogEntryRequest(const nlohmann::json& body);
duty::LogQueryRequest parseLogQuery(const httplib::Request& req);
duty::Date parseDayParam(const httplib::Request& req, TimePoint now);
service::IncidentListRequest parseIncidentList(const httplib::Request& req);
duty::ReportRequest parseReportRequest(const nlohmann::json& body);
duty::HandoverRequest parseHandoverRequest(const nlohmann::json& body);
service::ZeroReportQuery parseZeroReportQuery(const httplib::Request& req);
// POST /duty/zero-reports {date?, content, to, channel}.
duty::ReportRequest parseZeroReportRequest(const nlohmann::json& body);
}  // namespace eoc::http
