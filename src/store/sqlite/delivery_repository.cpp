#include <algorithm>
#include <tuple>

#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

constexpr const char* kDeliveryColumns =
    "id, message, warning_id, recipient, url, state, attempts, created_ms, first_sent_ms, delivered_ms, "
    "next_attempt_ms, coalesce(last_error, ''), channel, channel_index, vendor_code, failure, receipt, receipt_ms";

DeliveryRecord readDelivery(const Statement& s) {
  DeliveryRecord d;
  d.id = s.text(0);
  d.message = s.text(1);
  d.warningId = s.text(2);
  d.recipient = s.text(3);
  d.url = s.optionalText(4);
  d.state = s.text(5);
  d.attempts = int(s.int64(6));
  d.createdMs = s.int64(7);
  d.firstSentMs = s.optionalInt64(8);
  d.deliveredMs = s.optionalInt64(9);
  d.nextAttemptMs = s.optionalInt64(10);
  d.lastError = s.text(11);
  d.channel = s.text(12);
  d.channelIndex = int(s.int64(13));
  d.vendorCode = s.text(14);
  d.failure = s.text(15);
  d.receipt = s.text(16);
  d.receiptMs = s.optionalInt64(17);
  return d;
}

constexpr const char* kMessageColumns =
    "identifier, warning_id, msg_type, status, level, exercise, content_type, payload, sent_ms, expires_ms, "
    "signal_type, headline, signal_text, guidance, sms, committees";

// Committee codes are digits: a comma-separated column keeps them without a JSON dialect.
std::string joinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::vector<std::string> splitCodes(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

BroadcastMessageRecord readMessage(const Statement& s) {
  BroadcastMessageRecord m;
  m.identifier = s.text(0);
  m.warningId = s.text(1);
  m.msgType = s.text(2);
  m.status = s.text(3);
  m.level = s.text(4);
  m.exercise = s.int64(5) != 0;
  m.contentType = s.text(6);
  m.payload = s.text(7);
  m.sentMs = s.int64(8);
  m.expiresMs = s.int64(9);
  m.signalType = s.text(10);
  m.headline = s.text(11);
  m.signalText = s.text(12);
  m.guidance = s.text(13);
  m.sms = s.text(14);
  m.committees = splitCodes(s.text(15));
  return m;
}

constexpr const char* kTrackColumns =
    "warning_id, recipient, level, exercise, first_sent_ms, due_ms, acked_ms, acked_by, ack_note, ack_via";

AckTrack readTrack(const Statement& s) {
  return AckTrack{s.text(0),          s.text(1),          s.text(2), s.int64(3) != 0, s.int64(4),
                  s.optionalInt64(5), s.optionalInt64(6), s.text(7), s.text(8),       s.text(9)};
}

constexpr const char* kEscalationColumns =
    "id, warning_id, recipient, raised_ms, repeats, last_ms, next_ms, state, closed_by, closed_note, closed_ms";

EscalationRecord readEscalation(const Statement& s) {
  return EscalationRecord{s.int64(0),         s.text(1), s.text(2), s.int64(3), int(s.int64(4)),    s.int64(5),
                          s.optionalInt64(6), s.text(7), s.text(8), s.text(9),  s.optionalInt64(10)};
}

std::string sql(const char* head, const char* columns, const char* tail) { return std::string(head) + columns + tail; }

}  // namespace

void DeliveryRepository::insertMessage(store::Transaction& tx, const BroadcastMessageRecord& m) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO broadcast_messages (identifier, warning_id, msg_type, status, level, exercise, content_type, "
          "payload, sent_ms, expires_ms, signal_type, headline, signal_text, guidance, sms, committees) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")
      .bindAll(m.identifier, m.warningId, m.msgType, m.status, m.level, int(m.exercise), m.contentType, m.payload,
               m.sentMs, m.expiresMs, m.signalType, m.headline, m.signalText, m.guidance, m.sms,
               joinCodes(m.committees))
      .run();
}

