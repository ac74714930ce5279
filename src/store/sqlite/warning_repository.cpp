#include <algorithm>

#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

constexpr const char* kWarningColumns =
    "id, state, status, type, level, author, approver, created_at, updated_at, expires, ended_at, activation_id, "
    "body_json, history_json, proposal_json";

WarningRow readRow(const Statement& s) {
  WarningRow row;
  row.id = s.text(0);
  row.state = s.text(1);
  row.status = s.text(2);
  row.type = s.text(3);
  row.level = s.text(4);
  row.author = s.text(5);
  row.approver = s.text(6);
  row.createdAt = timeAt(s, 7, "warnings.created_at");
  row.updatedAt = timeAt(s, 8, "warnings.updated_at");
  row.expires = timeAt(s, 9, "warnings.expires");
  row.endedAt = optionalTimeAt(s, 10, "warnings.ended_at");
  row.activationId = s.optionalText(11);
  row.body = jsonAt(s, 12, "warnings.body_json");
  row.history = jsonAt(s, 13, "warnings.history_json");
  if (row.history.is_null()) row.history = nlohmann::json::array();
  row.proposal = jsonAt(s, 14, "warnings.proposal_json");
  return row;
}

std::string selectWhere(const std::string& where) {
  return std::string("SELECT ") + kWarningColumns + " FROM warnings " + where;
}

// SQL text is constant per call site (see statement.hpp): every variant is spelled out here.
const std::string kFindSql = selectWhere("WHERE id = ?1");
const std::string kLiveSql = selectWhere("WHERE state IN ('issued', 'updated') ORDER BY expires, id");
const std::string kFeedSql = selectWhere(
    "WHERE state IN ('issued', 'updated') OR (ended_at IS NOT NULL AND ended_at >= ?1) ORDER BY created_at DESC, id");
// A drill's warnings are few and drills are rare: no column or index kept. JSON field extraction
// is spelled differently on each backend (store-backends.md §3), so the SQL narrows by text and
// the document's drill_id is compared in C++.
const std::string kDrillSql = selectWhere("WHERE body_json LIKE '%\"drill_id\"%' ORDER BY created_at DESC, id DESC");
// The one WHERE of list, count, page summaries and statistics (parameters 1–8, bindFilter), in
// the portable subset (docs/store-backends.md §3). created_at is Beijing-time text with a fixed
// offset, so text comparison orders it like the instants it names, and its first seven
// characters are the Beijing month.
const std::string kFilter =
    "(CAST(?1 AS TEXT) IS NULL OR status = ?1) AND (?2 = 0 OR state IN ('issued', 'updated')) AND (?3 = 1 OR approver <> '') "
    "AND (CAST(?4 AS TEXT) IS NULL OR created_at >= ?4) AND (CAST(?5 AS TEXT) IS NULL OR created_at < ?5) AND (CAST(?6 AS TEXT) IS NULL OR type = ?6) "
    "AND (CAST(?7 AS TEXT) IS NULL OR level = ?7) AND (CAST(?8 AS TEXT) IS NULL OR state = ?8)";
const std::string kPage = "ORDER BY created_at DESC, id DESC LIMIT ?9 OFFSET ?10";
const std::string kListSql = selectWhere("WHERE " + kFilter + " " + kPage);
const std::string kCountSql = "SELECT COUNT(*) FROM warnings WHERE " + kFilter;
const std::string kPageIds = "SELECT id FROM warnings WHERE " + kFilter + " " + kPage;
const std::string kDeliverySummarySql =
    "SELECT warning_id, COUNT(DISTINCT recipient), "
    "COUNT(DISTINCT CASE WHEN state = 'delivered' THEN recipient END), "
    "SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), "
    "COUNT(DISTINCT CASE WHEN state IN ('expired', 'stopped') THEN recipient END) "
    "FROM deliveries WHERE warning_id IN (" + kPageIds + ") GROUP BY warning_id";
const std::string kAckSummarySql =
    "SELECT warning_id, COUNT(*), SUM(CASE WHEN acked_ms IS NOT NULL THEN 1 ELSE 0 END) FROM ack_tracks "
    "WHERE warning_id IN (" + kPageIds + ") GROUP BY warning_id";
