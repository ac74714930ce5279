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
  const json& body = d.row.body;
  duty::DraftFacts f;
  f.stage = *stage;
  f.exercise = d.row.activation.is_object() && d.row.activation.value("exercise", false);
  auto name = data_.incidentTypeNames.find(d.row.type);
  f.type = name != data_.incidentTypeNames.end() ? name->second : d.row.type;
  if (d.row.level) f.level = plans::parseLevel(*d.row.level);
  f.occurredAt = d.row.firstKnownAt;
  if (body.contains("time") && body["time"].is_string())
    if (auto t = parseIso8601(body["time"].get<std::string>())) f.occurredAt = *t;
  if (body.contains("address") && body["address"].is_string()) f.place = body["address"].get<std::string>();
  if (f.place.empty() && body.contains("location") && body["location"].is_array() && body["location"].size() == 2)
    f.place = "东经" + body["location"][0].dump() + "，北纬" + body["location"][1].dump();
  if (body.contains("casualties") && body["casualties"].is_number_integer())
    f.casualties.injured = body["casualties"].get<int>();
  if (body.contains("note") && body["note"].is_string()) f.impact = body["note"].get<std::string>();
  for (const auto& e : d.log)
    if (e.kind == duty::LogKind::Instruction) f.measures.push_back(e.content);
  TimePoint now = ctx_.clock.now();
  f.reporter = who.name;
  {
    std::lock_guard lock(mutex_);
    if (const auto* shift = roster_.at(now)) {
      for (size_t i = 0; i < shift->officers.size(); ++i)
        if (shift->officers[i].name == who.name) f.phone = shift->phoneOf(i);
      if (f.phone.empty()) f.phone = shift->phone;
    }
  }
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
