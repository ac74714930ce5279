#include "store/sqlite/migrations.hpp"

#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/sqlite/engine/transaction.hpp"

namespace eoc::store::sqlite {

// Migrations are SQLite's own: they run on its engine classes, not the neutral ones.

namespace {

// Append new migrations at the end; see migrations.hpp.
constexpr Migration kMigrations[] = {
    {1, "tokens", R"sql(
CREATE TABLE tokens (
  token_id    TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  role        TEXT NOT NULL,
  subject     TEXT NOT NULL DEFAULT '',
  name        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
) WITHOUT ROWID;
)sql"},

    {2, "audit log (append-only)", R"sql(
CREATE TABLE audit (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  target      TEXT NOT NULL DEFAULT '',
  before_json TEXT,
  after_json  TEXT,
  request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_actor ON audit (actor, seq);
CREATE INDEX audit_by_kind ON audit (kind, seq);
CREATE INDEX audit_by_time ON audit (at);
CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql"},

    {3, "activations and their action statuses", R"sql(
CREATE TABLE activations (
  id          TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('warning', 'incident', 'drill')),
  source_id   TEXT,
  exercise    INTEGER NOT NULL CHECK (exercise IN (0, 1)),
  body_json   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX activations_by_source ON activations (source_kind, source_id);
CREATE TABLE activation_actions (
  activation_id TEXT NOT NULL REFERENCES activations (id),
  n             INTEGER NOT NULL CHECK (n >= 0),
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')),
  note          TEXT NOT NULL DEFAULT '',
  by_actor      TEXT NOT NULL DEFAULT '',
  at            TEXT,
  PRIMARY KEY (activation_id, n)
) WITHOUT ROWID;
)sql"},

    {10, "teams: live status, status history, positions, incidents and dispatches", R"sql(
CREATE TABLE team_state (
  team_id     TEXT PRIMARY KEY,
  status      TEXT NOT NULL,
  since       TEXT NOT NULL,
  by_actor    TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  incident_id TEXT
) WITHOUT ROWID;
CREATE TABLE team_status_history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id     TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  at          TEXT NOT NULL,
  by_actor    TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  incident_id TEXT
);
CREATE INDEX team_status_history_by_team ON team_status_history (team_id, seq);
CREATE TABLE team_positions (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id     TEXT NOT NULL,
  lon         REAL NOT NULL,
  lat         REAL NOT NULL,
  fix_time    INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  accuracy    REAL,
  speed       REAL,
  heading     REAL,
  battery     REAL,
  flags       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX team_positions_by_team ON team_positions (team_id, seq);
CREATE TABLE incidents (
  id              TEXT PRIMARY KEY,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  body_json       TEXT NOT NULL,
  activation_json TEXT
) WITHOUT ROWID;
CREATE TABLE incident_dispatches (
  incident_id   TEXT NOT NULL REFERENCES incidents (id),
  team_id       TEXT NOT NULL,
  dispatched_at TEXT NOT NULL,
  by_actor      TEXT NOT NULL,
  forced        INTEGER NOT NULL CHECK (forced IN (0, 1)),
  reason        TEXT NOT NULL DEFAULT '',
  eta_s         REAL,
  notified_at   TEXT,
  en_route_at   TEXT,
  on_scene_at   TEXT,
  PRIMARY KEY (incident_id, team_id)
) WITHOUT ROWID;
)sql"},

    {20, "warnings, their CAP messages and relayed upstream CAP", R"sql(
CREATE TABLE warnings (
  id            TEXT PRIMARY KEY,
  state         TEXT NOT NULL CHECK (state IN ('draft', 'issued', 'updated', 'cancelled', 'expired')),
  status        TEXT NOT NULL CHECK (status IN ('Actual', 'Exercise', 'Test')),
  type          TEXT NOT NULL,
  level         TEXT NOT NULL,
  author        TEXT NOT NULL,
  approver      TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  expires       TEXT NOT NULL,
  ended_at      TEXT,
  activation_id TEXT REFERENCES activations (id),
  body_json     TEXT NOT NULL,
  history_json  TEXT NOT NULL,
  proposal_json TEXT
) WITHOUT ROWID;
CREATE INDEX warnings_by_state ON warnings (state, expires);
CREATE INDEX warnings_by_created ON warnings (created_at);
-- Exercise never becomes Actual, whatever code path runs (docs/design.md, "Warnings").
CREATE TRIGGER warnings_status_is_fixed BEFORE UPDATE OF status ON warnings
WHEN NEW.status <> OLD.status
BEGIN
  SELECT RAISE(ABORT, 'the status of a warning never changes');
END;
CREATE TABLE warning_messages (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  identifier TEXT NOT NULL UNIQUE,
  warning_id TEXT NOT NULL REFERENCES warnings (id),
  msg_type   TEXT NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  sent       TEXT NOT NULL,
  cap_xml    TEXT NOT NULL,
  cap_json   TEXT NOT NULL
);
CREATE INDEX warning_messages_by_warning ON warning_messages (warning_id, seq);
-- Issued messages are frozen: identifier, sender and sent never change.
CREATE TRIGGER warning_messages_are_frozen BEFORE UPDATE ON warning_messages
BEGIN
  SELECT RAISE(ABORT, 'issued CAP messages are frozen');
END;
CREATE TABLE cap_ingest (
  sender      TEXT NOT NULL,
  identifier  TEXT NOT NULL,
  sent        TEXT NOT NULL,
  msg_type    TEXT NOT NULL,
  warning_id  TEXT NOT NULL DEFAULT '',
  outcome     TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (sender, identifier)
) WITHOUT ROWID;
)sql"},

    {30, "broadcast: messages, deliveries and attempts, ack tracks, escalations", R"sql(
CREATE TABLE broadcast_messages (
  identifier   TEXT PRIMARY KEY,
  warning_id   TEXT NOT NULL,
  msg_type     TEXT NOT NULL,
  status       TEXT NOT NULL,
  level        TEXT NOT NULL,
  exercise     INTEGER NOT NULL CHECK (exercise IN (0, 1)),
  content_type TEXT NOT NULL,
  payload      TEXT NOT NULL,
  sent_ms      INTEGER NOT NULL,
  expires_ms   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX broadcast_messages_by_warning ON broadcast_messages (warning_id, sent_ms);
CREATE TABLE deliveries (
  id              TEXT PRIMARY KEY,
  message         TEXT NOT NULL REFERENCES broadcast_messages (identifier),
  warning_id      TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  url             TEXT,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'expired', 'superseded', 'stopped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_ms      INTEGER NOT NULL,
  first_sent_ms   INTEGER,
  delivered_ms    INTEGER,
  next_attempt_ms INTEGER,
  last_error      TEXT
) WITHOUT ROWID;
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_ms);
CREATE INDEX deliveries_by_warning ON deliveries (warning_id, recipient);
CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL REFERENCES deliveries (id),
  n           INTEGER NOT NULL,
  at_ms       INTEGER NOT NULL,
  status      INTEGER NOT NULL,
  error       TEXT NOT NULL DEFAULT '',
  latency_ms  INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, n)
) WITHOUT ROWID;
CREATE TABLE ack_tracks (
  warning_id    TEXT NOT NULL,
  recipient     TEXT NOT NULL,
  level         TEXT NOT NULL,
  exercise      INTEGER NOT NULL CHECK (exercise IN (0, 1)),
  first_sent_ms INTEGER NOT NULL,
  due_ms        INTEGER,
  acked_ms      INTEGER,
  acked_by      TEXT NOT NULL DEFAULT '',
  ack_note      TEXT NOT NULL DEFAULT '',
  ack_via       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (warning_id, recipient)
) WITHOUT ROWID;
CREATE INDEX ack_tracks_due ON ack_tracks (due_ms);
CREATE TABLE escalations (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  warning_id  TEXT NOT NULL,
  recipient   TEXT NOT NULL,
  raised_ms   INTEGER NOT NULL,
  repeats     INTEGER NOT NULL DEFAULT 0,
  last_ms     INTEGER NOT NULL,
  next_ms     INTEGER,
  state       TEXT NOT NULL CHECK (state IN ('open', 'acked', 'closed', 'cancelled')),
  closed_by   TEXT NOT NULL DEFAULT '',
  closed_note TEXT NOT NULL DEFAULT '',
  closed_ms   INTEGER
);
CREATE INDEX escalations_open ON escalations (state, next_ms);
CREATE INDEX escalations_by_warning ON escalations (warning_id, recipient);
)sql"},

    {40, "drills: scenario, impact, MSEL, activation, run record and report (always an exercise)", R"sql(
CREATE TABLE drills (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('planned', 'running', 'finished')),
  exercise      INTEGER NOT NULL DEFAULT 1 CHECK (exercise = 1),
  scenario_json TEXT NOT NULL,
  impact_json   TEXT NOT NULL,
  msel_json     TEXT NOT NULL,
  activation_id TEXT REFERENCES activations (id),
  run_json      TEXT,
  report_json   TEXT
) WITHOUT ROWID;
)sql"},
    {45, "deliveries: claimed by an instance until a lease ends (several instances, one store)", R"sql(
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until_ms INTEGER;
)sql"},

