#pragma once
// The broadcast outbox and everything that follows from it: one message row per CAP message, one
// delivery row per (message, recipient) with every attempt, one ack track per (warning, recipient)
// with its deadline, and the escalations raised when a deadline passes without an ack.
//
// Times are integer milliseconds since the Unix epoch (scheduling compares them). Writes take the
// caller's Transaction so that they commit with the warning and its audit entry. Thread-safe
// (through Database).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace eoc::store {

struct BroadcastMessageRecord {
  std::string identifier;
  std::string warningId;
  std::string msgType;
  std::string status;
  std::string level;
  bool exercise = false;
  std::string contentType;
  std::string payload;
  int64_t sentMs = 0;
  int64_t expiresMs = 0;
  // What the chat, SMS and broadcast channels render (the webhook and MQTT carry the payload).
  std::string signalType;  // "rainstorm"
  std::string headline;
  std::string signalText;
  std::string guidance;
  std::string sms;
  std::vector<std::string> committees;  // targeted committee codes
};

struct DeliveryRecord {
  std::string id;  // the webhook-id: idempotency key at the receiver
  std::string message;
  std::string warningId;
  std::string recipient;
  std::optional<std::string> url;  // none: in-app delivery (delivered when published)
  std::string state = "pending";   // pending | delivered | expired | superseded | stopped
  // The channel: "app" (in-app), or a channels::Kind name ("webhook", "wecom", "sms", …) with its
  // index in the recipient's channels list (-1: in-app). The URL is recorded as well: a restart
  // delivers exactly what was committed, and a channel list that changed is noticed.
  std::string channel = "webhook";
  int channelIndex = -1;
  std::string vendorCode;  // the vendor's code of the last failed attempt ("130101", "isv.…")
  std::string failure;     // "" | "permanent" (state stopped: a bad key or signature, not retried)
  std::string receipt;     // SMS: the operator's delivery receipt ("DELIVERED" or its error code)
  std::optional<int64_t> receiptMs;
  int attempts = 0;
  int64_t createdMs = 0;
  std::optional<int64_t> firstSentMs;
  std::optional<int64_t> deliveredMs;
  std::optional<int64_t> nextAttemptMs;
  std::string lastError;
};

struct AttemptRecord {
  std::string deliveryId;
  int n = 0;  // 1-based
  int64_t atMs = 0;
  int status = 0;  // 0: no answer
  std::string error;
  int64_t latencyMs = 0;
};

// What one finished attempt changes. `nextAttemptMs` set: retry then; unset and not delivered:
// give up (the message expired).
struct AttemptOutcome {
  std::string deliveryId;
  int64_t atMs = 0;
  int status = 0;
  std::string error;
  int64_t latencyMs = 0;
  bool delivered = false;
  std::optional<int64_t> nextAttemptMs;
  std::string vendorCode;  // the vendor's own code, when it answered one
  bool permanent = false;  // a bad key or signature: stop, not retried
  // The instance that claimed the delivery (claimDue). An outcome arriving after another instance
  // took the delivery over (the lease lapsed) counts as an attempt but leaves the delivery's state
  // to its new owner. Empty: no claim check.
  std::string claimedBy;
  // The id the vendor was given for the send (an SMS OutId; a digest's names its first delivery
  // and carries every member): a receipt naming it reaches each delivery, on any instance.
  // Empty: not recorded.
  std::string outId;
};

// An acknowledgement link /a/{token}: one warning, one recipient; only the token's SHA-256 is kept.
struct AckLinkRecord {
  std::string tokenHash;
  std::string warningId;
  std::string recipient;
  int64_t createdMs = 0;
  int64_t expiresMs = 0;
};

struct AckTrack {
  std::string warningId;
  std::string recipient;
  std::string level;
  bool exercise = false;
  int64_t firstSentMs = 0;
  std::optional<int64_t> dueMs;  // none once acked or cancelled
  std::optional<int64_t> ackedMs;
  std::string ackedBy;
  std::string ackNote;
  std::string ackVia;  // api | cap
};

