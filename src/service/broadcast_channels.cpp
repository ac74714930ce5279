// The broadcast service's channel deliveries (chat robots, SMS, MQTT, emergency broadcast): each
// due row waits in its destination's queue (the vendor's rate limit, coalescing into digests when
// it had to wait), goes out through the ChannelSender, and its verdict becomes an attempt outcome.
// Also the acknowledgement links every message carries, and the SMS delivery receipts.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "broadcast/channels/digest.hpp"
#include "broadcast/policy.hpp"
#include "broadcast/signature.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "service/broadcast_service.hpp"
#include "service/detail/delivery_time.hpp"
#include "store/open.hpp"
#include "store/store.hpp"

namespace eoc::service {

namespace ch = broadcast::channels;

namespace {

using detail::toMs;
using detail::unitRandom;

TimePoint fromMs(int64_t ms) { return TimePoint(std::chrono::seconds(ms / 1000)); }

// 16 bytes (128 bits of an HMAC-SHA256 under a 256-bit random key), base64url without padding:
// 22 characters, short enough for an SMS to carry the whole link.
std::string linkToken(const std::string& bytes) {
  std::string b64 = broadcast::base64Encode(bytes);
  for (auto& c : b64) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

// A digest holds at most this many warnings (each with its own link): a chat message stays
// readable and within the vendor's size limit.
constexpr size_t kMaxDigest = 10;

const std::string kQueueTimer = "broadcast.queue";

// A vendor counts a message when it arrives, a little after eoc counted it when it left (and the
// two clocks differ by some seconds at most): each window is kept this much longer than the
// vendor's own, so that twenty spaced sixty seconds apart by eoc are never twenty-one within the
// vendor's minute.
constexpr std::chrono::milliseconds kArrivalMargin{2000};

ch::RateLimit withMargin(ch::RateLimit limit) {
  for (auto& w : limit.windows) w.length += kArrivalMargin;
  return limit;
}

}  // namespace

void BroadcastService::setListeningAddress(const std::string& host, int port) {
  if (!ctx_.config.publicBaseUrl.empty() || port <= 0) return;
  const std::string shownHost = host.find(':') != std::string::npos ? "[" + host + "]" : host;  // IPv6 literal
  {
    std::lock_guard lock(mutex_);
    linkBase_ = "http://" + shownHost + ":" + std::to_string(port);
  }
  bool carriesLinks = false;
  for (const auto& r : recipients_.all())
    for (const auto& c : r.channels) carriesLinks |= c.kind != ch::Kind::Webhook && c.kind != ch::Kind::Mqtt;
  if (carriesLinks)
    log::warn("broadcast",
              "public_base_url is not set: acknowledgement links point at the listening address, which a "
              "committee's phone reaches only if it is on the same network",
              {{"base", "http://" + shownHost + ":" + std::to_string(port)}});
  schedulePump();  // deliveries that waited for the link base
}

std::string BroadcastService::linkTokenFor(const std::string& message, const std::string& recipient) {
  // Under mutex_. The key is made once per data directory and kept there (0600), so the token of a
  // (message, recipient) is the same after a restart: a resumed delivery carries the link the
  // recipient may already have in another channel's message. The store keeps only SHA-256 hashes.
  if (linkKey_.empty()) {
    const auto file = ctx_.config.dataDir / "ack-link.key";
    std::ifstream in(file);
    std::getline(in, linkKey_);
    if (linkKey_.size() < 64) {
      linkKey_ = randomHex(32);  // 256 bits from the OS CSPRNG
      std::error_code ec;
      std::filesystem::create_directories(ctx_.config.dataDir, ec);
      const auto temp = file.string() + ".tmp";
      {
        std::ofstream out(temp, std::ios::trunc);
        out << linkKey_ << "\n";
      }
      std::filesystem::permissions(temp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::replace, ec);
      std::filesystem::rename(temp, file, ec);
      if (ec)
        log::error("broadcast", "acknowledgement link key not kept; links minted after a restart will differ",
                   {{"file", file.string()}, {"error", ec.message()}});
    }
  }
  const std::string input = "ack-link\n" + message + "\n" + recipient;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), linkKey_.data(), int(linkKey_.size()), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), mac, &n);
  return linkToken(std::string(reinterpret_cast<const char*>(mac), 16));
}