    {50, "duty desk: incident register columns, roster, append-only duty log, reports, escalations, handovers",
     R"sql(
ALTER TABLE incidents ADD COLUMN first_known_at TEXT;
ALTER TABLE incidents ADD COLUMN type TEXT;
ALTER TABLE incidents ADD COLUMN level TEXT CHECK (level IN ('I', 'II', 'III', 'IV'));
ALTER TABLE incidents ADD COLUMN state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed'));
ALTER TABLE incidents ADD COLUMN closed_at TEXT;
ALTER TABLE incidents ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
-- Incidents registered before the register had these columns: known since created, type from
-- the stored document.
UPDATE incidents SET first_known_at = created_at, type = json_extract(body_json, '$.type');
CREATE INDEX incidents_by_state ON incidents (state, first_known_at);
CREATE TABLE duty_shifts (
  start_at      TEXT PRIMARY KEY,
  end_at        TEXT NOT NULL,
  label         TEXT NOT NULL,
  leader        TEXT NOT NULL,
  officers_json TEXT NOT NULL,
  phone         TEXT NOT NULL DEFAULT '',
  source_row    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE duty_log (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  at           TEXT NOT NULL,
  author       TEXT NOT NULL,
  author_label TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('call_in', 'call_out', 'info', 'instruction', 'other')),
  from_party   TEXT NOT NULL DEFAULT '',
  to_party     TEXT NOT NULL DEFAULT '',
  content      TEXT NOT NULL,
  incident_id  TEXT,
  corrects     TEXT REFERENCES duty_log (id)
);
CREATE INDEX duty_log_by_time ON duty_log (at);
CREATE INDEX duty_log_by_incident ON duty_log (incident_id, seq);
CREATE TRIGGER duty_log_refuses_update BEFORE UPDATE ON duty_log
BEGIN
  SELECT RAISE(ABORT, 'the duty log is append-only');
END;
CREATE TRIGGER duty_log_refuses_delete BEFORE DELETE ON duty_log
BEGIN
  SELECT RAISE(ABORT, 'the duty log is append-only');
END;
CREATE TABLE duty_reports (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  incident_id  TEXT REFERENCES incidents (id),
  stage        TEXT NOT NULL CHECK (stage IN ('first', 'update', 'final', 'zero')),
  channel      TEXT NOT NULL CHECK (channel IN ('phone', 'written')),
  content      TEXT NOT NULL,
  to_party     TEXT NOT NULL,
  at           TEXT NOT NULL,
  author       TEXT NOT NULL,
  author_label TEXT NOT NULL,
  for_date     TEXT
);
CREATE INDEX duty_reports_by_incident ON duty_reports (incident_id, seq);
CREATE TRIGGER duty_reports_refuse_update BEFORE UPDATE ON duty_reports
BEGIN
  SELECT RAISE(ABORT, 'reports upward are never changed');
END;
CREATE TRIGGER duty_reports_refuse_delete BEFORE DELETE ON duty_reports
BEGIN
  SELECT RAISE(ABORT, 'reports upward are never changed');
END;
CREATE TABLE duty_report_escalations (
  escalation_key TEXT PRIMARY KEY,
  incident_id TEXT,
  stage       TEXT NOT NULL,
  channel     TEXT NOT NULL,
  to_party    TEXT NOT NULL DEFAULT '',
  due_at      TEXT NOT NULL,
  raised_at   TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  closed_at   TEXT,
  report_id   TEXT
) WITHOUT ROWID;
CREATE INDEX duty_report_escalations_open ON duty_report_escalations (state, raised_at);
CREATE TABLE duty_handovers (
  id            TEXT PRIMARY KEY,
  at            TEXT NOT NULL,
  from_person   TEXT NOT NULL,
  from_label    TEXT NOT NULL,
  notes         TEXT NOT NULL DEFAULT '',
  snapshot_json TEXT NOT NULL,
  accepted_at   TEXT,
  accepted_by   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX duty_handovers_by_time ON duty_handovers (at);
)sql"},

    {55, "broadcast channels: per-channel deliveries, message texts, acknowledgement links", R"sql(
ALTER TABLE broadcast_messages ADD COLUMN signal_type TEXT NOT NULL DEFAULT '';
ALTER TABLE broadcast_messages ADD COLUMN headline TEXT NOT NULL DEFAULT '';
ALTER TABLE broadcast_messages ADD COLUMN signal_text TEXT NOT NULL DEFAULT '';
ALTER TABLE broadcast_messages ADD COLUMN guidance TEXT NOT NULL DEFAULT '';
ALTER TABLE broadcast_messages ADD COLUMN sms TEXT NOT NULL DEFAULT '';
ALTER TABLE broadcast_messages ADD COLUMN committees TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN channel TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE deliveries ADD COLUMN channel_index INTEGER NOT NULL DEFAULT -1;
ALTER TABLE deliveries ADD COLUMN vendor_code TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN receipt_ms INTEGER;
UPDATE deliveries SET channel = 'app' WHERE url IS NULL;
CREATE TABLE ack_links (
  token_hash TEXT PRIMARY KEY,
  warning_id TEXT NOT NULL,
  recipient  TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX ack_links_by_warning ON ack_links (warning_id, recipient);
)sql"},

    // Relief stock (issue 16). Append-only: the triggers refuse UPDATE and DELETE, so history is
    // corrected by new entries only. seq orders the ledger (no rowid: the same table on PostgreSQL).
    {60, "stock: the relief stock ledger, append-only", R"sql(
CREATE TABLE stock_ledger (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  movement    TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('receive', 'issue', 'transfer', 'write_off', 'count')),
  warehouse   TEXT NOT NULL,
  item        TEXT NOT NULL,
  batch       TEXT NOT NULL,
  expires     TEXT,
  delta       INTEGER NOT NULL,
  counterpart TEXT NOT NULL,
  reason      TEXT NOT NULL,
  request_id  TEXT NOT NULL
);
CREATE INDEX stock_ledger_at ON stock_ledger (at);
CREATE INDEX stock_ledger_item ON stock_ledger (item, seq);
CREATE INDEX stock_ledger_warehouse ON stock_ledger (warehouse, seq);
CREATE TRIGGER stock_ledger_no_update BEFORE UPDATE ON stock_ledger
BEGIN SELECT RAISE(ABORT, 'stock_ledger is append-only'); END;
CREATE TRIGGER stock_ledger_no_delete BEFORE DELETE ON stock_ledger
BEGIN SELECT RAISE(ABORT, 'stock_ledger is append-only'); END;
)sql"},

    {65, "incidents: a column per field instead of the JSON document (existing rows moved over)", R"sql(
ALTER TABLE incidents ADD COLUMN lon REAL NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN lat REAL NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN casualties INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN evacuated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN magnitude REAL;
ALTER TABLE incidents ADD COLUMN depth_km REAL;
ALTER TABLE incidents ADD COLUMN size TEXT;
ALTER TABLE incidents ADD COLUMN area_km2 REAL;
ALTER TABLE incidents ADD COLUMN occurred_at TEXT;
ALTER TABLE incidents ADD COLUMN activation_id TEXT;
UPDATE incidents SET
  lon = coalesce(json_extract(body_json, '$.location[0]'), 0),
  lat = coalesce(json_extract(body_json, '$.location[1]'), 0),
  casualties = coalesce(json_extract(body_json, '$.casualties'), 0),
  evacuated = coalesce(json_extract(body_json, '$.evacuated'), 0),
  note = coalesce(json_extract(body_json, '$.note'), ''),
  magnitude = json_extract(body_json, '$.magnitude'),
  depth_km = json_extract(body_json, '$.depth_km'),
  size = json_extract(body_json, '$.size'),
  area_km2 = json_extract(body_json, '$.area_km2'),
  occurred_at = json_extract(body_json, '$.time'),
  activation_id = json_extract(body_json, '$.activation_id'),
  type = coalesce(type, json_extract(body_json, '$.type'));
ALTER TABLE incidents DROP COLUMN body_json;
)sql"},

    {75, "events across instances: the event journal and its sequence; shared throttle buckets", R"sql(
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  at_ms     INTEGER NOT NULL,
  at        TEXT NOT NULL,
  type      TEXT NOT NULL,
  committee TEXT NOT NULL,
  exercise  INTEGER NOT NULL CHECK (exercise IN (0, 1)),
  desk_only INTEGER NOT NULL CHECK (desk_only IN (0, 1)),
  data      TEXT NOT NULL
);
CREATE INDEX events_at ON events (at_ms);
CREATE TABLE event_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO event_seq (id, n) VALUES (1, 0);
CREATE TABLE throttles (
  bucket     TEXT PRIMARY KEY,
  tokens     REAL NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE throttle_sends (
  seq    INTEGER PRIMARY KEY,
  bucket TEXT NOT NULL,
  at_ms  INTEGER NOT NULL
);
CREATE INDEX throttle_sends_bucket ON throttle_sends (bucket, at_ms);
)sql"},
    {80, "SMS digests: the OutId each delivery went out under (a receipt names the digest's only)", R"sql(
ALTER TABLE deliveries ADD COLUMN out_id TEXT;
CREATE INDEX deliveries_by_out_id ON deliveries (out_id) WHERE out_id IS NOT NULL;
)sql"},
};

int latestVersion(std::span<const Migration> list) { return list.empty() ? 0 : list.back().version; }

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int currentSchemaVersion(engine::Connection& connection) {
  engine::Statement exists = connection.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
  if (!exists.step()) return 0;
  engine::Statement max = connection.prepare("SELECT coalesce(max(version), 0) FROM schema_version");
  max.step();
  return int(max.int64(0));
}

void applyMigrations(engine::Connection& connection, std::span<const Migration> list) {
  for (size_t i = 1; i < list.size(); ++i)
    if (list[i].version <= list[i - 1].version)
      throw std::logic_error("store migrations must have strictly increasing versions");

  {
    engine::Transaction tx(connection);
    connection.exec(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int current = currentSchemaVersion(connection);
    if (current > latestVersion(list))
      throw EocError(ErrorCode::StorageError, connection.file().string() + " has schema version " +
                                                  std::to_string(current) + ", newer than this eoc understands (" +
                                                  std::to_string(latestVersion(list)) +
                                                  "); run a newer eoc or restore a backup");
    tx.commit();
  }

  for (const Migration& migration : list) {
    // BEGIN IMMEDIATE, then re-read: another process opening the same file may have got here first.
    engine::Transaction tx(connection);
    if (currentSchemaVersion(connection) >= migration.version) continue;
    connection.exec(migration.sql);
    connection.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?1, ?2, ?3)")
        .bindAll(migration.version, migration.name, formatBeijing(SystemTimeSource().now()))
        .run();
    tx.commit();
  }
}

}  // namespace eoc::store::sqlite
