#include "service/broadcast_service.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "broadcast/policy.hpp"
#include "broadcast/signature.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "service/detail/delivery_time.hpp"

namespace eoc::service {

namespace {

using detail::toMs;
using detail::unitRandom;

// Store times are milliseconds since the epoch; results carry whole seconds (what the API shows).
TimePoint timeAt(int64_t ms) { return TimePoint(std::chrono::seconds(ms / 1000)); }
std::optional<TimePoint> timeAt(const std::optional<int64_t>& ms) {
  if (!ms) return std::nullopt;
  return timeAt(*ms);
}

// For the delivery events the pump publishes (still JSON data, rendered here).
nlohmann::json atText(const std::optional<int64_t>& ms) {
  if (!ms) return nullptr;
  return formatBeijing(timeAt(*ms));
}

// Delivery ids of one broadcast: "msg_", the wall-clock millisecond in 12 hex digits, 40 random
// bits drawn once for the broadcast, then a counter in 10 hex digits. A broadcast's ids are
// consecutive keys after every earlier one, so each of its 10,000 rows is appended at the end of
// every index keyed by id. (A random key put each row on its own page; ids in random order
// within a millisecond still split pages in the middle.) They stay unique across instances
// without coordination: two broadcasts share ids only if they start in the same millisecond and
// draw the same 40 bits.
class DeliveryIds {
 public:
  DeliveryIds() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    char time[13];
    std::snprintf(time, sizeof time, "%012llx", static_cast<unsigned long long>(ms) & 0xffffffffffffULL);
    prefix_ = "msg_" + std::string(time) + randomHex(5);
  }
  std::string next() {
    char counter[11];
    std::snprintf(counter, sizeof counter, "%010llx", static_cast<unsigned long long>(count_++));
    return prefix_ + counter;
  }

 private:
  std::string prefix_;
  uint64_t count_ = 0;
};

constexpr size_t kMaxNoteChars = 500;

}  // namespace

BroadcastService::BroadcastService(ServiceContext& context, broadcast::RecipientList recipients,
                                   BroadcastOptions options)
    : ctx_(context),
      recipients_(std::move(recipients)),
      options_(options),
      repo_(context.store.deliveries()),
      instanceId_(randomHex(8)),
      sender_(std::make_unique<broadcast::channels::ChannelSender>(context.io)) {}

BroadcastService::~BroadcastService() {
  stop();
  lane_.stop();  // a service never started has a lane all the same
}

namespace {
// The broadcast's timers on the Scheduler. A failing run is logged there under its name; a failed
// tick (e.g. a full disk) is retried on the next one, since the rows are the state.
constexpr const char* kBroadcastTimers = "broadcast.";
const std::string kTick = std::string(kBroadcastTimers) + "tick";      // runDue every options.tick
const std::string kPump = std::string(kBroadcastTimers) + "pump";      // lane: start due deliveries now
const std::string kFlush = std::string(kBroadcastTimers) + "flush";    // record finished attempts (soon)
const std::string kQueue = std::string(kBroadcastTimers) + "queue";    // a destination queue has room again
// Group commit of outcomes: a batch is written when it holds kFlushBatch outcomes, when nothing else
// is in flight, or kFlushDelay after its first outcome (real time), whichever comes first. Each
// commit is a log write and an fdatasync; an answer frees its place in the window at once, so the
// delay holds no delivery back, only its record (at most 20 ms later). 128 outcomes or 5 ms made
// about 250 commits of 10,000 deliveries; these make about 140.
constexpr size_t kFlushBatch = 512;
constexpr std::chrono::milliseconds kFlushDelay{20};
// Webhook rows are claimed again when fewer than this wait in the ready queue: half a window (at
// least one, so that a window of one still refills).
size_t lowWater(size_t window) { return std::max<size_t>(1, window / 2); }
}  // namespace

void BroadcastService::start() {
  if (!ctx_.config.broadcast.extraCaFile.empty()) {
    // An on-premises gateway's CA, trusted beside the system store by every outbound channel.
    net::ClientOptions options;
    options.extraCaFile = ctx_.config.broadcast.extraCaFile;
    net::configureSharedClient(ctx_.io, options);
    broadcast::configureWebhookClient(ctx_.io, options);
  }
  {
    std::lock_guard lock(mutex_);
    if (stopped_) throw std::logic_error("a stopped BroadcastService is not started again");
    stopping_ = false;
  }
  // Resume at once what a previous run left pending, then keep time. The timers only hand the
  // work to the store lane: a tick's expiry, escalations and claims are transactions.
  postTick();
  if (options_.autoTick)
    ctx_.scheduler.every(kTick, std::chrono::duration_cast<std::chrono::milliseconds>(options_.tick),
                         [this] { postTick(); });
}