const std::string kMonthCountsSql =
    "SELECT substr(created_at, 1, 7), type, level, COUNT(*) FROM warnings WHERE " + kFilter +
    " GROUP BY substr(created_at, 1, 7), type, level ORDER BY 1, 2, 3";

Statement& bindFilter(Statement& s, const WarningFilter& f) {
  return s.bindAll(f.status, int(f.liveOnly), int(f.includeDrafts), timeText(f.from), timeText(f.to), f.type, f.level,
                   f.state);
}

Statement& bindPage(Statement& s, const WarningFilter& f) {
  bindFilter(s, f);
  s.bind(9, int64_t(f.limit));
  s.bind(10, int64_t(f.offset));
  return s;
}

IngestRecord readIngest(const Statement& s) {
  return IngestRecord{
      s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), timeAt(s, 6, "cap_ingest.received_at")};
}

WarningMessageRow readMessage(const Statement& s) {
  return WarningMessageRow{s.text(0), s.text(1),
                           s.text(2), timeAt(s, 3, "warning_messages.sent"),
                           s.text(4), jsonAt(s, 5, "warning_messages.cap_json")};
}

constexpr const char* kMessageColumns =
    "SELECT identifier, warning_id, msg_type, sent, cap_xml, cap_json FROM warning_messages ";

// One query, run in the caller's write transaction or on a read snapshot.
std::optional<WarningRow> findOn(Connection& c, const std::string& id) {
  Statement s = c.prepare(kFindSql);
  s.bind(1, id);
  return firstRow(s, readRow);
}

std::vector<WarningRow> liveOn(Connection& c) {
  Statement s = c.prepare(kLiveSql);
  return allRows(s, readRow);
}

}  // namespace

void WarningRepository::insert(store::Transaction& tx, const WarningRow& r) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO warnings (id, state, status, type, level, author, approver, created_at, updated_at, expires, "
          "ended_at, activation_id, body_json, history_json, proposal_json) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
      .bindAll(r.id, r.state, r.status, r.type, r.level, r.author, r.approver, formatBeijing(r.createdAt),
               formatBeijing(r.updatedAt), formatBeijing(r.expires), timeText(r.endedAt), r.activationId, r.body.dump(),
               r.history.dump(), toJsonColumn(r.proposal))
      .run();
}

void WarningRepository::update(store::Transaction& tx, const WarningRow& r) {
  Transaction::of(tx)
      .prepare(
          "UPDATE warnings SET state = ?2, level = ?3, approver = ?4, updated_at = ?5, expires = ?6, ended_at = ?7, "
          "activation_id = ?8, body_json = ?9, history_json = ?10, proposal_json = ?11 WHERE id = ?1")
      .bindAll(r.id, r.state, r.level, r.approver, formatBeijing(r.updatedAt), formatBeijing(r.expires),
               timeText(r.endedAt), r.activationId, r.body.dump(), r.history.dump(), toJsonColumn(r.proposal))
      .run();
  if (Transaction::of(tx).connection().changes() != 1)
    throw EocError(ErrorCode::NotFound, "warning " + r.id + " does not exist");
}

void WarningRepository::addMessage(store::Transaction& tx, const WarningMessageRow& m) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO warning_messages (identifier, warning_id, msg_type, sent, cap_xml, cap_json) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindAll(m.identifier, m.warningId, m.msgType, formatBeijing(m.sent), m.capXml, m.capJson.dump())
      .run();
}

std::optional<WarningRow> WarningRepository::find(store::Transaction& tx, const std::string& id) {
  return findOn(Transaction::of(tx).connection(), id);
}

std::optional<WarningRow> WarningRepository::find(const std::string& id) {
  return db_.read([&](Connection& c) { return findOn(c, id); });
}

std::vector<WarningRow> WarningRepository::list(const WarningFilter& f) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kListSql);
    bindPage(s, f);
    return allRows(s, readRow);
  });
}

size_t WarningRepository::count(const WarningFilter& f) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kCountSql);
    bindFilter(s, f);
    return s.step() ? size_t(s.int64(0)) : size_t(0);
  });
}

