#include "service/warnings_service.hpp"

#include <algorithm>
#include <any>
#include <memory>
#include <stdexcept>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "service/detail/warning_documents.hpp"
#include "service/warnings_policy.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/cap_validator.hpp"
#include "warnings/geocodes.hpp"
#include "warnings/warning_json.hpp"

namespace eoc::service {

using nlohmann::json;
namespace w = eoc::warnings;

namespace {

// How long ended warnings stay in the public feed (dropped 24–48 h after the end, docs/design.md
// "Warnings").
constexpr std::chrono::hours kFeedKeepsEnded{48};

constexpr EnumNames<IngestOutcome, 6> kIngestOutcomes{{{{IngestOutcome::Drafted, "drafted"},
                                                        {IngestOutcome::DraftUpdated, "draft_updated"},
                                                        {IngestOutcome::DraftCancelled, "draft_cancelled"},
                                                        {IngestOutcome::ProposedUpdate, "proposed_update"},
                                                        {IngestOutcome::ProposedCancel, "proposed_cancel"},
                                                        {IngestOutcome::Acknowledged, "acknowledged"}}}};

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

// The row's columns and document from the aggregate (the one Warning → JSON of a change).
void refresh(store::WarningRow& row, const w::Warning& warning, TimePoint now) {
  row.state = std::string(w::stateName(warning.state));
  row.level = warning.level;
  row.approver = warning.approver;
  row.expires = warning.expires;
  row.endedAt = warning.endedAt();
  row.updatedAt = now;
  row.body = w::toJson(warning);
}

void appendStep(store::WarningRow& row, const WarningStep& step) { row.history.push_back(stepDocument(step)); }

WarningStep stepBy(const Principal& actor, TimePoint at, std::string action, const w::Warning& warning) {
  return WarningStep{
      at,           std::move(action), actor.label(), actor.name, std::string(w::stateName(warning.state)),
      std::nullopt, std::nullopt};
}

// Relay drafts are authored in the name of the person behind the feed token; the two-person rule
// then needs an approver who is someone else.
Principal relayAuthorOf(const Principal& actor) {
  Principal author = actor;
  author.role = Role::DutyOfficer;
  return author;
}

// One CAP message of a warning: the XML (validated), its JSON form and the texts, as disseminated.
OutgoingMessage renderMessage(const w::Warning& warning, const w::IssuedMessage& m, const w::SignalCatalogue& catalogue,
                              const w::WarningTexts& texts, const std::vector<w::CommitteeArea>& areas,
                              std::string& capXml, json& capJson) {
  auto alert = w::buildCapAlert(warning, m, catalogue, texts, areas);
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
  std::vector<std::string> names;
  for (const auto& area : areas) names.push_back(area.name);
  out.texts = texts.render(warning, &m, catalogue, names);
  out.sms = out.texts.sms;
  out.sent = m.sent;
  out.expires = m.expires;
  out.drillId = warning.drillId.value_or("");
  return out;
}

}  // namespace

std::string_view ingestOutcomeName(IngestOutcome outcome) { return kIngestOutcomes.name(outcome); }
std::optional<IngestOutcome> parseIngestOutcome(std::string_view name) { return kIngestOutcomes.parse(name); }

struct WarningsService::Change {
  store::WarningRow row;
  w::Warning warning;
  json before;                                        // the document before, for the audit entry
  std::vector<OutgoingMessage> outgoing;              // messages sent, for after the commit
  std::optional<w::RenderedTexts> texts;              // of the message sent, reused for the answer
  std::optional<store::ActivationRecord> activation;  // made by this change (an issue)
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
      repository_(context.store.warnings()),
      activations_(context.store.activations()) {
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

// --- results ------------------------------------------------------------------------------

WarningView WarningsService::viewOf(const store::WarningRow& row, const w::Warning& warning,
                                    std::optional<store::ActivationRecord> activation) const {
  WarningView view;
  view.warning = warning;
  view.texts = texts_.render(warning, warning.lastMessage(), catalogue_, committeeNames(warning));
  view.history = historyFromDocument(row.history);
  view.updatedAt = row.updatedAt;
  view.proposal = proposalFromDocument(row.proposal);
  view.activation = std::move(activation);
  return view;
}

WarningView WarningsService::viewOf(const store::WarningRow& row) const {
  std::optional<store::ActivationRecord> activation;
  if (row.activationId) activation = activations_.find(*row.activationId);
  return viewOf(row, w::warningFromJson(row.body), std::move(activation));
}

WarningView WarningsService::viewOf(const Change& c) const {
  // The change has everything: no second read of the row or its activation, no second rendering
  // of the texts of the message it just sent.
  std::optional<store::ActivationRecord> activation = c.activation;
  if (!activation && c.row.activationId) activation = activations_.find(*c.row.activationId);
  WarningView view;
  view.warning = c.warning;
  view.texts =
      c.texts ? *c.texts : texts_.render(c.warning, c.warning.lastMessage(), catalogue_, committeeNames(c.warning));
  view.history = historyFromDocument(c.row.history);
  view.updatedAt = c.row.updatedAt;
  view.proposal = proposalFromDocument(c.row.proposal);
  view.activation = std::move(activation);
  return view;
}

// --- state changes ------------------------------------------------------------------------

WarningsService::Change WarningsService::loadForChange(store::Transaction& tx, const std::string& id) {
  auto row = repository_.find(tx, id);
  if (!row) throw EocError(ErrorCode::NotFound, "warning " + id + " does not exist");
  return Change{*row, w::warningFromJson(row->body), row->body, {}, std::nullopt, std::nullopt};
}

void WarningsService::commitChange(store::Transaction& tx, Change& c, const Principal& actor, const std::string& kind,
                                   const std::string& requestId, const w::IssuedMessage* message) {
  const TimePoint now = context_.clock.now();
  WarningStep step = stepBy(actor, now, kind.substr(kind.find('.') + 1), c.warning);
  if (message) {
    // The identifier comes from this process's sequence. Another instance on the same store, or
    // this one before a restart, may have used it within the same second: a taken one is passed
    // over for the sequence's next (the message is rendered below, from the final identifier).
    w::IssuedMessage& drawn = c.warning.messages.back();
    if (message != &drawn) throw std::logic_error("commitChange: the message is not the warning's latest");
    while (repository_.messageExists(tx, drawn.identifier)) drawn.identifier = identifiers_.next(drawn.sent);
    std::string capXml;
    json capJson;
    c.outgoing.push_back(
        renderMessage(c.warning, *message, catalogue_, texts_, committeeAreas(c.warning), capXml, capJson));
    c.texts = c.outgoing.back().texts;
    repository_.addMessage(
        tx, store::WarningMessageRow{message->identifier, c.warning.id, std::string(w::msgTypeName(message->msgType)),
                                     message->sent, capXml, std::move(capJson)});
    step.identifier = message->identifier;
    std::vector<DisseminationListener> listeners;
    {
      std::lock_guard lock(listenersMutex_);
      listeners = dissemination_;
    }
    // The outbox: written in this transaction, so the message and its deliveries commit together.
    for (const auto& listener : listeners) listener(tx, c.outgoing.back());
  }
  refresh(c.row, c.warning, now);
  appendStep(c.row, step);
  context_.audit.append(tx, store::AuditEntry{now, actor.label(), kind, c.warning.id, c.before, c.row.body, requestId});
}

WarningView WarningsService::change(const Principal& actor, const std::string& id, const std::string& kind,
                                    const std::string& eventType, const std::string& requestId, const Apply& apply) {
  auto c = context_.db.write([&](store::Transaction& tx) {
    auto change = loadForChange(tx, id);
    const auto* message = apply(tx, change, context_.clock.now());
    commitChange(tx, change, actor, kind, requestId, message);
    repository_.update(tx, change.row);
    return change;
  });
  auto view = viewOf(c);
  afterCommit(eventType, view, c.outgoing);
  return view;
}

void WarningsService::afterCommit(const std::string& eventType, const WarningView& view,
                                  const std::vector<OutgoingMessage>& outgoing) {
  std::vector<CommittedListener> listeners;
  {
    std::lock_guard lock(listenersMutex_);
    listeners = committed_;
  }
  for (const auto& out : outgoing)
    for (const auto& listener : listeners) listener(out);
  const auto& warning = view.warning;
  if (warning.isLive())
    arm(warning.id, warning.expires);
  else
    disarm(warning.id);
  Event event{eventType, "", warning.status != w::WarningStatus::Actual, nullptr};
  event.deskOnly = warning.messages.empty();                  // never sent: a draft, or a draft discarded
  event.payload = std::make_shared<const WarningView>(view);  // rendered by the HTTP edge
  context_.events.publish(std::move(event));
}

WarningView WarningsService::draft(const Principal& actor, const w::DraftRequest& request,
                                   const std::string& requestId) {
  return insertDraft(actor, request, requestId, DrillWarning::AlwaysNew);
}

WarningView WarningsService::insertDraft(const Principal& actor, const w::DraftRequest& request,
                                         const std::string& requestId, DrillWarning drillWarning) {
  const TimePoint now = context_.clock.now();
  auto warning =
      lifecycle_.draft(w::validateDraft(request, catalogue_, district_, now), "w" + randomHex(6), actor, now);
  auto row = rowOf(warning, now);
  refresh(row, warning, now);
  appendStep(row, stepBy(actor, now, "draft", warning));
  std::optional<store::WarningRow> adopted;
  context_.db.write([&](store::Transaction& tx) {
    adopted.reset();  // the body runs again when PostgreSQL asks for a retry
    if (drillWarning == DrillWarning::AdoptExisting && request.drillId) {
      // Checked and inserted in one (serializable) transaction: of two instances drafting the same
      // drill's warning at once, the second is retried by the store and then finds the first's.
      auto existing = repository_.ofDrill(tx, *request.drillId);
      if (!existing.empty()) {
        // The issued one when there is one (approver set), else the newest draft.
        auto issued = std::find_if(existing.begin(), existing.end(), [](const auto& r) { return !r.approver.empty(); });
        adopted = std::move(issued != existing.end() ? *issued : existing.front());
        return;
      }
    }
    repository_.insert(tx, row);
    context_.audit.append(
        tx, store::AuditEntry{now, actor.label(), "warning.draft", warning.id, nullptr, row.body, requestId});
  });
  if (adopted) return viewOf(*adopted);  // nothing new was written: nothing to announce
  auto view = viewOf(row, warning, std::nullopt);
  afterCommit("warning.drafted", view, {});
  return view;
}

WarningView WarningsService::issue(const Principal& actor, const w::IssueRequest& request,
                                   const std::string& requestId) {
  return change(actor, request.id, "warning.issue", "warning.issued", requestId,
                [&](store::Transaction& tx, Change& c, TimePoint now) -> const w::IssuedMessage* {
                  const auto& message = lifecycle_.issue(c.warning, actor, now);
                  if (activation_)
                    if (auto made = activation_(c.warning)) {
                      auto body = plans::toJson(*made);
                      store::ActivationRecord record{"a" + randomHex(6),
                                                     now,
                                                     store::ActivationSource::Warning,
                                                     c.warning.id,
                                                     c.warning.status != w::WarningStatus::Actual,
                                                     body,
                                                     made->actions.size()};
                      activations_.insert(tx, record);
                      c.row.activationId = record.id;
                      c.activation = std::move(record);
                    }
                  return &message;
                });
}

WarningView WarningsService::update(const Principal& actor, const w::UpdateRequest& request,
                                    const std::string& requestId) {
  return change(actor, request.id, "warning.update", "warning.updated", requestId,
                [&](store::Transaction&, Change& c, TimePoint now) -> const w::IssuedMessage* {
                  auto changes = w::validateUpdate(request, c.warning, catalogue_, district_, now);
                  const auto& message = lifecycle_.update(c.warning, changes, actor, now);
                  c.row.proposal = nullptr;  // whatever upstream proposed, the desk has now decided
                  return &message;
                });
}

WarningView WarningsService::cancel(const Principal& actor, const w::CancelRequest& request,
                                    const std::string& requestId) {
  w::validateCancel(request);
  return change(actor, request.id, "warning.cancel", "warning.cancelled", requestId,
                [&](store::Transaction&, Change& c, TimePoint now) {
                  const auto* message = lifecycle_.cancel(c.warning, request.reason, request.falseAlarm, actor, now);
                  c.row.proposal = nullptr;
                  return message;
                });
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
      appendStep(row, WarningStep{now, "expire", "system", std::nullopt, "expired", std::nullopt, std::nullopt});
      repository_.update(tx, row);
      context_.audit.append(tx, store::AuditEntry{now, "system", "warning.expire", warning.id, before, row.body, ""});
      expired.emplace_back(std::move(warning), std::move(row));
    }
  });
  std::vector<std::string> ids;
  for (auto& [warning, row] : expired) {
    std::optional<store::ActivationRecord> activation;
    if (row.activationId) activation = activations_.find(*row.activationId);
    afterCommit("warning.expired", viewOf(row, warning, std::move(activation)), {});
    ids.push_back(warning.id);
  }
  return ids;
}