// The store lane's three kinds of work; a kind already waiting there covers a second request.
void BroadcastService::postTick() { lane_.post(kTick, [this] { runDue(ctx_.clock.now()); }); }
void BroadcastService::postPump() { lane_.post(kPump, [this] { pump(toMs(ctx_.clock.now())); }); }
void BroadcastService::postFlush() { lane_.post(kFlush, [this] { flush(); }); }

void BroadcastService::schedulePump() {
  {
    std::lock_guard lock(mutex_);
    ++newWork_;  // something may have become due: the next pump claims even after an empty claim
  }
  postPump();
}

void BroadcastService::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = stopped_ = true;
  }
  releaseReady();
  // No new deliveries start (a pump on the lane returns at once); the flushes that record the
  // POSTs still in flight keep running.
  ctx_.scheduler.cancel(kTick);
  ctx_.scheduler.cancel(kQueue);
  // In-flight POSTs end within the webhook timeout; their outcomes are recorded so that a
  // restart does not resend what was already delivered.
  waitIdle(std::chrono::milliseconds(ctx_.config.broadcast.webhookTimeoutMs + 1000));
  ctx_.scheduler.cancelAll(kBroadcastTimers);
  // What the lane still holds runs now (an outcome that came after the wait is recorded), then
  // its thread ends: nothing of this service touches the store after stop().
  lane_.stop();
}

std::string BroadcastService::committeeOf(const std::string& recipientCode) const {
  const auto* r = recipients_.find(recipientCode);
  if (r && !r->coversAll && r->committees.size() == 1) return r->committees.front();
  return {};
}

// --- the seam ------------------------------------------------------------------------------------

void BroadcastService::enqueue(store::Transaction& tx, const OutgoingMessage& m) {
  const bool exercise = m.status != "Actual";
  const int64_t nowMs = toMs(ctx_.clock.now());
  const bool cancel = m.msgType == "Cancel";
  store::BroadcastMessageRecord record;
  record.identifier = m.identifier;
  record.warningId = m.warningId;
  record.msgType = m.msgType;
  record.status = m.status;
  record.level = m.level;
  record.exercise = exercise;
  record.contentType = "application/cap+xml";
  record.payload = m.capXml;
  record.sentMs = toMs(m.sent);
  record.expiresMs = toMs(m.expires);
  record.signalType = m.type;
  record.headline = m.texts.headline;
  record.signalText = m.texts.signal;
  record.guidance = m.texts.guidance;
  record.sms = m.texts.sms.empty() ? m.sms : m.texts.sms;
  record.committees = m.committees;
  repo_.insertMessage(tx, record);
  // Acknowledgement links live as long as the warning: an update moves their end, a cancel ends them.
  repo_.expireAckLinks(tx, m.warningId, cancel ? nowMs : toMs(m.expires));
  auto targets = recipients_.targets(m.committees, exercise, m.polygon);
  const int64_t dueMs = nowMs + int64_t(broadcast::ackDeadlineSeconds(ctx_.config.broadcast, m.level)) * 1000;
  std::vector<Event> published;
  std::vector<store::DeliveryRecord> deliveries;
  std::vector<store::AckTrack> tracks;
  deliveries.reserve(targets.size());
  if (!cancel) tracks.reserve(targets.size());
  // A warning's first message supersedes nothing: one query instead of one per recipient.
  const bool supersedes = repo_.hasPendingOtherThan(tx, m.warningId, m.identifier);
  DeliveryIds ids;
  for (const auto* r : targets) {
    store::DeliveryRecord d;
    d.id = ids.next();
    d.message = m.identifier;
    d.warningId = m.warningId;
    d.recipient = r->code;
    d.createdMs = nowMs;
    if (supersedes) repo_.supersedePending(tx, m.warningId, r->code, m.identifier);
    if (!r->channels.empty()) {
      // One delivery per channel: each has its own attempts, state and vendor code.
      for (size_t i = 0; i < r->channels.size(); ++i) {
        store::DeliveryRecord c = d;
        if (i > 0) c.id = ids.next();
        c.channel = std::string(broadcast::channels::kindName(r->channels[i].kind));
        c.channelIndex = int(i);
        c.url = r->channels[i].url();
        c.nextAttemptMs = nowMs;
        deliveries.push_back(std::move(c));
      }
    } else {
      // In-app: delivered by the event published right after commit.
      d.state = "delivered";
      d.firstSentMs = nowMs;
      d.deliveredMs = nowMs;
      published.push_back(Event{"delivery.delivered", committeeOf(r->code), exercise,
                                {{"warning_id", m.warningId}, {"identifier", m.identifier}, {"msg_type", m.msgType},
                                 {"recipient", r->code}, {"delivery_id", d.id}, {"channel", "app"},
                                 {"level", m.level}, {"type", m.type}, {"sms", m.sms}}});
      d.channel = "app";
      deliveries.push_back(std::move(d));
    }
    if (!cancel) {
      store::AckTrack track;
      track.warningId = m.warningId;
      track.recipient = r->code;
      track.level = m.level;
      track.exercise = exercise;
      track.firstSentMs = nowMs;
      track.dueMs = dueMs;
      tracks.push_back(std::move(track));
    }
  }
  repo_.insertDeliveries(tx, deliveries);
  repo_.upsertTracks(tx, tracks);
  if (cancel) repo_.endTracks(tx, m.warningId, nowMs);
  ctx_.audit.append(tx, store::AuditEntry{ctx_.clock.now(), "system", "broadcast.enqueue", m.identifier, nullptr,
                                          {{"warning_id", m.warningId}, {"msg_type", m.msgType},
                                           {"recipients", targets.size()}, {"exercise", exercise}},
                                          ""});
  tx.afterCommit([this, published = std::move(published)]() mutable {
    for (auto& e : published) ctx_.events.publish(std::move(e));
    schedulePump();
  });
}

