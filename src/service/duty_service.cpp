#include "service/duty_service.hpp"

#include <algorithm>
#include <fstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "duty/calendar.hpp"
#include "duty/report_draft.hpp"
#include "gis/table_reader.hpp"
#include "plans/levels.hpp"
#include "service/duty_policy.hpp"
#include "store/open.hpp"

namespace eoc::service {

namespace {

using json = nlohmann::json;

constexpr const char* kTimerPrefix = "duty.deadline:";
constexpr const char* kZeroTimer = "duty.zero-report";
// How far back the desk's zero reports are looked at: what fell due while eoc was down is raised
// on start; a zero report is a day's report, a week back is as far as anyone files one late.
constexpr auto kZeroLookback = std::chrono::hours(24 * 7);
// Closed incidents looked at for past response periods: first known at most this long before.
constexpr auto kResponseLookback = std::chrono::hours(24 * 400);

// The level of the response an incident started: its own level (given by the desk, or its
// activation's) or its activation's, whichever is higher.
std::optional<plans::Level> responseLevel(const store::IncidentRow& row) {
  std::optional<plans::Level> level;
  if (row.level) level = plans::parseLevel(*row.level);
  if (row.activation.is_object()) {
    auto it = row.activation.find("level");
    if (it != row.activation.end() && it->is_string())
      if (auto a = plans::parseLevel(it->get<std::string>()); a && (!level || *a > *level)) level = a;
  }
  return level;
}

bool isExercise(const store::IncidentRow& row) {
  return row.activation.is_object() && row.activation.value("exercise", false);
}

// --- rows ↔ domain ------------------------------------------------------------------------------

store::ShiftRow toRow(const duty::Shift& s) {
  store::ShiftRow row{s.start, s.end, s.label, s.leader, json::array(), s.phone, int64_t(s.sourceRow)};
  for (const auto& o : s.officers) row.officers.push_back({{"name", o.name}, {"phone", o.phone}});
  return row;
}

duty::Shift fromRow(const store::ShiftRow& row) {
  duty::Shift s;
  s.start = row.start;
  s.end = row.end;
  s.label = row.label;
  s.leader = row.leader;
  s.phone = row.phone;
  s.sourceRow = size_t(row.sourceRow);
  if (row.officers.is_array())
    for (const auto& o : row.officers) s.officers.push_back({o.value("name", ""), o.value("phone", "")});
  return s;
}

duty::LogEntry fromRow(const store::DutyLogRow& row) {
  duty::LogEntry e;
  e.id = row.id;
  e.seq = row.seq;
  e.at = row.at;
  e.author = row.author;
  e.authorLabel = row.authorLabel;
  e.kind = duty::parseLogKind(row.kind).value_or(duty::LogKind::Other);
  e.from = row.from;
  e.to = row.to;
  e.content = row.content;
  e.incidentId = row.incidentId;
  e.corrects = row.corrects;
  return e;
}

duty::Report fromRow(const store::ReportRow& row) {
  duty::Report r;
  r.id = row.id;
  r.incidentId = row.incidentId;
  r.stage = duty::parseReportStage(row.stage).value_or(duty::ReportStage::First);
  r.channel = duty::parseReportChannel(row.channel).value_or(duty::ReportChannel::Phone);
  r.content = row.content;
  r.to = row.to;
  r.at = row.at;
  r.author = row.author;
  r.authorLabel = row.authorLabel;
  if (row.forDate) r.forDate = duty::parseDate(*row.forDate);
  return r;
}

store::ReportRow toRow(const duty::Report& r) {
  return store::ReportRow{r.id,
                          r.incidentId,
                          std::string(duty::reportStageKey(r.stage)),
                          std::string(duty::reportChannelKey(r.channel)),
                          r.content,
                          r.to,
                          r.at,
                          r.author,
                          r.authorLabel,
                          r.forDate ? std::optional<std::string>(duty::formatDate(*r.forDate)) : std::nullopt};
}

json shiftJson(const duty::Shift& s) {
  json officers = json::array();
  for (size_t i = 0; i < s.officers.size(); ++i)
    officers.push_back({{"name", s.officers[i].name}, {"phone", s.phoneOf(i)}});
  return {{"start", formatBeijing(s.start)}, {"end", formatBeijing(s.end)}, {"label", s.label},
          {"leader", s.leader},              {"officers", officers}};
}

json dueJson(const duty::DueReport& d) {
  return {{"stage", duty::reportStageKey(d.stage)},
          {"channel", duty::reportChannelKey(d.channel)},
          {"due_at", formatBeijing(d.dueAt)},
          {"to", d.to},
          {"rules", d.rules}};
}

void requireWriter(const Principal& who) {
  if (!DutyPolicy::mayWrite(who)) throw EocError(ErrorCode::Forbidden, "only a duty officer writes at the duty desk");
}

duty::Roster rosterOf(const std::vector<store::ShiftRow>& rows) {
  std::vector<duty::Shift> shifts;
  shifts.reserve(rows.size());
  for (const auto& r : rows) shifts.push_back(fromRow(r));
  return duty::Roster(std::move(shifts));
}

RosterImportResult importInto(store::Store& store, const duty::RosterSettings& settings, duty::Roster& current,
                              const RosterUpload& upload, const std::optional<Principal>& who,
                              const std::string& requestId, TimePoint now) {
  auto table = gis::readTable(upload.bytes, upload.label);
  auto imported = duty::readRoster(table, settings, upload.label);
  auto plan = duty::planReplacement(current, imported.shifts);
  std::vector<store::ShiftRow> rows;
  for (const auto& s : imported.shifts) rows.push_back(toRow(s));
  json after = {{"from", formatBeijing(plan.from)}, {"to", formatBeijing(plan.to)},
                {"shifts", imported.shifts.size()}, {"file", upload.label}};
  std::string actor = who ? who->label() : "command line";
  store.database().write([&](store::Transaction& tx) {
    store.duty().replaceShifts(tx, plan.from, plan.to, rows);
    store.audit().append(tx, {now, actor, "duty.roster.import", upload.label,
                              json{{"replaced", plan.replaced.size()}}, after, requestId});
  });
  current = duty::applyReplacement(current, imported.shifts);
  return RosterImportResult{plan.from, plan.to, imported.shifts, plan.replaced.size(), imported.gaps};
}

}  // namespace

DutyService::DutyService(ServiceContext& context, const DutyData& data)
    : ctx_(context), data_(data), repo_(context.store.duty()), incidents_(context.store.incidents()) {}

DutyService::~DutyService() { stop(); }

void DutyService::start() {
  {
    std::lock_guard lock(mutex_);
    roster_ = rosterOf(repo_.shifts());
  }
  // Catch up on what fell due while eoc was down, then arm the rest (one read of all open
  // incidents and one of their reports).
  store::IncidentFilter open;
  open.state = "open";
  open.limit = 100000;
  auto rows = incidents_.list(open);
  TimePoint now = ctx_.clock.now();
  for (const auto& row : rows) checkDeadlines(row.id, now);
  checkZeroReports(now);
  if (ctx_.store.shared())
    // Several instances share the store: each also checks the incidents another instance opened
    // (and armed), so their report deadlines escalate even if that instance died. An escalation
    // is a row with a unique key (DutyRepository::raiseEscalation), so it is raised and
    // published once, by whichever instance writes it first.
    ctx_.scheduler.every("duty.sweep", std::chrono::seconds(10), [this, open] {
      const TimePoint at = ctx_.clock.now();
      for (const auto& row : incidents_.list(open)) checkDeadlines(row.id, at);
    });
}

void DutyService::stop() { ctx_.scheduler.cancelAll("duty."); }

// --- roster -------------------------------------------------------------------------------------

RosterImportResult DutyService::importRoster(const Principal& who, const RosterUpload& upload,
                                             const std::string& requestId) {
  requireWriter(who);
  std::lock_guard lock(mutex_);
  return importInto(ctx_.store, data_.roster, roster_, upload, who, requestId, ctx_.clock.now());
}

duty::DutyNow DutyService::now(std::optional<TimePoint> at) const {
  std::lock_guard lock(mutex_);
  return duty::dutyAt(roster_, at.value_or(ctx_.clock.now()));
}

RosterView DutyService::roster(const RosterRangeRequest& request) const {
  TimePoint now = ctx_.clock.now();
  TimePoint from = request.from.value_or(duty::startOfDay(duty::dateOf(now)));
  TimePoint to = request.to.value_or(from + std::chrono::hours(24 * 7));
  if (to <= from) throw EocError(ErrorCode::InvalidParameter, "to: must be after from");
  if (to - from > std::chrono::hours(24 * 400))
    throw EocError(ErrorCode::InvalidParameter, "to: a range of at most 400 days");
  std::lock_guard lock(mutex_);
  return RosterView{from, to, roster_.between(from, to), roster_.gaps(from, to)};
}

// --- duty log -----------------------------------------------------------------------------------

duty::LogEntry DutyService::appendLog(const Principal& who, const duty::LogEntryRequest& request,
                                      const std::string& requestId) {
  requireWriter(who);
  auto draft = duty::validateLogEntry(request);
  if (draft.corrects) {
    auto corrected = repo_.findLog(*draft.corrects);
    std::optional<duty::LogEntry> entry;
    if (corrected) entry = fromRow(*corrected);
    draft = duty::applyCorrectionRule(std::move(draft), entry ? &*entry : nullptr);
  }
  if (draft.incidentId && !incidents_.find(*draft.incidentId))
    throw EocError(ErrorCode::InvalidBody, "incident_id: no incident \"" + *draft.incidentId + "\"");
  store::DutyLogRow row;
  row.id = "L" + randomHex(6);
  row.at = ctx_.clock.now();
  row.author = who.name.empty() ? who.label() : who.name;
  row.authorLabel = who.label();
  row.kind = std::string(duty::logKindKey(draft.kind));
  row.from = draft.from;
  row.to = draft.to;
  row.content = draft.content;
  row.incidentId = draft.incidentId;
  row.corrects = draft.corrects;
  row.seq = ctx_.db.write([&](store::Transaction& tx) {
    int64_t seq = repo_.appendLog(tx, row);
    ctx_.audit.append(tx, {row.at, who.label(), "duty.log", row.id, nullptr,
                           json{{"kind", row.kind}, {"incident_id", row.incidentId ? json(*row.incidentId) : json()},
                                {"corrects", row.corrects ? json(*row.corrects) : json()}},
                           requestId});
    return seq;
  });
  auto entry = fromRow(row);
  ctx_.events.publish(Event{"duty.logged", "", false,
                            json{{"id", entry.id}, {"kind", row.kind}, {"at", formatBeijing(entry.at)},
                                 {"incident_id", row.incidentId ? json(*row.incidentId) : json()}},
                            true});
  return entry;
}

std::vector<duty::LogLine> DutyService::log(const duty::LogQueryRequest& request) const {
  auto query = duty::validateLogQuery(request);
  store::DutyLogFilter filter;
  filter.since = query.since;
  filter.until = query.until;
  if (query.kind) filter.kind = std::string(duty::logKindKey(*query.kind));
  filter.incidentId = query.incidentId;
  std::vector<duty::LogEntry> entries;
  for (const auto& row : repo_.log(filter)) {
    auto e = fromRow(row);
    if (!duty::matches(e, query)) continue;
    entries.push_back(std::move(e));
    if (entries.size() >= query.limit) break;
  }
  return duty::linkCorrections(entries);
}

DayLog DutyService::dayLog(duty::Date date) const {
  if (!date.ok()) throw EocError(ErrorCode::InvalidParameter, "date: not a date");
  TimePoint from = duty::startOfDay(date);
  TimePoint to = from + std::chrono::hours(24);
  store::DutyLogFilter filter;
  filter.since = from;
  filter.until = to;
  std::vector<duty::LogEntry> entries;
  for (const auto& row : repo_.log(filter)) entries.push_back(fromRow(row));
  DayLog out{date, {}, duty::linkCorrections(entries)};
  std::lock_guard lock(mutex_);
  out.shifts = roster_.between(from, to);
  return out;
}

// --- incidents ----------------------------------------------------------------------------------

duty::IncidentFacts DutyService::facts(const store::IncidentRow& row) const {
  duty::IncidentFacts f;
  f.id = row.id;
  f.type = row.type;
  if (row.level) f.level = plans::parseLevel(*row.level);
  f.firstKnownAt = row.firstKnownAt;
  return f;
}

IncidentDesk DutyService::desk(store::IncidentRow row, std::vector<duty::Report> reports, TimePoint now) const {
  IncidentDesk d;
  d.due = row.state == "open" ? data_.rules.dueReports(facts(row), reports) : std::vector<duty::DueReport>{};
  d.row = std::move(row);
  d.reports = std::move(reports);
  d.now = now;
  return d;
}

void DutyService::incidentRegistered(const std::string& incidentId) { checkDeadlines(incidentId, ctx_.clock.now()); }

std::vector<IncidentDesk> DutyService::incidents(const IncidentListRequest& request) const {
  store::IncidentFilter filter;
  if (request.state) {
    if (*request.state != "open" && *request.state != "closed")
      throw EocError(ErrorCode::InvalidParameter, "state: must be open or closed");
    filter.state = request.state;
  }
  if (request.type && !data_.incidentTypeNames.count(*request.type))
    throw EocError(ErrorCode::UnknownHazard, "type: \"" + *request.type + "\" is not a known incident type");
  filter.since = request.since;
  filter.type = request.type;
  filter.limit = request.limit.value_or(1000);
  auto rows = incidents_.list(filter);
  std::map<std::string, std::vector<duty::Report>> byIncident;
  for (const auto& r : repo_.reportsOfOpenIncidents()) byIncident[*r.incidentId].push_back(fromRow(r));
  TimePoint now = ctx_.clock.now();
  std::vector<IncidentDesk> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    auto reports = std::move(byIncident[row.id]);
    out.push_back(desk(std::move(row), std::move(reports), now));
  }
  return out;
}

