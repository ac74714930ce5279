#include "store/warning_repository.hpp"

#include "core/error.hpp"
#include "store/json_column.hpp"

namespace eoc::store {

namespace {

constexpr const char* kColumns =
    "id, state, status, type, level, author, approver, created_at, updated_at, expires, ended_at, activation_id, "
    "body_json, history_json, proposal_json";

TimePoint timeColumn(const Statement& s, int column, const char* name) {
  auto t = parseIso8601(s.text(column));
  if (!t) throw EocError(ErrorCode::StorageError, std::string("warnings.") + name + " holds an unreadable time");
  return *t;
}

WarningRow readRow(const Statement& s) {
  WarningRow row;
  row.id = s.text(0);
  row.state = s.text(1);
  row.status = s.text(2);
  row.type = s.text(3);
  row.level = s.text(4);
  row.author = s.text(5);
  row.approver = s.text(6);
  row.createdAt = timeColumn(s, 7, "created_at");
  row.updatedAt = timeColumn(s, 8, "updated_at");
  row.expires = timeColumn(s, 9, "expires");
  if (!s.isNull(10)) row.endedAt = timeColumn(s, 10, "ended_at");
  row.activationId = s.optionalText(11);
  row.body = fromJsonColumn(s.optionalText(12), "warnings.body_json");
  row.history = fromJsonColumn(s.optionalText(13), "warnings.history_json");
  if (row.history.is_null()) row.history = nlohmann::json::array();
  row.proposal = fromJsonColumn(s.optionalText(14), "warnings.proposal_json");
  return row;
}

std::vector<WarningRow> readRows(Statement& s) {
  std::vector<WarningRow> rows;
  while (s.step()) rows.push_back(readRow(s));
  return rows;
}

std::optional<std::string> optionalTime(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return formatBeijing(*t);
}

std::string selectWhere(const std::string& where) {
  return std::string("SELECT ") + kColumns + " FROM warnings " + where;
}

// SQL text is constant per call site (see statement.hpp): every variant is spelled out here.
const std::string kFindSql = selectWhere("WHERE id = ?1");
const std::string kLiveSql = selectWhere("WHERE state IN ('issued', 'updated') ORDER BY expires, id");
const std::string kFeedSql =
    selectWhere("WHERE state IN ('issued', 'updated') OR (ended_at IS NOT NULL AND ended_at >= ?1) ORDER BY created_at DESC, id");
const std::string kListSql = selectWhere(
    "WHERE (?1 IS NULL OR status = ?1) AND (?2 = 0 OR state IN ('issued', 'updated')) "
    "AND (?3 = 1 OR approver <> '') ORDER BY created_at DESC, id DESC LIMIT ?4");

IngestRecord readIngest(const Statement& s) {
  auto received = parseIso8601(s.text(6));
  if (!received) throw EocError(ErrorCode::StorageError, "cap_ingest.received_at holds an unreadable time");
  return IngestRecord{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), *received};
}

WarningMessageRow readMessage(const Statement& s) {
  auto sent = parseIso8601(s.text(3));
  if (!sent) throw EocError(ErrorCode::StorageError, "warning_messages.sent holds an unreadable time");
  return WarningMessageRow{s.text(0), s.text(1), s.text(2), *sent, s.text(4),
                           fromJsonColumn(s.optionalText(5), "warning_messages.cap_json")};
}

}  // namespace