// --- timers -------------------------------------------------------------------------------

namespace {
constexpr const char* kWarningTimers = "warnings.";
std::string expiryTimer(const std::string& id) { return std::string(kWarningTimers) + "expire:" + id; }
// A failed expiry (the store refused the write) is tried again this much later.
constexpr std::chrono::seconds kExpiryRetry{60};
// How often an instance sharing the store looks for the other instances' timers.
constexpr std::chrono::milliseconds kSharedSweep{10000};
}  // namespace

void WarningsService::start() {
  stopped_ = false;
  expireDue(context_.clock.now());
  for (const auto& row : repository_.live()) arm(row.id, row.expires);
  if (context_.store.shared())
    // Several instances share the store: a warning issued (and armed) on another instance is
    // armed here too within one sweep, so its expiry fires even if that instance died. The expiry
    // itself is a conditional write (expireDue reads the live rows and writes them in one
    // transaction: on PostgreSQL the loser of two instances firing together is retried and finds
    // the warning expired), so it takes effect, and is published, once.
    context_.scheduler.every(std::string(kWarningTimers) + "sweep", kSharedSweep, [this] {
      for (const auto& row : repository_.live()) arm(row.id, row.expires);
    });
}

void WarningsService::stop() {
  stopped_ = true;
  context_.scheduler.cancelAll(kWarningTimers);
}

