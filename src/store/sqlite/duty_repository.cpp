#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

constexpr const char* kShiftColumns = "start_at, end_at, label, leader, officers_json, phone, source_row";

ShiftRow readShift(const Statement& s) {
  return ShiftRow{timeAt(s, 0, "duty_shifts.start_at"), timeAt(s, 1, "duty_shifts.end_at"), s.text(2), s.text(3),
                  jsonAt(s, 4, "duty_shifts.officers_json"), s.text(5), s.int64(6)};
}

constexpr const char* kLogColumns =
    "id, seq, at, author, author_label, kind, from_party, to_party, content, incident_id, corrects";

DutyLogRow readLog(const Statement& s) {
  return DutyLogRow{s.text(0), s.int64(1),         timeAt(s, 2, "duty_log.at"), s.text(3),
                    s.text(4), s.text(5),          s.text(6),                   s.text(7),
                    s.text(8), s.optionalText(9), s.optionalText(10)};
}

constexpr const char* kReportColumns =
    "r.id, r.incident_id, r.stage, r.channel, r.content, r.to_party, r.at, r.author, r.author_label, r.for_date";

ReportRow readReport(const Statement& s) {
  return ReportRow{s.text(0), s.optionalText(1), s.text(2), s.text(3), s.text(4), s.text(5),
                   timeAt(s, 6, "duty_reports.at"), s.text(7), s.text(8), s.optionalText(9)};
}

constexpr const char* kReportEscalationColumns =
    "escalation_key, incident_id, stage, channel, to_party, due_at, raised_at, state, closed_at, report_id";

ReportEscalationRow readReportEscalation(const Statement& s) {
  ReportEscalationRow row;
  row.key = s.text(0);
  row.incidentId = s.optionalText(1);
  row.stage = s.text(2);
  row.channel = s.text(3);
  row.to = s.text(4);
  row.dueAt = timeAt(s, 5, "duty_report_escalations.due_at");
  row.raisedAt = timeAt(s, 6, "duty_report_escalations.raised_at");
  row.state = s.text(7);
  row.closedAt = optionalTimeAt(s, 8, "duty_report_escalations.closed_at");
  row.reportId = s.optionalText(9);
  return row;
}

constexpr const char* kHandoverColumns =
    "id, at, from_person, from_label, notes, snapshot_json, accepted_at, accepted_by";

HandoverRow readHandover(const Statement& s) {
  return HandoverRow{s.text(0),
                     timeAt(s, 1, "duty_handovers.at"),
                     s.text(2),
                     s.text(3),
                     s.text(4),
                     jsonAt(s, 5, "duty_handovers.snapshot_json"),
                     optionalTimeAt(s, 6, "duty_handovers.accepted_at"),
                     s.text(7)};
}

}  // namespace

void DutyRepository::replaceShifts(store::Transaction& tx, TimePoint from, TimePoint to,
                                   const std::vector<ShiftRow>& shifts) {
  auto& t = Transaction::of(tx);
  t.prepare("DELETE FROM duty_shifts WHERE start_at >= ?1 AND end_at <= ?2").bindAll(timeText(from), timeText(to)).run();
  for (const auto& s : shifts)
    t.prepare(
         "INSERT INTO duty_shifts (start_at, end_at, label, leader, officers_json, phone, source_row) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bindAll(timeText(s.start), timeText(s.end), s.label, s.leader, s.officers.dump(), s.phone, s.sourceRow)
        .run();
}

std::vector<ShiftRow> DutyRepository::shifts() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kShiftColumns + " FROM duty_shifts ORDER BY start_at");
    return allRows(s, readShift);
  });
}

int64_t DutyRepository::appendLog(store::Transaction& tx, const DutyLogRow& e) {
  try {
    Statement s = Transaction::of(tx).prepare(
        "INSERT INTO duty_log (id, at, author, author_label, kind, from_party, to_party, content, incident_id, "
        "corrects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING seq");
    s.bindAll(e.id, timeText(e.at), e.author, e.authorLabel, e.kind, e.from, e.to, e.content, e.incidentId, e.corrects);
    if (!s.step()) throw EocError(ErrorCode::StorageError, "duty_log: the insert returned no seq");
    int64_t seq = s.int64(0);
    while (s.step()) {
    }
    return seq;
  } catch (const EocError& err) {
    if (err.code() == ErrorCode::Conflict) throw EocError(ErrorCode::Conflict, "duty log entry " + e.id + " exists");
    throw;
  }
}

std::optional<DutyLogRow> DutyRepository::findLog(const std::string& id) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kLogColumns + " FROM duty_log WHERE id = ?1");
    s.bindAll(id);
    return firstRow(s, readLog);
  });
}