namespace {
// Rows are written kRowsPerInsert to a statement: one statement text (compiled once per
// connection), a twentieth of the statements' own cost (cursor, bind, step, reset) per row. The
// rows left over go one by one.
constexpr size_t kRowsPerInsert = 32;

// "(?1, ?2, ?3), (?4, ?5, ?6)" for rows = 2, columns = 3.
std::string placeholderRows(size_t rows, size_t columns) {
  std::string out;
  int n = 0;
  for (size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    for (size_t c = 0; c < columns; ++c) out += (c ? ", ?" : "?") + std::to_string(++n);
    out += ")";
  }
  return out;
}

// Binds row r of a statement whose rows have `columns` placeholders each, in order.
template <class... Values>
void bindRow(Statement& s, size_t r, size_t columns, const Values&... values) {
  int index = int(r * columns);
  (s.bind(++index, values), ...);
}

template <class Row, class BindRow>
void insertInChunks(Transaction& tx, const std::string& chunkSql, const std::string& oneSql,
                    const std::vector<Row>& rows, BindRow bindOne) {
  size_t at = 0;
  if (rows.size() >= kRowsPerInsert) {
    Statement chunk = tx.prepare(chunkSql);
    for (; at + kRowsPerInsert <= rows.size(); at += kRowsPerInsert) {
      for (size_t r = 0; r < kRowsPerInsert; ++r) bindOne(chunk, r, rows[at + r]);
      chunk.run();
    }
  }
  if (at == rows.size()) return;
  Statement one = tx.prepare(oneSql);
  for (; at < rows.size(); ++at) {
    bindOne(one, 0, rows[at]);
    one.run();
  }
}
}  // namespace

void DeliveryRepository::insertDeliveries(store::Transaction& tx, const std::vector<DeliveryRecord>& deliveries) {
  constexpr size_t kColumns = 14;
  static const std::string kHead =
      "INSERT INTO deliveries (id, message, warning_id, recipient, url, state, attempts, created_ms, first_sent_ms, "
      "delivered_ms, next_attempt_ms, last_error, channel, channel_index) VALUES ";
  static const std::string kChunk = kHead + placeholderRows(kRowsPerInsert, kColumns);
  static const std::string kOne = kHead + placeholderRows(1, kColumns);
  insertInChunks(Transaction::of(tx), kChunk, kOne, deliveries, [](Statement& s, size_t r, const DeliveryRecord& d) {
    bindRow(s, r, kColumns, d.id, d.message, d.warningId, d.recipient, d.url, d.state, d.attempts, d.createdMs,
            d.firstSentMs, d.deliveredMs, d.nextAttemptMs, d.lastError, d.channel, d.channelIndex);
  });
}

void DeliveryRepository::supersedePending(store::Transaction& tx, const std::string& warningId,
                                          const std::string& recipient, const std::string& newMessage) {
  Transaction::of(tx)
      .prepare(
          "UPDATE deliveries SET state = 'superseded', next_attempt_ms = NULL "
          "WHERE warning_id = ?1 AND recipient = ?2 AND message <> ?3 AND state = 'pending'")
      .bindAll(warningId, recipient, newMessage)
      .run();
}

bool DeliveryRepository::hasPendingOtherThan(store::Transaction& tx, const std::string& warningId,
                                             const std::string& message) {
  auto s = Transaction::of(tx).prepare(
      "SELECT 1 FROM deliveries WHERE warning_id = ?1 AND message <> ?2 AND state = 'pending' LIMIT 1");
  s.bindAll(warningId, message);
  return s.step();
}

void DeliveryRepository::upsertTracks(store::Transaction& tx, const std::vector<AckTrack>& tracks) {
  constexpr size_t kColumns = 6;
  static const std::string kHead =
      "INSERT INTO ack_tracks (warning_id, recipient, level, exercise, first_sent_ms, due_ms) VALUES ";
  static const std::string kTail =
      " ON CONFLICT (warning_id, recipient) DO UPDATE SET level = excluded.level, "
      "due_ms = CASE WHEN ack_tracks.acked_ms IS NULL THEN excluded.due_ms ELSE NULL END";
  static const std::string kChunk = kHead + placeholderRows(kRowsPerInsert, kColumns) + kTail;
  static const std::string kOne = kHead + placeholderRows(1, kColumns) + kTail;
  insertInChunks(Transaction::of(tx), kChunk, kOne, tracks, [](Statement& s, size_t r, const AckTrack& t) {
    bindRow(s, r, kColumns, t.warningId, t.recipient, t.level, int(t.exercise), t.firstSentMs, t.dueMs);
  });
}

