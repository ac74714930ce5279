#include "http/warnings_render.hpp"

#include <map>

#include "warnings/national_identifier.hpp"

namespace eoc::http {

using nlohmann::json;
namespace w = eoc::warnings;

namespace {

json polygonJson(const gis::Polygon& p) {
  json ring = json::array();
  for (const auto& pt : p.outer()) ring.push_back({pt.x(), pt.y()});
  return {{"type", "Polygon"}, {"coordinates", json::array({ring})}};
}

json areaJson(const w::WarningArea& area) {
  json a = {{"committees", area.committees}};
  if (area.polygon) a["polygon"] = polygonJson(*area.polygon);
  return a;
}

json messageJson(const w::IssuedMessage& m) {
  json out = {{"identifier", m.identifier},          {"sender", m.sender},
              {"sent", formatBeijing(m.sent)},       {"msg_type", w::msgTypeName(m.msgType)},
              {"references", m.references},          {"level", m.level},
              {"expires", formatBeijing(m.expires)}, {"actor", m.actor}};
  if (!m.previousLevel.empty()) out["previous_level"] = m.previousLevel;
  if (m.msgType == w::MsgType::Cancel) {
    out["reason"] = m.reason;
    out["false_alarm"] = m.falseAlarm;
  }
  return out;
}

// The upstream message of a relay warning, its national identifier read out (GB/T 35965.1).
json upstreamJson(const w::UpstreamReference& r) {
  json national = nullptr;
  if (r.national)
    national = {{"area_code", r.national->areaCode},
                {"unit_code", r.national->unitCode()},
                {"department", r.national->department},
                {"recorded_at", formatBeijing(r.national->recordedAt)},
                {"sequence", r.national->sequence ? json(*r.national->sequence) : json(nullptr)}};
  return {{"sender", r.sender}, {"identifier", r.identifier}, {"sent", r.sent}, {"national", national}};
}

// The fields every rendering of a warning shows; the detail adds its messages.
json warningFields(const w::Warning& warning) {
  json out = {{"id", warning.id},
              {"type", warning.type},
              {"level", warning.level},
              {"status", w::statusName(warning.status)},
              {"state", w::stateName(warning.state)},
              {"area", areaJson(warning.area)},
              {"onset", formatBeijing(warning.onset)},
              {"expires", formatBeijing(warning.expires)},
              {"author", warning.author},
              {"created_at", formatBeijing(warning.createdAt)}};
  if (!warning.approver.empty()) out["approver"] = warning.approver;
  if (warning.description) out["description"] = *warning.description;
  if (warning.drillId) out["drill_id"] = *warning.drillId;
  if (warning.source) {
    out["source"] = *warning.source;
    if (auto upstream = w::parseUpstreamReference(*warning.source)) out["upstream"] = upstreamJson(*upstream);
  }
  if (const auto* last = warning.lastMessage()) {
    out["identifier"] = last->identifier;
    out["sent"] = formatBeijing(last->sent);
  }
  return out;
}

json textsJson(const w::RenderedTexts& t) {
  return {{"kind", w::textKindName(t.kind)},
          {"headline", t.headline},
          {"signal", t.signal},
          {"guidance", t.guidance},
          {"sms", t.sms},
          {"english", t.english},
          {"note", t.note}};
}

json stepJson(const service::WarningStep& s) {
  json out = {{"at", formatBeijing(s.at)}, {"action", s.action}, {"actor", s.actor}, {"state", s.state}};
  if (s.person) out["person"] = *s.person;
  if (s.identifier) out["identifier"] = *s.identifier;
  if (s.source) out["source"] = *s.source;
  return out;
}

// The request the desk would make to follow upstream, ready to POST.
json proposalJson(const service::RelayProposal& p, const std::string& warningId) {
  json body = json::object();
  std::string action;
  if (p.update) {
    action = "update";
    if (p.update->level) body["level"] = *p.update->level;
    if (p.update->expires) body["expires"] = formatBeijing(*p.update->expires);
    if (p.update->area) body["area"] = {{"committees", p.update->area->committees}};
  } else if (p.cancel) {
    action = "cancel";
    body = {{"reason", p.cancel->reason}, {"false_alarm", p.cancel->falseAlarm}};
  }
  return {{"action", action},
          {"path", "/warnings/" + warningId + "/" + action},
          {"body", body},
          {"source", p.source},
          {"received", formatBeijing(p.received)}};
}

}  // namespace

json renderWarning(const service::WarningView& view) {
  json out = warningFields(view.warning);
  json messages = json::array();
  for (const auto& m : view.warning.messages) messages.push_back(messageJson(m));
  out["messages"] = messages;
  out["texts"] = textsJson(view.texts);
  json history = json::array();
  for (const auto& step : view.history) history.push_back(stepJson(step));
  out["history"] = history;
  out["updated_at"] = formatBeijing(view.updatedAt);
  if (view.proposal) out["proposal"] = proposalJson(*view.proposal, view.warning.id);
  out["activation"] = nullptr;
  if (view.activation) {
    // The activation as the plans area stored it, with its id.
    json activation = view.activation->body;
    activation["id"] = view.activation->id;
    out["activation"] = activation;
  }
  return out;
}

json renderWarningList(const service::WarningList& list) {
  json items = json::array();
  for (const auto& s : list.warnings) {
    json item = warningFields(s.warning);
    item["updated_at"] = formatBeijing(s.updatedAt);
    if (s.activationId) item["activation_id"] = *s.activationId;
    item["headline"] = s.headline;
    store::WarningDeliverySummary d;
    if (auto it = list.deliveries.find(s.warning.id); it != list.deliveries.end()) d = it->second;
    item["delivery"] = {{"recipients", d.recipients}, {"delivered", d.delivered}, {"pending", d.pending},
                        {"failed", d.failed},         {"ack_expected", d.ackExpected}, {"acked", d.acked}};
    items.push_back(std::move(item));
  }
  return {{"warnings", items}, {"count", items.size()}, {"total", list.total}, {"offset", list.offset}};
}

json renderWarningStats(const service::WarningStats& stats) {
  json cells = json::array();
  std::map<std::string, size_t> byMonth, byType, byLevel;
  for (const auto& c : stats.cells) {
    const auto* type = stats.catalogue->findType(c.type);
    const auto* level = stats.catalogue->findLevel(c.level);
    cells.push_back({{"month", c.month},
                     {"type", c.type},
                     {"name", type ? type->zh : c.type},
                     {"level", c.level},
                     {"level_name", level ? level->zh : c.level},
                     {"count", c.count}});
    byMonth[c.month] += c.count;
    byType[c.type] += c.count;
    byLevel[c.level] += c.count;
  }
  return {{"from", stats.from ? json(formatBeijing(*stats.from)) : json(nullptr)},
          {"to", stats.to ? json(formatBeijing(*stats.to)) : json(nullptr)},
          {"total", stats.total},
          {"cells", cells},
          {"by_month", byMonth},
          {"by_type", byType},
          {"by_level", byLevel}};
}

json renderRelayStatus(const service::RelayStatus& status) {
  json feeds = json::array();
  for (const auto& f : status.feeds) {
    feeds.push_back({{"name", f.name},
                     {"url", f.url},
                     {"state", f.state},
                     {"last_success", f.lastSuccess ? json(formatBeijing(*f.lastSuccess)) : json(nullptr)},
                     {"last_error", f.lastError},
                     {"consecutive_failures", f.consecutiveFailures},
                     {"next_poll", formatBeijing(f.nextPoll)},
                     {"feed_requests", f.feedRequests},
                     {"not_modified", f.notModified},
                     {"cap_requests", f.capRequests},
                     {"handed_on", f.handedOn},
                     {"refused_entries", f.refusedEntries},
                     {"remembered", f.remembered}});
  }
  return {{"feeds", feeds},
          {"drafted", status.drafted},
          {"refused", status.refused},
          {"duplicates", status.duplicates}};
}

json renderSignals(const service::SignalList& list) {
  json items = json::array();
  for (const auto* t : list.types) {
    json levels = json::array(), names = json::object();
    for (const auto& l : t->levels) {
      levels.push_back(l.level);
      if (const auto* info = list.catalogue->findLevel(l.level)) names[l.level] = info->zh;
    }
    items.push_back({{"type", t->key},
                     {"name", t->zh},
                     {"en", t->en},
                     {"code", t->code},
                     {"levels", levels},
                     {"level_names", names},
                     {"frequency_rank", t->frequencyRank ? json(*t->frequencyRank) : json(nullptr)},
                     {"occurs_here", t->occursHere}});
  }
  return {{"signals", items}, {"count", items.size()}};
}

json renderIngest(const service::IngestResult& result) {
  json out = {{"outcome", service::ingestOutcomeName(result.outcome)}, {"duplicate", result.duplicate}};
  if (!result.warningId.empty()) out["warning_id"] = result.warningId;
  if (result.outcome == service::IngestOutcome::Acknowledged) out["acknowledged"] = result.acknowledged;
  if (result.warning) out["warning"] = renderWarning(*result.warning);
  return out;
}

}  // namespace eoc::http