void WarningRepository::insert(Transaction& tx, const WarningRow& r) {
  tx.prepare(
        "INSERT INTO warnings (id, state, status, type, level, author, approver, created_at, updated_at, expires, "
        "ended_at, activation_id, body_json, history_json, proposal_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
      .bindAll(r.id, r.state, r.status, r.type, r.level, r.author, r.approver, formatBeijing(r.createdAt),
               formatBeijing(r.updatedAt), formatBeijing(r.expires), optionalTime(r.endedAt), r.activationId,
               r.body.dump(), r.history.dump(), toJsonColumn(r.proposal))
      .run();
}

void WarningRepository::update(Transaction& tx, const WarningRow& r) {
  tx.prepare(
        "UPDATE warnings SET state = ?2, level = ?3, approver = ?4, updated_at = ?5, expires = ?6, ended_at = ?7, "
        "activation_id = ?8, body_json = ?9, history_json = ?10, proposal_json = ?11 WHERE id = ?1")
      .bindAll(r.id, r.state, r.level, r.approver, formatBeijing(r.updatedAt), formatBeijing(r.expires),
               optionalTime(r.endedAt), r.activationId, r.body.dump(), r.history.dump(), toJsonColumn(r.proposal))
      .run();
  if (tx.connection().changes() != 1) throw EocError(ErrorCode::NotFound, "warning " + r.id + " does not exist");
}

void WarningRepository::addMessage(Transaction& tx, const WarningMessageRow& m) {
  tx.prepare(
        "INSERT INTO warning_messages (identifier, warning_id, msg_type, sent, cap_xml, cap_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindAll(m.identifier, m.warningId, m.msgType, formatBeijing(m.sent), m.capXml, m.capJson.dump())
      .run();
}

std::optional<WarningRow> WarningRepository::find(Transaction& tx, const std::string& id) {
  Statement s = tx.prepare(kFindSql);
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return readRow(s);
}

std::optional<WarningRow> WarningRepository::find(const std::string& id) {
  return db_.read([&](Connection& c) -> std::optional<WarningRow> {
    Statement s = c.prepare(kFindSql);
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return readRow(s);
  });
}

std::vector<WarningRow> WarningRepository::list(const WarningFilter& f) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kListSql);
    s.bindAll(f.status, int(f.liveOnly), int(f.includeDrafts), int64_t(f.limit));
    return readRows(s);
  });
}

std::vector<WarningRow> WarningRepository::live(Transaction& tx) {
  Statement s = tx.prepare(kLiveSql);
  return readRows(s);
}

std::vector<WarningRow> WarningRepository::live() {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kLiveSql);
    return readRows(s);
  });
}

std::vector<WarningRow> WarningRepository::liveOrEndedSince(TimePoint since) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(kFeedSql);
    // Beijing-time text with a fixed offset sorts like the instant it names.
    s.bind(1, formatBeijing(since));
    return readRows(s);
  });
}

std::vector<WarningMessageRow> WarningRepository::messages(const std::string& warningId) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(
        "SELECT identifier, warning_id, msg_type, sent, cap_xml, cap_json FROM warning_messages "
        "WHERE warning_id = ?1 ORDER BY seq");
    s.bind(1, warningId);
    std::vector<WarningMessageRow> out;
    while (s.step()) out.push_back(readMessage(s));
    return out;
  });
}

std::optional<WarningMessageRow> WarningRepository::message(const std::string& identifier) {
  return db_.read([&](Connection& c) -> std::optional<WarningMessageRow> {
    Statement s = c.prepare(
        "SELECT identifier, warning_id, msg_type, sent, cap_xml, cap_json FROM warning_messages WHERE identifier = ?1");
    s.bind(1, identifier);
    if (!s.step()) return std::nullopt;
    return readMessage(s);
  });
}

std::optional<IngestRecord> WarningRepository::findIngest(Transaction& tx, const std::string& sender,
                                                          const std::string& identifier) {
  Statement s = tx.prepare(
      "SELECT sender, identifier, sent, msg_type, warning_id, outcome, received_at FROM cap_ingest "
      "WHERE sender = ?1 AND identifier = ?2");
  s.bindAll(sender, identifier);
  if (!s.step()) return std::nullopt;
  return readIngest(s);
}

void WarningRepository::recordIngest(Transaction& tx, const IngestRecord& r) {
  tx.prepare(
        "INSERT INTO cap_ingest (sender, identifier, sent, msg_type, warning_id, outcome, received_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bindAll(r.sender, r.identifier, r.sent, r.msgType, r.warningId, r.outcome, formatBeijing(r.receivedAt))
      .run();
}

std::optional<std::string> WarningRepository::relayOf(Transaction& tx, const std::string& sender,
                                                      const std::string& identifier) {
  auto record = findIngest(tx, sender, identifier);
  if (!record || record->warningId.empty()) return std::nullopt;
  return record->warningId;
}

}  // namespace eoc::store