std::string BroadcastService::ackUrlFor(const std::string& message, const std::string& recipient,
                                        const std::string& warningId, int64_t nowMs, int64_t expiresMs,
                                        std::vector<store::AckLinkRecord>& newLinks) {
  std::lock_guard lock(mutex_);
  if (linkBase_.empty()) {
    // public_base_url, else the configured listening address; listening on port 0 the real port
    // is known only once bound (setListeningAddress): until then no link can be made.
    if (!ctx_.config.publicBaseUrl.empty())
      linkBase_ = ctx_.config.publicBaseUrl;
    else if (ctx_.config.listenPort > 0)
      linkBase_ = "http://" + ctx_.config.listenHost + ":" + std::to_string(ctx_.config.listenPort);
    else
      return "";
    while (!linkBase_.empty() && linkBase_.back() == '/') linkBase_.pop_back();
  }
  auto& token = ackLinks_[{message, recipient}];
  if (token.empty()) {
    // One link per (message, recipient): every channel of the recipient carries the same one, in
    // this run and after a restart (derived, not drawn). Only its hash is stored; storing it again
    // after a restart changes nothing.
    token = linkTokenFor(message, recipient);
    newLinks.push_back(store::AckLinkRecord{sha256Hex(token), warningId, recipient, nowMs, expiresMs});
    if (ackLinks_.size() > 100000) ackLinks_.clear();  // a bound; the links stay valid in the store
  }
  return linkBase_ + "/a/" + token;
}

void BroadcastService::queueChannelDelivery(const store::DeliveryRecord& row, int64_t nowMs,
                                            std::vector<store::AckLinkRecord>& newLinks) {
  const auto* recipient = recipients_.find(row.recipient);
  const ch::Channel* channel = nullptr;
  if (recipient && row.channelIndex >= 0 && size_t(row.channelIndex) < recipient->channels.size()) {
    const auto& c = recipient->channels[size_t(row.channelIndex)];
    if (ch::kindName(c.kind) == row.channel && row.url && c.url() == *row.url) channel = &c;
  }
  auto message = cachedMessage(row.message);
  if (!channel || !message) {
    // The recipients file changed since the row was written: this channel is no longer listed.
    {
      std::lock_guard lock(mutex_);
      if (!inFlight_.emplace(row.id, Flight{row.recipient, row.warningId, row.channel, ""}).second) return;
    }
    store::AttemptOutcome o;
    o.deliveryId = row.id;
    o.atMs = nowMs;
    o.error = !message ? "the message is not in the store" : "the channel is no longer in the recipients file";
    o.vendorCode = "channel-removed";
    o.permanent = true;
    pushOutcome(std::move(o));
    return;
  }
  Queued q;
  q.row = row;
  q.channel = *channel;
  q.recipientDrills = recipient->drills;
  q.expiresMs = message->expiresMs;
  auto& m = q.message;
  m.deliveryId = row.id;
  m.warningId = row.warningId;
  m.identifier = message->identifier;
  m.status = message->status;
  m.msgType = message->msgType;
  m.level = message->level;
  m.headline = message->headline;
  m.description = message->signalText;
  m.guidance = message->guidance;
  m.smsText = message->sms;
  m.sent = fromMs(message->sentMs);
  m.expires = fromMs(message->expiresMs);
  m.areaCodes = message->committees;
  m.capXml = message->payload;
  if (channel->kind != ch::Kind::Webhook && channel->kind != ch::Kind::Mqtt && message->msgType != "Cancel") {
    m.ackUrl = ackUrlFor(row.message, row.recipient, row.warningId, nowMs, message->expiresMs, newLinks);
    if (m.ackUrl.empty()) return;  // the link base is not known yet: pending until eoc listens
    m.ackToken = m.ackUrl.substr(m.ackUrl.rfind('/') + 1);
  }
  const std::string destination = channel->destinationKey();
  std::lock_guard lock(mutex_);
  if (!queuedIds_.insert(row.id).second) return;
  auto it = queues_.find(destination);
  if (it == queues_.end())
    it = queues_.emplace(destination, ch::DestinationQueue(withMargin(ch::vendorLimit(channel->kind)), kMaxDigest,
                                                           sharedWindow(destination, channel->kind)))
             .first;
  const uint64_t id = nextQueueId_++;
  it->second.push({id, m.drill()}, ch::Instant(nowMs));
  queued_.emplace(id, std::move(q));
}