int DeliveryRepository::endTracks(store::Transaction& tx, const std::string& warningId, int64_t nowMs) {
  Transaction::of(tx).prepare("UPDATE ack_tracks SET due_ms = NULL WHERE warning_id = ?1").bind(1, warningId).run();
  Transaction::of(tx)
      .prepare(
          "UPDATE escalations SET state = 'cancelled', next_ms = NULL, closed_ms = ?2 "
          "WHERE warning_id = ?1 AND state = 'open'")
      .bindAll(warningId, nowMs)
      .run();
  return int(Transaction::of(tx).connection().changes());
}

std::optional<BroadcastMessageRecord> DeliveryRepository::message(const std::string& identifier) {
  return db_.read([&](Connection& c) -> std::optional<BroadcastMessageRecord> {
    auto s = c.prepare(sql("SELECT ", kMessageColumns, " FROM broadcast_messages WHERE identifier = ?1"));
    s.bind(1, identifier);
    return firstRow(s, readMessage);
  });
}

std::optional<BroadcastMessageRecord> DeliveryRepository::latestMessage(store::Transaction& tx,
                                                                        const std::string& warningId) {
  // The table has no rowid (WITHOUT ROWID). Messages sent in the same second share their
  // identifier up to the counter N of "<unit>_<second>_<N>": longer, then greater, is later.
  auto s = Transaction::of(tx).prepare(sql("SELECT ", kMessageColumns,
                                           " FROM broadcast_messages WHERE warning_id = ?1 "
                                           "ORDER BY sent_ms DESC, length(identifier) DESC, identifier DESC LIMIT 1"));
  s.bind(1, warningId);
  return firstRow(s, readMessage);
}

std::vector<DeliveryRecord> DeliveryRepository::dueDeliveries(int64_t nowMs, size_t limit) {
  return db_.read([&](Connection& c) {
    auto s = c.prepare(sql("SELECT ", kDeliveryColumns,
                           " FROM deliveries WHERE state = 'pending' AND next_attempt_ms <= ?1 AND url IS NOT NULL "
                           "ORDER BY next_attempt_ms LIMIT ?2"));
    s.bindAll(nowMs, int64_t(limit));
    return allRows(s, readDelivery);
  });
}

std::vector<DeliveryRecord> DeliveryRepository::claimDue(const std::string& instance, int64_t nowMs,
                                                         int64_t leaseUntilMs, size_t limit) {
  // Shared store: a live lease of any instance (this one's own in-flight rows too) keeps a row
  // out, and SKIP LOCKED passes over rows another instance is claiming this very moment.
  static const std::string kShared = sql(
      "UPDATE deliveries SET claimed_by = ?1, lease_until_ms = ?2 WHERE id IN (SELECT id FROM deliveries "
      "WHERE state = 'pending' AND url IS NOT NULL AND next_attempt_ms <= ?3 "
      "AND (lease_until_ms IS NULL OR lease_until_ms < ?3) ORDER BY next_attempt_ms LIMIT ?4 FOR UPDATE SKIP LOCKED) "
      "RETURNING ",
      kDeliveryColumns, "");
  // One instance: a lease left by a killed predecessor (another instance name: each process draws
  // its own) must not delay the restart, so only this instance's own live leases keep a row out.
  // Without that, every call returned the rows already in flight too, and each completion cost a
  // write transaction over the whole in-flight window.
  static const std::string kSingle =
      sql("UPDATE deliveries SET claimed_by = ?1, lease_until_ms = ?2 WHERE id IN (SELECT id FROM deliveries "
          "WHERE state = 'pending' AND url IS NOT NULL AND next_attempt_ms <= ?3 "
          "AND NOT (COALESCE(claimed_by, '') = ?1 AND COALESCE(lease_until_ms, 0) >= ?3) "
          "ORDER BY next_attempt_ms LIMIT ?4) "
          "RETURNING ",
          kDeliveryColumns, "");
  std::vector<DeliveryRecord> claimed = db_.claim([&](Transaction& tx) {
    Statement s = tx.prepare(tx.isPostgres() ? kShared : kSingle);
    s.bindAll(instance, leaseUntilMs, nowMs, int64_t(limit));
    return allRows(s, readDelivery);
  });
  // RETURNING comes in no particular order.
  std::sort(claimed.begin(), claimed.end(), [](const DeliveryRecord& a, const DeliveryRecord& b) {
    return std::tie(a.nextAttemptMs, a.id) < std::tie(b.nextAttemptMs, b.id);
  });
  return claimed;
}

