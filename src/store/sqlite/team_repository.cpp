#include "core/error.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

int64_t epoch(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint fromEpoch(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

constexpr const char* kPositionColumns =
    "team_id, lon, lat, fix_time, received_at, accuracy, speed, heading, battery, flags";

PositionRecord readPosition(const Statement& s) {
  return PositionRecord{
      s.text(0),          s.real(1),          s.real(2),          fromEpoch(s.int64(3)), fromEpoch(s.int64(4)),
      s.optionalReal(5), s.optionalReal(6), s.optionalReal(7), s.optionalReal(8),    s.text(9)};
}

// StoreError maps SQLITE_CONSTRAINT to Conflict; only the primary keys can fail here.
bool isConstraint(const EocError& e) { return e.code() == ErrorCode::Conflict; }

}  // namespace

void TeamRepository::recordStatus(store::Transaction& tx, const StatusChange& c) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO team_state (team_id, status, since, by_actor, note, incident_id) VALUES (?1, ?2, ?3, ?4, ?5, "
          "?6) "
          "ON CONFLICT (team_id) DO UPDATE SET status = excluded.status, since = excluded.since, "
          "by_actor = excluded.by_actor, note = excluded.note, incident_id = excluded.incident_id")
      .bindAll(c.teamId, c.to, formatBeijing(c.at), c.byActor, c.note, c.incidentId)
      .run();
  Transaction::of(tx)
      .prepare(
          "INSERT INTO team_status_history (team_id, from_status, to_status, at, by_actor, note, incident_id) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bindAll(c.teamId, c.from, c.to, formatBeijing(c.at), c.byActor, c.note, c.incidentId)
      .run();
}

void TeamRepository::appendPosition(store::Transaction& tx, const PositionRecord& p, size_t keepPerTeam) {
  Transaction::of(tx)
      .prepare(
          "INSERT INTO team_positions (team_id, lon, lat, fix_time, received_at, accuracy, speed, heading, battery, "
          "flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bindAll(p.teamId, p.lon, p.lat, epoch(p.fixTime), epoch(p.receivedAt), p.accuracy, p.speed, p.heading, p.battery,
               p.flags)
      .run();
  Transaction::of(tx)
      .prepare(
          "DELETE FROM team_positions WHERE team_id = ?1 AND seq <= "
          "(SELECT seq FROM team_positions WHERE team_id = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)")
      .bindAll(p.teamId, int64_t(keepPerTeam))
      .run();
}

void TeamRepository::insertDispatch(store::Transaction& tx, const DispatchRecord& d) {
  try {
    Transaction::of(tx)
        .prepare(
            "INSERT INTO incident_dispatches (incident_id, team_id, dispatched_at, by_actor, forced, reason, eta_s) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bindAll(d.incidentId, d.teamId, formatBeijing(d.dispatchedAt), d.byActor, int(d.forced), d.reason,
                 d.etaSeconds)
        .run();
  } catch (const EocError& e) {
    if (isConstraint(e))
      throw EocError(ErrorCode::Conflict, "team " + d.teamId + " is already dispatched to incident " + d.incidentId);
    throw;
  }
}

bool TeamRepository::markMilestone(store::Transaction& tx, const std::string& incidentId, const std::string& teamId,
                                   DispatchMilestone milestone, TimePoint at) {
  const char* sql = nullptr;
  switch (milestone) {
    case DispatchMilestone::Notified:
      sql =
          "UPDATE incident_dispatches SET notified_at = coalesce(notified_at, ?3) "
          "WHERE incident_id = ?1 AND team_id = ?2";
      break;
    case DispatchMilestone::EnRoute:
      sql =
          "UPDATE incident_dispatches SET en_route_at = coalesce(en_route_at, ?3) "
          "WHERE incident_id = ?1 AND team_id = ?2";
      break;
    case DispatchMilestone::OnScene:
      sql =
          "UPDATE incident_dispatches SET on_scene_at = coalesce(on_scene_at, ?3) "
          "WHERE incident_id = ?1 AND team_id = ?2";
      break;
  }
  Transaction::of(tx).prepare(sql).bindAll(incidentId, teamId, formatBeijing(at)).run();
  return Transaction::of(tx).connection().changes() > 0;
}

std::vector<TeamStateRecord> TeamRepository::states() {
  return db_.read([](Connection& c) {
    Statement s =
        c.prepare("SELECT team_id, status, since, by_actor, note, incident_id FROM team_state ORDER BY team_id");
    return allRows(s, [](const Statement& row) {
      return TeamStateRecord{row.text(0), row.text(1), timeAt(row, 2, "team_state.since"),
                             row.text(3), row.text(4), row.optionalText(5)};
    });
  });
}

std::vector<PositionRecord> TeamRepository::latestPositions() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kPositionColumns +
                            " FROM team_positions WHERE seq IN (SELECT max(seq) FROM team_positions GROUP BY team_id)"
                            " ORDER BY team_id");
    return allRows(s, readPosition);
  });
}

namespace {

constexpr const char* kHistoryColumns =
    "SELECT seq, team_id, from_status, to_status, at, by_actor, note, incident_id FROM team_status_history ";

StatusHistoryRecord readHistory(const Statement& s) {
  return {s.int64(0),
          {s.text(1), s.text(2), s.text(3), timeAt(s, 4, "team_status_history.at"), s.text(5), s.text(6),
           s.optionalText(7)}};
}

}  // namespace

std::vector<StatusHistoryRecord> TeamRepository::historySince(TimePoint since) {
  return db_.read([&](Connection& c) {
    // `at` is stored as formatBeijing text (one fixed offset and width), so text order is time order.
    Statement s = c.prepare(std::string(kHistoryColumns) + "WHERE at >= ?1 ORDER BY seq");
    s.bindAll(formatBeijing(since));
    return allRows(s, readHistory);
  });
}

std::vector<StatusHistoryRecord> TeamRepository::history(const std::string& teamId, size_t limit) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string(kHistoryColumns) + "WHERE team_id = ?1 ORDER BY seq DESC LIMIT ?2");
    s.bindAll(teamId, int64_t(limit));
    return allRows(s, readHistory);
  });
}

std::vector<PositionRecord> TeamRepository::track(const std::string& teamId, size_t limit) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(std::string("SELECT ") + kPositionColumns +
                            " FROM team_positions WHERE team_id = ?1 ORDER BY seq DESC LIMIT ?2");
    s.bindAll(teamId, int64_t(limit));
    return allRows(s, readPosition);
  });
}

std::vector<DispatchRecord> TeamRepository::dispatches(const std::string& incidentId) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare(
        "SELECT team_id, dispatched_at, by_actor, forced, reason, eta_s, notified_at, en_route_at, on_scene_at "
        "FROM incident_dispatches WHERE incident_id = ?1 ORDER BY dispatched_at, team_id");
    s.bind(1, incidentId);
    return allRows(s, [&](const Statement& row) {
      return DispatchRecord{
          incidentId,           row.text(0),         timeAt(row, 1, "incident_dispatches.dispatched_at"),
          row.text(2),          row.int64(3) != 0,   row.text(4),
          row.optionalReal(5), row.optionalText(6), row.optionalText(7),
          row.optionalText(8)};
    });
  });
}

}  // namespace eoc::store::sqlite