ch::DestinationQueue::SharedWindow BroadcastService::sharedWindow(const std::string& destination, ch::Kind kind) {
  // Several instances on one PostgreSQL store send to the same robots: the vendor's limit holds
  // for them together (store::ThrottleRepository::takeSlot). One instance (SQLite): the queue's
  // own window is the whole budget.
  auto limit = withMargin(ch::vendorLimit(kind));
  if (limit.windows.empty() ||
      store::locateStore(ctx_.config.store, ctx_.config.dataDir).backend != store::Backend::Postgres)
    return {};
  std::vector<store::ThrottleWindow> windows;
  for (const auto& w : limit.windows) windows.push_back({int64_t(w.count), w.length.count()});
  // The destination holds the robot's credentials (its webhook URL's access token): only a hash
  // of it is stored.
  return [&throttles = ctx_.store.throttles(), bucket = "robot:" + sha256Hex(destination),
          windows](ch::Instant now) { return ch::Instant(throttles.takeSlot(bucket, windows, now.count())); };
}

void BroadcastService::drainQueues(int64_t nowMs) {
  struct Send {
    std::string destination;
    ch::DestinationQueue::Batch batch;
    ch::Channel channel;
    ch::ChannelMessage message;
    bool recipientDrills;
  };
  std::vector<Send> sends;
  ch::Instant next = ch::Instant::max();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    const size_t limit = ctx_.config.broadcast.maxInFlight;
    for (auto& [destination, queue] : queues_) {
      while (inFlight_.size() - completed_.size() < limit) {
        auto batch = queue.take(ch::Instant(nowMs));
        if (!batch) break;
        std::vector<ch::ChannelMessage> parts;
        const Queued* first = nullptr;
        for (auto id : batch->ids) {
          auto q = queued_.find(id);
          if (q == queued_.end()) continue;
          if (!first) first = &q->second;
          parts.push_back(q->second.message);
          queuedIds_.erase(q->second.row.id);
          inFlight_[q->second.row.id] =
              Flight{q->second.row.recipient, q->second.row.warningId, q->second.row.channel, destination};
        }
        if (!first) continue;
        sends.push_back(Send{destination, *batch, first->channel,
                             parts.size() == 1 ? parts.front() : ch::digestOf(parts), first->recipientDrills});
      }
      next = std::min(next, queue.nextReady(ch::Instant(nowMs)));
    }
  }
  if (next != ch::Instant::max() && next.count() > nowMs) {
    // A queue has room again later: come back then (seconds of the service clock, rounded up).
    const auto due = TimePoint(std::chrono::seconds((next.count() + 999) / 1000));
    ctx_.scheduler.at(kQueueTimer, due, [this] { schedulePump(); });
  }
  for (auto& s : sends) {
    ch::RenderContext render;
    render.now = std::chrono::system_clock::time_point(std::chrono::milliseconds(nowMs));
    render.timeout = std::chrono::milliseconds(ctx_.config.broadcast.webhookTimeoutMs);
    // An SMS receipt names only the OutId the message went out under (a digest's carries several
    // deliveries): each outcome records it, so any instance can mark them all.
    std::string outId = s.channel.kind == ch::Kind::Sms ? s.message.deliveryId : std::string();
    sender_->send(s.channel, s.message, s.recipientDrills, render,
                  [this, destination = s.destination, batch = s.batch, nowMs, outId](ch::Verdict verdict) {
                    onVerdict(destination, batch, nowMs, outId, verdict);
                  });
  }
}