void BroadcastService::onCommitted(const OutgoingMessage&) { schedulePump(); }

size_t BroadcastService::onCapAck(const IncomingCapAck& ack) {
  const auto* r = recipients_.findByCapSender(ack.sender);
  if (!r) throw EocError(ErrorCode::Forbidden, "CAP Ack sender " + ack.sender + " is not a known recipient");
  size_t matched = 0;
  const int64_t nowMs = toMs(ctx_.clock.now());
  for (const auto& reference : ack.references) {
    // "sender,identifier,sent" triples or bare identifiers.
    std::string identifier = reference;
    if (auto first = reference.find(','); first != std::string::npos) {
      auto second = reference.find(',', first + 1);
      identifier = reference.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    }
    auto message = repo_.message(identifier);
    if (!message) continue;
    bool acked = ctx_.db.write([&](store::Transaction& tx) {
      auto result = repo_.ack(tx, message->warningId, r->code, nowMs, "cap:" + ack.sender, ack.note, "cap");
      if (result != store::AckResult::Acked) return false;
      ctx_.audit.append(tx, store::AuditEntry{ctx_.clock.now(), "cap:" + ack.sender, "warning.ack", message->warningId,
                                              nullptr, {{"recipient", r->code}, {"via", "cap"}, {"note", ack.note}},
                                              ""});
      return true;
    });
    if (acked) {
      ++matched;
      ctx_.events.publish(Event{"delivery.acked", committeeOf(r->code), message->exercise,
                                {{"warning_id", message->warningId}, {"recipient", r->code}, {"via", "cap"},
                                 {"note", ack.note}}});
    }
  }
  return matched;
}

// --- delivery ------------------------------------------------------------------------------------

std::shared_ptr<const store::BroadcastMessageRecord> BroadcastService::cachedMessage(const std::string& identifier) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = messages_.find(identifier); it != messages_.end()) return it->second;
  }
  auto loaded = repo_.message(identifier);
  if (!loaded) return nullptr;
  auto shared = std::make_shared<const store::BroadcastMessageRecord>(std::move(*loaded));
  std::lock_guard lock(mutex_);
  if (messages_.size() > 256) messages_.clear();  // a handful are live at any time
  messages_[identifier] = shared;
  return shared;
}

void BroadcastService::pump(int64_t nowMs) {
  std::lock_guard pumpLock(pumpMutex_);
  size_t busy, waiting;
  uint64_t work;
  bool exhausted;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    busy = inFlight_.size() - completed_.size();
    waiting = ready_.size();
    work = newWork_;
    exhausted = exhaustedAt_ == work;
  }
  const size_t limit = ctx_.config.broadcast.maxInFlight;
  std::vector<store::AckLinkRecord> newLinks;
  // A claim is a write transaction, so webhook rows are claimed a window ahead: the free places,
  // and a window more that waits in ready_ and is started by the completions themselves
  // (startReady), without waiting for this lane. Claimed again when less than half a window waits.
  const size_t free = busy < limit ? limit - busy : 0;
  const size_t want = free + limit - std::min(waiting, limit);
  if (waiting < lowWater(limit) && !exhausted) {
    // Rows are claimed (DeliveryRepository::claimDue) under this instance's name until a lease
    // ends, so that instances sharing a store never send one delivery at once and a dead one's
    // rows pass to another. Rows this instance holds (in flight, ready, in a destination queue, or
    // waiting for their outcome to be recorded) keep a live lease and do not come back.
    auto due = repo_.claimDue(instanceId_, nowMs, nowMs + claimLeaseMs(), want);
    {
      std::lock_guard lock(mutex_);
      if (due.size() < want) exhaustedAt_ = work;
      else exhaustedAt_.reset();
    }
    for (auto& row : due) {
      if (row.channel != "webhook") {
        {
          std::lock_guard lock(mutex_);
          if (queuedIds_.count(row.id) || inFlight_.count(row.id)) continue;
        }
        queueChannelDelivery(row, nowMs, newLinks);
        continue;
      }
      auto message = cachedMessage(row.message);  // read here, on the lane: never on an io thread
      std::lock_guard lock(mutex_);
      if (inFlight_.count(row.id) || readyIds_.count(row.id)) continue;  // ours already
      readyIds_.insert(row.id);
      ready_.push_back(Ready{std::move(row), std::move(message)});
    }
  }
  startReady(nowMs);
  if (!newLinks.empty()) {
    // Stored (hashed) before any message carrying them leaves.
    try {
      ctx_.db.write([&](store::Transaction& tx) { repo_.insertAckLinks(tx, newLinks); });
    } catch (const std::exception& e) {
      log::error("broadcast", "acknowledgement links not stored; their messages wait for the next tick",
                 {{"links", newLinks.size()}, {"error", e.what()}});
      std::lock_guard lock(mutex_);
      for (auto it = queued_.begin(); it != queued_.end(); ++it) queuedIds_.erase(it->second.row.id);
      queued_.clear();
      queues_.clear();
      ackLinks_.clear();
      return;
    }
  }
  drainQueues(nowMs);
}

