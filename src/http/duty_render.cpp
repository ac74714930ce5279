#include "http/duty_render.hpp"

#include "duty/calendar.hpp"
#include "http/incidents_render.hpp"

namespace eoc::http {

namespace {

using json = nlohmann::json;

json timeOrNull(const std::optional<TimePoint>& t) { return t ? json(formatBeijing(*t)) : json(); }

json renderGap(const duty::Gap& gap) { return {{"from", timeOrNull(gap.from)}, {"until", timeOrNull(gap.until)}}; }

std::string escapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// RFC 4180: quote every field, double the quotes. A field starting with = + - @ is prefixed with
// ' so that a spreadsheet does not run it as a formula (CSV injection).
std::string csvField(const std::string& text) {
  std::string out = "\"";
  if (!text.empty() && std::string("=+-@").find(text[0]) != std::string::npos) out += '\'';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string clockOf(TimePoint t) {
  auto text = formatBeijing(t);  // 2026-12-02T09:00:00+08:00
  return text.substr(11, 8);
}

std::string names(const std::vector<duty::Shift>& shifts, bool leaders) {
  std::string out;
  for (const auto& s : shifts) {
    std::vector<std::string> people;
    if (leaders)
      people.push_back(s.leader);
    else
      for (const auto& o : s.officers) people.push_back(o.name);
    for (const auto& p : people) {
      if (p.empty() || out.find(p) != std::string::npos) continue;
      if (!out.empty()) out += "、";
      out += p;
    }
  }
  return out;
}

}  // namespace

json renderShift(const duty::Shift& s, bool phones) {
  json officers = json::array();
  for (size_t i = 0; i < s.officers.size(); ++i) {
    json o = {{"name", s.officers[i].name}};
    if (phones) o["phone"] = s.phoneOf(i);
    officers.push_back(o);
  }
  json out = {{"start", formatBeijing(s.start)}, {"end", formatBeijing(s.end)}, {"label", s.label},
              {"leader", s.leader},              {"officers", officers},       {"describe", s.describe()}};
  if (phones) out["phone"] = s.phone;
  return out;
}

json renderDutyNow(const duty::DutyNow& now, bool phones) {
  return {{"at", formatBeijing(now.at)},
          {"shift", now.shift ? renderShift(*now.shift, phones) : json()},
          {"gap", now.gap ? renderGap(*now.gap) : json()},
          {"next", now.next ? renderShift(*now.next, phones) : json()}};
}

json renderRosterImport(const service::RosterImportResult& r) {
  json shifts = json::array(), gaps = json::array();
  for (const auto& s : r.imported) shifts.push_back(renderShift(s, true));
  for (const auto& g : r.gaps) gaps.push_back(renderGap(g));
  return {{"from", formatBeijing(r.from)}, {"to", formatBeijing(r.to)}, {"imported", r.imported.size()},
          {"replaced", r.replaced},        {"shifts", shifts},          {"gaps", gaps}};
}

json renderRoster(const service::RosterView& v, bool phones) {
  json shifts = json::array(), gaps = json::array();
  for (const auto& s : v.shifts) shifts.push_back(renderShift(s, phones));
  for (const auto& g : v.gaps) gaps.push_back(renderGap(g));
  return {{"from", formatBeijing(v.from)}, {"to", formatBeijing(v.to)}, {"shifts", shifts}, {"gaps", gaps}};
}

json renderLogEntry(const duty::LogEntry& e) {
  return {{"id", e.id},
          {"seq", e.seq},
          {"at", formatBeijing(e.at)},
          {"author", e.author},
          {"kind", duty::logKindKey(e.kind)},
          {"kind_name", duty::logKindName(e.kind)},
          {"from", e.from},
          {"to", e.to},
          {"content", e.content},
          {"incident_id", e.incidentId ? json(*e.incidentId) : json()},
          {"corrects", e.corrects ? json(*e.corrects) : json()}};
}

json renderLog(const std::vector<duty::LogLine>& lines) {
  json entries = json::array();
  for (const auto& line : lines) {
    json e = renderLogEntry(line.entry);
    e["corrected_by"] = line.correctedBy;
    entries.push_back(e);
  }
  return {{"entries", entries}};
}

std::string renderDayLogHtml(const service::DayLog& day) {
  std::string title = "值班日志 " + duty::formatChineseDate(day.date, true);
  std::string out =
      "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escapeHtml(title) +
      "</title><style>body{font-family:sans-serif}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #000;padding:4px;vertical-align:top}.corrected{text-decoration:line-through}"
      "</style></head><body><h1>" +
      escapeHtml(title) + "</h1><table><thead><tr><th>时间</th><th>类别</th><th>来电/去电方</th><th>内容</th>"
                          "<th>记录人</th></tr></thead><tbody>";
  for (const auto& line : day.lines) {
    const auto& e = line.entry;
    std::string parties = e.from;
    if (!e.to.empty()) parties += (parties.empty() ? "" : " → ") + e.to;
    std::string content = escapeHtml(e.content);
    if (e.corrects) content = "（更正 " + escapeHtml(*e.corrects) + "）" + content;
    std::string cls = line.correctedBy.empty() ? "" : " class=\"corrected\"";
    out += "<tr id=\"" + escapeHtml(e.id) + "\"" + cls + "><td>" + clockOf(e.at) + "</td><td>" +
           std::string(duty::logKindName(e.kind)) + "</td><td>" + escapeHtml(parties) + "</td><td>" + content +
           "</td><td>" + escapeHtml(e.author) + "</td></tr>";
  }
  if (day.lines.empty()) out += "<tr><td colspan=\"5\">本日无记录</td></tr>";
  out += "</tbody></table><p>值班员：" + escapeHtml(names(day.shifts, false)) +
         "　签字：________</p><p>带班领导：" + escapeHtml(names(day.shifts, true)) +
         "　签字：________</p></body></html>";
  return out;
}

std::string renderDayLogCsv(const service::DayLog& day) {
  // A UTF-8 byte-order mark: Excel on a Chinese Windows then reads the Chinese text right.
  std::string out = "\xEF\xBB\xBF";
  out += "时间,类别,来电方,去电方,内容,关联事件,更正,记录人\r\n";
  for (const auto& line : day.lines) {
    const auto& e = line.entry;
    out += csvField(formatBeijing(e.at)) + "," + csvField(std::string(duty::logKindName(e.kind))) + "," +
           csvField(e.from) + "," + csvField(e.to) + "," + csvField(e.content) + "," +
           csvField(e.incidentId.value_or("")) + "," + csvField(e.corrects.value_or("")) + "," + csvField(e.author) +
           "\r\n";
  }
  out += csvField("值班员：" + names(day.shifts, false)) + "\r\n";
  out += csvField("带班领导：" + names(day.shifts, true)) + "\r\n";
  return out;
}

json renderReport(const duty::Report& r) {
  return {{"id", r.id},
          {"incident_id", r.incidentId ? json(*r.incidentId) : json()},
          {"stage", duty::reportStageKey(r.stage)},
          {"channel", duty::reportChannelKey(r.channel)},
          {"content", r.content},
          {"to", r.to},
          {"at", formatBeijing(r.at)},
          {"author", r.author},
          {"date", r.forDate ? json(duty::formatDate(*r.forDate)) : json()}};
}

json renderIncidentDesk(const service::IncidentDesk& d) {
  json out = renderIncidentRecord(d.row);
  out["level"] = d.row.level ? json(*d.row.level) : json();
  out["state"] = d.row.state;
  out["first_known_at"] = formatBeijing(d.row.firstKnownAt);
  out["created_at"] = formatBeijing(d.row.createdAt);
  out["closed_at"] = timeOrNull(d.row.closedAt);
  out["closed_by"] = d.row.closedBy;
  json reports = json::array(), due = json::array(), log = json::array();
  for (const auto& r : d.reports) reports.push_back(renderReport(r));
  for (const auto& x : d.due) {
    due.push_back({{"stage", duty::reportStageKey(x.stage)},
                   {"channel", duty::reportChannelKey(x.channel)},
                   {"due_at", formatBeijing(x.dueAt)},
                   {"to", x.to},
                   {"rules", x.rules},
                   {"sources", x.sources},
                   {"met", x.met()},
                   {"report_id", x.reportId ? json(*x.reportId) : json()},
                   {"filed_at", timeOrNull(x.filedAt)},
                   {"late", x.late()},
                   {"overdue", x.overdue(d.now)}});
  }
  for (const auto& e : d.log) log.push_back(renderLogEntry(e));
  out["reports"] = reports;
  out["due_reports"] = due;
  out["log"] = log;
  return out;
}

json renderReportFiled(const service::ReportFiled& f) {
  json out = renderReport(f.report);
  out["incident"] = renderIncidentDesk(f.incident);
  out["closed_escalations"] = f.closedEscalations;
  return out;
}

json renderDraft(const service::DraftResult& d) {
  return {{"incident_id", d.incidentId},
          {"stage", duty::reportStageKey(d.stage)},
          {"title", d.draft.title},
          {"text", d.draft.text}};
}

json renderReportEscalation(const service::ReportEscalation& e) {
  const auto& r = e.row;
  const bool zero = r.stage == duty::reportStageKey(duty::ReportStage::Zero);
  return {{"id", r.key},
          {"kind", zero ? "zero_report" : "report"},
          {"incident_id", r.incidentId ? json(*r.incidentId) : json()},
          {"incident_type", e.incidentType},
          {"stage", r.stage},
          {"channel", r.channel},
          {"to", r.to},
          {"due_at", formatBeijing(r.dueAt)},
          {"raised_at", formatBeijing(r.raisedAt)},
          {"state", r.state},
          {"closed_at", timeOrNull(r.closedAt)},
          {"report_id", r.reportId ? json(*r.reportId) : json()},
          {"exercise", e.exercise}};
}

namespace {

json renderZeroDue(const duty::ZeroReportDue& d, TimePoint now) {
  return {{"date", duty::formatDate(d.date)},
          {"due_at", formatBeijing(d.dueAt)},
          {"reasons", d.reasons},
          {"met", d.met()},
          {"report_id", d.reportId ? json(*d.reportId) : json()},
          {"filed_at", timeOrNull(d.filedAt)},
          {"late", d.met() && *d.filedAt > d.dueAt},
          {"overdue", d.overdue(now)},
          {"escalation", d.key()}};
}

}  // namespace

json renderZeroReports(const service::ZeroReportsView& v) {
  json due = json::array(), filed = json::array();
  for (const auto& d : v.due) due.push_back(renderZeroDue(d, v.now));
  for (const auto& r : v.filed) filed.push_back(renderReport(r));
  json draft;
  if (v.draft) draft = {{"date", duty::formatDate(*v.draftFor)}, {"title", v.draft->title}, {"text", v.draft->text}};
  return {{"since", formatBeijing(v.since)},
          {"until", formatBeijing(v.until)},
          {"now", formatBeijing(v.now)},
          {"to", v.to},
          {"due", due},
          {"filed", filed},
          {"waiting", v.draftFor ? json(duty::formatDate(*v.draftFor)) : json()},
          {"draft", draft}};
}

json renderZeroReportFiled(const service::ZeroReportFiled& f, TimePoint now) {
  json out = renderReport(f.report);
  out["due"] = f.due ? renderZeroDue(*f.due, now) : json();
  out["closed_escalations"] = f.closedEscalations;
  return out;
}

json renderHandover(const service::HandoverView& h) {
  const auto& r = h.row;
  return {{"id", r.id},
          {"at", formatBeijing(r.at)},
          {"from", r.from},
          {"notes", r.notes},
          {"snapshot", r.snapshot},
          {"accepted_at", timeOrNull(r.acceptedAt)},
          {"accepted_by", r.acceptedBy}};
}

}  // namespace eoc::http
