#pragma once
// The SQLite implementations of the store's repositories (store/*_repository.hpp): every SQL
// statement of eoc lives in store/sqlite/. Each repository reads through the Database's read
// pool and writes with the transaction the caller passes (Transaction::of(tx)).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/time.hpp"
#include "store/activation_repository.hpp"
#include "store/audit_repository.hpp"
#include "store/delivery_repository.hpp"
#include "store/drill_repository.hpp"
#include "store/event_repository.hpp"
#include "store/stock_repository.hpp"
#include "store/duty_repository.hpp"
#include "store/incident_repository.hpp"
#include "store/sqlite/database.hpp"
#include "store/team_repository.hpp"
#include "store/throttle_repository.hpp"
#include "store/token_repository.hpp"
#include "store/warning_repository.hpp"

namespace eoc::store::sqlite {

class ActivationRepository final : public store::ActivationRepository {
 public:
  explicit ActivationRepository(Database& db) : db_(db) {}

  void insert(store::Transaction& tx, const ActivationRecord& record) override;
  std::optional<ActivationRecord> find(const std::string& id) override;
  bool setActionStatus(store::Transaction& tx, const std::string& id, int n, ActionState state, const std::string& note,
                       const std::string& actor, TimePoint at) override;
  std::vector<ActionStatus> actionStatuses(const std::string& id) override;

 private:
  Database& db_;
};

class AuditRepository final : public store::AuditRepository {
 public:
  explicit AuditRepository(Database& db) : db_(db) {}

  int64_t append(store::Transaction& tx, const AuditEntry& entry) override;
  std::vector<AuditRecord> query(const AuditQuery& query) override;

 private:
  Database& db_;
};

class DeliveryRepository final : public store::DeliveryRepository {
 public:
  explicit DeliveryRepository(Database& db) : db_(db) {}

  void insertMessage(store::Transaction& tx, const BroadcastMessageRecord& message) override;
  void insertDeliveries(store::Transaction& tx, const std::vector<DeliveryRecord>& deliveries) override;
  void supersedePending(store::Transaction& tx, const std::string& warningId, const std::string& recipient,
                        const std::string& newMessage) override;
  bool hasPendingOtherThan(store::Transaction& tx, const std::string& warningId, const std::string& message) override;
  void upsertTracks(store::Transaction& tx, const std::vector<AckTrack>& tracks) override;
  int endTracks(store::Transaction& tx, const std::string& warningId, int64_t nowMs) override;
  std::optional<BroadcastMessageRecord> message(const std::string& identifier) override;
  std::optional<BroadcastMessageRecord> latestMessage(store::Transaction& tx, const std::string& warningId) override;
  std::vector<DeliveryRecord> dueDeliveries(int64_t nowMs, size_t limit) override;
  std::vector<DeliveryRecord> claimDue(const std::string& instance, int64_t nowMs, int64_t leaseUntilMs,
                                       size_t limit) override;
  void renewClaims(const std::string& instance, const std::vector<std::string>& ids, int64_t leaseUntilMs) override;
  void releaseClaims(const std::string& instance, const std::vector<std::string>& ids) override;
  std::optional<int64_t> nextDueMs() override;
  void recordOutcomes(const std::vector<AttemptOutcome>& outcomes) override;
  int expirePending(int64_t nowMs) override;
  bool retryNow(store::Transaction& tx, const std::string& warningId, const std::string& recipient,
                int64_t nowMs) override;
  AckResult ack(store::Transaction& tx, const std::string& warningId, const std::string& recipient, int64_t atMs,
                const std::string& by, const std::string& note, const std::string& via) override;
  std::optional<AckTrack> track(const std::string& warningId, const std::string& recipient) override;
  std::vector<AckTrack> tracks(const std::string& warningId) override;
  std::vector<AckTrack> overdueTracks(int64_t nowMs) override;
  std::vector<EscalationRecord> dueEscalations(int64_t nowMs) override;
  std::optional<int64_t> raiseEscalation(store::Transaction& tx, const std::string& warningId,
                                         const std::string& recipient, int64_t nowMs, int64_t nextMs,
                                         EscalationCause cause) override;
  bool repeatEscalation(store::Transaction& tx, int64_t id, int64_t nowMs, int64_t nextMs) override;
  bool closeEscalation(store::Transaction& tx, int64_t id, const std::string& by, const std::string& note,
                       int64_t nowMs) override;
  std::optional<EscalationRecord> escalation(int64_t id) override;
  std::vector<EscalationRecord> escalations(bool openOnly, const std::string& warningId) override;
  void insertAckLinks(store::Transaction& tx, const std::vector<AckLinkRecord>& links) override;
  std::optional<AckLinkRecord> ackLink(const std::string& tokenHash) override;
  void expireAckLinks(store::Transaction& tx, const std::string& warningId, int64_t expiresMs) override;
  size_t recordReceipt(store::Transaction& tx, const std::string& outId, const std::string& receipt,
                     int64_t atMs) override;
  std::vector<DeliveryRecord> deliveries(const std::string& warningId) override;
  std::vector<AttemptRecord> attempts(const std::string& deliveryId) override;