void BroadcastService::startReady(int64_t nowMs) {
  const size_t limit = ctx_.config.broadcast.maxInFlight;
  std::vector<Ready> starting;
  bool refill = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    while (!ready_.empty() && inFlight_.size() - completed_.size() < limit) {
      Ready next = std::move(ready_.front());
      ready_.pop_front();
      readyIds_.erase(next.row.id);
      inFlight_.emplace(next.row.id, Flight{next.row.recipient, next.row.warningId, "webhook", ""});
      starting.push_back(std::move(next));
    }
    // Running low: the lane claims more, unless the last claim found nothing more due (then new
    // work or the tick asks again, not every completion).
    refill = !starting.empty() && ready_.size() < lowWater(limit) && exhaustedAt_ != newWork_;
  }
  for (auto& r : starting) sendWebhook(r, nowMs);
  if (refill) postPump();
}

void BroadcastService::sendWebhook(const Ready& ready, int64_t nowMs) {
  const auto& row = ready.row;
  const auto& message = ready.message;
  const auto* recipient = recipients_.find(row.recipient);
  std::string secret = recipient ? recipient->secret : std::string();
  if (recipient && row.channelIndex >= 0 && size_t(row.channelIndex) < recipient->channels.size() &&
      recipient->channels[size_t(row.channelIndex)].kind == broadcast::channels::Kind::Webhook)
    secret = recipient->channels[size_t(row.channelIndex)].as<broadcast::channels::WebhookChannel>().secret;
  broadcast::WebhookRequest request;
  request.url = *row.url;  // the recorded target: a restart delivers exactly what was committed
  request.body = message ? message->payload : std::string();
  request.contentType = message ? message->contentType : "application/cap+xml";
  request.timeout = std::chrono::milliseconds(ctx_.config.broadcast.webhookTimeoutMs);
  const std::string timestamp = std::to_string(nowMs / 1000);
  request.headers = {{"webhook-id", row.id}, {"webhook-timestamp", timestamp}};
  if (!secret.empty())
    request.headers.emplace_back("webhook-signature", broadcast::signWebhook(secret, row.id, timestamp, request.body));
  const int64_t expiresMs = message ? message->expiresMs : nowMs;
  // The answer needs the row's id and attempt count only (a copy of the whole row per POST was
  // a dozen strings).
  broadcast::postWebhook(ctx_.io, std::move(request),
                         [this, id = row.id, attempts = row.attempts, expiresMs, nowMs](broadcast::WebhookResult result) {
                           onResult(id, attempts, expiresMs, nowMs, result);
                         });
}

void BroadcastService::onResult(const std::string& deliveryId, int attempts, int64_t expiresMs, int64_t atMs,
                                const broadcast::WebhookResult& r) {
  store::AttemptOutcome o;
  o.deliveryId = deliveryId;
  o.atMs = atMs;
  o.status = r.status;
  o.error = r.error;
  o.latencyMs = r.latency.count();
  o.delivered = r.delivered();
  o.claimedBy = instanceId_;
  if (!o.delivered) {
    int64_t next = toMs(ctx_.clock.now()) + broadcast::retryDelayMs(ctx_.config.broadcast, attempts + 1, unitRandom());
    if (next < expiresMs) o.nextAttemptMs = next;
  }
  pushOutcome(std::move(o));
  // Its place in the window is free: the next ready row starts now, not after the batch is written.
  startReady(toMs(ctx_.clock.now()));
}