IncidentDesk DutyService::incident(const std::string& id) const {
  auto row = incidents_.find(id);
  if (!row) throw EocError(ErrorCode::NotFound, "no incident \"" + id + "\"");
  std::vector<duty::Report> reports;
  for (const auto& r : repo_.reports(id)) reports.push_back(fromRow(r));
  auto d = desk(std::move(*row), std::move(reports), ctx_.clock.now());
  store::DutyLogFilter filter;
  filter.incidentId = id;
  for (const auto& e : repo_.log(filter)) d.log.push_back(fromRow(e));
  return d;
}

ReportFiled DutyService::fileReport(const Principal& who, const std::string& incidentId,
                                    const duty::ReportRequest& request, const std::string& requestId) {
  requireWriter(who);
  std::lock_guard lock(reportMutex_);
  auto row = incidents_.find(incidentId);
  if (!row) throw EocError(ErrorCode::NotFound, "no incident \"" + incidentId + "\"");
  if (row->state != "open") throw EocError(ErrorCode::InvalidTransition, "incident " + incidentId + " is closed");
  std::vector<duty::Report> filed;
  for (const auto& r : repo_.reports(incidentId)) filed.push_back(fromRow(r));
  auto report = duty::validateIncidentReport(request, filed);
  TimePoint now = ctx_.clock.now();
  report.id = "R" + randomHex(6);
  report.incidentId = incidentId;
  report.at = now;
  report.author = who.name.empty() ? who.label() : who.name;
  report.authorLabel = who.label();
  auto before = data_.rules.dueReports(facts(*row), filed);
  filed.push_back(report);
  auto after = data_.rules.dueReports(facts(*row), filed);
  // The deadlines this report meets: their open escalations close with it.
  std::vector<std::string> met;
  for (size_t i = 0; i < after.size() && i < before.size(); ++i)
    if (after[i].reportId == report.id && !before[i].met()) met.push_back(after[i].key(incidentId));
  std::vector<std::string> closed;
  ctx_.db.write([&](store::Transaction& tx) {
    repo_.insertReport(tx, toRow(report));
    for (const auto& key : met)
      if (repo_.closeEscalation(tx, key, now, report.id)) closed.push_back(key);
    ctx_.audit.append(tx, {now, who.label(), "incident.report", incidentId, nullptr,
                           json{{"report", report.id},
                                {"stage", duty::reportStageKey(report.stage)},
                                {"channel", duty::reportChannelKey(report.channel)},
                                {"to", report.to}},
                           requestId});
  });
  ReportFiled out{report, desk(std::move(*row), std::move(filed), now), closed};
  json data = {{"incident_id", incidentId},
               {"report_id", report.id},
               {"stage", duty::reportStageKey(report.stage)},
               {"channel", duty::reportChannelKey(report.channel)},
               {"to", report.to},
               {"at", formatBeijing(now)},
               {"met", met},
               {"closed_escalations", closed}};
  ctx_.events.publish(Event{"report.received", "", false, data, true});
  checkDeadlines(incidentId, now);
  return out;
}