 private:
  Database& db_;
};

class DrillRepository final : public store::DrillRepository {
 public:
  explicit DrillRepository(Database& db) : db_(db) {}

  void insert(store::Transaction& tx, const DrillRecord& record) override;
  std::optional<DrillRecord> find(const std::string& id) override;
  std::optional<DrillRecord> find(store::Transaction& tx, const std::string& id) override;
  std::vector<std::string> ids() override;
  std::vector<DrillSummary> summaries(std::optional<DrillState> state, size_t limit) override;
  bool replaceMsel(store::Transaction& tx, const std::string& id, const nlohmann::json& msel, TimePoint at) override;
  bool recordRun(store::Transaction& tx, const std::string& id, DrillState state, const nlohmann::json& run,
                 const nlohmann::json& report, TimePoint at) override;

 private:
  Database& db_;
};

class StockRepository final : public store::StockRepository {
 public:
  explicit StockRepository(Database& db) : db_(db) {}

  std::vector<int64_t> append(store::Transaction& tx, const std::vector<StockEntryRow>& entries) override;
  std::vector<StockEntryRow> all() override;
  std::vector<StockBalanceRow> balances(store::Transaction& tx) override;
  std::vector<StockBalanceRow> balances() override;
  std::vector<StockEntryRow> query(const StockLedgerFilter& filter) override;

 private:
  Database& db_;
};

class DutyRepository final : public store::DutyRepository {
 public:
  explicit DutyRepository(Database& db) : db_(db) {}

  void replaceShifts(store::Transaction& tx, TimePoint from, TimePoint to, const std::vector<ShiftRow>& shifts) override;
  std::vector<ShiftRow> shifts() override;
  int64_t appendLog(store::Transaction& tx, const DutyLogRow& entry) override;
  std::optional<DutyLogRow> findLog(const std::string& id) override;
  std::vector<DutyLogRow> log(const DutyLogFilter& filter) override;
  void insertReport(store::Transaction& tx, const ReportRow& report) override;
  std::vector<ReportRow> reports(const std::string& incidentId) override;
  std::vector<ReportRow> reportsOfOpenIncidents() override;
  std::vector<ReportRow> zeroReports() override;
  bool raiseEscalation(store::Transaction& tx, const ReportEscalationRow& escalation) override;
  bool closeEscalation(store::Transaction& tx, const std::string& key, TimePoint at,
                       const std::optional<std::string>& reportId) override;
  std::vector<ReportEscalationRow> escalations(bool openOnly) override;
  void insertHandover(store::Transaction& tx, const HandoverRow& handover) override;
  bool acceptHandover(store::Transaction& tx, const std::string& id, const std::string& by, TimePoint at) override;
  std::optional<HandoverRow> findHandover(const std::string& id) override;
  std::vector<HandoverRow> handovers(size_t limit) override;

 private:
  Database& db_;
};

class IncidentRepository final : public store::IncidentRepository {
 public:
  explicit IncidentRepository(Database& db) : db_(db) {}

  void insert(store::Transaction& tx, const IncidentRow& incident) override;
  std::optional<IncidentRow> find(const std::string& id) override;
  std::vector<IncidentRow> list(const IncidentFilter& filter) override;
  bool close(store::Transaction& tx, const std::string& id, TimePoint at, const std::string& by) override;

 private:
  Database& db_;
};

class TeamRepository final : public store::TeamRepository {
 public:
  explicit TeamRepository(Database& db) : db_(db) {}

  void recordStatus(store::Transaction& tx, const StatusChange& change) override;
  void appendPosition(store::Transaction& tx, const PositionRecord& fix, size_t keepPerTeam) override;
  void insertDispatch(store::Transaction& tx, const DispatchRecord& dispatch) override;
  bool markMilestone(store::Transaction& tx, const std::string& incidentId, const std::string& teamId,
                     DispatchMilestone milestone, TimePoint at) override;
  std::vector<TeamStateRecord> states() override;
  std::vector<PositionRecord> latestPositions() override;
  std::vector<StatusHistoryRecord> history(const std::string& teamId, size_t limit) override;
  std::vector<StatusHistoryRecord> historySince(TimePoint since) override;
  std::vector<PositionRecord> track(const std::string& teamId, size_t limit) override;
  std::vector<DispatchRecord> dispatches(const std::string& incidentId) override;