void WarningsService::arm(const std::string& id, TimePoint expires) {
  if (stopped_) return;
  context_.scheduler.at(expiryTimer(id), expires, [this, id] {
    try {
      expireDue(context_.clock.now());
    } catch (const std::exception& e) {
      log::error("warnings", "expiry failed; tried again in a minute",
                 {{"warning", id}, {"error", e.what()}, {"retry_s", kExpiryRetry.count()}});
      arm(id, context_.clock.now() + kExpiryRetry);
    }
  });
}

void WarningsService::disarm(const std::string& id) { context_.scheduler.cancel(expiryTimer(id)); }

// --- reads --------------------------------------------------------------------------------

std::optional<store::WarningRow> WarningsService::readable(const std::string& id,
                                                           const std::optional<Principal>& reader) const {
  auto row = repository_.find(id);
  if (!row || !WarningsPolicy::mayRead(!row->approver.empty(), reader)) return std::nullopt;
  return row;
}

WarningView WarningsService::get(const w::ReadRequest& request, const std::optional<Principal>& reader) const {
  auto row = readable(request.id, reader);
  if (!row) throw EocError(ErrorCode::NotFound, "warning " + request.id + " does not exist");
  return viewOf(*row);
}

namespace {
// The meaning of a history filter, checked once: known signal type and colour, a range that is one.
void validateFilter(const std::optional<std::string>& type, const std::optional<std::string>& level,
                    const std::optional<TimePoint>& from, const std::optional<TimePoint>& to,
                    const w::SignalCatalogue& catalogue) {
  if (type && !catalogue.findType(*type))
    throw EocError(ErrorCode::UnknownHazard, "type: unknown signal type '" + *type + "'");
  if (level && !catalogue.findLevel(*level))
    throw EocError(ErrorCode::UnknownLevel, "level: unknown colour '" + *level + "'");
  if (from && to && *from >= *to)
    throw EocError(ErrorCode::InvalidTime, "from: " + formatBeijing(*from) + " is not before to " + formatBeijing(*to));
}
}  // namespace