DraftResult DutyService::draft(const Principal& who, const std::string& incidentId, const std::string& stageKey) const {
  auto stage = duty::parseReportStage(stageKey);
  if (!stage || *stage == duty::ReportStage::Zero)
    throw EocError(ErrorCode::InvalidParameter, "stage: must be first, update or final");
  auto d = incident(incidentId);
  const store::IncidentRow& row = d.row;
  duty::DraftFacts f;
  f.stage = *stage;
  f.exercise = isExercise(row);
  auto name = data_.incidentTypeNames.find(row.type);
  f.type = name != data_.incidentTypeNames.end() ? name->second : row.type;
  if (row.level) f.level = plans::parseLevel(*row.level);
  f.occurredAt = row.firstKnownAt;
  if (row.occurredAt)
    if (auto t = parseIso8601(*row.occurredAt)) f.occurredAt = *t;
  f.place = "东经" + json(row.lon).dump() + "，北纬" + json(row.lat).dump();
  f.casualties.injured = row.casualties;
  f.impact = row.note;
  for (const auto& e : d.log)
    if (e.kind == duty::LogKind::Instruction) f.measures.push_back(e.content);
  TimePoint now = ctx_.clock.now();
  f.reporter = who.name;
  f.phone = phoneOf(who.name, now);
  f.now = now;
  return DraftResult{incidentId, *stage, duty::draftIncidentReport(f, data_.rules.drafts())};
}