struct EscalationRecord {
  int64_t id = 0;
  std::string warningId;
  std::string recipient;
  int64_t raisedMs = 0;
  int repeats = 0;
  int64_t lastMs = 0;
  std::optional<int64_t> nextMs;
  std::string state;  // open | acked | closed | cancelled
  std::string closedBy;
  std::string closedNote;
  std::optional<int64_t> closedMs;
};

enum class AckResult { Acked, AlreadyAcked, NotTargeted };

// Why an escalation is raised: its ack deadline passed, or its channel failed for good (at once).
enum class EscalationCause { Overdue, ChannelFailed };

class DeliveryRepository {
 public:
  virtual ~DeliveryRepository() = default;

  // --- the outbox (inside the issuing transaction) ---
  virtual void insertMessage(Transaction& tx, const BroadcastMessageRecord& message) = 0;
  // Many rows per statement (a broadcast to the whole city is 10,000 of them).
  virtual void insertDeliveries(Transaction& tx, const std::vector<DeliveryRecord>& deliveries) = 0;
  // Pending deliveries of older messages of this warning to this recipient stop: the newer one replaces them.
  virtual void supersedePending(Transaction& tx, const std::string& warningId, const std::string& recipient,
                                const std::string& newMessage) = 0;
  // Whether any delivery of this warning other than `message`'s is still pending: when none is
  // (a warning's first message), there is nothing for supersedePending to stop.
  virtual bool hasPendingOtherThan(Transaction& tx, const std::string& warningId, const std::string& message) = 0;
  // Creates each track, or (not yet acked) moves its level and deadline; an ack stays. Many rows
  // per statement, as insertDeliveries; one track per (warning, recipient) in `tracks`.
  virtual void upsertTracks(Transaction& tx, const std::vector<AckTrack>& tracks) = 0;
  // The warning was cancelled: no more deadlines, open escalations cancelled, pending deliveries of
  // older messages superseded. Returns escalations cancelled.
  virtual int endTracks(Transaction& tx, const std::string& warningId, int64_t nowMs) = 0;

  // --- delivery ---
  virtual std::optional<BroadcastMessageRecord> message(const std::string& identifier) = 0;
  // The newest message of a warning, read inside the caller's write (an escalation re-sends it).
  virtual std::optional<BroadcastMessageRecord> latestMessage(Transaction& tx, const std::string& warningId) = 0;
  // Pending deliveries with a URL due at nowMs, earliest first.
  virtual std::vector<DeliveryRecord> dueDeliveries(int64_t nowMs, size_t limit) = 0;
  // Claims up to `limit` pending deliveries with a URL due at nowMs for `instance` until
  // `leaseUntilMs`, earliest first. On a store shared by several instances (PostgreSQL) a row
  // another instance holds under a live lease is skipped (FOR UPDATE SKIP LOCKED: no waiting),
  // so two instances never send the same delivery at once, and a dead instance's rows are claimed
  // again once its lease lapses. On SQLite (one instance) only `instance`'s own live leases keep a
  // row out (it is in flight here already); a lease of any other name was left by a killed
  // predecessor, so a restarted eoc resumes at once. Runs its own transaction.
  virtual std::vector<DeliveryRecord> claimDue(const std::string& instance, int64_t nowMs, int64_t leaseUntilMs,
                                               size_t limit) = 0;
  // Moves the lease of the pending deliveries `instance` still holds among `ids` to
  // `leaseUntilMs` (a send waiting in a vendor's rate-limit queue outlives one lease). Runs its own
  // transaction.
  virtual void renewClaims(const std::string& instance, const std::vector<std::string>& ids, int64_t leaseUntilMs) = 0;
  // Gives back the claims of `instance` on `ids` (claimed, then not started: the in-flight window
  // was full), so another instance may take them at once instead of after the lease. Runs its own
  // transaction.
  virtual void releaseClaims(const std::string& instance, const std::vector<std::string>& ids) = 0;
  // The earliest next attempt of any pending delivery.
  virtual std::optional<int64_t> nextDueMs() = 0;
  // Records the attempts and what they decide. Runs its own transaction, at READ COMMITTED on
  // PostgreSQL like the claims: each statement is a row-wise conditional update under the row's
  // lock, so it needs no snapshot of the whole table — at SERIALIZABLE its broad reads of
  // `deliveries` conflicted with an issue writing new rows, which then failed its retries (503).
  virtual void recordOutcomes(const std::vector<AttemptOutcome>& outcomes) = 0;
  // Pending deliveries whose message expired by nowMs become expired; returns how many. Runs its
  // own transaction, at READ COMMITTED on PostgreSQL (as recordOutcomes).
  virtual int expirePending(int64_t nowMs) = 0;
  // Retry now: the pending delivery of this warning to this recipient, if any. Returns false if none.
  virtual bool retryNow(Transaction& tx, const std::string& warningId, const std::string& recipient, int64_t nowMs) = 0;