WarningList WarningsService::list(const w::ListRequest& request, const std::optional<Principal>& reader) const {
  validateFilter(request.type, request.level, request.from, request.to, catalogue_);
  store::WarningFilter filter;
  if (request.status) filter.status = std::string(w::statusName(*request.status));
  filter.liveOnly = request.activeOnly;
  filter.includeDrafts = WarningsPolicy::seesDrafts(reader);
  if (request.state == w::WarningState::Draft && !filter.includeDrafts)
    return WarningList{{}, 0, request.offset, {}};  // drafts are the desk's: none for this reader
  filter.from = request.from;
  filter.to = request.to;
  filter.type = request.type;
  filter.level = request.level;
  if (request.state) filter.state = std::string(w::stateName(*request.state));
  filter.limit = request.limit;
  filter.offset = request.offset;
  WarningList out;
  out.total = repository_.count(filter);
  out.offset = request.offset;
  out.deliveries = repository_.deliverySummaries(filter);
  for (const auto& row : repository_.list(filter)) {
    auto warning = w::warningFromJson(row.body);
    auto headline = texts_.render(warning, warning.lastMessage(), catalogue_, committeeNames(warning)).headline;
    out.warnings.push_back(WarningSummary{std::move(warning), row.updatedAt, row.activationId, std::move(headline)});
  }
  return out;
}