IncidentDesk DutyService::close(const Principal& who, const std::string& incidentId, const std::string& requestId) {
  requireWriter(who);
  std::lock_guard lock(reportMutex_);
  auto row = incidents_.find(incidentId);
  if (!row) throw EocError(ErrorCode::NotFound, "no incident \"" + incidentId + "\"");
  if (row->state != "open") throw EocError(ErrorCode::Conflict, "incident " + incidentId + " is closed already");
  std::vector<duty::Report> filed;
  for (const auto& r : repo_.reports(incidentId)) filed.push_back(fromRow(r));
  duty::checkCanClose(incidentId, filed);
  TimePoint now = ctx_.clock.now();
  auto open = repo_.escalations(true);
  ctx_.db.write([&](store::Transaction& tx) {
    if (!incidents_.close(tx, incidentId, now, who.label()))
      throw EocError(ErrorCode::Conflict, "incident " + incidentId + " is closed already");
    for (const auto& e : open)
      if (e.incidentId == incidentId) repo_.closeEscalation(tx, e.key, now, std::nullopt);
    ctx_.audit.append(tx, {now, who.label(), "incident.close", incidentId, json{{"state", "open"}},
                           json{{"state", "closed"}}, requestId});
  });
  ctx_.scheduler.cancel(kTimerPrefix + incidentId);
  auto out = incident(incidentId);
  ctx_.events.publish(Event{"incident.closed", "", false,
                            json{{"id", incidentId}, {"closed_at", formatBeijing(now)}, {"by", who.label()}}});
  return out;
}