void BroadcastService::pushOutcome(store::AttemptOutcome o) {
  // Outcomes are recorded in batches, one transaction each (group commit). A batch is written at
  // once when it is full or when nothing else is in flight (the last answers of a broadcast, a
  // lone retry); otherwise a few milliseconds later, so that the answers arriving meanwhile on the
  // other connections share its commit. The flush then frees the slots and refills the window
  // (pump): not a claim transaction per completion.
  bool now = false, soon = false;
  {
    std::lock_guard lock(mutex_);
    if (inFlight_.count(o.deliveryId)) completed_.insert(o.deliveryId);
    outcomes_.push_back(std::move(o));
    const bool urgent =
        outcomes_.size() >= kFlushBatch || (inFlight_.size() <= completed_.size() && ready_.empty());
    if (urgent && !flushNow_) {
      flushNow_ = flushQueued_ = now = true;
    } else if (!flushQueued_) {
      flushQueued_ = soon = true;
    }
  }
  // Both end on the store lane. The immediate flush makes a pending delayed one needless.
  if (now) {
    ctx_.scheduler.cancel(kFlush);
    postFlush();
  }
  if (soon) ctx_.scheduler.after(kFlush, kFlushDelay, [this] { postFlush(); });
}

void BroadcastService::flush() {
  std::vector<store::AttemptOutcome> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(outcomes_);
    flushQueued_ = flushNow_ = false;
  }
  if (batch.empty()) return;
  // Recording the outcomes and releasing the rows from inFlight_ happen under pumpMutex_, so a
  // concurrent pump either still sees the row in flight or already sees its recorded outcome —
  // never a pending row that has just left inFlight_ (that window sent the same webhook twice).
  std::unique_lock pumpLock(pumpMutex_);
  try {
    repo_.recordOutcomes(batch);
  } catch (const std::exception& e) {
    // Not recorded: the rows stay pending and are attempted again (the receiver dedupes by webhook-id).
    log::error("broadcast", "delivery outcomes not recorded; the deliveries are attempted again",
               {{"deliveries", batch.size()}, {"error", e.what()}});
  }
  std::vector<Event> events;
  std::vector<std::pair<std::string, std::string>> escalateNow;  // (warning, recipient)
  {
    std::lock_guard lock(mutex_);
    for (const auto& o : batch) {
      auto it = inFlight_.find(o.deliveryId);
      if (it == inFlight_.end()) continue;
      const Flight& f = it->second;
      nlohmann::json data = {{"warning_id", f.warningId}, {"recipient", f.recipient}, {"delivery_id", o.deliveryId},
                             {"channel", f.channel},      {"status", o.status},        {"error", o.error},
                             {"code", o.vendorCode},      {"latency_ms", o.latencyMs},
                             {"next_attempt_at", atText(o.nextAttemptMs)}};
      const std::string committee = committeeOf(f.recipient);
      // Event names the dashboard listens to (web/src/desk-alerts.js).
      if (o.delivered) {
        events.push_back(Event{"delivery.delivered", committee, false, data});
        if (!f.destination.empty() && failedDestinations_.erase(f.destination))
          events.push_back(Event{"channel.recovered", committee, false, data});
      } else if (o.permanent) {
        events.push_back(Event{"channel.failed", committee, false, data});
        if (!f.destination.empty()) failedDestinations_.insert(f.destination);
        escalateNow.emplace_back(f.warningId, f.recipient);
      } else {
        // A failed channel that later delivers again says so (channel.recovered).
        if (!f.destination.empty()) failedDestinations_.insert(f.destination);
        events.push_back(Event{o.nextAttemptMs ? "delivery.failed" : "delivery.gave_up", committee, false, data});
      }
      inFlight_.erase(it);
      completed_.erase(o.deliveryId);
    }
    escalating_ += int(escalateNow.size());
  }
  pumpLock.unlock();
  for (auto& e : events) ctx_.events.publish(std::move(e));
  const int64_t nowMs = toMs(ctx_.clock.now());
  for (const auto& [warningId, recipient] : escalateNow) {
    try {
      escalateAtOnce(warningId, recipient, nowMs);
    } catch (const std::exception& e) {
      // The ack deadline still escalates on the next tick; nothing is lost.
      log::error("broadcast", "escalation of a failed channel not raised",
                 {{"warning_id", warningId}, {"recipient", recipient}, {"error", e.what()}});
    }
    std::lock_guard lock(mutex_);
    --escalating_;
  }
  idle_.notify_all();
  pump(nowMs);
}

void BroadcastService::releaseReady() {
  std::vector<std::string> ids;
  {
    // After any pump in progress: it may still be adding to ready_.
    std::lock_guard pumpLock(pumpMutex_);
    std::lock_guard lock(mutex_);
    for (const auto& r : ready_) ids.push_back(r.row.id);
    ready_.clear();
    readyIds_.clear();
  }
  idle_.notify_all();
  if (ids.empty()) return;
  try {
    repo_.releaseClaims(instanceId_, ids);
  } catch (const std::exception& e) {
    // Their lease ends on its own; another instance (or the next run) takes them then.
    log::warn("broadcast", "claims not given back; they lapse with their lease",
              {{"deliveries", ids.size()}, {"error", e.what()}});
  }
}