namespace {
// Claims are renewed and released by id in fixed-size chunks: one statement text (prepared once
// per connection on PostgreSQL) whatever the number of ids; the unused places hold ''.
constexpr size_t kClaimChunk = 32;

std::string inChunk(int first) {
  std::string list;
  for (size_t i = 0; i < kClaimChunk; ++i) list += (i ? ", ?" : "?") + std::to_string(first + int(i));
  return list;
}

template <class Bind>
void forEachChunk(Transaction& tx, const std::string& sqlText, int first, const std::vector<std::string>& ids,
                  Bind bindFixed) {
  Statement s = tx.prepare(sqlText);
  for (size_t at = 0; at < ids.size(); at += kClaimChunk) {
    bindFixed(s);
    for (size_t i = 0; i < kClaimChunk; ++i)
      s.bind(first + int(i), at + i < ids.size() ? ids[at + i] : std::string());
    s.run();
  }
}
}  // namespace

void DeliveryRepository::renewClaims(const std::string& instance, const std::vector<std::string>& ids,
                                     int64_t leaseUntilMs) {
  if (ids.empty()) return;
  static const std::string kRenew =
      "UPDATE deliveries SET lease_until_ms = ?2 WHERE claimed_by = ?1 AND state = 'pending' AND id IN (" +
      inChunk(3) + ")";
  db_.claim([&](Transaction& tx) {
    forEachChunk(tx, kRenew, 3, ids, [&](Statement& s) { s.bind(1, instance).bind(2, leaseUntilMs); });
  });
}

void DeliveryRepository::releaseClaims(const std::string& instance, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  static const std::string kRelease =
      "UPDATE deliveries SET claimed_by = NULL, lease_until_ms = NULL WHERE claimed_by = ?1 AND state = 'pending' "
      "AND id IN (" + inChunk(2) + ")";
  db_.claim([&](Transaction& tx) { forEachChunk(tx, kRelease, 2, ids, [&](Statement& s) { s.bind(1, instance); }); });
}

std::optional<int64_t> DeliveryRepository::nextDueMs() {
  return db_.read([&](Connection& c) -> std::optional<int64_t> {
    auto s = c.prepare("SELECT min(next_attempt_ms) FROM deliveries WHERE state = 'pending' AND url IS NOT NULL");
    s.step();
    return s.optionalInt64(0);
  });
}

