#pragma once
// Broadcast of warnings to the recipients (the committees and whoever else recipients.json lists):
// the outbox written inside the issuing transaction, webhook delivery with retries on the
// background runtime, acknowledgements (API or CAP Ack), and escalation of overdue acks.
//
// Threads: enqueue runs on the caller's thread inside its transaction; deliveries run as
// asynchronous Beast POSTs on ServiceContext::io (at most broadcast.maxInFlight at once); their
// outcomes are written in batches (one transaction for every outcome that arrived meanwhile), so
// 10,000 deliveries do not cost 10,000 fsyncs. Everything that waits on the store — the claims
// (pump), the outcome batches (flush), the tick — runs on the service's own store lane, never on
// the io threads: while a batch commits, those go on sending and reading answers. Everything
// time-driven happens in runDue(now), which the Scheduler's "broadcast.tick" has the lane run
// every second with the service clock and tests call directly with a manual one.
// A restart resumes: pending rows in the store are the whole state.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broadcast/channels/rate_limit.hpp"
#include "broadcast/channels/sender.hpp"
#include "broadcast/recipients.hpp"
#include "broadcast/webhook_client.hpp"
#include "core/principal.hpp"
#include "service/broadcast_results.hpp"
#include "service/detail/store_lane.hpp"
#include "service/dissemination.hpp"
#include "service/service_context.hpp"
#include "store/delivery_repository.hpp"

namespace eoc::service {

struct BroadcastOptions {
  bool autoTick = true;  // false: only explicit runDue calls move time (tests)
  std::chrono::milliseconds tick{1000};
};

class BroadcastService {
 public:
  BroadcastService(ServiceContext& context, broadcast::RecipientList recipients, BroadcastOptions options = {});
  ~BroadcastService();
  BroadcastService(const BroadcastService&) = delete;
  BroadcastService& operator=(const BroadcastService&) = delete;

  // Resumes pending deliveries and starts the timer. stop() cancels the timer, waits for
  // in-flight POSTs to be recorded (up to the webhook timeout) and ends the store lane;
  // idempotent. A stopped service is not started again.
  void start();
  void stop();

  // --- the warnings seam (dissemination.hpp) ---
  // Inside the issuing transaction: one message row, one delivery row per targeted recipient
  // (exercise messages: drill recipients only), ack tracks and their deadlines. After commit the
  // in-app deliveries are published and the webhook deliveries start.
  void enqueue(store::Transaction& tx, const OutgoingMessage& message);
  void onCommitted(const OutgoingMessage& message);
  size_t onCapAck(const IncomingCapAck& ack);

  // --- use cases ---
  // POST /warnings/{id}/ack by a committee token: its own committee only (Forbidden otherwise),
  // NotFound for a warning never broadcast; a repeated ack changes nothing and says so.
  AckOutcome ack(const Principal& who, const AckRequest& request, const std::string& requestId);
  // `onlyRecipient` non-empty (a committee reading): the summary for everyone, the rows of that
  // recipient only — a committee sees how the warning went out, not who of its peers was silent.
  DeliveryReport deliveries(const std::string& warningId, const std::string& onlyRecipient = "");
  std::vector<EscalationView> escalations(bool openOnly);
  // Conflict when it is no longer open; NotFound when it never existed.
  EscalationView closeEscalation(const Principal& who, const CloseEscalationRequest& request,
                                 const std::string& requestId);
  const broadcast::RecipientList& recipients() const { return recipients_; }

  // --- acknowledgement links (/a/{token}) ---
  // What the phone page shows. Never acknowledges (chat apps fetch links to draw previews).
  // NotFound for a token never minted, LinkExpired once its warning ended.
  AckLinkView ackLinkView(const std::string& token);
  // Acknowledges exactly like POST /warnings/{id}/ack for the link's recipient (idempotent,
  // audited with the channel "link"). The link grants nothing else.
  AckLinkView ackByLink(const std::string& token, const std::string& requestId);

  // The address eoc listens on, once bound: the base of acknowledgement links when
  // public_base_url is not set (listening on port 0, the configured port says nothing). Channel
  // deliveries whose message needs a link wait until the base is known.
  void setListeningAddress(const std::string& host, int port);

  // --- SMS delivery receipts (Aliyun SmsReport push) ---
  // Marks each receipt's delivery (out_id = eoc's delivery id; a digest's out_id marks every
  // delivery the digest carried); returns how many matched.
  size_t recordSmsReceipts(const std::vector<SmsReceiptInput>& receipts);

  // --- time ---
  // Expires what outlived its message, starts due deliveries, raises and repeats escalations.
  void runDue(TimePoint now);
  // True once no delivery is in flight or waiting to be recorded (tests and the benchmark wait
  // on this instead of sleeping); false on timeout.
  bool waitIdle(std::chrono::milliseconds timeout);
  size_t inFlight() const;