  // --- acks and escalation ---
  virtual AckResult ack(Transaction& tx, const std::string& warningId, const std::string& recipient, int64_t atMs,
                        const std::string& by, const std::string& note, const std::string& via) = 0;
  virtual std::optional<AckTrack> track(const std::string& warningId, const std::string& recipient) = 0;
  virtual std::vector<AckTrack> tracks(const std::string& warningId) = 0;
  // Tracks past their deadline, unacked, with no open escalation and none raised for this deadline
  // (one the duty officer closed stays closed; an update that moves the deadline may raise anew).
  virtual std::vector<AckTrack> overdueTracks(int64_t nowMs) = 0;
  // Open escalations whose repeat is due.
  virtual std::vector<EscalationRecord> dueEscalations(int64_t nowMs) = 0;
  // Raises an escalation for (warning, recipient) only if it is still called for, checked by the
  // insert itself: the track is unacked and has a deadline, no escalation is open, and (Overdue)
  // the deadline passed at nowMs with none raised since it. Several instances firing the same
  // timer therefore raise it once: on SQLite writers take turns, on PostgreSQL the SERIALIZABLE
  // write of the loser fails, is retried, and finds the winner's row. Returns the new id, or none.
  virtual std::optional<int64_t> raiseEscalation(Transaction& tx, const std::string& warningId,
                                                 const std::string& recipient, int64_t nowMs, int64_t nextMs,
                                                 EscalationCause cause) = 0;
  // Repeats an open escalation whose repeat is due at nowMs; false when it is not (any more):
  // another instance repeated it, or it was acked or closed meanwhile.
  virtual bool repeatEscalation(Transaction& tx, int64_t id, int64_t nowMs, int64_t nextMs) = 0;
  // Open -> closed by the duty officer; false when it is not open (or does not exist).
  virtual bool closeEscalation(Transaction& tx, int64_t id, const std::string& by, const std::string& note,
                               int64_t nowMs) = 0;
  virtual std::optional<EscalationRecord> escalation(int64_t id) = 0;
  virtual std::vector<EscalationRecord> escalations(bool openOnly, const std::string& warningId = {}) = 0;

  // --- acknowledgement links ---
  virtual void insertAckLinks(Transaction& tx, const std::vector<AckLinkRecord>& links) = 0;
  virtual std::optional<AckLinkRecord> ackLink(const std::string& tokenHash) = 0;
  // Every link of the warning now expires at expiresMs (an update moves it, a cancel ends it now).
  virtual void expireAckLinks(Transaction& tx, const std::string& warningId, int64_t expiresMs) = 0;

  // --- SMS delivery receipts ---
  // Marks the receipt of every SMS delivery that went out under `outId` (its own id, or a digest's
  // OutId: AttemptOutcome::outId); returns how many were marked (0: none such).
  virtual size_t recordReceipt(Transaction& tx, const std::string& outId, const std::string& receipt,
                               int64_t atMs) = 0;

  // --- reporting ---
  virtual std::vector<DeliveryRecord> deliveries(const std::string& warningId) = 0;
  virtual std::vector<AttemptRecord> attempts(const std::string& deliveryId) = 0;
};

}  // namespace eoc::store