std::vector<ReportEscalation> DutyService::escalations(bool openOnly) const {
  std::vector<ReportEscalation> out;
  for (auto& row : repo_.escalations(openOnly)) {
    ReportEscalation e{row, "", false};
    if (row.incidentId)
      if (auto i = incidents_.find(*row.incidentId)) {
        e.incidentType = i->type;
        e.exercise = i->activation.is_object() && i->activation.value("exercise", false);
      }
    out.push_back(std::move(e));
  }
  return out;
}

void DutyService::checkDeadlines(const std::string& incidentId, TimePoint now) {
  auto row = incidents_.find(incidentId);
  if (!row || row->state != "open") return;
  std::vector<duty::Report> filed;
  for (const auto& r : repo_.reports(incidentId)) filed.push_back(fromRow(r));
  auto due = data_.rules.dueReports(facts(*row), filed);
  std::vector<json> raised;
  for (const auto& d : due) {
    if (!d.overdue(now)) continue;
    store::ReportEscalationRow e;
    e.key = d.key(incidentId);
    e.incidentId = incidentId;
    e.stage = std::string(duty::reportStageKey(d.stage));
    e.channel = std::string(duty::reportChannelKey(d.channel));
    e.to = d.to;
    e.dueAt = d.dueAt;
    e.raisedAt = now;
    bool isNew = ctx_.db.write([&](store::Transaction& tx) {
      if (!repo_.raiseEscalation(tx, e)) return false;
      ctx_.audit.append(tx, {now, "eoc", "report.overdue", incidentId, nullptr,
                             json{{"escalation", e.key}, {"due_at", formatBeijing(d.dueAt)}}, ""});
      return true;
    });
    if (!isNew) continue;
    json data = dueJson(d);
    data["incident_id"] = incidentId;
    data["type"] = row->type;
    data["escalation"] = e.key;
    data["raised_at"] = formatBeijing(now);
    raised.push_back(std::move(data));
  }
  bool exercise = row->activation.is_object() && row->activation.value("exercise", false);
  for (auto& data : raised) {
    log::warn("duty", "report overdue", {{"incident", json(incidentId)}, {"escalation", data["escalation"]}});
    ctx_.events.publish(Event{"report.overdue", "", exercise, std::move(data), true});
  }
  arm(incidentId, due, now);
}

void DutyService::arm(const std::string& incidentId, const std::vector<duty::DueReport>& due, TimePoint now) {
  auto next = duty::nextDeadline(due, now);
  std::string name = kTimerPrefix + incidentId;
  if (!next) {
    ctx_.scheduler.cancel(name);
    return;
  }
  ctx_.scheduler.at(name, *next, [this, incidentId] { checkDeadlines(incidentId, ctx_.clock.now()); });
}

std::string DutyService::phoneOf(const std::string& person, TimePoint now) const {
  std::lock_guard lock(mutex_);
  const auto* shift = roster_.at(now);
  if (!shift) return "";
  for (size_t i = 0; i < shift->officers.size(); ++i)
    if (shift->officers[i].name == person) return shift->phoneOf(i);
  return shift->phone;
}

// --- zero reports -------------------------------------------------------------------------------

std::vector<duty::ResponsePeriod> DutyService::responsePeriods(TimePoint since) const {
  const auto& rule = data_.rules.zeroReport();
  std::vector<duty::ResponsePeriod> out;
  store::IncidentFilter filter;
  filter.limit = 100000;
  filter.state = "open";
  auto rows = incidents_.list(filter);
  filter.state = "closed";
  filter.since = since - kResponseLookback;
  for (auto& row : incidents_.list(filter))
    if (row.closedAt && *row.closedAt > since) rows.push_back(std::move(row));
  for (const auto& row : rows) {
    if (isExercise(row)) continue;  // a drill's response owes no live report
    auto level = responseLevel(row);
    if (!level || !rule.activationStartsResponse(*level)) continue;
    out.push_back({row.createdAt, row.closedAt, "incident " + row.id + " (" + std::string(plans::levelKey(*level)) + ")"});
  }
  for (const auto& w : ctx_.store.warnings().liveOrEndedSince(since)) {
    if (w.status != "Actual" || !rule.warningStartsResponse(w.level)) continue;
    // In force from its first message; a warning never sent (a discarded draft) never was.
    auto messages = w.body.is_object() ? w.body.find("messages") : w.body.end();
    if (!w.body.is_object() || messages == w.body.end() || !messages->is_array() || messages->empty()) continue;
    TimePoint from = w.createdAt;
    const json& first = messages->front();
    if (first.is_object() && first.contains("sent") && first["sent"].is_string())
      if (auto t = parseIso8601(first["sent"].get<std::string>())) from = *t;
    out.push_back({from, w.endedAt, "warning " + w.id + " " + w.type + " " + w.level});
  }
  return out;
}