void DeliveryRepository::recordOutcomes(const std::vector<AttemptOutcome>& outcomes) {
  if (outcomes.empty()) return;
  // One UPDATE per outcome counts the attempt and, when this instance still holds the row, sets
  // its fate; RETURNING gives the attempt's number for the attempt row. The row's lock, taken by
  // the UPDATE, makes that number this transaction's own even when another instance records an
  // attempt of the same row. `C` below is "the claim is ours": a late outcome of an instance whose
  // lease lapsed (and whose row another instance now holds) is an attempt, not the delivery's fate.
  static const std::string kRecord = [] {
    const std::string ours = "(?9 = '' OR claimed_by IS NULL OR claimed_by = ?9)";
    return "UPDATE deliveries SET attempts = attempts + 1, first_sent_ms = coalesce(first_sent_ms, ?2), "
           "out_id = CASE WHEN CAST(?10 AS TEXT) = '' THEN out_id ELSE CAST(?10 AS TEXT) END, "
           "delivered_ms = CASE WHEN " + ours + " AND ?3 THEN CAST(?2 AS BIGINT) + CAST(?6 AS BIGINT) "
           "ELSE delivered_ms END, "
           "state = CASE WHEN NOT " + ours + " OR state <> 'pending' THEN state WHEN ?3 THEN 'delivered' "
           "WHEN ?8 THEN 'stopped' WHEN CAST(?4 AS BIGINT) IS NULL THEN 'expired' ELSE 'pending' END, "
           "failure = CASE WHEN " + ours + " AND state = 'pending' AND ?8 THEN 'permanent' ELSE failure END, "
           "vendor_code = CASE WHEN NOT " + ours + " OR ?3 THEN vendor_code ELSE CAST(?7 AS TEXT) END, "
           "next_attempt_ms = CASE WHEN NOT " + ours + " THEN next_attempt_ms WHEN ?3 OR ?8 THEN NULL "
           "ELSE CAST(?4 AS BIGINT) END, "
           "last_error = CASE WHEN " + ours + " THEN CAST(?5 AS TEXT) ELSE last_error END, "
           "claimed_by = CASE WHEN " + ours + " THEN NULL ELSE claimed_by END, "
           "lease_until_ms = CASE WHEN " + ours + " THEN NULL ELSE lease_until_ms END "
           "WHERE id = ?1 RETURNING attempts";
  }();
  struct Attempt {
    const AttemptOutcome* outcome;
    int64_t n;
  };
  constexpr size_t kColumns = 6;
  static const std::string kHead =
      "INSERT INTO delivery_attempts (delivery_id, n, at_ms, status, error, latency_ms) VALUES ";
  static const std::string kChunk = kHead + placeholderRows(kRowsPerInsert, kColumns);
  static const std::string kOne = kHead + placeholderRows(1, kColumns);
  db_.claim([&](Transaction& tx) {
    std::vector<Attempt> attempts;
    attempts.reserve(outcomes.size());
    for (const auto& o : outcomes) {
      std::string lastError = o.delivered ? "" : (o.error.empty() ? "HTTP " + std::to_string(o.status) : o.error);
      // Prepared per outcome (a cache lookup): leaving the scope resets it after its one row.
      auto record = tx.prepare(kRecord);
      record.bindAll(o.deliveryId, o.atMs, int(o.delivered), o.nextAttemptMs, lastError, o.latencyMs, o.vendorCode,
                     int(o.permanent), o.claimedBy, o.outId);
      if (record.step()) attempts.push_back({&o, record.int64(0)});  // no row: the delivery is gone
    }
    insertInChunks(tx, kChunk, kOne, attempts, [](Statement& s, size_t r, const Attempt& a) {
      const auto& o = *a.outcome;
      bindRow(s, r, kColumns, o.deliveryId, a.n, o.atMs, o.status, o.error, o.latencyMs);
    });
  });
}

int DeliveryRepository::expirePending(int64_t nowMs) {
  return db_.claim([&](Transaction& tx) {
    tx.prepare(
          "UPDATE deliveries SET state = 'expired', next_attempt_ms = NULL WHERE state = 'pending' AND message IN "
          "(SELECT identifier FROM broadcast_messages WHERE expires_ms <= ?1)")
        .bind(1, nowMs)
        .run();
    return int(tx.connection().changes());
  });
}