void BroadcastService::onVerdict(const std::string& destination, const ch::DestinationQueue::Batch& batch,
                                 int64_t atMs, const std::string& outId, const ch::Verdict& verdict) {
  const int64_t nowMs = toMs(ctx_.clock.now());
  std::vector<store::AttemptOutcome> outcomes;
  {
    std::lock_guard lock(mutex_);
    if (verdict.outcome == ch::Outcome::Throttled) {
      // The vendor said "too fast": the batch goes back to the front of its queue and the
      // destination waits the vendor's block time. Nothing is recorded as failed, nothing dropped.
      auto q = queues_.find(destination);
      if (q != queues_.end()) {
        q->second.throttled(batch, ch::Instant(nowMs), verdict.blockFor);
        for (auto id : batch.ids)
          if (auto it = queued_.find(id); it != queued_.end()) {
            inFlight_.erase(it->second.row.id);
            queuedIds_.insert(it->second.row.id);
          }
      }
      log::warn("broadcast", "a vendor throttled a channel; waiting its block time",
                {{"channel", destination.substr(0, destination.find(' '))}, {"code", verdict.code},
                 {"block_seconds", verdict.blockFor.count()}});
    } else {
      for (auto id : batch.ids) {
        auto it = queued_.find(id);
        if (it == queued_.end()) continue;
        const Queued& q = it->second;
        store::AttemptOutcome o;
        o.deliveryId = q.row.id;
        o.atMs = atMs;
        o.delivered = verdict.outcome == ch::Outcome::Delivered;
        o.permanent = verdict.outcome == ch::Outcome::Permanent;
        o.vendorCode = o.delivered ? "" : verdict.code;
        o.error = o.delivered ? "" : (verdict.code + (verdict.message.empty() ? "" : ": " + verdict.message));
        o.latencyMs = std::max<int64_t>(0, nowMs - atMs);
        o.outId = outId;
        if (!o.delivered && !o.permanent) {
          int64_t next = nowMs + broadcast::retryDelayMs(ctx_.config.broadcast, q.row.attempts + 1, unitRandom());
          if (next < q.expiresMs) o.nextAttemptMs = next;
        }
        outcomes.push_back(std::move(o));
        queued_.erase(it);
      }
    }
  }
  if (verdict.outcome == ch::Outcome::Throttled) {
    idle_.notify_all();
    ctx_.scheduler.at(kQueueTimer, fromMs(nowMs + int64_t(verdict.blockFor.count()) * 1000 + 999),
                      [this] { schedulePump(); });
    return;
  }
  for (auto& o : outcomes) pushOutcome(std::move(o));
}

void BroadcastService::escalateAtOnce(const std::string& warningId, const std::string& recipient, int64_t nowMs) {
  std::lock_guard lock(escalateMutex_);
  auto track = repo_.track(warningId, recipient);
  if (!track || track->ackedMs || !track->dueMs) return;  // acknowledged or cancelled: nobody to chase
  const int64_t repeatMs = int64_t(ctx_.config.broadcast.escalationRepeat) * 1000;
  // One escalation per recipient, decided inside the write (raiseEscalation): an instance that
  // loses the race to another raises nothing and publishes nothing.
  std::optional<int64_t> id = ctx_.db.write([&](store::Transaction& tx) -> std::optional<int64_t> {
    auto raised = repo_.raiseEscalation(tx, warningId, recipient, nowMs, nowMs + repeatMs,
                                        store::EscalationCause::ChannelFailed);
    if (!raised) return std::nullopt;
    ctx_.audit.append(tx, store::AuditEntry{fromMs(nowMs), "system", "escalation.raise", std::to_string(*raised),
                                            nullptr,
                                            {{"warning_id", warningId}, {"recipient", recipient},
                                             {"reason", "channel failed permanently"}},
                                            ""});
    return raised;
  });
  if (!id) return;
  if (auto e = repo_.escalation(*id)) publishEscalation("escalation.raised", *e, track->exercise);
}

// --- acknowledgement links ------------------------------------------------------------------------