bool BroadcastService::waitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] {
    return inFlight_.empty() && ready_.empty() && outcomes_.empty() && !flushQueued_ && !escalating_;
  });
}

size_t BroadcastService::inFlight() const {
  std::lock_guard lock(mutex_);
  return inFlight_.size();
}

// --- time ----------------------------------------------------------------------------------------

int64_t BroadcastService::claimLeaseMs() const {
  // One attempt (connect + send + answer) ends within the webhook timeout, which also bounds every
  // channel's send; 3 s more cover the outcome's batch write and clocks a little apart. A send
  // waiting longer in a vendor's rate-limit queue has its lease renewed on every tick
  // (renewClaims). A dead instance's deliveries are therefore taken over within this lease plus one
  // tick: 8 s + 1 s with the default 5 s timeout.
  return int64_t(ctx_.config.broadcast.webhookTimeoutMs) + 3000;
}

void BroadcastService::renewClaims(int64_t nowMs) {
  std::vector<std::string> held;
  {
    std::lock_guard lock(mutex_);
    // A third of the lease: two ticks may be missed before a held row could be taken over.
    if (nowMs < lastRenewMs_ + claimLeaseMs() / 3 && nowMs >= lastRenewMs_) return;
    lastRenewMs_ = nowMs;
    for (const auto& [id, flight] : inFlight_) held.push_back(id);
    held.insert(held.end(), queuedIds_.begin(), queuedIds_.end());
    held.insert(held.end(), readyIds_.begin(), readyIds_.end());
  }
  repo_.renewClaims(instanceId_, held, nowMs + claimLeaseMs());
}

void BroadcastService::runDue(TimePoint now) {
  const int64_t nowMs = toMs(now);
  repo_.expirePending(nowMs);
  renewClaims(nowMs);
  escalate(nowMs);
  {
    std::lock_guard lock(mutex_);
    ++newWork_;  // retries fall due with time
  }
  pump(nowMs);
}

void BroadcastService::resend(store::Transaction& tx, const std::string& warningId,
                              const broadcast::Recipient& recipient, int64_t nowMs) {
  if (recipient.channels.empty()) return;  // in-app: the escalation event is the re-send
  if (repo_.retryNow(tx, warningId, recipient.code, nowMs)) return;
  auto latest = repo_.latestMessage(tx, warningId);  // in this transaction: a read beside it is refused
  if (!latest || latest->msgType == "Cancel" || latest->expiresMs <= nowMs) return;
  std::vector<store::DeliveryRecord> deliveries;
  DeliveryIds ids;
  for (size_t i = 0; i < recipient.channels.size(); ++i) {
    store::DeliveryRecord d;
    d.id = ids.next();
    d.message = latest->identifier;
    d.warningId = warningId;
    d.recipient = recipient.code;
    d.channel = std::string(broadcast::channels::kindName(recipient.channels[i].kind));
    d.channelIndex = int(i);
    d.url = recipient.channels[i].url();
    d.createdMs = nowMs;
    d.nextAttemptMs = nowMs;
    deliveries.push_back(std::move(d));
  }
  repo_.insertDeliveries(tx, deliveries);
}

void BroadcastService::escalate(int64_t nowMs) {
  std::lock_guard lock(escalateMutex_);
  const int64_t repeatMs = int64_t(ctx_.config.broadcast.escalationRepeat) * 1000;
  const TimePoint now = TimePoint(std::chrono::seconds(nowMs / 1000));
  // Every instance sharing the store runs this on its tick; the store decides which one's write
  // takes effect (raiseEscalation / repeatEscalation check inside the write), and only that one
  // re-sends and publishes.
  for (const auto& track : repo_.overdueTracks(nowMs)) {
    const auto* r = recipients_.find(track.recipient);
    if (!r) continue;
    std::optional<int64_t> id = ctx_.db.write([&](store::Transaction& tx) -> std::optional<int64_t> {
      auto raised = repo_.raiseEscalation(tx, track.warningId, track.recipient, nowMs, nowMs + repeatMs,
                                          store::EscalationCause::Overdue);
      if (!raised) return std::nullopt;
      resend(tx, track.warningId, *r, nowMs);
      ctx_.audit.append(tx, store::AuditEntry{now, "system", "escalation.raise", std::to_string(*raised), nullptr,
                                              {{"warning_id", track.warningId}, {"recipient", track.recipient}},
                                              ""});
      return raised;
    });
    if (!id) continue;
    if (auto e = repo_.escalation(*id)) publishEscalation("escalation.raised", *e, track.exercise);
  }
  for (const auto& due : repo_.dueEscalations(nowMs)) {
    const auto* r = recipients_.find(due.recipient);
    if (!r) continue;
    bool repeated = ctx_.db.write([&](store::Transaction& tx) {
      if (!repo_.repeatEscalation(tx, due.id, nowMs, nowMs + repeatMs)) return false;
      resend(tx, due.warningId, *r, nowMs);
      return true;
    });
    if (!repeated) continue;
    if (auto e = repo_.escalation(due.id)) publishEscalation("escalation.repeated", *e, false);
  }
}

