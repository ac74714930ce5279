#include "duty/reporting_rules.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "duty/detail/json_read.hpp"

namespace eoc::duty {

using detail::pointerTo;
using nlohmann::json;

namespace {

plans::Level level(const detail::JsonReader& read, const json& value, const std::string& pointer) {
  auto parsed = plans::parseLevel(read.text(value, pointer));
  if (!parsed) read.fail(pointer, "\"" + value.get<std::string>() + "\" is not a level (I, II, III or IV)");
  return *parsed;
}

// Does `report` meet a deadline for `stage` by `channel`? A written report also tells whom a phone
// call would have told; a phone call is no written report.
bool meets(const Report& report, ReportStage stage, ReportChannel channel) {
  if (report.stage != stage) return false;
  return report.channel == channel || (channel == ReportChannel::Phone && report.channel == ReportChannel::Written);
}

void addUnique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

std::string DueReport::key(const std::string& incidentId) const {
  return "report:" + incidentId + ":" + std::string(reportStageKey(stage)) + ":" +
         std::string(reportChannelKey(channel));
}

std::string ZeroReportDue::key() const { return "zero-report:" + formatDate(date); }

ReportingRules ReportingRules::fromJson(const json& doc, const std::set<std::string>& incidentTypes,
                                        const std::string& origin) {
  detail::JsonReader read(origin);
  read.onlyKeys(doc, "", {"schema", "description", "sources", "rules", "zero_report", "drafts"});
  if (read.text(read.member(doc, "", "schema"), "/schema") != "eoc.reporting-rules/1")
    read.fail("/schema", "must be \"eoc.reporting-rules/1\"");
  ReportingRules out;

  const json& sources = read.object(read.member(doc, "", "sources"), "/sources");
  for (auto it = sources.begin(); it != sources.end(); ++it) {
    const std::string p = pointerTo("/sources", it.key());
    read.onlyKeys(it.value(), p, {"title", "reference", "says"});
    out.sources_[it.key()] = {it.key(), read.text(read.member(it.value(), p, "title"), pointerTo(p, "title")),
                              read.text(read.member(it.value(), p, "reference"), pointerTo(p, "reference")),
                              read.text(read.member(it.value(), p, "says"), pointerTo(p, "says"))};
  }
  auto source = [&](const json& obj, const std::string& p) {
    std::string id = read.text(read.member(obj, p, "source"), pointerTo(p, "source"));
    if (!out.sources_.count(id)) read.fail(pointerTo(p, "source"), "no source \"" + id + "\" under /sources");
    return id;
  };

  const json& rules = read.array(read.member(doc, "", "rules"), "/rules");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string p = pointerTo("/rules", i);
    const json& r = rules[i];
    read.onlyKeys(r, p, {"id", "name", "incident_types", "levels", "reports", "note"});
    ReportingRule rule;
    rule.id = read.text(read.member(r, p, "id"), pointerTo(p, "id"));
    if (!ids.insert(rule.id).second) read.fail(pointerTo(p, "id"), "\"" + rule.id + "\" is used twice");
    rule.name = read.text(read.member(r, p, "name"), pointerTo(p, "name"));
    if (r.contains("incident_types")) {
      const auto types = read.texts(r["incident_types"], pointerTo(p, "incident_types"));
      for (std::size_t k = 0; k < types.size(); ++k) {
        if (!incidentTypes.count(types[k]))
          read.fail(pointerTo(pointerTo(p, "incident_types"), k), "unknown incident type \"" + types[k] + "\"");
        rule.incidentTypes.insert(types[k]);
      }
    }
    if (r.contains("levels")) {
      const json& levels = read.array(r["levels"], pointerTo(p, "levels"));
      if (levels.empty()) read.fail(pointerTo(p, "levels"), "must not be empty (leave it out for every level)");
      for (std::size_t k = 0; k < levels.size(); ++k)
        rule.levels.insert(level(read, levels[k], pointerTo(pointerTo(p, "levels"), k)));
    }
    const json& reports = read.array(read.member(r, p, "reports"), pointerTo(p, "reports"));
    if (reports.empty()) read.fail(pointerTo(p, "reports"), "must not be empty");
    for (std::size_t k = 0; k < reports.size(); ++k) {
      const std::string q = pointerTo(pointerTo(p, "reports"), k);
      const json& d = reports[k];
      read.onlyKeys(d, q, {"stage", "channel", "within_minutes", "to", "source", "note"});
      DueRule due;
      const std::string stage = read.text(read.member(d, q, "stage"), pointerTo(q, "stage"));
      auto parsedStage = parseReportStage(stage);
      if (!parsedStage || *parsedStage == ReportStage::Zero)
        read.fail(pointerTo(q, "stage"), "\"" + stage + "\" is not first, update or final");
      due.stage = *parsedStage;
      const std::string channel = read.text(read.member(d, q, "channel"), pointerTo(q, "channel"));
      auto parsedChannel = parseReportChannel(channel);
      if (!parsedChannel) read.fail(pointerTo(q, "channel"), "\"" + channel + "\" is not phone or written");
      due.channel = *parsedChannel;
      due.within = std::chrono::minutes(
          read.integer(read.member(d, q, "within_minutes"), pointerTo(q, "within_minutes"), 1, 60 * 24 * 30));
      due.to = read.text(read.member(d, q, "to"), pointerTo(q, "to"));
      due.source = source(d, q);
      for (const DueRule& other : rule.reports)
        if (other.stage == due.stage && other.channel == due.channel)
          read.fail(q, "the rule already has a " + stage + " " + channel + " report");
      rule.reports.push_back(due);
    }
    out.rules_.push_back(std::move(rule));
  }