std::map<std::string, WarningDeliverySummary> WarningRepository::deliverySummaries(const WarningFilter& f) {
  return db_.read([&](Connection& c) {
    std::map<std::string, WarningDeliverySummary> out;
    Statement deliveries = c.prepare(kDeliverySummarySql);
    bindPage(deliveries, f);
    while (deliveries.step()) {
      auto& summary = out[deliveries.text(0)];
      summary.recipients = size_t(deliveries.int64(1));
      summary.delivered = size_t(deliveries.int64(2));
      summary.pending = size_t(deliveries.int64(3));
      // A recipient that gave up on one message but got another is not failed.
      summary.failed = size_t(deliveries.int64(4));
    }
    for (auto& [id, summary] : out) summary.failed = std::min(summary.failed, summary.recipients - summary.delivered);
    Statement acks = c.prepare(kAckSummarySql);
    bindPage(acks, f);
    while (acks.step()) {
      auto& summary = out[acks.text(0)];
      summary.ackExpected = size_t(acks.int64(1));
      summary.acked = size_t(acks.int64(2));
    }
    return out;
  });
}

std::vector<WarningMonthCount> WarningRepository::countsByMonth(const WarningFilter& f) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kMonthCountsSql);
    bindFilter(s, f);
    std::vector<WarningMonthCount> out;
    while (s.step()) out.push_back(WarningMonthCount{s.text(0), s.text(1), s.text(2), size_t(s.int64(3))});
    return out;
  });
}

std::vector<WarningRow> WarningRepository::live(store::Transaction& tx) {
  return liveOn(Transaction::of(tx).connection());
}

std::vector<WarningRow> WarningRepository::live() {
  return db_.read([&](Connection& c) { return liveOn(c); });
}

std::vector<WarningRow> WarningRepository::liveOrEndedSince(TimePoint since) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kFeedSql);
    // Beijing-time text with a fixed offset sorts like the instant it names.
    s.bind(1, formatBeijing(since));
    return allRows(s, readRow);
  });
}

namespace {

std::vector<WarningRow> ofDrillOn(Connection& c, const std::string& drillId) {
  Statement s = c.prepare(kDrillSql);
  std::vector<WarningRow> rows;
  while (s.step()) {
    WarningRow row = readRow(s);
    auto field = row.body.find("drill_id");
    if (field != row.body.end() && field->is_string() && field->get<std::string>() == drillId)
      rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<WarningRow> WarningRepository::ofDrill(store::Transaction& tx, const std::string& drillId) {
  return ofDrillOn(Transaction::of(tx).connection(), drillId);
}

std::vector<WarningRow> WarningRepository::ofDrill(const std::string& drillId) {
  return db_.read([&](Connection& c) { return ofDrillOn(c, drillId); });
}

std::vector<WarningMessageRow> WarningRepository::messages(const std::string& warningId) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string(kMessageColumns) + "WHERE warning_id = ?1 ORDER BY seq");
    s.bind(1, warningId);
    return allRows(s, readMessage);
  });
}

std::optional<WarningMessageRow> WarningRepository::message(const std::string& identifier) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string(kMessageColumns) + "WHERE identifier = ?1");
    s.bind(1, identifier);
    return firstRow(s, readMessage);
  });
}

bool WarningRepository::messageExists(store::Transaction& tx, const std::string& identifier) {
  Statement s = Transaction::of(tx).prepare("SELECT 1 FROM warning_messages WHERE identifier = ?1");
  s.bind(1, identifier);
  return s.step();
}

std::optional<IngestRecord> WarningRepository::findIngest(store::Transaction& tx, const std::string& sender,
                                                          const std::string& identifier) {
  Statement s = Transaction::of(tx).prepare(
      "SELECT sender, identifier, sent, msg_type, warning_id, outcome, received_at FROM cap_ingest "
      "WHERE sender = ?1 AND identifier = ?2");
  s.bindAll(sender, identifier);
  return firstRow(s, readIngest);
}

void WarningRepository::recordIngest(store::Transaction& tx, const IngestRecord& r) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO cap_ingest (sender, identifier, sent, msg_type, warning_id, outcome, received_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bindAll(r.sender, r.identifier, r.sent, r.msgType, r.warningId, r.outcome, formatBeijing(r.receivedAt))
      .run();
}

std::optional<std::string> WarningRepository::relayOf(store::Transaction& tx, const std::string& sender,
                                                      const std::string& identifier) {
  auto record = findIngest(tx, sender, identifier);
  if (!record || record->warningId.empty()) return std::nullopt;
  return record->warningId;
}

}  // namespace eoc::store::sqlite
