#include "service/warnings_service.hpp"

#include <algorithm>
#include <iostream>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/cap_validator.hpp"
#include "warnings/geocodes.hpp"
#include "warnings/warning_json.hpp"

namespace eoc::service {

using nlohmann::json;
namespace w = eoc::warnings;

namespace {

// How long ended warnings stay in the public feed (DESIGN §3.3: dropped 24–48 h after the end).
constexpr std::chrono::hours kFeedKeepsEnded{48};

bool seesDrafts(const std::optional<Principal>& reader) {
  return reader && (reader->role == Role::DutyOfficer || reader->role == Role::Approver || reader->role == Role::Admin);
}

std::optional<TimePoint> endedAt(const w::Warning& warning) { return warning.endedAt(); }

store::WarningRow rowOf(const w::Warning& warning, TimePoint now) {
  store::WarningRow row;
  row.id = warning.id;
  row.status = std::string(w::statusName(warning.status));
  row.type = warning.type;
  row.author = warning.author;
  row.createdAt = warning.createdAt;
  row.updatedAt = now;
  row.history = json::array();
  return row;
}

void refresh(store::WarningRow& row, const w::Warning& warning, TimePoint now) {
  row.state = std::string(w::stateName(warning.state));
  row.level = warning.level;
  row.approver = warning.approver;
  row.expires = warning.expires;
  row.endedAt = endedAt(warning);
  row.updatedAt = now;
  row.body = w::toJson(warning);
}

}  // namespace

struct WarningsService::Change {
  store::WarningRow row;
  w::Warning warning;
  json before;
};

WarningsService::WarningsService(ServiceContext& context, const w::SignalCatalogue& catalogue,
                                 const w::WarningTexts& texts, WarningsSetup setup, WarningActivation activation)
    : context_(context),
      catalogue_(catalogue),
      texts_(texts),
      setup_(std::move(setup)),
      activation_(std::move(activation)),
      identifiers_(setup_.unitCode),
      lifecycle_(catalogue_, setup_.sender, identifiers_),
      repository_(context.db),
      activations_(context.db) {
  // "Area outside the district" is checked against the real layers, never a stand-in.
  const auto& boundary = context_.layers.require(setup_.boundaryLayer);
  for (const auto& f : boundary.features())
    for (const auto& poly : f.area) district_.boundary.push_back(poly);
  const auto& committees = context_.layers.require(setup_.committeesLayer);
  for (const auto& f : committees.features()) {
    district_.committeeCodes.insert(f.id);
    committees_[f.id] = w::CommitteeArea{f.id, f.properties.value("name", f.id), f.area};
  }
}

WarningsService::~WarningsService() { stop(); }

void WarningsService::addDisseminationListener(DisseminationListener listener) {
  std::lock_guard lock(listenersMutex_);
  dissemination_.push_back(std::move(listener));
}

void WarningsService::addCommittedListener(CommittedListener listener) {
  std::lock_guard lock(listenersMutex_);
  committed_.push_back(std::move(listener));
}

void WarningsService::setCapAckListener(CapAckListener listener) {
  std::lock_guard lock(listenersMutex_);
  ackListener_ = std::move(listener);
}

// --- texts, areas, CAP --------------------------------------------------------------------

std::vector<std::string> WarningsService::committeeNames(const w::Warning& warning) const {
  std::vector<std::string> names;
  for (const auto& code : warning.area.committees)
    if (auto it = committees_.find(code); it != committees_.end()) names.push_back(it->second.name);
  return names;
}

std::vector<w::CommitteeArea> WarningsService::committeeAreas(const w::Warning& warning) const {
  std::vector<w::CommitteeArea> areas;
  for (const auto& code : warning.area.committees)
    if (auto it = committees_.find(code); it != committees_.end()) areas.push_back(it->second);
  return areas;
}

OutgoingMessage WarningsService::renderMessage(const w::Warning& warning, const w::IssuedMessage& m,
                                               std::string& capXml, json& capJson) const {
  auto alert = w::buildCapAlert(warning, m, catalogue_, texts_, committeeAreas(warning));
  capXml = w::writeCapXml(alert);
  // Never send what would not validate: a failure here is a bug, and nothing is written.
  if (auto problems = w::validateCapXml(capXml); !problems.empty())
    throw EocError(ErrorCode::Internal, "generated CAP for warning " + warning.id + " is invalid: " + problems.front());
  capJson = w::capToJson(alert);
  OutgoingMessage out;
  out.warningId = warning.id;
  out.identifier = m.identifier;
  out.msgType = std::string(w::msgTypeName(m.msgType));
  out.status = std::string(w::statusName(warning.status));
  out.type = warning.type;
  out.level = m.level;
  out.committees = warning.area.committees;
  out.polygon = warning.area.polygon;
  out.capXml = capXml;
  out.capJson = capJson.dump();
  out.sms = texts_.render(warning, &m, catalogue_, committeeNames(warning)).sms;
  out.sent = m.sent;
  out.expires = m.expires;
  out.drillId = warning.drillId.value_or("");
  return out;
}

// --- presentation -------------------------------------------------------------------------

json WarningsService::present(const store::WarningRow& row) const {
  auto warning = w::warningFromJson(row.body);
  json shown = row.body;
  if (const auto* last = warning.lastMessage()) {
    shown["identifier"] = last->identifier;
    shown["sent"] = formatBeijing(last->sent);
  }
  auto t = texts_.render(warning, warning.lastMessage(), catalogue_, committeeNames(warning));
  shown["texts"] = {{"kind", w::textKindName(t.kind)}, {"headline", t.headline}, {"signal", t.signal},
                    {"guidance", t.guidance},              {"sms", t.sms},           {"english", t.english},
                    {"note", t.note}};
  shown["history"] = row.history;
  shown["updated_at"] = formatBeijing(row.updatedAt);
  if (!row.proposal.is_null()) shown["proposal"] = row.proposal;
  shown["activation"] = nullptr;
  if (row.activationId)
    if (auto record = activations_.find(*row.activationId)) {
      json activation = record->body;
      activation["id"] = record->id;
      shown["activation"] = activation;
    }
  return shown;
}

// --- state changes ------------------------------------------------------------------------

WarningsService::Change WarningsService::loadForChange(store::Transaction& tx, const std::string& id) {
  auto row = repository_.find(tx, id);
  if (!row) throw EocError(ErrorCode::NotFound, "warning " + id + " does not exist");
  Change c{*row, w::warningFromJson(row->body), row->body};
  return c;
}

void WarningsService::commitChange(store::Transaction& tx, Change& c, const Principal& actor, const std::string& kind,
                                   const std::string& requestId, const w::IssuedMessage* message,
                                   std::vector<OutgoingMessage>& outgoing) {
  const TimePoint now = context_.clock.now();
  json step = {{"at", formatBeijing(now)}, {"action", kind.substr(kind.find('.') + 1)}, {"actor", actor.label()},
               {"person", actor.name}, {"state", w::stateName(c.warning.state)}};
  if (message) {
    std::string capXml;
    json capJson;
    outgoing.push_back(renderMessage(c.warning, *message, capXml, capJson));
    repository_.addMessage(tx, store::WarningMessageRow{message->identifier, c.warning.id,
                                                        std::string(w::msgTypeName(message->msgType)), message->sent,
                                                        capXml, capJson});
    step["identifier"] = message->identifier;
    std::vector<DisseminationListener> listeners;
    {
      std::lock_guard lock(listenersMutex_);
      listeners = dissemination_;
    }
    for (const auto& listener : listeners) listener(tx, outgoing.back());
  }
  refresh(c.row, c.warning, now);
  c.row.history.push_back(step);
  context_.audit.append(tx, store::AuditEntry{now, actor.label(), kind, c.warning.id, c.before, c.row.body, requestId});
}

void WarningsService::afterCommit(const std::string& eventType, const w::Warning& warning, const json& shown,
                                  const std::vector<OutgoingMessage>& outgoing) {
  std::vector<CommittedListener> listeners;
  {
    std::lock_guard lock(listenersMutex_);
    listeners = committed_;
  }
  for (const auto& out : outgoing)
    for (const auto& listener : listeners) listener(out);
  if (warning.isLive())
    arm(warning.id, warning.expires);
  else
    disarm(warning.id);
  Event event{eventType, "", warning.status != w::WarningStatus::Actual, shown};
  event.deskOnly = warning.messages.empty();  // never sent: a draft, or a draft discarded
  context_.events.publish(std::move(event));
}

json WarningsService::draft(const Principal& actor, const json& body, const std::string& requestId) {
  const TimePoint now = context_.clock.now();
  auto request = w::parseWarningRequest(body, catalogue_, district_, context_.config.limits, now);
  auto warning = lifecycle_.draft(std::move(request), "w" + randomHex(6), actor, now);
  auto row = rowOf(warning, now);
  refresh(row, warning, now);
  row.history.push_back({{"at", formatBeijing(now)}, {"action", "draft"}, {"actor", actor.label()},
                         {"person", actor.name}, {"state", "draft"}});
  context_.db.write([&](store::Transaction& tx) {
    repository_.insert(tx, row);
    context_.audit.append(tx, store::AuditEntry{now, actor.label(), "warning.draft", warning.id, nullptr, row.body,
                                                requestId});
  });
  auto shown = present(row);
  afterCommit("warning.drafted", warning, shown, {});
  return shown;
}

json WarningsService::issue(const Principal& actor, const std::string& id, const std::string& requestId) {
  std::vector<OutgoingMessage> outgoing;
  auto c = context_.db.write([&](store::Transaction& tx) {
    auto change = loadForChange(tx, id);
    const TimePoint now = context_.clock.now();
    const auto& message = lifecycle_.issue(change.warning, actor, now);
    if (activation_) {
      if (auto body = activation_(change.warning)) {
        store::ActivationRecord record{"a" + randomHex(6),
                                       now,
                                       store::ActivationSource::Warning,
                                       change.warning.id,
                                       change.warning.status != w::WarningStatus::Actual,
                                       *body,
                                       body->contains("actions") ? (*body)["actions"].size() : 0};
        activations_.insert(tx, record);
        change.row.activationId = record.id;
      }
    }
    commitChange(tx, change, actor, "warning.issue", requestId, &message, outgoing);
    repository_.update(tx, change.row);
    return change;
  });
  auto shown = present(c.row);
  afterCommit("warning.issued", c.warning, shown, outgoing);
  return shown;
}

json WarningsService::update(const Principal& actor, const std::string& id, const json& body,
                             const std::string& requestId) {
  std::vector<OutgoingMessage> outgoing;
  auto c = context_.db.write([&](store::Transaction& tx) {
    auto change = loadForChange(tx, id);
    const TimePoint now = context_.clock.now();
    auto changes = w::parseWarningChanges(body, change.warning, catalogue_, district_, context_.config.limits, now);
    const auto& message = lifecycle_.update(change.warning, changes, actor, now);
    change.row.proposal = nullptr;  // whatever upstream proposed, the desk has now decided
    commitChange(tx, change, actor, "warning.update", requestId, &message, outgoing);
    repository_.update(tx, change.row);
    return change;
  });
  auto shown = present(c.row);
  afterCommit("warning.updated", c.warning, shown, outgoing);
  return shown;
}

json WarningsService::cancel(const Principal& actor, const std::string& id, const json& body,
                             const std::string& requestId) {
  auto request = w::parseCancelRequest(body);
  std::vector<OutgoingMessage> outgoing;
  auto c = context_.db.write([&](store::Transaction& tx) {
    auto change = loadForChange(tx, id);
    const auto* message =
        lifecycle_.cancel(change.warning, request.reason, request.falseAlarm, actor, context_.clock.now());
    change.row.proposal = nullptr;
    commitChange(tx, change, actor, "warning.cancel", requestId, message, outgoing);
    repository_.update(tx, change.row);
    return change;
  });
  auto shown = present(c.row);
  afterCommit("warning.cancelled", c.warning, shown, outgoing);
  return shown;
}

std::vector<std::string> WarningsService::expireDue(TimePoint now) {
  std::vector<std::pair<w::Warning, store::WarningRow>> expired;
  context_.db.write([&](store::Transaction& tx) {
    expired.clear();
    for (auto& row : repository_.live(tx)) {
      if (row.expires > now) break;  // soonest first
      auto warning = w::warningFromJson(row.body);
      json before = row.body;
      if (!lifecycle_.expire(warning, now)) continue;
      refresh(row, warning, now);
      row.history.push_back({{"at", formatBeijing(now)}, {"action", "expire"}, {"actor", "system"},
                             {"state", "expired"}});
      repository_.update(tx, row);
      context_.audit.append(tx, store::AuditEntry{now, "system", "warning.expire", warning.id, before, row.body, ""});
      expired.emplace_back(std::move(warning), std::move(row));
    }
  });
  std::vector<std::string> ids;
  for (auto& [warning, row] : expired) {
    afterCommit("warning.expired", warning, present(row), {});
    ids.push_back(warning.id);
  }
  return ids;
}

// --- timers -------------------------------------------------------------------------------

void WarningsService::start() {
  {
    std::lock_guard lock(timersMutex_);
    stopped_ = false;
  }
  expireDue(context_.clock.now());
  for (const auto& row : repository_.live()) arm(row.id, row.expires);
}

void WarningsService::stop() {
  std::lock_guard lock(timersMutex_);
  stopped_ = true;
  for (auto& [id, timer] : timers_) timer->cancel();
  timers_.clear();
}

void WarningsService::arm(const std::string& id, TimePoint expires) {
  std::lock_guard lock(timersMutex_);
  if (stopped_) return;
  auto& timer = timers_[id];
  if (timer) timer->cancel();
  timer = std::make_unique<boost::asio::steady_timer>(context_.io);
  // The clock is injectable, the timer runs on the steady clock: wait for the clock's distance
  // to the expiry, then ask the clock again (expireDue re-arms what is not yet due).
  auto wait = std::max(std::chrono::seconds(0), expires - context_.clock.now());
  timer->expires_after(wait);
  timer->async_wait([this, id](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: replaced, disarmed or stopping
    try {
      expireDue(context_.clock.now());
      // Not yet due by the clock (it lags the steady clock): wait again for what is left.
      if (auto row = repository_.find(id); row && (row->state == "issued" || row->state == "updated"))
        arm(id, std::max(row->expires, context_.clock.now() + std::chrono::seconds(1)));
    } catch (const std::exception& e) {
      // The store is failing; the next start() catches up on anything left unexpired.
      std::cerr << "{\"level\":\"error\",\"what\":\"warning expiry\",\"warning\":\"" << id << "\"}" << std::endl;
      (void)e;
    }
  });
}

void WarningsService::disarm(const std::string& id) {
  std::lock_guard lock(timersMutex_);
  if (auto it = timers_.find(id); it != timers_.end()) {
    it->second->cancel();
    timers_.erase(it);
  }
}

// --- reads --------------------------------------------------------------------------------

json WarningsService::get(const std::string& id, const std::optional<Principal>& reader) const {
  auto row = repository_.find(id);
  if (!row || (row->approver.empty() && !seesDrafts(reader)))
    throw EocError(ErrorCode::NotFound, "warning " + id + " does not exist");
  return present(*row);
}

json WarningsService::list(const WarningListQuery& query, const std::optional<Principal>& reader) const {
  store::WarningFilter filter;
  filter.status = query.status;
  filter.liveOnly = query.activeOnly;
  filter.includeDrafts = seesDrafts(reader);
  filter.limit = query.limit;
  json items = json::array();
  for (const auto& row : repository_.list(filter)) {
    json item = row.body;
    item.erase("messages");
    item["updated_at"] = formatBeijing(row.updatedAt);
    if (row.activationId) item["activation_id"] = *row.activationId;
    auto warning = w::warningFromJson(row.body);
    if (const auto* last = warning.lastMessage()) {
      item["identifier"] = last->identifier;
      item["sent"] = formatBeijing(last->sent);
    }
    item["headline"] = texts_.render(warning, warning.lastMessage(), catalogue_, committeeNames(warning)).headline;
    items.push_back(std::move(item));
  }
  return {{"warnings", items}, {"count", items.size()}};
}

std::string WarningsService::capXml(const std::string& id, const std::optional<Principal>& reader) const {
  auto row = repository_.find(id);
  if (!row || (row->approver.empty() && !seesDrafts(reader)))
    throw EocError(ErrorCode::NotFound, "warning " + id + " does not exist");
  auto messages = repository_.messages(id);
  if (messages.empty()) throw EocError(ErrorCode::NotFound, "warning " + id + " has not been issued; it has no CAP yet");
  return messages.back().capXml;
}

std::string WarningsService::feed(const std::string& baseUrl) const {
  const TimePoint now = context_.clock.now();
  std::vector<w::FeedEntry> entries;
  for (const auto& row : repository_.liveOrEndedSince(now - kFeedKeepsEnded)) {
    auto warning = w::warningFromJson(row.body);
    if (!w::belongsInFeed(warning, now, kFeedKeepsEnded) || !warning.lastMessage()) continue;
    entries.push_back(w::FeedEntry{
        warning.id, w::buildCapAlert(warning, *warning.lastMessage(), catalogue_, texts_, committeeAreas(warning))});
  }
  return w::writeAtomFeed(entries, baseUrl, setup_.feedTitle, now);
}

// --- CAP ingest ---------------------------------------------------------------------------

w::WarningRequest WarningsService::relayRequest(const w::IngestedCap& in) const {
  w::WarningRequest r;
  if (!in.type || !in.level)
    throw EocError(ErrorCode::InvalidCap, "info: the event does not map onto a signal type and colour of eoc");
  r.type = *in.type;
  r.level = *in.level;
  auto status = w::parseStatus(in.alert.status);
  if (!status)
    throw EocError(ErrorCode::InvalidCap, "status: a " + in.alert.status + " message is not relayed to the public");
  r.status = *status;
  // The warned committees, from GB/T 2260 codes at any level and the polygons (geocodes.hpp);
  // OutsideDistrict naming the codes when none is ours. The district's code is the area code
  // our own identifiers' unit code begins with (ZZZZZZ of the national form).
  const w::Gazetteer gazetteer{setup_.unitCode.substr(0, 6), &context_.layers.require(setup_.committeesLayer),
                               context_.layers.find(w::kCommunitiesLayer)};
  r.area.committees = w::committeesForArea(gazetteer, in.geocodes, in.polygons);
  r.onset = in.onset.value_or(in.sent);
  if (!in.expires) throw EocError(ErrorCode::InvalidCap, "info.expires: a relayed warning needs an expiry");
  r.expires = *in.expires;
  if (r.expires <= context_.clock.now())
    throw EocError(ErrorCode::InvalidTime, "info.expires: " + formatBeijing(r.expires) + " has already passed");
  return r;
}

json WarningsService::relayChanges(const w::IngestedCap& in, const w::Warning&) const {
  auto r = relayRequest(in);
  return {{"level", r.level}, {"expires", formatBeijing(r.expires)}, {"area", {{"committees", r.area.committees}}}};
}

IngestResult WarningsService::ingest(const Principal& actor, std::string_view xml, const std::string& requestId) {
  auto in = w::readIngestCap(xml, catalogue_, w::CapProfile{false});
  const auto& msgType = in.alert.msgType;
  if (msgType == "Ack") {
    CapAckListener listener;
    {
      std::lock_guard lock(listenersMutex_);
      listener = ackListener_;
    }
    if (!listener) throw AcksNotEnabled();
    IncomingCapAck ack{in.alert.sender, {}, in.alert.note, in.sent};
    for (const auto& r : in.references) ack.references.push_back(r.identifier);
    IngestResult result;
    result.outcome = "acknowledged";
    result.acknowledged = listener(ack);
    return result;
  }
  if (msgType != "Alert" && msgType != "Update" && msgType != "Cancel")
    throw EocError(ErrorCode::InvalidCap, "msgType: " + msgType + " messages are not relayed");

  // A relay draft is authored in the name of the person behind the feed token; the two-person
  // rule then needs an approver who is someone else.
  Principal relayAuthor = actor;
  relayAuthor.role = Role::DutyOfficer;

  IngestResult result;
  std::optional<w::Warning> changed;
  const std::string upstream = in.triple();
  context_.db.write([&](store::Transaction& tx) {
    const TimePoint now = context_.clock.now();
    if (auto seen = repository_.findIngest(tx, in.alert.sender, in.alert.identifier)) {
      result = IngestResult{seen->outcome, true, seen->warningId, 0, nullptr};
      return;
    }
    std::optional<std::string> target;
    for (const auto& ref : in.references)
      if (!target) target = repository_.relayOf(tx, ref.sender, ref.identifier);

    auto newDraft = [&] {
      auto warning = lifecycle_.draftRelay(relayRequest(in), "w" + randomHex(6), upstream, relayAuthor, now);
      auto row = rowOf(warning, now);
      refresh(row, warning, now);
      row.history.push_back({{"at", formatBeijing(now)}, {"action", "relay"}, {"actor", actor.label()},
                             {"person", actor.name}, {"state", "draft"}, {"source", upstream}});
      repository_.insert(tx, row);
      context_.audit.append(tx, store::AuditEntry{now, actor.label(), "warning.relay", warning.id, nullptr, row.body,
                                                  requestId});
      result.outcome = "drafted";
      result.warningId = warning.id;
      changed = warning;
    };

    if (msgType == "Alert" || (msgType == "Update" && !target)) {
      newDraft();
    } else if (!target) {
      throw EocError(ErrorCode::NotFound, "references: the Cancel names no upstream message eoc has relayed");
    } else {
      auto change = loadForChange(tx, *target);
      auto& warning = change.warning;
      result.warningId = warning.id;
      std::vector<OutgoingMessage> none;
      if (warning.state == w::WarningState::Draft) {
        if (msgType == "Update") {
          auto redrafted = lifecycle_.draftRelay(relayRequest(in), warning.id, upstream, relayAuthor, now);
          redrafted.author = warning.author;
          redrafted.createdAt = warning.createdAt;
          warning = std::move(redrafted);
          result.outcome = "draft_updated";
        } else {
          lifecycle_.cancel(warning, "upstream " + upstream + " cancelled the warning", false, relayAuthor, now);
          result.outcome = "draft_cancelled";
        }
        commitChange(tx, change, actor, msgType == "Update" ? "warning.relay_update" : "warning.relay_cancel",
                     requestId, nullptr, none);
      } else if (warning.isLive()) {
        // Issued already: the desk decides. The proposal is the body to POST, ready-made.
        const bool update = msgType == "Update";
        json body = update ? relayChanges(in, warning)
                           : json{{"reason", "上游预警已解除（" + in.alert.sender + "）"}, {"false_alarm", false}};
        change.row.proposal = {{"action", update ? "update" : "cancel"},
                               {"path", "/warnings/" + warning.id + (update ? "/update" : "/cancel")},
                               {"body", body},
                               {"source", upstream},
                               {"received", formatBeijing(now)}};
        result.outcome = update ? "proposed_update" : "proposed_cancel";
        commitChange(tx, change, actor, update ? "warning.propose_update" : "warning.propose_cancel", requestId,
                     nullptr, none);
      } else {
        throw EocError(ErrorCode::InvalidTransition, "warning " + warning.id + " relaying " + *target + " is " +
                                                         std::string(w::stateName(warning.state)) +
                                                         "; an upstream " + msgType + " changes nothing");
      }
      repository_.update(tx, change.row);
      changed = warning;
    }
    repository_.recordIngest(tx, store::IngestRecord{in.alert.sender, in.alert.identifier, in.alert.sent, msgType,
                                                     result.warningId, result.outcome, now});
  });
  if (!result.warningId.empty()) {
    auto row = repository_.find(result.warningId);
    if (row) result.warning = present(*row);
  }
  if (changed && !result.duplicate)
    afterCommit(result.outcome == "drafted" ? "warning.drafted" : "warning.relayed", *changed, result.warning, {});
  return result;
}

}  // namespace eoc::service