  const std::string z = "/zero_report";
  const json& zero = read.member(doc, "", "zero_report");
  read.onlyKeys(zero, z, {"due", "min_level", "warning_levels", "min_active_minutes", "remind_before_minutes", "to",
                            "source", "note"});
  out.zero_.due = read.clock(read.member(zero, z, "due"), pointerTo(z, "due"));
  out.zero_.minLevel = level(read, read.member(zero, z, "min_level"), pointerTo(z, "min_level"));
  const auto colours = read.texts(read.member(zero, z, "warning_levels"), pointerTo(z, "warning_levels"));
  for (std::size_t k = 0; k < colours.size(); ++k) {
    if (!plans::colourRank(colours[k]))
      read.fail(pointerTo(pointerTo(z, "warning_levels"), k),
                "\"" + colours[k] + "\" is not blue, yellow, orange or red");
    out.zero_.warningLevels.insert(colours[k]);
  }
  out.zero_.minActive = std::chrono::minutes(
      read.integer(read.member(zero, z, "min_active_minutes"), pointerTo(z, "min_active_minutes"), 0, 24 * 60));
  if (zero.contains("remind_before_minutes"))
    out.zero_.remindBefore = std::chrono::minutes(read.integer(
        zero["remind_before_minutes"], pointerTo(z, "remind_before_minutes"), 1, 12 * 60));
  out.zero_.to = read.text(read.member(zero, z, "to"), pointerTo(z, "to"));
  out.zero_.source = source(zero, z);

  out.drafts_ = DraftTemplates::fromJson(read.member(doc, "", "drafts"), origin, "/drafts");
  return out;
}

ReportingRules ReportingRules::load(const std::filesystem::path& file, const std::set<std::string>& incidentTypes) {
  return fromJson(detail::readJsonFile(file.string()), incidentTypes, file.filename().string());
}

std::vector<DueReport> ReportingRules::dueReports(const IncidentFacts& incident,
                                                  const std::vector<Report>& filed) const {
  std::vector<DueReport> due;
  for (const ReportingRule& rule : rules_) {
    if (!rule.incidentTypes.empty() && !rule.incidentTypes.count(incident.type)) continue;
    if (!rule.levels.empty() && (!incident.level || !rule.levels.count(*incident.level))) continue;
    for (const DueRule& r : rule.reports) {
      const TimePoint at = incident.firstKnownAt + r.within;
      auto same = std::find_if(due.begin(), due.end(),
                               [&](const DueReport& d) { return d.stage == r.stage && d.channel == r.channel; });
      if (same == due.end()) {
        due.push_back({r.stage, r.channel, at, r.to, {rule.id}, {r.source}, std::nullopt, std::nullopt});
        continue;
      }
      if (at < same->dueAt) {
        same->dueAt = at;
        same->to = r.to;
      }
      addUnique(same->rules, rule.id);
      addUnique(same->sources, r.source);
    }
  }
  std::vector<const Report*> inOrder;
  for (const Report& r : filed) inOrder.push_back(&r);
  std::stable_sort(inOrder.begin(), inOrder.end(), [](const Report* a, const Report* b) { return a->at < b->at; });
  for (DueReport& d : due)
    for (const Report* r : inOrder)
      if (meets(*r, d.stage, d.channel)) {
        d.reportId = r->id;
        d.filedAt = r->at;
        break;
      }
  std::stable_sort(due.begin(), due.end(), [](const DueReport& a, const DueReport& b) {
    if (a.dueAt != b.dueAt) return a.dueAt < b.dueAt;
    return a.channel < b.channel;
  });
  return due;
}

std::vector<ZeroReportDue> ReportingRules::zeroReportsDue(const std::vector<ResponsePeriod>& periods,
                                                          const std::vector<Report>& zeroReports, TimePoint since,
                                                          TimePoint now) const {
  std::vector<ZeroReportDue> due;
  if (periods.empty()) return due;
  TimePoint earliest = periods.front().from;
  for (const ResponsePeriod& p : periods) earliest = std::min(earliest, p.from);
  const TimePoint start = std::max(since, earliest);
  // Each day from the start to the first daily time after now (a response may be active for days).
  // Bounded: the caller passes a recent `since`; a year of days is the most ever looked at.
  int days = 0;
  for (Date day = dateOf(start); ++days <= 400; day = Date(std::chrono::sys_days(day) + std::chrono::days(1))) {
    const TimePoint at = atMinute(day, zero_.due);
    if (at < start) continue;
    ZeroReportDue d;
    d.date = day;
    d.dueAt = at;
    for (const ResponsePeriod& p : periods)
      if (p.from + zero_.minActive <= at && (!p.until || *p.until > at)) d.reasons.push_back(p.reason);
    if (!d.reasons.empty()) {
      const Report* best = nullptr;
      for (const Report& r : zeroReports)
        if (r.stage == ReportStage::Zero && r.forDate == day && (!best || r.at < best->at)) best = &r;
      if (best) d.reportId = best->id, d.filedAt = best->at;
      due.push_back(std::move(d));
    }
    if (at > now) break;
  }
  return due;
}

std::optional<TimePoint> nextDeadline(const std::vector<DueReport>& due, TimePoint now) {
  std::optional<TimePoint> next;
  for (const DueReport& d : due)
    if (!d.met() && d.dueAt > now && (!next || d.dueAt < *next)) next = d.dueAt;
  return next;
}

}  // namespace eoc::duty