std::vector<duty::Report> DutyService::filedZeroReports() const {
  std::vector<duty::Report> out;
  for (const auto& r : repo_.zeroReports()) out.push_back(fromRow(r));
  return out;
}

std::vector<duty::ZeroReportDue> DutyService::zeroDue(TimePoint since, TimePoint now) const {
  return data_.rules.zeroReportsDue(responsePeriods(since), filedZeroReports(), since, now);
}

ZeroReportsView DutyService::zeroReports(const Principal& who, const ZeroReportQuery& query) const {
  TimePoint now = ctx_.clock.now();
  ZeroReportsView view;
  view.now = now;
  view.since = query.since.value_or(duty::startOfDay(duty::dateOf(now)));
  view.until = query.until.value_or(now);
  if (view.until < view.since) throw EocError(ErrorCode::InvalidParameter, "until: must not be before since");
  if (view.until - view.since > std::chrono::hours(24 * 400))
    throw EocError(ErrorCode::InvalidParameter, "until: a range of at most 400 days");
  view.to = data_.rules.zeroReport().to;
  // Up to the first daily time after `until`: the next one due shows with its countdown.
  view.due = zeroDue(view.since, view.until);
  for (auto& r : filedZeroReports())
    if (r.at >= view.since && r.at <= view.until + std::chrono::hours(24)) view.filed.push_back(std::move(r));
  for (const auto& d : view.due)
    if (!d.met()) {
      view.draftFor = d.date;
      break;
    }
  if (view.draftFor && DutyPolicy::mayWrite(who)) {
    std::string person = who.name.empty() ? who.label() : who.name;
    view.draft = duty::draftZeroReport({*view.draftFor, false, person, phoneOf(who.name, now), now},
                                       data_.rules.drafts());
  }
  return view;
}

ZeroReportFiled DutyService::fileZeroReport(const Principal& who, const duty::ReportRequest& request,
                                            const std::string& requestId) {
  requireWriter(who);
  std::lock_guard lock(reportMutex_);
  TimePoint now = ctx_.clock.now();
  const duty::Date today = duty::dateOf(now);
  // The days that owe one, from a week back to today's (or tomorrow's, when today's time is past).
  auto due = zeroDue(now - kZeroLookback, now);
  duty::Date fallback = today;
  bool waiting = false;
  for (const auto& d : due)
    if (!d.met()) {
      fallback = d.date;
      waiting = true;
      break;
    }
  if (!request.date && !waiting)
    throw EocError(ErrorCode::Conflict, "no zero report is waiting: no response was active at the daily time");
  auto report = duty::validateZeroReport(request, fallback);
  if (std::chrono::sys_days(*report.forDate) > std::chrono::sys_days(today))
    throw EocError(ErrorCode::InvalidTime, "date: " + duty::formatDate(*report.forDate) + " is still to come");
  auto day = std::find_if(due.begin(), due.end(), [&](const duty::ZeroReportDue& d) { return d.date == *report.forDate; });
  if (day == due.end())
    throw EocError(ErrorCode::Conflict, "date: no zero report is due for " + duty::formatDate(*report.forDate) +
                                            " (no response was active at the daily time, or it is more than 7 days ago)");
  if (day->met())
    throw EocError(ErrorCode::Conflict, "date: the zero report for " + duty::formatDate(*report.forDate) +
                                            " is filed already (" + *day->reportId + ")");
  report.id = "R" + randomHex(6);
  report.at = now;
  report.author = who.name.empty() ? who.label() : who.name;
  report.authorLabel = who.label();
  std::string key = day->key();
  std::vector<std::string> closed;
  ctx_.db.write([&](store::Transaction& tx) {
    closed.clear();
    repo_.insertReport(tx, toRow(report));
    if (repo_.closeEscalation(tx, key, now, report.id)) closed.push_back(key);
    ctx_.audit.append(tx, {now, who.label(), "duty.zero_report", duty::formatDate(*report.forDate), nullptr,
                           json{{"report", report.id},
                                {"channel", duty::reportChannelKey(report.channel)},
                                {"to", report.to}},
                           requestId});
  });
  ZeroReportFiled out{report, *day, closed};
  out.due->reportId = report.id;
  out.due->filedAt = now;
  ctx_.events.publish(Event{"report.received", "", false,
                            json{{"incident_id", nullptr},
                                 {"report_id", report.id},
                                 {"stage", duty::reportStageKey(report.stage)},
                                 {"channel", duty::reportChannelKey(report.channel)},
                                 {"to", report.to},
                                 {"date", duty::formatDate(*report.forDate)},
                                 {"at", formatBeijing(now)},
                                 {"late", now > day->dueAt},
                                 {"closed_escalations", closed}},
                            true});
  return out;
}