// --- use cases -----------------------------------------------------------------------------------

AckOutcome BroadcastService::ack(const Principal& who, const AckRequest& request, const std::string& requestId) {
  const std::string& warningId = request.warningId;
  const std::string& note = request.note;
  if (who.role != Role::Committee || who.subject.empty())
    throw EocError(ErrorCode::Forbidden, "only a committee token acknowledges, and only for its own committee");
  if (note.size() > kMaxNoteChars * 4)
    throw EocError(ErrorCode::InvalidBody, "note: longer than " + std::to_string(kMaxNoteChars) + " characters");
  if (repo_.tracks(warningId).empty() && repo_.deliveries(warningId).empty())
    throw EocError(ErrorCode::NotFound, "warning " + warningId + " has not been broadcast");
  const TimePoint now = ctx_.clock.now();
  auto result = ctx_.db.write([&](store::Transaction& tx) {
    auto r = repo_.ack(tx, warningId, who.subject, toMs(now), who.label(), note, "api");
    if (r == store::AckResult::Acked)
      ctx_.audit.append(tx, store::AuditEntry{now, who.label(), "warning.ack", warningId, nullptr,
                                              {{"recipient", who.subject}, {"note", note}, {"via", "api"}},
                                              requestId});
    return r;
  });
  if (result == store::AckResult::NotTargeted)
    throw EocError(ErrorCode::Forbidden,
                   "committee " + who.subject + " is not a recipient of warning " + warningId);
  auto track = repo_.track(warningId, who.subject);
  if (result == store::AckResult::Acked)
    ctx_.events.publish(Event{"delivery.acked", committeeOf(who.subject), track && track->exercise,
                              {{"warning_id", warningId}, {"recipient", who.subject}, {"by", who.label()},
                               {"note", note}, {"via", "api"}}});
  AckOutcome outcome;
  outcome.warningId = warningId;
  outcome.recipient = who.subject;
  if (track) {
    outcome.ackedAt = timeAt(track->ackedMs);
    outcome.ackedBy = track->ackedBy;
    outcome.note = track->ackNote;
  }
  outcome.duplicate = result == store::AckResult::AlreadyAcked;
  return outcome;
}

DeliveryReport BroadcastService::deliveries(const std::string& warningId, const std::string& onlyRecipient) {
  auto tracks = repo_.tracks(warningId);
  auto rows = repo_.deliveries(warningId);
  if (tracks.empty() && rows.empty()) throw EocError(ErrorCode::NotFound, "warning " + warningId + " has not been broadcast");
  auto escalations = repo_.escalations(false, warningId);
  std::map<std::string, RecipientDelivery> byRecipient;  // ordered by code: the report's order
  auto entry = [&](const std::string& code) -> RecipientDelivery& {
    auto [it, inserted] = byRecipient.try_emplace(code);
    if (inserted) {
      const auto* r = recipients_.find(code);
      auto& e = it->second;
      e.recipient = code;
      e.name = r ? r->name : "";
      e.kind = r ? r->kind : "";
      e.channel = r && !r->channels.empty() ? std::string(broadcast::channels::kindName(r->channels.front().kind))
                                            : std::string("app");
    }
    return it->second;
  };
  std::map<std::string, std::pair<std::optional<int64_t>, std::optional<int64_t>>> firstSentDelivered;
  for (const auto& d : rows) {
    auto& e = entry(d.recipient);
    e.attempts += d.attempts;
    auto& [first, delivered] = firstSentDelivered[d.recipient];
    if (d.firstSentMs && (!first || *d.firstSentMs < *first)) first = d.firstSentMs;
    if (d.deliveredMs && (!delivered || *d.deliveredMs < *delivered)) delivered = d.deliveredMs;
    if (!d.lastError.empty()) e.lastError = d.lastError;
    // "failed": stopped for good by the vendor's answer (bad key, bad signature), not retried.
    const std::string state = d.failure == "permanent" ? "failed" : d.state;
    e.deliveries.push_back(DeliveryRow{d.id, d.message, d.channel, state, d.attempts, d.vendorCode, d.lastError,
                                       timeAt(d.deliveredMs), timeAt(d.nextAttemptMs), d.receipt});
    // Per channel: the state of its newest delivery (rows come oldest first).
    e.channels[d.channel] = ChannelState{state, d.attempts, d.vendorCode, d.lastError, timeAt(d.deliveredMs)};
  }
  for (auto& [code, times] : firstSentDelivered) {
    auto& e = entry(code);
    e.firstSentAt = timeAt(times.first);
    e.deliveredAt = timeAt(times.second);
    if (times.first && times.second) e.deliveryLatencyMs = *times.second - *times.first;
  }
  std::vector<double> ackSeconds;
  for (const auto& t : tracks) {
    auto& e = entry(t.recipient);
    if (t.ackedMs) {
      e.ackedAt = timeAt(t.ackedMs);
      e.ackedBy = t.ackedBy;
      e.note = t.ackNote;
      double seconds = double(*t.ackedMs - t.firstSentMs) / 1000.0;
      e.ackSeconds = seconds;
      ackSeconds.push_back(seconds);
    }
    e.acksTracked = true;
    e.ackDueAt = timeAt(t.dueMs);
  }
  for (const auto& x : escalations) {
    auto& e = entry(x.recipient);
    e.escalations += 1 + x.repeats;
    if (x.state == "open") e.escalationOpen = true;
  }
  DeliveryReport report;
  report.warningId = warningId;
  report.summary.targeted = byRecipient.size();
  for (auto& [code, e] : byRecipient) {
    if (e.deliveredAt) ++report.summary.delivered;
    if (onlyRecipient.empty() || code == onlyRecipient) report.recipients.push_back(std::move(e));
  }
  std::sort(ackSeconds.begin(), ackSeconds.end());
  report.summary.acked = ackSeconds.size();
  if (!ackSeconds.empty()) {
    size_t n = ackSeconds.size();
    report.summary.medianAckSeconds = n % 2 ? ackSeconds[n / 2] : (ackSeconds[n / 2 - 1] + ackSeconds[n / 2]) / 2;
    report.summary.slowestAckSeconds = ackSeconds.back();
  }
  return report;
}