 private:
  Database& db_;
};

class EventRepository final : public store::EventRepository {
 public:
  explicit EventRepository(Database& db) : db_(db) {}

  int64_t append(const EventRow& row) override;
  std::vector<EventRow> after(int64_t afterSeq, size_t limit) override;
  int64_t lastSeq() override;
  int64_t prune(int64_t olderThanMs, int64_t keep) override;
  std::unique_ptr<EventWatch> watch(std::function<void()> changed) override;

 private:
  // The NOTIFY channel of this schema's journal (PostgreSQL), read once.
  std::string channel();

  Database& db_;
  std::mutex channelMutex_;
  std::string channel_;
};

class ThrottleRepository final : public store::ThrottleRepository {
 public:
  explicit ThrottleRepository(Database& db) : db_(db) {}

  int64_t takeToken(const std::string& bucket, double perSecond, double burst, int64_t nowMs) override;
  int64_t takeSlot(const std::string& bucket, const std::vector<ThrottleWindow>& windows, int64_t nowMs) override;

 private:
  Database& db_;
};

class TokenRepository final : public store::TokenRepository {
 public:
  TokenRepository(Database& db, const TimeSource& clock, std::chrono::seconds cacheTtl = std::chrono::seconds(60));

  CreatedToken create(Role role, const std::string& subject, const std::string& name) override;
  CreatedToken create(store::Transaction& tx, Role role, const std::string& subject, const std::string& name) override;
  std::optional<Principal> authenticate(const std::string& token) override;
  bool revoke(const std::string& tokenId) override;
  bool revoke(store::Transaction& tx, const std::string& tokenId) override;
  std::vector<TokenInfo> list() override;

 private:
  struct CacheEntry {
    Principal principal;
    TimePoint verifiedAt;
  };
  void forget(const std::string& tokenId);

  Database& db_;
  const TimeSource& clock_;
  std::chrono::seconds cacheTtl_;
  // Verified tokens (sha256(token) -> Principal): a cached request costs one hash and no SQL. An
  // entry is dropped when its token's revoke() commits and re-checked against the database after
  // cacheTtl_, so that a revocation made by another process (the `eoc token` CLI) takes effect
  // within that time.
  std::shared_mutex cacheMutex_;
  std::unordered_map<std::string, CacheEntry> cache_;  // key: sha256Hex(whole token)
  // Bumped by every revocation: a verification that started before a revocation committed must
  // not put its (now stale) result into the cache.
  uint64_t revocations_ = 0;
};

class WarningRepository final : public store::WarningRepository {
 public:
  explicit WarningRepository(Database& db) : db_(db) {}

  void insert(store::Transaction& tx, const WarningRow& row) override;
  void update(store::Transaction& tx, const WarningRow& row) override;
  void addMessage(store::Transaction& tx, const WarningMessageRow& message) override;
  std::optional<WarningRow> find(store::Transaction& tx, const std::string& id) override;
  std::optional<WarningRow> find(const std::string& id) override;
  std::vector<WarningRow> list(const WarningFilter& filter) override;
  size_t count(const WarningFilter& filter) override;
  std::map<std::string, WarningDeliverySummary> deliverySummaries(const WarningFilter& filter) override;
  std::vector<WarningMonthCount> countsByMonth(const WarningFilter& filter) override;
  std::vector<WarningRow> live(store::Transaction& tx) override;
  std::vector<WarningRow> live() override;
  std::vector<WarningRow> liveOrEndedSince(TimePoint since) override;
  std::vector<WarningRow> ofDrill(store::Transaction& tx, const std::string& drillId) override;
  std::vector<WarningRow> ofDrill(const std::string& drillId) override;
  std::vector<WarningMessageRow> messages(const std::string& warningId) override;
  std::optional<WarningMessageRow> message(const std::string& identifier) override;
  bool messageExists(store::Transaction& tx, const std::string& identifier) override;
  std::optional<IngestRecord> findIngest(store::Transaction& tx, const std::string& sender,
                                         const std::string& identifier) override;
  void recordIngest(store::Transaction& tx, const IngestRecord& record) override;
  std::optional<std::string> relayOf(store::Transaction& tx, const std::string& sender,
                                     const std::string& identifier) override;

 private:
  Database& db_;
};

}  // namespace eoc::store::sqlite