void DutyService::checkZeroReports(TimePoint now) {
  const auto& rule = data_.rules.zeroReport();
  auto due = zeroDue(now - kZeroLookback, now);
  for (const auto& d : due) {
    if (d.overdue(now)) {
      store::ReportEscalationRow e;
      e.key = d.key();
      e.stage = std::string(duty::reportStageKey(duty::ReportStage::Zero));
      e.channel = std::string(duty::reportChannelKey(duty::ReportChannel::Written));
      e.to = rule.to;
      e.dueAt = d.dueAt;
      e.raisedAt = now;
      bool isNew = ctx_.db.write([&](store::Transaction& tx) {
        if (!repo_.raiseEscalation(tx, e)) return false;
        ctx_.audit.append(tx, {now, "eoc", "zero_report.overdue", duty::formatDate(d.date), nullptr,
                               json{{"escalation", e.key}, {"due_at", formatBeijing(d.dueAt)}}, ""});
        return true;
      });
      if (!isNew) continue;
      log::warn("duty", "zero report overdue", {{"escalation", json(e.key)}});
      // The same event as an incident's overdue report (the desk's banner shows both), its stage "zero".
      ctx_.events.publish(Event{"report.overdue", "", false,
                                json{{"stage", e.stage},
                                     {"channel", e.channel},
                                     {"incident_id", nullptr},
                                     {"date", duty::formatDate(d.date)},
                                     {"due_at", formatBeijing(d.dueAt)},
                                     {"escalation", e.key},
                                     {"to", rule.to},
                                     {"reasons", d.reasons},
                                     {"raised_at", formatBeijing(now)}},
                                true});
    } else if (!d.met() && d.dueAt > now && now >= d.dueAt - rule.remindBefore) {
      std::string date = duty::formatDate(d.date);
      {
        std::lock_guard lock(mutex_);
        if (!remindedZero_.insert(date).second) continue;  // once a day
      }
      ctx_.events.publish(Event{"zero_report.reminder", "", false,
                                json{{"date", date}, {"due_at", formatBeijing(d.dueAt)}, {"to", rule.to},
                                     {"reasons", d.reasons}},
                                true});
    }
  }
  armZeroReports(now);
}

void DutyService::armZeroReports(TimePoint now) {
  // The daily timer: at the reminder time and at the due time of today and tomorrow, whichever
  // comes first after now. Whether anything is due is asked when it fires (a warning issued in
  // the meantime starts a response without telling the desk's service).
  const auto& rule = data_.rules.zeroReport();
  const duty::Date today = duty::dateOf(now);
  std::optional<TimePoint> next;
  for (int k = 0; k < 2 && !next; ++k) {
    duty::Date day(std::chrono::sys_days(today) + std::chrono::days(k));
    TimePoint dueAt = duty::atMinute(day, rule.due);
    for (TimePoint t : {dueAt - rule.remindBefore, dueAt})
      if (t > now && (!next || t < *next)) next = t;
  }
  if (!next) return;
  ctx_.scheduler.at(kZeroTimer, *next, [this] { checkZeroReports(ctx_.clock.now()); });
}

// --- handover -----------------------------------------------------------------------------------