 private:
  struct Started;
  // Started and not yet recorded (or waiting in a destination queue).
  struct Flight {
    std::string recipient;
    std::string warningId;
    std::string channel;      // "webhook", "wecom", …
    std::string destination;  // the channel's destination key ("" for webhooks)
  };
  // A channel delivery waiting in its destination's queue (rate limits, digest).
  struct Queued {
    store::DeliveryRecord row;
    broadcast::channels::Channel channel;
    broadcast::channels::ChannelMessage message;
    bool recipientDrills = false;
    int64_t expiresMs = 0;
  };
  // A webhook row claimed a window ahead, with its message, waiting for a free place.
  struct Ready {
    store::DeliveryRecord row;
    std::shared_ptr<const store::BroadcastMessageRecord> message;
  };
  // On the store lane (or a test's thread): claims due rows, queues channel deliveries, starts
  // what the window has room for.
  void pump(int64_t nowMs);
  // Any thread: moves ready rows into the free places of the window and sends them; asks the lane
  // for more when less than half a window waits.
  void startReady(int64_t nowMs);
  void sendWebhook(const Ready& ready, int64_t nowMs);
  // stop(): the claimed rows that never started are given back.
  void releaseReady();
  int64_t claimLeaseMs() const;
  void renewClaims(int64_t nowMs);
  void queueChannelDelivery(const store::DeliveryRecord& row, int64_t nowMs,
                            std::vector<store::AckLinkRecord>& newLinks);
  void drainQueues(int64_t nowMs);
  // The robot's budget shared with the other instances on a PostgreSQL store; empty otherwise.
  broadcast::channels::DestinationQueue::SharedWindow sharedWindow(const std::string& destination,
                                                                   broadcast::channels::Kind kind);
  void onVerdict(const std::string& destination, const broadcast::channels::DestinationQueue::Batch& batch,
                 int64_t atMs, const std::string& outId, const broadcast::channels::Verdict& verdict);
  void pushOutcome(store::AttemptOutcome outcome);
  void escalateAtOnce(const std::string& warningId, const std::string& recipient, int64_t nowMs);
  // The token of (message, recipient), derived under the data directory's link key; under mutex_.
  std::string linkTokenFor(const std::string& message, const std::string& recipient);
  std::string ackUrlFor(const std::string& message, const std::string& recipient, const std::string& warningId,
                        int64_t nowMs, int64_t expiresMs, std::vector<store::AckLinkRecord>& newLinks);
  AckLinkView linkView(const store::AckLinkRecord& link);
  store::AckLinkRecord resolveLink(const std::string& token);
  void onResult(const std::string& deliveryId, int attempts, int64_t expiresMs, int64_t atMs,
                const broadcast::WebhookResult& r);
  void flush();
  void escalate(int64_t nowMs);
  void resend(store::Transaction& tx, const std::string& warningId, const broadcast::Recipient& recipient, int64_t nowMs);
  // Has the store lane pump soon (a waiting pump covers this request too).
  void schedulePump();
  void postTick();
  void postPump();  // without marking new work: schedulePump does that
  void postFlush();
  std::string committeeOf(const std::string& recipientCode) const;
  EscalationView escalationView(const store::EscalationRecord& e) const;
  void publishEscalation(const std::string& type, const store::EscalationRecord& e, bool exercise);
  std::shared_ptr<const store::BroadcastMessageRecord> cachedMessage(const std::string& identifier);

  ServiceContext& ctx_;
  broadcast::RecipientList recipients_;
  BroadcastOptions options_;
  store::DeliveryRepository& repo_;
  // This process among the instances sharing the store: outcomes are recorded under this name, so
  // that a delivery claimed by another instance (DeliveryRepository::claimDue) keeps its owner's
  // state (docs/store-backends.md §7).
  const std::string instanceId_;
  int64_t lastRenewMs_ = 0;  // under mutex_: when the held rows' leases were last renewed

  std::mutex pumpMutex_;  // one pump at a time: the due query and the in-flight set agree
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  // Started and not yet recorded: delivery id -> what it is.
  std::map<std::string, Flight> inFlight_;
  // Of those, the ones whose answer came and that wait only for the batch that records them: they
  // no longer hold a slot of the in-flight window (a new send starts per completion, not per
  // batch), but stay in inFlight_ so that no pump starts them again before they are recorded.
  std::set<std::string> completed_;
  // Claimed webhook rows not yet started (oldest first), and their ids.
  std::deque<Ready> ready_;
  std::set<std::string> readyIds_;
  // Bumped when something may have become due (a commit, a tick, a queue with room); a claim that
  // found fewer rows than it asked for records the value, and until it changes no completion asks
  // the lane for more: the tail of a broadcast does not cost a write transaction per answer.
  uint64_t newWork_ = 0;
  std::optional<uint64_t> exhaustedAt_;
  // Channel deliveries: a queue per destination (a robot, an SMS account, a topic), the entries
  // waiting in them, the ack link minted per (message, recipient) in this run, and the
  // destinations whose last attempt failed for good (a later success there is a recovery).
  std::unique_ptr<broadcast::channels::ChannelSender> sender_;
  std::map<std::string, broadcast::channels::DestinationQueue> queues_;
  std::map<uint64_t, Queued> queued_;
  std::set<std::string> queuedIds_;
  uint64_t nextQueueId_ = 1;
  std::map<std::pair<std::string, std::string>, std::string> ackLinks_;
  std::string linkBase_;  // public_base_url, or the listening address once known; "" until then
  std::string linkKey_;   // the HMAC key acknowledgement links derive from (<data_dir>/ack-link.key)
  std::set<std::string> failedDestinations_;
  std::vector<store::AttemptOutcome> outcomes_;
  bool flushQueued_ = false;  // a flush is scheduled (soon or now)
  bool flushNow_ = false;     // ... and it is the immediate one
  bool stopping_ = true;  // until start(): nothing is delivered by a service that was not started
  bool stopped_ = false;  // stop() ran: its lane has ended
  std::map<std::string, std::shared_ptr<const store::BroadcastMessageRecord>> messages_;
  std::mutex escalateMutex_;
  int escalating_ = 0;  // permanent failures whose escalation is being raised (waitIdle waits for them)
  // Last: its thread runs pump, flush and the tick, which use every member above.
  detail::StoreLane lane_{"broadcast"};
};

}  // namespace eoc::service
