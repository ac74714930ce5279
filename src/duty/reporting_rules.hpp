#pragma once
// When reports upward fall due (信息报送时限). The deadlines are rules in configuration
// (plans/reporting-rules.json), per incident type and level, each naming the regulation it comes
// from; this engine only applies them:
//   - every rule whose incident types and levels match the incident contributes its reports, each
//     due `within` after the desk first knew of the incident (first_known_at);
//   - where two rules ask for the same stage and channel, the earlier deadline holds, and both
//     rules and their sources are named;
//   - a report filed for that stage meets it: a written report also meets a phone deadline (the
//     person reported to has been told), a phone report never meets a written one;
//   - a report is overdue once its deadline has come and nothing meets it.
// While a response is active (an activation at the configured level or above, or a warning of a
// configured colour in force), a zero report (零报告) is due every day by the configured time.
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "duty/calendar.hpp"
#include "duty/report_draft.hpp"
#include "duty/reports.hpp"
#include "plans/levels.hpp"

namespace eoc::duty {

struct ReportSource {
  std::string id;         // "state-council-493"
  std::string title;      // 生产安全事故报告和调查处理条例
  std::string reference;  // 国务院令第493号
  std::string says;       // what the rule says, in the config's words
};

struct DueRule {
  ReportStage stage = ReportStage::First;
  ReportChannel channel = ReportChannel::Phone;
  std::chrono::minutes within{0};
  std::string to;      // whom it goes to
  std::string source;  // a ReportSource id
};

struct ReportingRule {
  std::string id;
  std::string name;
  std::set<std::string> incidentTypes;  // empty: every type
  std::set<plans::Level> levels;        // empty: every level, and incidents whose level is not known
  std::vector<DueRule> reports;
};

struct ZeroReportRule {
  std::chrono::minutes due{9 * 60};           // daily, Beijing time
  plans::Level minLevel = plans::Level::III;  // an activation at this level or above starts a response
  std::set<std::string> warningLevels;        // warning colours in force that do too: orange, red
  // A response that began less than this before the daily time reports the next day.
  std::chrono::minutes minActive{60};
  // The desk is reminded this long before the daily time while the day's report is unfiled.
  std::chrono::minutes remindBefore{30};
  std::string to;
  std::string source;

  bool activationStartsResponse(plans::Level level) const { return level >= minLevel; }
  bool warningStartsResponse(const std::string& colour) const { return warningLevels.count(colour) > 0; }
};

// What the engine needs of an incident.
struct IncidentFacts {
  std::string id;
  std::string type;  // incident type key
  std::optional<plans::Level> level;
  TimePoint firstKnownAt{};
};

// One report an incident owes, and whether it came.
struct DueReport {
  ReportStage stage = ReportStage::First;
  ReportChannel channel = ReportChannel::Phone;
  TimePoint dueAt{};
  std::string to;
  std::vector<std::string> rules;       // rule ids that ask for it
  std::vector<std::string> sources;     // their source ids
  std::optional<std::string> reportId;  // the report that met it
  std::optional<TimePoint> filedAt;

  bool met() const { return reportId.has_value(); }
  bool overdue(TimePoint now) const { return !met() && now >= dueAt; }
  bool late() const { return met() && *filedAt > dueAt; }
  // "report:<incident>:first:phone" — the name of its timer and escalation.
  std::string key(const std::string& incidentId) const;
};

// A period during which a response is active, from the activations and warnings that started it.
struct ResponsePeriod {
  TimePoint from{};
  std::optional<TimePoint> until;  // none: still active
  std::string reason;              // "activation a1b2 (III)", "warning w9 rainstorm orange"
};

struct ZeroReportDue {
  Date date{};
  TimePoint dueAt{};
  std::vector<std::string> reasons;  // of the periods active at dueAt
  std::optional<std::string> reportId;
  std::optional<TimePoint> filedAt;

  bool met() const { return reportId.has_value(); }
  bool overdue(TimePoint now) const { return !met() && now >= dueAt; }
  std::string key() const;  // "zero-report:2026-12-02"
};

class ReportingRules {
 public:
  // Checks the whole document: sources named by rules exist, incident types are known (from
  // plans/hazards.json, handed in), levels are I–IV, deadlines positive, no unknown members, the
  // draft templates. Throws EocError(InvalidBody) "<origin>: <JSON pointer>: <what>".
  static ReportingRules fromJson(const nlohmann::json& doc, const std::set<std::string>& incidentTypes,
                                 const std::string& origin = "reporting-rules.json");
  static ReportingRules load(const std::filesystem::path& file, const std::set<std::string>& incidentTypes);

  // The reports `incident` owes, earliest deadline first, each matched with the report in `filed`
  // (the incident's, any order) that met it.
  std::vector<DueReport> dueReports(const IncidentFacts& incident, const std::vector<Report>& filed) const;

  // The daily zero reports due at or after `since` up to the first one after `now`, on days a
  // response is active at the daily time; each matched with a zero report filed for its date.
  std::vector<ZeroReportDue> zeroReportsDue(const std::vector<ResponsePeriod>& periods,
                                            const std::vector<Report>& zeroReports, TimePoint since,
                                            TimePoint now) const;

  const std::vector<ReportingRule>& rules() const { return rules_; }
  const ZeroReportRule& zeroReport() const { return zero_; }
  const std::map<std::string, ReportSource>& sources() const { return sources_; }
  const DraftTemplates& drafts() const { return drafts_; }

 private:
  std::map<std::string, ReportSource> sources_;
  std::vector<ReportingRule> rules_;
  ZeroReportRule zero_;
  DraftTemplates drafts_;
};

// The earliest deadline after `now` not yet met: when the desk's timer must next look.
std::optional<TimePoint> nextDeadline(const std::vector<DueReport>& due, TimePoint now);

}  // namespace eoc::duty