HandoverView DutyService::handover(const Principal& who, const duty::HandoverRequest& request,
                                   const std::string& requestId) {
  requireWriter(who);
  std::string notes = duty::validateHandoverNotes(request);
  TimePoint now = ctx_.clock.now();
  json snapshot = json::object();
  {
    std::lock_guard lock(mutex_);
    auto at = duty::dutyAt(roster_, now);
    snapshot["outgoing"] = at.shift ? shiftJson(*at.shift) : json();
    snapshot["incoming"] = at.next ? shiftJson(*at.next) : json();
  }
  json incidents = json::array();
  for (const auto& d : this->incidents({std::string("open"), std::nullopt, std::nullopt, std::nullopt})) {
    json pending = json::array();
    for (const auto& due : d.due)
      if (!due.met()) {
        json p = dueJson(due);
        p["overdue"] = due.overdue(now);
        pending.push_back(p);
      }
    auto name = data_.incidentTypeNames.find(d.row.type);
    incidents.push_back({{"id", d.row.id},
                         {"type", d.row.type},
                         {"type_name", name != data_.incidentTypeNames.end() ? name->second : d.row.type},
                         {"level", d.row.level ? json(*d.row.level) : json()},
                         {"first_known_at", formatBeijing(d.row.firstKnownAt)},
                         {"pending", pending}});
  }
  snapshot["incidents"] = incidents;
  json warnings = json::array();
  for (const auto& w : ctx_.store.warnings().live())
    warnings.push_back({{"id", w.id},
                        {"type", w.type},
                        {"level", w.level},
                        {"status", w.status},
                        {"expires", formatBeijing(w.expires)}});
  snapshot["warnings"] = warnings;
  json escalations = json::array();
  for (const auto& e : repo_.escalations(true))
    escalations.push_back({{"id", e.key},
                           {"kind", "report"},
                           {"subject", e.incidentId ? json(*e.incidentId) : json()},
                           {"since", formatBeijing(e.raisedAt)}});
  for (const auto& e : ctx_.store.deliveries().escalations(true, ""))
    escalations.push_back({{"id", std::to_string(e.id)}, {"kind", "ack"}, {"subject", e.warningId},
                           {"recipient", e.recipient}});
  snapshot["escalations"] = escalations;
  json drills = json::array();
  for (const auto& d : ctx_.store.drills().summaries(store::DrillState::Running, 100))
    drills.push_back({{"id", d.id}, {"name", d.title}});
  snapshot["drills"] = drills;
  json zero = json::array();
  for (const auto& d : zeroDue(now - kZeroLookback, now))
    if (!d.met())
      zero.push_back({{"date", duty::formatDate(d.date)},
                      {"due_at", formatBeijing(d.dueAt)},
                      {"overdue", d.overdue(now)},
                      {"reasons", d.reasons}});
  snapshot["zero_reports"] = zero;
  snapshot["at"] = formatBeijing(now);

  store::HandoverRow row{"H" + randomHex(6), now, who.name.empty() ? who.label() : who.name, who.label(), notes,
                         snapshot, std::nullopt, ""};
  ctx_.db.write([&](store::Transaction& tx) {
    repo_.insertHandover(tx, row);
    ctx_.audit.append(tx, {now, who.label(), "duty.handover", row.id, nullptr, json{{"notes", notes}}, requestId});
  });
  ctx_.events.publish(Event{"duty.handover", "", false, json{{"id", row.id}, {"at", formatBeijing(now)},
                                                             {"from", row.from}}, true});
  return HandoverView{row};
}

HandoverView DutyService::accept(const Principal& who, const std::string& id, const std::string& requestId) {
  if (!DutyPolicy::mayAcceptHandover(who)) throw EocError(ErrorCode::Forbidden, "only a duty officer takes over");
  auto row = repo_.findHandover(id);
  if (!row) throw EocError(ErrorCode::NotFound, "no handover \"" + id + "\"");
  duty::Handover h;
  h.id = row->id;
  h.at = row->at;
  h.from = row->from;
  h.acceptedAt = row->acceptedAt;
  h.acceptedBy = row->acceptedBy;
  std::string person = who.name.empty() ? who.label() : who.name;
  duty::checkCanAccept(h, person);
  TimePoint now = ctx_.clock.now();
  ctx_.db.write([&](store::Transaction& tx) {
    if (!repo_.acceptHandover(tx, id, person, now))
      throw EocError(ErrorCode::Conflict, "handover " + id + " was accepted already");
    ctx_.audit.append(tx, {now, who.label(), "duty.handover.accept", id, nullptr, json{{"by", person}}, requestId});
  });
  row->acceptedAt = now;
  row->acceptedBy = person;
  ctx_.events.publish(Event{"duty.handover.accepted", "", false,
                            json{{"id", id}, {"at", formatBeijing(now)}, {"by", person}}, true});
  return HandoverView{*row};
}

std::vector<HandoverView> DutyService::handovers(std::size_t limit) const {
  std::vector<HandoverView> out;
  for (auto& row : repo_.handovers(limit)) out.push_back(HandoverView{std::move(row)});
  return out;
}

RosterImportResult importRosterFile(const Config& config, const std::filesystem::path& file) {
  auto settings = duty::RosterSettings::load(config.plansDir / "duty-roster.json");
  SystemTimeSource clock;
  auto store = store::openStore(config.dataDir, clock);
  duty::Roster current = rosterOf(store->duty().shifts());
  // Read at most one byte more than a roster may have: the table reader then refuses it by size.
  std::ifstream in(file, std::ios::binary);
  if (!in) throw EocError(ErrorCode::InvalidParameter, file.string() + ": cannot be read");
  std::string bytes(gis::TableLimits{}.maxBytes + 1, '\0');
  in.read(bytes.data(), std::streamsize(bytes.size()));
  bytes.resize(size_t(in.gcount()));
  RosterUpload upload{std::move(bytes), file.filename().string()};
  return importInto(*store, settings, current, upload, std::nullopt, "", clock.now());
}

}  // namespace eoc::service