EscalationView BroadcastService::escalationView(const store::EscalationRecord& e) const {
  const auto* r = recipients_.find(e.recipient);
  EscalationView v;
  v.id = e.id;
  v.warningId = e.warningId;
  v.recipient = e.recipient;
  if (r) {
    v.name = r->name;
    v.phones = r->phones;
  }
  v.raisedAt = timeAt(e.raisedMs);
  v.repeats = e.repeats;
  v.lastAt = timeAt(e.lastMs);
  v.nextAt = timeAt(e.nextMs);
  v.state = e.state;
  v.closedBy = e.closedBy;
  v.note = e.closedNote;
  v.closedAt = timeAt(e.closedMs);
  return v;
}

// The event carries the typed view; the HTTP edge renders it as GET /escalations does.
void BroadcastService::publishEscalation(const std::string& type, const store::EscalationRecord& e, bool exercise) {
  Event event{type, committeeOf(e.recipient), exercise, {}};
  event.payload = std::make_shared<const EscalationView>(escalationView(e));
  ctx_.events.publish(std::move(event));
}

std::vector<EscalationView> BroadcastService::escalations(bool openOnly) {
  std::vector<EscalationView> list;
  for (const auto& e : repo_.escalations(openOnly)) list.push_back(escalationView(e));
  return list;
}

EscalationView BroadcastService::closeEscalation(const Principal& who, const CloseEscalationRequest& request,
                                                 const std::string& requestId) {
  const int64_t id = request.id;
  const std::string& note = request.note;
  if (note.empty()) throw EocError(ErrorCode::InvalidBody, "note: required when closing an escalation");
  if (note.size() > kMaxNoteChars * 4)
    throw EocError(ErrorCode::InvalidBody, "note: longer than " + std::to_string(kMaxNoteChars) + " characters");
  auto before = repo_.escalation(id);
  if (!before) throw EocError(ErrorCode::NotFound, "escalation " + std::to_string(id) + " does not exist");
  const TimePoint now = ctx_.clock.now();
  bool closed = ctx_.db.write([&](store::Transaction& tx) {
    if (!repo_.closeEscalation(tx, id, who.label(), note, toMs(now))) return false;
    ctx_.audit.append(tx, store::AuditEntry{now, who.label(), "escalation.close", std::to_string(id),
                                            {{"state", before->state}}, {{"state", "closed"}, {"note", note}},
                                            requestId});
    return true;
  });
  if (!closed) throw EocError(ErrorCode::Conflict, "escalation " + std::to_string(id) + " is " + before->state);
  auto after = repo_.escalation(id);
  if (!after) throw EocError(ErrorCode::NotFound, "escalation " + std::to_string(id) + " does not exist");
  publishEscalation("escalation.closed", *after, false);
  return escalationView(*after);
}

}  // namespace eoc::service