WarningBulletin WarningsService::bulletin(const w::ReadRequest& request, const std::optional<Principal>& reader) const {
  auto row = readable(request.id, reader);
  if (!row) throw EocError(ErrorCode::NotFound, "warning " + request.id + " does not exist");
  WarningBulletin out;
  out.view = viewOf(*row);
  out.committeeNames = committeeNames(out.view.warning);
  out.type = catalogue_.findType(out.view.warning.type);
  out.level = catalogue_.findLevel(out.view.warning.level);
  out.sender = setup_.sender;
  out.printedAt = context_.clock.now();
  return out;
}

// Issued warnings are public (the feed carries them), so their counts are too: the reader changes nothing.
WarningStats WarningsService::stats(const w::StatsRequest& request, const std::optional<Principal>&) const {
  validateFilter(request.type, request.level, request.from, request.to, catalogue_);
  store::WarningFilter filter;
  if (request.status) filter.status = std::string(w::statusName(*request.status));
  // Counted are warnings that went out: drafts never issued are not part of any report.
  filter.includeDrafts = false;
  filter.from = request.from;
  filter.to = request.to;
  filter.type = request.type;
  filter.level = request.level;
  WarningStats out;
  out.cells = repository_.countsByMonth(filter);
  for (const auto& cell : out.cells) out.total += cell.count;
  out.from = request.from;
  out.to = request.to;
  out.catalogue = &catalogue_;
  return out;
}

std::string WarningsService::capXml(const w::ReadRequest& request, const std::optional<Principal>& reader) const {
  if (!readable(request.id, reader)) throw EocError(ErrorCode::NotFound, "warning " + request.id + " does not exist");
  auto messages = repository_.messages(request.id);
  if (messages.empty())
    throw EocError(ErrorCode::NotFound, "warning " + request.id + " has not been issued; it has no CAP yet");
  return messages.back().capXml;
}

std::string WarningsService::feed(const w::FeedRequest& request) const {
  const TimePoint now = context_.clock.now();
  std::vector<w::FeedEntry> entries;
  for (const auto& row : repository_.liveOrEndedSince(now - kFeedKeepsEnded)) {
    auto warning = w::warningFromJson(row.body);
    if (!w::belongsInFeed(warning, now, kFeedKeepsEnded) || !warning.lastMessage()) continue;
    entries.push_back(w::FeedEntry{
        warning.id, w::buildCapAlert(warning, *warning.lastMessage(), catalogue_, texts_, committeeAreas(warning))});
  }
  return w::writeAtomFeed(entries, request.baseUrl, setup_.feedTitle, now);
}

SignalList WarningsService::signals() const { return SignalList{catalogue_.byFrequency(), &catalogue_}; }

// --- exercise warnings for drills ---------------------------------------------------------

