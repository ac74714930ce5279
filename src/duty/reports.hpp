#pragma once
// Reports upward (信息报送): an incident is reported in stages — 首报 (first), 续报 (update), 终报
// (final) — by phone or in writing; while a response is active the desk also files a daily 零报告
// (zero report). This file holds the stages, the request of one report and the order the stages
// must come in; the deadlines are in reporting_rules.hpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "duty/calendar.hpp"

namespace eoc::duty {

enum class ReportStage { First, Update, Final, Zero };
enum class ReportChannel { Phone, Written };

std::string_view reportStageKey(ReportStage stage);  // "first", "update", "final", "zero"
std::optional<ReportStage> parseReportStage(std::string_view key);
std::string_view reportChannelKey(ReportChannel channel);  // "phone", "written"
std::optional<ReportChannel> parseReportChannel(std::string_view key);

struct ReportLimits {
  std::size_t maxContentCodePoints = 20000;  // a written report of several pages
  std::size_t maxToCodePoints = 200;
};

// POST /incidents/{id}/reports {stage, channel, content, to} and, for a zero report,
// POST /duty/zero-reports {channel, content, to, date?} — as the edge parsed them.
struct ReportRequest {
  std::string stage;
  std::string channel;
  std::string content;
  std::string to;                   // whom it went to: "市应急管理局"
  std::optional<std::string> date;  // zero reports: the day it reports for ("2026-12-02")
};

// A stored report.
struct Report {
  std::string id;
  std::optional<std::string> incidentId;  // none for a zero report
  ReportStage stage = ReportStage::First;
  ReportChannel channel = ReportChannel::Phone;
  std::string content;
  std::string to;
  TimePoint at{};               // when the desk recorded it (the server's time)
  std::string author;           // the person
  std::string authorLabel;      // for the audit trail
  std::optional<Date> forDate;  // zero reports
};

// A report of an incident that may be filed: stage and channel known, content and addressee given,
// and the stage in order — an update or a final report needs a first report before it; nothing
// follows a final report; zero reports are not filed on an incident. `filed` is what the incident
// has so far. Throws EocError: InvalidParameter (unknown stage/channel, a zero report here),
// InvalidBody (empty or too long), InvalidTransition (stage out of order).
Report validateIncidentReport(const ReportRequest& request, const std::vector<Report>& filed,
                              const ReportLimits& limits = {});

// A zero report: `defaultDate` is the day it reports for when the request names none (the service
// gives the earliest day still waiting for one). InvalidTime for a date that is not a date.
Report validateZeroReport(const ReportRequest& request, Date defaultDate, const ReportLimits& limits = {});

// Closing an incident needs its final report: EocError(Conflict) naming the incident otherwise.
void checkCanClose(const std::string& incidentId, const std::vector<Report>& filed);

}  // namespace eoc::duty