store::AckLinkRecord BroadcastService::resolveLink(const std::string& token) {
  // Tokens are 22 base64url characters; anything else cannot be one (and is not looked up).
  const bool shaped = token.size() >= 16 && token.size() <= 64 &&
                      std::all_of(token.begin(), token.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                      });
  auto link = shaped ? repo_.ackLink(sha256Hex(token)) : std::nullopt;
  if (!link) throw EocError(ErrorCode::NotFound, "this acknowledgement link does not exist");
  if (link->expiresMs <= toMs(ctx_.clock.now()))
    throw EocError(ErrorCode::LinkExpired, "the warning of this acknowledgement link has ended");
  return *link;
}

AckLinkView BroadcastService::linkView(const store::AckLinkRecord& link) {
  AckLinkView v;
  v.warningId = link.warningId;
  v.recipient = link.recipient;
  if (const auto* r = recipients_.find(link.recipient)) v.recipientName = r->name;
  std::optional<store::BroadcastMessageRecord> latest;
  ctx_.db.write([&](store::Transaction& tx) { latest = repo_.latestMessage(tx, link.warningId); });
  if (latest) {
    v.status = latest->status;
    v.msgType = latest->msgType;
    v.level = latest->level;
    v.headline = latest->headline;
    v.signalText = latest->signalText;
    v.guidance = latest->guidance;
    v.sent = fromMs(latest->sentMs);
    v.expires = fromMs(latest->expiresMs);
  }
  if (auto track = repo_.track(link.warningId, link.recipient); track && track->ackedMs) {
    v.ackedAt = fromMs(*track->ackedMs);
    v.ackedBy = track->ackedBy;
  }
  return v;
}

AckLinkView BroadcastService::ackLinkView(const std::string& token) { return linkView(resolveLink(token)); }

AckLinkView BroadcastService::ackByLink(const std::string& token, const std::string& requestId) {
  const auto link = resolveLink(token);
  const TimePoint now = ctx_.clock.now();
  const std::string by = "link:" + link.recipient;
  auto result = ctx_.db.write([&](store::Transaction& tx) {
    auto r = repo_.ack(tx, link.warningId, link.recipient, toMs(now), by, "", "link");
    if (r == store::AckResult::Acked)
      ctx_.audit.append(tx, store::AuditEntry{now, by, "warning.ack", link.warningId, nullptr,
                                              {{"recipient", link.recipient}, {"via", "link"}}, requestId});
    return r;
  });
  if (result == store::AckResult::NotTargeted)
    throw EocError(ErrorCode::NotFound, "this acknowledgement link does not exist");
  auto view = linkView(link);
  view.duplicate = result == store::AckResult::AlreadyAcked;
  if (result == store::AckResult::Acked)
    ctx_.events.publish(Event{"delivery.acked", committeeOf(link.recipient), view.drill(),
                              {{"warning_id", link.warningId}, {"recipient", link.recipient}, {"by", by},
                               {"note", ""}, {"via", "link"}}});
  return view;
}

// --- SMS receipts ----------------------------------------------------------------------------------

size_t BroadcastService::recordSmsReceipts(const std::vector<SmsReceiptInput>& receipts) {
  const int64_t nowMs = toMs(ctx_.clock.now());
  // A digest went out under its first delivery's id with "+N" and carried N more: the store knows
  // every delivery sent under an OutId (AttemptOutcome::outId), whichever instance sent it. One
  // sent before that was recorded (an older eoc) is found by its first delivery's id.
  return ctx_.db.write([&](store::Transaction& tx) {
    size_t matched = 0;
    for (const auto& r : receipts) {
      if (r.outId.empty()) continue;
      const std::string receipt = r.success ? "DELIVERED" : (r.code.empty() ? "FAILED" : r.code);
      size_t marked = repo_.recordReceipt(tx, r.outId, receipt, nowMs);
      if (marked == 0 && r.outId.find('+') != std::string::npos)
        marked = repo_.recordReceipt(tx, r.outId.substr(0, r.outId.find('+')), receipt, nowMs);
      matched += marked;
    }
    return matched;
  });
}

}  // namespace eoc::service