std::optional<std::string> WarningsService::issuedFor(const std::string& drillId) const {
  for (const auto& row : repository_.ofDrill(drillId))
    if (!row.approver.empty()) return row.id;
  return std::nullopt;
}

std::string WarningsService::issueExercise(const Principal& controller, const ExerciseWarning& exercise,
                                           const std::string& requestId) {
  w::DraftRequest request;
  request.type = exercise.type;
  request.level = exercise.level;
  request.status = w::WarningStatus::Exercise;  // a drill's warning is never anything else
  request.area.committees = exercise.committees;
  request.onset = exercise.onset;
  request.expires = exercise.expires;
  request.description = exercise.description;
  request.drillId = exercise.drillId;
  // One exercise warning per drill, however many instances sharing the store fire its inject at
  // the same instant: the draft adopts the drill's warning when there is one, and the issue is a
  // conditional change (draft → issued happens once). The instance whose issue loses — it finds
  // the warning issued (InvalidTransition), or its message's identifier already taken by the
  // winner's (Conflict, the unique key of warning_messages) — adopts it as well.
  auto drafted = insertDraft(controller, request, requestId, DrillWarning::AdoptExisting);
  const std::string id = drafted.warning.id;
  if (drafted.warning.state != w::WarningState::Draft) return id;
  try {
    issue(controller, w::IssueRequest{id}, requestId);
  } catch (const EocError& e) {
    const bool lostTheRace = e.code() == ErrorCode::InvalidTransition || e.code() == ErrorCode::Conflict;
    if (!lostTheRace || issuedFor(exercise.drillId) != id) throw;
  }
  return id;
}

void WarningsService::cancelExercise(const Principal& controller, const std::string& warningId,
                                     const std::string& reason, const std::string& requestId) {
  cancel(controller, w::CancelRequest{warningId, reason, false}, requestId);
}

// --- CAP ingest ---------------------------------------------------------------------------

std::vector<std::string> WarningsService::relayCommittees(const w::IngestedCap& in) const {
  // From GB/T 2260 codes at any level and the polygons (warnings/geocodes.hpp). The district's code
  // is the area code our own identifiers' unit code begins with (ZZZZZZ of the national form).
  const w::Gazetteer gazetteer{setup_.unitCode.substr(0, 6), &context_.layers.require(setup_.committeesLayer),
                               context_.layers.find(w::kCommunitiesLayer)};
  return w::committeesForArea(gazetteer, in.geocodes, in.polygons);
}

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
  r.area.committees = relayCommittees(in);  // OutsideDistrict naming the codes when none is ours
  r.onset = in.onset.value_or(in.sent);
  if (!in.expires) throw EocError(ErrorCode::InvalidCap, "info.expires: a relayed warning needs an expiry");
  r.expires = *in.expires;
  if (r.expires <= context_.clock.now())
    throw EocError(ErrorCode::InvalidTime, "info.expires: " + formatBeijing(r.expires) + " has already passed");
  return r;
}

