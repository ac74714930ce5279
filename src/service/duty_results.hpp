#pragma once
// What the duty desk's use cases answer (service/duty_service.hpp): plain structs of the duty
// domain and the store's rows, no JSON transport shapes; http/duty_render.cpp renders them.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "duty/handover.hpp"
#include "duty/log.hpp"
#include "duty/reporting_rules.hpp"
#include "duty/reports.hpp"
#include "duty/roster.hpp"
#include "store/duty_repository.hpp"
#include "store/incident_repository.hpp"

namespace eoc::service {

struct RosterImportResult {
  TimePoint from{};
  TimePoint to{};
  std::vector<duty::Shift> imported;
  std::size_t replaced = 0;     // stored shifts the import replaced
  std::vector<duty::Gap> gaps;  // uncovered stretches inside the imported range
};

struct RosterView {
  TimePoint from{};
  TimePoint to{};
  std::vector<duty::Shift> shifts;
  std::vector<duty::Gap> gaps;
};

// The day's log as printed and signed off: the day's shifts (their officers and leaders sign).
struct DayLog {
  duty::Date date{};
  std::vector<duty::Shift> shifts;
  std::vector<duty::LogLine> lines;
};

// An incident as the duty desk sees it: the register's row, the reports filed, the reports owed
// (with due_at and whether overdue at `now`), and its log entries.
struct IncidentDesk {
  store::IncidentRow row;
  std::vector<duty::Report> reports;
  std::vector<duty::DueReport> due;
  std::vector<duty::LogEntry> log;
  TimePoint now{};
};

struct ReportFiled {
  duty::Report report;
  IncidentDesk incident;
  std::vector<std::string> closedEscalations;  // keys
};

struct DraftResult {
  std::string incidentId;
  duty::ReportStage stage = duty::ReportStage::First;
  duty::DraftText draft;
};

struct ReportEscalation {
  store::ReportEscalationRow row;
  std::string incidentType;  // key, "" for a zero report
  bool exercise = false;
};

// The zero reports (零报告) of a range of days: each day on which one is (or, for the next daily
// time, will be) due because a response is active, matched with the report filed for it; the zero
// reports filed; and the draft for the earliest day still waiting, written for the reader.
struct ZeroReportsView {
  TimePoint since{};
  TimePoint until{};
  TimePoint now{};
  std::vector<duty::ZeroReportDue> due;
  std::vector<duty::Report> filed;
  std::optional<duty::Date> draftFor;
  std::optional<duty::DraftText> draft;
  std::string to;  // whom a zero report goes to (the configured addressee)
};

struct ZeroReportFiled {
  duty::Report report;
  std::optional<duty::ZeroReportDue> due;      // the day's due report, now met
  std::vector<std::string> closedEscalations;  // keys
};

struct HandoverView {
  store::HandoverRow row;
};

}  // namespace eoc::service