std::vector<DutyLogRow> DutyRepository::log(const DutyLogFilter& f) {
  // Every time is fixed-width +08:00 text, so text order is time order. The casts give each
  // parameter one type on every backend (docs/store-backends.md §3, rule 2).
  std::optional<std::string> since = timeText(f.since), until = timeText(f.until);
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kLogColumns +
                            " FROM duty_log WHERE (CAST(?1 AS TEXT) IS NULL OR at >= CAST(?1 AS TEXT))"
                            " AND (CAST(?2 AS TEXT) IS NULL OR at < CAST(?2 AS TEXT))"
                            " AND (CAST(?3 AS TEXT) IS NULL OR kind = CAST(?3 AS TEXT))"
                            " AND (CAST(?4 AS TEXT) IS NULL OR incident_id = CAST(?4 AS TEXT))"
                            " ORDER BY seq LIMIT ?5");
    s.bindAll(since, until, f.kind, f.incidentId, int64_t(f.limit));
    return allRows(s, readLog);
  });
}

void DutyRepository::insertReport(store::Transaction& tx, const ReportRow& r) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO duty_reports (id, incident_id, stage, channel, content, to_party, at, author, author_label, "
          "for_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bindAll(r.id, r.incidentId, r.stage, r.channel, r.content, r.to, timeText(r.at), r.author, r.authorLabel,
               r.forDate)
      .run();
}

std::vector<ReportRow> DutyRepository::reports(const std::string& incidentId) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kReportColumns +
                            " FROM duty_reports r WHERE r.incident_id = ?1 ORDER BY r.seq");
    s.bindAll(incidentId);
    return allRows(s, readReport);
  });
}

std::vector<ReportRow> DutyRepository::reportsOfOpenIncidents() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kReportColumns +
                            " FROM duty_reports r JOIN incidents i ON i.id = r.incident_id WHERE i.state = 'open'"
                            " ORDER BY r.seq");
    return allRows(s, readReport);
  });
}

std::vector<ReportRow> DutyRepository::zeroReports() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kReportColumns +
                            " FROM duty_reports r WHERE r.incident_id IS NULL ORDER BY r.seq");
    return allRows(s, readReport);
  });
}

bool DutyRepository::raiseEscalation(store::Transaction& tx, const ReportEscalationRow& e) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO duty_report_escalations (escalation_key, incident_id, stage, channel, to_party, due_at, "
          "raised_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open') ON CONFLICT (escalation_key) DO NOTHING")
      .bindAll(e.key, e.incidentId, e.stage, e.channel, e.to, timeText(e.dueAt), timeText(e.raisedAt))
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

bool DutyRepository::closeEscalation(store::Transaction& tx, const std::string& key, TimePoint at,
                                     const std::optional<std::string>& reportId) {
  Transaction::of(tx)
      .prepare(
          "UPDATE duty_report_escalations SET state = 'closed', closed_at = ?2, report_id = ?3 "
          "WHERE escalation_key = ?1 AND state = 'open'")
      .bindAll(key, timeText(at), reportId)
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

std::vector<ReportEscalationRow> DutyRepository::escalations(bool openOnly) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kReportEscalationColumns +
                            " FROM duty_report_escalations WHERE (?1 = 0 OR state = 'open')"
                            " ORDER BY raised_at, escalation_key");
    s.bindAll(int64_t(openOnly ? 1 : 0));
    return allRows(s, readReportEscalation);
  });
}

void DutyRepository::insertHandover(store::Transaction& tx, const HandoverRow& h) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO duty_handovers (id, at, from_person, from_label, notes, snapshot_json) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindAll(h.id, timeText(h.at), h.from, h.fromLabel, h.notes, h.snapshot.dump())
      .run();
}

bool DutyRepository::acceptHandover(store::Transaction& tx, const std::string& id, const std::string& by,
                                    TimePoint at) {
  Transaction::of(tx)
      .prepare("UPDATE duty_handovers SET accepted_at = ?2, accepted_by = ?3 WHERE id = ?1 AND accepted_at IS NULL")
      .bindAll(id, timeText(at), by)
      .run();
  return Transaction::of(tx).connection().changes() > 0;
}

std::optional<HandoverRow> DutyRepository::findHandover(const std::string& id) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kHandoverColumns + " FROM duty_handovers WHERE id = ?1");
    s.bindAll(id);
    return firstRow(s, readHandover);
  });
}

std::vector<HandoverRow> DutyRepository::handovers(size_t limit) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kHandoverColumns +
                            " FROM duty_handovers ORDER BY at DESC, id DESC LIMIT ?1");
    s.bindAll(int64_t(limit));
    return allRows(s, readHandover);
  });
}

}  // namespace eoc::store::sqlite
