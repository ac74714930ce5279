#pragma once
// The one JSON (and printable HTML/CSV) shape of the duty desk's answers and events.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "duty/roster.hpp"
#include "service/duty_results.hpp"

namespace eoc::http {

nlohmann::json renderShift(const duty::Shift& shift, bool phones);
nlohmann::json renderDutyNow(const duty::DutyNow& now, bool phones);
nlohmann::json renderRosterImport(const service::RosterImportResult& result);
nlohmann::json renderRoster(const service::RosterView& view, bool phones);
nlohmann::json renderLogEntry(const duty::LogEntry& entry);
nlohmann::json renderLog(const std::vector<duty::LogLine>& lines);
std::string renderDayLogHtml(const service::DayLog& day);
std::string renderDayLogCsv(const service::DayLog& day);
nlohmann::json renderIncidentDesk(const service::IncidentDesk& desk);
nlohmann::json renderReport(const duty::Report& report);
nlohmann::json renderReportFiled(const service::ReportFiled& filed);
nlohmann::json renderDraft(const service::DraftResult& draft);
nlohmann::json renderReportEscalation(const service::ReportEscalation& escalation);
nlohmann::json renderZeroReports(const service::ZeroReportsView& view);
nlohmann::json renderZeroReportFiled(const service::ZeroReportFiled& filed, TimePoint now);
nlohmann::json renderHandover(const service::HandoverView& handover);

}  // namespace eoc::http