bool DeliveryRepository::retryNow(store::Transaction& tx, const std::string& warningId, const std::string& recipient,
                                  int64_t nowMs) {
  Transaction::of(tx)
      .prepare(
          "UPDATE deliveries SET next_attempt_ms = ?3 WHERE warning_id = ?1 AND recipient = ?2 AND state = 'pending'")
      .bindAll(warningId, recipient, nowMs)
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

AckResult DeliveryRepository::ack(store::Transaction& tx, const std::string& warningId, const std::string& recipient,
                                  int64_t atMs, const std::string& by, const std::string& note,
                                  const std::string& via) {
  auto s = Transaction::of(tx).prepare("SELECT acked_ms FROM ack_tracks WHERE warning_id = ?1 AND recipient = ?2");
  s.bindAll(warningId, recipient);
  if (!s.step()) return AckResult::NotTargeted;
  if (!s.isNull(0)) return AckResult::AlreadyAcked;
  Transaction::of(tx)
      .prepare(
          "UPDATE ack_tracks SET acked_ms = ?3, acked_by = ?4, ack_note = ?5, ack_via = ?6, due_ms = NULL "
          "WHERE warning_id = ?1 AND recipient = ?2")
      .bindAll(warningId, recipient, atMs, by, note, via)
      .run();
  Transaction::of(tx)
      .prepare(
          "UPDATE escalations SET state = 'acked', next_ms = NULL, closed_ms = ?3, closed_by = ?4 "
          "WHERE warning_id = ?1 AND recipient = ?2 AND state = 'open'")
      .bindAll(warningId, recipient, atMs, by)
      .run();
  Transaction::of(tx)
      .prepare(
          "UPDATE deliveries SET state = 'stopped', next_attempt_ms = NULL "
          "WHERE warning_id = ?1 AND recipient = ?2 AND state = 'pending'")
      .bindAll(warningId, recipient)
      .run();
  return AckResult::Acked;
}

std::optional<AckTrack> DeliveryRepository::track(const std::string& warningId, const std::string& recipient) {
  return db_.read([&](Connection& c) -> std::optional<AckTrack> {
    auto s = c.prepare(sql("SELECT ", kTrackColumns, " FROM ack_tracks WHERE warning_id = ?1 AND recipient = ?2"));
    s.bindAll(warningId, recipient);
    return firstRow(s, readTrack);
  });
}

std::vector<AckTrack> DeliveryRepository::tracks(const std::string& warningId) {
  return db_.read([&](Connection& c) {
    auto s = c.prepare(sql("SELECT ", kTrackColumns, " FROM ack_tracks WHERE warning_id = ?1 ORDER BY recipient"));
    s.bind(1, warningId);
    return allRows(s, readTrack);
  });
}

std::vector<AckTrack> DeliveryRepository::overdueTracks(int64_t nowMs) {
  return db_.read([&](Connection& c) {
    auto s =
        c.prepare(sql("SELECT ", kTrackColumns,
                      " FROM ack_tracks AS t WHERE due_ms <= ?1 AND acked_ms IS NULL AND NOT EXISTS "
                      "(SELECT 1 FROM escalations AS e WHERE e.warning_id = t.warning_id AND "
                      "e.recipient = t.recipient AND (e.state = 'open' OR e.raised_ms >= t.due_ms)) ORDER BY due_ms"));
    s.bind(1, nowMs);
    return allRows(s, readTrack);
  });
}

std::vector<EscalationRecord> DeliveryRepository::dueEscalations(int64_t nowMs) {
  return db_.read([&](Connection& c) {
    auto s = c.prepare(sql("SELECT ", kEscalationColumns,
                           " FROM escalations WHERE state = 'open' AND next_ms <= ?1 ORDER BY next_ms"));
    s.bind(1, nowMs);
    return allRows(s, readEscalation);
  });
}

std::optional<int64_t> DeliveryRepository::raiseEscalation(store::Transaction& tx, const std::string& warningId,
                                                           const std::string& recipient, int64_t nowMs,
                                                           int64_t nextMs, EscalationCause cause) {
  // The check and the insert are one statement in the caller's write: see the interface.
  Statement s = Transaction::of(tx).prepare(
      "INSERT INTO escalations (warning_id, recipient, raised_ms, last_ms, next_ms, state) "
      "SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), 'open' "
      "WHERE EXISTS (SELECT 1 FROM ack_tracks AS t WHERE t.warning_id = ?1 AND t.recipient = ?2 "
      "AND t.acked_ms IS NULL AND t.due_ms IS NOT NULL AND (?5 = 0 OR t.due_ms <= ?3) "
      "AND NOT EXISTS (SELECT 1 FROM escalations AS e WHERE e.warning_id = t.warning_id AND "
      "e.recipient = t.recipient AND (e.state = 'open' OR (?5 = 1 AND e.raised_ms >= t.due_ms)))) "
      "RETURNING id");
  s.bindAll(warningId, recipient, nowMs, nextMs, int(cause == EscalationCause::Overdue));
  if (!s.step()) return std::nullopt;
  int64_t id = s.int64(0);
  while (s.step()) {
  }
  return id;
}

bool DeliveryRepository::repeatEscalation(store::Transaction& tx, int64_t id, int64_t nowMs, int64_t nextMs) {
  Transaction::of(tx)
      .prepare(
          "UPDATE escalations SET repeats = repeats + 1, last_ms = ?2, next_ms = ?3 "
          "WHERE id = ?1 AND state = 'open' AND next_ms <= ?2")
      .bindAll(id, nowMs, nextMs)
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

bool DeliveryRepository::closeEscalation(store::Transaction& tx, int64_t id, const std::string& by,
                                         const std::string& note, int64_t nowMs) {
  Transaction::of(tx)
      .prepare(
          "UPDATE escalations SET state = 'closed', next_ms = NULL, closed_by = ?2, closed_note = ?3, closed_ms = ?4 "
          "WHERE id = ?1 AND state = 'open'")
      .bindAll(id, by, note, nowMs)
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

std::optional<EscalationRecord> DeliveryRepository::escalation(int64_t id) {
  return db_.read([&](Connection& c) -> std::optional<EscalationRecord> {
    auto s = c.prepare(sql("SELECT ", kEscalationColumns, " FROM escalations WHERE id = ?1"));
    s.bind(1, id);
    return firstRow(s, readEscalation);
  });
}

std::vector<EscalationRecord> DeliveryRepository::escalations(bool openOnly, const std::string& warningId) {
  return db_.read([&](Connection& c) {
    auto s = c.prepare(sql("SELECT ", kEscalationColumns,
                           " FROM escalations WHERE (?1 = 0 OR state = 'open') AND (?2 = '' OR warning_id = ?2) "
                           "ORDER BY id"));
    s.bindAll(int(openOnly), warningId);
    return allRows(s, readEscalation);
  });
}

void DeliveryRepository::insertAckLinks(store::Transaction& tx, const std::vector<AckLinkRecord>& links) {
  auto insert = Transaction::of(tx).prepare(
      // A link is derived from (message, recipient), so a resumed delivery stores the same hash
      // again: the row already there stays as it is (portable upsert: SQLite ≥ 3.24, PostgreSQL).
      "INSERT INTO ack_links (token_hash, warning_id, recipient, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (token_hash) DO NOTHING");
  for (const auto& l : links) insert.bindAll(l.tokenHash, l.warningId, l.recipient, l.createdMs, l.expiresMs).run();
}

std::optional<AckLinkRecord> DeliveryRepository::ackLink(const std::string& tokenHash) {
  return db_.read([&](Connection& c) -> std::optional<AckLinkRecord> {
    auto s = c.prepare(
        "SELECT token_hash, warning_id, recipient, created_ms, expires_ms FROM ack_links WHERE token_hash = ?1");
    s.bind(1, tokenHash);
    return firstRow(s, [](const Statement& row) {
      return AckLinkRecord{row.text(0), row.text(1), row.text(2), row.int64(3), row.int64(4)};
    });
  });
}

void DeliveryRepository::expireAckLinks(store::Transaction& tx, const std::string& warningId, int64_t expiresMs) {
  Transaction::of(tx)
      .prepare("UPDATE ack_links SET expires_ms = ?2 WHERE warning_id = ?1")
      .bindAll(warningId, expiresMs)
      .run();
}

size_t DeliveryRepository::recordReceipt(store::Transaction& tx, const std::string& outId, const std::string& receipt,
                                         int64_t atMs) {
  Transaction::of(tx)
      .prepare("UPDATE deliveries SET receipt = ?2, receipt_ms = ?3 WHERE (id = ?1 OR out_id = ?1) AND channel = 'sms'")
      .bindAll(outId, receipt, atMs)
      .run();
  return size_t(Transaction::of(tx).connection().changes());
}

std::vector<DeliveryRecord> DeliveryRepository::deliveries(const std::string& warningId) {
  return db_.read([&](Connection& c) {
    auto s = c.prepare(
        sql("SELECT ", kDeliveryColumns, " FROM deliveries WHERE warning_id = ?1 ORDER BY recipient, created_ms, id"));
    s.bind(1, warningId);
    return allRows(s, readDelivery);
  });
}

std::vector<AttemptRecord> DeliveryRepository::attempts(const std::string& deliveryId) {
  return db_.read([&](Connection& c) {
    auto s = c.prepare(
        "SELECT delivery_id, n, at_ms, status, error, latency_ms FROM delivery_attempts WHERE delivery_id = ?1 "
        "ORDER BY n");
    s.bind(1, deliveryId);
    return allRows(s, [](const Statement& row) {
      return AttemptRecord{row.text(0), int(row.int64(1)), row.int64(2), int(row.int64(3)), row.text(4), row.int64(5)};
    });
  });
}

}  // namespace eoc::store::sqlite