IngestResult WarningsService::ingest(const Principal& actor, const w::IngestRequest& request,
                                     const std::string& requestId) {
  auto in = w::readIngestCap(request.xml, catalogue_, w::CapProfile{false});
  const auto& msgType = in.alert.msgType;
  if (msgType == "Ack") {
    CapAckListener listener;
    {
      std::lock_guard lock(listenersMutex_);
      listener = ackListener_;
    }
    // Not a client mistake and not a failure: this eoc tracks no acknowledgements.
    if (!listener) throw EocError(ErrorCode::AcksNotEnabled, "CAP acknowledgements are not enabled on this eoc");
    IncomingCapAck ack{in.alert.sender, {}, in.alert.note, in.sent};
    for (const auto& r : in.references) ack.references.push_back(r.identifier);
    IngestResult result;
    result.outcome = IngestOutcome::Acknowledged;
    result.acknowledged = listener(ack);
    return result;
  }
  if (msgType != "Alert" && msgType != "Update" && msgType != "Cancel")
    throw EocError(ErrorCode::InvalidCap, "msgType: " + msgType + " messages are not relayed");

  const Principal relayAuthor = relayAuthorOf(actor);
  IngestResult result;
  std::optional<Change> changed;
  const std::string upstream = in.triple();
  context_.db.write([&](store::Transaction& tx) {
    const TimePoint now = context_.clock.now();
    if (auto seen = repository_.findIngest(tx, in.alert.sender, in.alert.identifier)) {
      auto outcome = parseIngestOutcome(seen->outcome);
      if (!outcome) throw EocError(ErrorCode::StorageError, "cap_ingest.outcome holds '" + seen->outcome + "'");
      result = IngestResult{*outcome, true, seen->warningId, 0, std::nullopt};
      return;
    }
    std::optional<std::string> target;
    for (const auto& ref : in.references)
      if (!target) target = repository_.relayOf(tx, ref.sender, ref.identifier);

    if (msgType == "Alert" || (msgType == "Update" && !target)) {
      auto warning = lifecycle_.draftRelay(relayRequest(in), "w" + randomHex(6), upstream, relayAuthor, now);
      auto row = rowOf(warning, now);
      refresh(row, warning, now);
      auto step = stepBy(actor, now, "relay", warning);
      step.source = upstream;
      appendStep(row, step);
      repository_.insert(tx, row);
      context_.audit.append(
          tx, store::AuditEntry{now, actor.label(), "warning.relay", warning.id, nullptr, row.body, requestId});
      result.outcome = IngestOutcome::Drafted;
      result.warningId = warning.id;
      changed = Change{std::move(row), std::move(warning), nullptr, {}, std::nullopt, std::nullopt};
    } else if (!target) {
      throw EocError(ErrorCode::NotFound, "references: the Cancel names no upstream message eoc has relayed");
    } else {
      const bool update = msgType == "Update";
      auto c = loadForChange(tx, *target);
      auto& warning = c.warning;
      std::string kind;
      if (warning.state == w::WarningState::Draft) {
        if (update) {
          auto redrafted = lifecycle_.draftRelay(relayRequest(in), warning.id, upstream, relayAuthor, now);
          redrafted.author = warning.author;
          redrafted.createdAt = warning.createdAt;
          warning = std::move(redrafted);
          result.outcome = IngestOutcome::DraftUpdated;
          kind = "warning.relay_update";
        } else {
          lifecycle_.cancel(warning, "upstream " + upstream + " cancelled the warning", false, relayAuthor, now);
          result.outcome = IngestOutcome::DraftCancelled;
          kind = "warning.relay_cancel";
        }
      } else if (warning.isLive()) {
        // Issued already: the desk decides. The proposal is the request to make, ready-made.
        RelayProposal proposal;
        proposal.source = upstream;
        proposal.received = now;
        if (update) {
          auto r = relayRequest(in);
          proposal.update = w::UpdateRequest{
              warning.id,  std::nullopt, r.level, r.expires, w::AreaInput{r.area.committees, std::nullopt},
              std::nullopt};
        } else {
          proposal.cancel = w::CancelRequest{warning.id, "上游预警已解除（" + in.alert.sender + "）", false};
        }
        c.row.proposal = proposalDocument(proposal, warning.id);
        result.outcome = update ? IngestOutcome::ProposedUpdate : IngestOutcome::ProposedCancel;
        kind = update ? "warning.propose_update" : "warning.propose_cancel";
      } else {
        throw EocError(ErrorCode::InvalidTransition, "warning " + warning.id + " relaying " + *target + " is " +
                                                         std::string(w::stateName(warning.state)) + "; an upstream " +
                                                         msgType + " changes nothing");
      }
      result.warningId = warning.id;
      commitChange(tx, c, actor, kind, requestId, nullptr);
      repository_.update(tx, c.row);
      changed = std::move(c);
    }
    repository_.recordIngest(
        tx, store::IngestRecord{in.alert.sender, in.alert.identifier, in.alert.sent, msgType, result.warningId,
                                std::string(ingestOutcomeName(result.outcome)), now});
  });
  if (changed) {
    result.warning = viewOf(*changed);
    afterCommit(result.outcome == IngestOutcome::Drafted ? "warning.drafted" : "warning.relayed", *result.warning, {});
  } else if (!result.warningId.empty()) {
    if (auto row = repository_.find(result.warningId)) result.warning = viewOf(*row);
  }
  return result;
}

}  // namespace eoc::service
