#pragma once
// The duty desk's use cases (应急值守): the roster, the duty log, the incident register's side of
// reporting upward (reports, deadlines, escalations, drafts, close), and handovers.
//
// Contract:
// - The road of docs/design.md §2: typed requests in (duty/*.hpp request structs), the Principal,
//   typed results out (service/duty_results.hpp); who may do what beyond the route's roles is
//   service/duty_policy.hpp.
// - Every change is one Database::write with its audit entry; memory (the roster) and events
//   learn of it after the commit.
// - Deadlines: one Scheduler timer per open incident, "duty.deadline:<incident id>", at its next
//   unmet deadline on the injected clock. When a report falls due unmet, an escalation row is
//   written once (store/duty_repository.hpp) and `report.overdue` published; a report that meets
//   it closes it and publishes `report.received`. Every timer derives from rows, so start()
//   catches up on what fell due while eoc was down and schedules the rest.
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "duty/handover.hpp"
#include "duty/log.hpp"
#include "duty/reporting_rules.hpp"
#include "duty/reports.hpp"
#include "duty/roster.hpp"
#include "duty/roster_import.hpp"
#include "service/duty_results.hpp"
#include "service/service_context.hpp"

namespace eoc::service {

// POST /duty/roster and `eoc roster import FILE`: the spreadsheet as sent.
struct RosterUpload {
  std::string bytes;
  std::string label;  // "roster.xlsx", the file name: named in every message
};

// GET /duty/roster?from=&to=
struct RosterRangeRequest {
  std::optional<TimePoint> from;
  std::optional<TimePoint> to;
};

// GET /incidents?state=&since=&type=&limit=
struct IncidentListRequest {
  std::optional<std::string> state;
  std::optional<TimePoint> since;
  std::optional<std::string> type;
  std::optional<std::size_t> limit;
};

// GET /duty/zero-reports?since=&until= (default: today, Beijing time, to now).
struct ZeroReportQuery {
  std::optional<TimePoint> since;
  std::optional<TimePoint> until;
};

struct DutyData {
  duty::RosterSettings roster;
  duty::ReportingRules rules;
  std::map<std::string, std::string> incidentTypeNames;  // key → 燃气泄漏 (plans/hazards.json)
};

class DutyService {
 public:
  DutyService(ServiceContext& context, const DutyData& data);
  ~DutyService();
  DutyService(const DutyService&) = delete;
  DutyService& operator=(const DutyService&) = delete;

  void start();  // loads the roster; catches up on deadlines and schedules the rest
  void stop();   // cancels "duty." timers; idempotent

  // --- roster ---------------------------------------------------------------------------------
  RosterImportResult importRoster(const Principal& who, const RosterUpload& upload, const std::string& requestId);
  duty::DutyNow now(std::optional<TimePoint> at) const;
  RosterView roster(const RosterRangeRequest& request) const;

  // --- duty log -------------------------------------------------------------------------------
  duty::LogEntry appendLog(const Principal& who, const duty::LogEntryRequest& request, const std::string& requestId);
  std::vector<duty::LogLine> log(const duty::LogQueryRequest& request) const;
  DayLog dayLog(duty::Date date) const;

  // --- incidents: register, reports, deadlines ------------------------------------------------
  // After POST /incidents committed: arms the incident's deadline timer.
  void incidentRegistered(const std::string& incidentId);
  std::vector<IncidentDesk> incidents(const IncidentListRequest& request) const;
  IncidentDesk incident(const std::string& id) const;  // NotFound
  ReportFiled fileReport(const Principal& who, const std::string& incidentId, const duty::ReportRequest& request,
                         const std::string& requestId);
  DraftResult draft(const Principal& who, const std::string& incidentId, const std::string& stage) const;
  IncidentDesk close(const Principal& who, const std::string& incidentId, const std::string& requestId);
  std::vector<ReportEscalation> escalations(bool openOnly) const;

  // Raises what fell due on `incidentId` at `now` and re-arms its timer (the timer's callback).
  void checkDeadlines(const std::string& incidentId, TimePoint now);

  // --- zero reports (零报告) ---------------------------------------------------------------------
  // A zero report is due every day at the configured time (Beijing) while a response is active:
  // an open incident whose level or activation level is at the configured level or above, or a
  // live Actual warning of a configured colour (exercises never count). One daily timer,
  // "duty.zero-report", fires at the reminder time and at the due time: the first publishes
  // `zero_report.reminder` when the day's report is unfiled, the second raises an escalation row
  // (key "zero-report:<date>", once) and publishes `report.overdue` with stage "zero"; filing it
  // closes the escalation and publishes `report.received` (stage "zero", closed_escalations). start() raises what fell due while eoc was down (the last 7 days).
  ZeroReportsView zeroReports(const Principal& who, const ZeroReportQuery& query) const;
  // Files the zero report for request.date (default: the earliest day still waiting). Conflict when
  // none is due that day or one is filed already; InvalidTime for a day still to come.
  ZeroReportFiled fileZeroReport(const Principal& who, const duty::ReportRequest& request,
                                 const std::string& requestId);
  // The timer's callback: raises the escalations of days past due, reminds, re-arms.
  void checkZeroReports(TimePoint now);

  // --- handover -------------------------------------------------------------------------------
  HandoverView handover(const Principal& who, const duty::HandoverRequest& request, const std::string& requestId);
  HandoverView accept(const Principal& who, const std::string& id, const std::string& requestId);
  std::vector<HandoverView> handovers(std::size_t limit) const;

  const duty::ReportingRules& rules() const { return data_.rules; }

 private:
  duty::IncidentFacts facts(const store::IncidentRow& row) const;
  IncidentDesk desk(store::IncidentRow row, std::vector<duty::Report> reports, TimePoint now) const;
  void arm(const std::string& incidentId, const std::vector<duty::DueReport>& due, TimePoint now);
  std::vector<duty::ResponsePeriod> responsePeriods(TimePoint since) const;
  std::vector<duty::Report> filedZeroReports() const;
  std::vector<duty::ZeroReportDue> zeroDue(TimePoint since, TimePoint now) const;
  void armZeroReports(TimePoint now);
  std::string phoneOf(const std::string& person, TimePoint now) const;

  ServiceContext& ctx_;
  const DutyData& data_;
  store::DutyRepository& repo_;
  store::IncidentRepository& incidents_;

  mutable std::mutex mutex_;  // roster_ and the order of imports
  duty::Roster roster_;
  std::set<std::string> remindedZero_;  // days whose zero report was reminded (under mutex_)
  // Serialises reports and closes of one desk: a stage check and its insert do not interleave.
  std::mutex reportMutex_;
};

// `eoc roster import FILE`: reads FILE and imports it into the store of config.dataDir without
// starting the service. Returns the result; throws EocError naming row and column.
RosterImportResult importRosterFile(const Config& config, const std::filesystem::path& file);

}  // namespace eoc::service
