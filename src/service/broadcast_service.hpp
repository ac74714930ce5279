#pragma once
// Broadcast of warnings to the recipients (the committees and whoever else recipients.json lists):
// the outbox written inside the issuing transaction, webhook delivery with retries on the
// background runtime, acknowledgements (API or CAP Ack), and escalation of overdue acks.
//
// Threads: enqueue runs on the caller's thread inside its transaction; deliveries run as
// asynchronous Beast POSTs on ServiceContext::io (at most broadcast.maxInFlight at once); their
// outcomes are written in batches (one transaction for every outcome that arrived meanwhile), so
// 10,000 deliveries do not cost 10,000 fsyncs. Everything time-driven happens in runDue(now),
// which the Scheduler's "broadcast.tick" calls every second with the service clock and tests call
// directly with a manual one.
// A restart resumes: pending rows in the store are the whole state.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "broadcast/recipients.hpp"
#include "broadcast/webhook_client.hpp"
#include "core/principal.hpp"
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

  // Resumes pending deliveries and starts the timer. stop() cancels the timer and waits for
  // in-flight POSTs to be recorded (up to the webhook timeout); idempotent.
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
  nlohmann::json ack(const Principal& who, const std::string& warningId, const std::string& note,
                     const std::string& requestId);
  // `onlyRecipient` non-empty (a committee reading): the summary for everyone, the rows of that
  // recipient only — a committee sees how the warning went out, not who of its peers was silent.
  nlohmann::json deliveries(const std::string& warningId, const std::string& onlyRecipient = "");
  nlohmann::json escalations(bool openOnly);
  nlohmann::json closeEscalation(const Principal& who, int64_t id, const std::string& note,
                                 const std::string& requestId);
  const broadcast::RecipientList& recipients() const { return recipients_; }

  // --- time ---
  // Expires what outlived its message, starts due deliveries, raises and repeats escalations.
  void runDue(TimePoint now);
  // True once no delivery is in flight or waiting to be recorded (tests and the benchmark wait
  // on this instead of sleeping); false on timeout.
  bool waitIdle(std::chrono::milliseconds timeout);
  size_t inFlight() const;

 private:
  struct Started;
  void pump(int64_t nowMs);
  void onResult(const store::DeliveryRecord& row, int64_t expiresMs, int64_t atMs, const broadcast::WebhookResult& r);
  void flush();
  void escalate(int64_t nowMs);
  void resend(store::Transaction& tx, const std::string& warningId, const broadcast::Recipient& recipient, int64_t nowMs);
  void schedulePump();
  std::string committeeOf(const std::string& recipientCode) const;
  nlohmann::json escalationJson(const store::EscalationRecord& e) const;
  std::shared_ptr<const store::BroadcastMessageRecord> cachedMessage(const std::string& identifier);

  ServiceContext& ctx_;
  broadcast::RecipientList recipients_;
  BroadcastOptions options_;
  store::DeliveryRepository& repo_;
  // This process among the instances sharing the store: it claims deliveries under this name
  // (DeliveryRepository::claimDue) and records only the outcomes of what it still holds.
  const std::string instanceId_;

  std::mutex pumpMutex_;  // one pump at a time: the due query and the in-flight set agree
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  // Started and not yet recorded: delivery id -> (recipient, warning id).
  std::map<std::string, std::pair<std::string, std::string>> inFlight_;
  std::vector<store::AttemptOutcome> outcomes_;
  bool flushQueued_ = false;
  bool stopping_ = true;  // until start(): nothing is delivered by a service that was not started
  std::map<std::string, std::shared_ptr<const store::BroadcastMessageRecord>> messages_;
  std::mutex escalateMutex_;
};

}  // namespace eoc::service
