#include "store/postgres/pg_migrations.hpp"

#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_transaction.hpp"

namespace eoc::store::postgres {

namespace {

// Append new migrations at the end, with the version and name of the SQLite migration they
// mirror (store/migrations.cpp). Types: SQLite's INTEGER is 64-bit, so counters, sequences and
// millisecond times are BIGINT; REAL is DOUBLE PRECISION; booleans stay INTEGER 0/1 with the
// same CHECK, and JSON and Beijing-time text stay TEXT, so both backends read and write the
// same values through the same SQL.
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
);
)sql"},

    {2, "audit log (append-only)", R"sql(
-- Raised by the append-only triggers with SQLSTATE 23000 (integrity constraint violation), which
-- eoc reports as 409 Conflict, as SQLite's RAISE(ABORT) in a trigger is.
CREATE FUNCTION eoc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TABLE audit (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('the audit log is append-only');
CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('the audit log is append-only');
-- TRUNCATE fires no row trigger: it needs its own.
CREATE TRIGGER audit_refuses_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION eoc_refuse_change('the audit log is append-only');
)sql"},

    {3, "activations and their action statuses", R"sql(
CREATE TABLE activations (
  id          TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('warning', 'incident', 'drill')),
  source_id   TEXT,
  exercise    INTEGER NOT NULL CHECK (exercise IN (0, 1)),
  body_json   TEXT NOT NULL
);
CREATE INDEX activations_by_source ON activations (source_kind, source_id);
CREATE TABLE activation_actions (
  activation_id TEXT NOT NULL REFERENCES activations (id),
  n             INTEGER NOT NULL CHECK (n >= 0),
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')),
  note          TEXT NOT NULL DEFAULT '',
  by_actor      TEXT NOT NULL DEFAULT '',
  at            TEXT,
  PRIMARY KEY (activation_id, n)
);
)sql"},

    {10, "teams: live status, status history, positions, incidents and dispatches", R"sql(
CREATE TABLE team_state (
  team_id     TEXT PRIMARY KEY,
  status      TEXT NOT NULL,
  since       TEXT NOT NULL,
  by_actor    TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  incident_id TEXT
);
CREATE TABLE team_status_history (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id     TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  at          TEXT NOT NULL,
  by_actor    TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  incident_id TEXT
);
CREATE INDEX team_status_history_by_team ON team_status_history (team_id, seq);
-- position: the fix as a PostGIS geography (metres on the WGS84 ellipsoid), computed by the
-- database from lon/lat, so "every team within 5 km" is an indexed ST_DWithin.
CREATE TABLE team_positions (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id     TEXT NOT NULL,
  lon         DOUBLE PRECISION NOT NULL,
  lat         DOUBLE PRECISION NOT NULL,
  fix_time    BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  accuracy    DOUBLE PRECISION,
  speed       DOUBLE PRECISION,
  heading     DOUBLE PRECISION,
  battery     DOUBLE PRECISION,
  flags       TEXT NOT NULL DEFAULT '',
  position    geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED
);
CREATE INDEX team_positions_by_team ON team_positions (team_id, seq);
CREATE INDEX team_positions_position ON team_positions USING gist (position);
-- location: the incident's [lon, lat] from its body, as a geography point.
CREATE TABLE incidents (
  id              TEXT PRIMARY KEY,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  body_json       TEXT NOT NULL,
  activation_json TEXT,
  location        geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(
                    (body_json::jsonb #>> '{location,0}')::double precision,
                    (body_json::jsonb #>> '{location,1}')::double precision), 4326)::geography) STORED
);
CREATE INDEX incidents_location ON incidents USING gist (location);
CREATE TABLE incident_dispatches (
  incident_id   TEXT NOT NULL REFERENCES incidents (id),
  team_id       TEXT NOT NULL,
  dispatched_at TEXT NOT NULL,
  by_actor      TEXT NOT NULL,
  forced        INTEGER NOT NULL CHECK (forced IN (0, 1)),
  reason        TEXT NOT NULL DEFAULT '',
  eta_s         DOUBLE PRECISION,
  notified_at   TEXT,
  en_route_at   TEXT,
  on_scene_at   TEXT,
  PRIMARY KEY (incident_id, team_id)
);
)sql"},

    {20, "warnings, their CAP messages and relayed upstream CAP", R"sql(
-- area: the warning's refined polygon (body area.polygon, GeoJSON) when it has one.
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
  proposal_json TEXT,
  area          geometry(Geometry, 4326) GENERATED ALWAYS AS (
                  CASE WHEN jsonb_typeof(body_json::jsonb #> '{area,polygon}') = 'object'
                       THEN ST_GeomFromGeoJSON(body_json::jsonb #> '{area,polygon}') END) STORED
);
CREATE INDEX warnings_by_state ON warnings (state, expires);
CREATE INDEX warnings_by_created ON warnings (created_at);
CREATE INDEX warnings_area ON warnings USING gist (area);
-- Exercise never becomes Actual, whatever code path runs.
CREATE TRIGGER warnings_status_is_fixed BEFORE UPDATE OF status ON warnings
  FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION eoc_refuse_change('the status of a warning never changes');
CREATE TABLE warning_messages (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  warning_id TEXT NOT NULL REFERENCES warnings (id),
  msg_type   TEXT NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  sent       TEXT NOT NULL,
  cap_xml    TEXT NOT NULL,
  cap_json   TEXT NOT NULL
);
CREATE INDEX warning_messages_by_warning ON warning_messages (warning_id, seq);
-- Issued messages are frozen: identifier, sender and sent never change, and they never go.
CREATE TRIGGER warning_messages_are_frozen BEFORE UPDATE ON warning_messages
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('issued CAP messages are frozen');
CREATE TRIGGER warning_messages_stay BEFORE DELETE ON warning_messages
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('issued CAP messages are frozen');
CREATE TRIGGER warning_messages_refuse_truncate BEFORE TRUNCATE ON warning_messages
  FOR EACH STATEMENT EXECUTE FUNCTION eoc_refuse_change('issued CAP messages are frozen');
CREATE TABLE cap_ingest (
  sender      TEXT NOT NULL,
  identifier  TEXT NOT NULL,
  sent        TEXT NOT NULL,
  msg_type    TEXT NOT NULL,
  warning_id  TEXT NOT NULL DEFAULT '',
  outcome     TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (sender, identifier)
);
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
  sent_ms      BIGINT NOT NULL,
  expires_ms   BIGINT NOT NULL
);
CREATE INDEX broadcast_messages_by_warning ON broadcast_messages (warning_id, sent_ms);
CREATE TABLE deliveries (
  id              TEXT PRIMARY KEY,
  message         TEXT NOT NULL REFERENCES broadcast_messages (identifier),
  warning_id      TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  url             TEXT,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'expired', 'superseded', 'stopped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_ms      BIGINT NOT NULL,
  first_sent_ms   BIGINT,
  delivered_ms    BIGINT,
  next_attempt_ms BIGINT,
  last_error      TEXT
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_ms);
CREATE INDEX deliveries_by_warning ON deliveries (warning_id, recipient);
CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL REFERENCES deliveries (id),
  n           INTEGER NOT NULL,
  at_ms       BIGINT NOT NULL,
  status      INTEGER NOT NULL,
  error       TEXT NOT NULL DEFAULT '',
  latency_ms  BIGINT NOT NULL,
  PRIMARY KEY (delivery_id, n)
);
CREATE TABLE ack_tracks (
  warning_id    TEXT NOT NULL,
  recipient     TEXT NOT NULL,
  level         TEXT NOT NULL,
  exercise      INTEGER NOT NULL CHECK (exercise IN (0, 1)),
  first_sent_ms BIGINT NOT NULL,
  due_ms        BIGINT,
  acked_ms      BIGINT,
  acked_by      TEXT NOT NULL DEFAULT '',
  ack_note      TEXT NOT NULL DEFAULT '',
  ack_via       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (warning_id, recipient)
);
CREATE INDEX ack_tracks_due ON ack_tracks (due_ms);
CREATE TABLE escalations (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warning_id  TEXT NOT NULL,
  recipient   TEXT NOT NULL,
  raised_ms   BIGINT NOT NULL,
  repeats     INTEGER NOT NULL DEFAULT 0,
  last_ms     BIGINT NOT NULL,
  next_ms     BIGINT,
  state       TEXT NOT NULL CHECK (state IN ('open', 'acked', 'closed', 'cancelled')),
  closed_by   TEXT NOT NULL DEFAULT '',
  closed_note TEXT NOT NULL DEFAULT '',
  closed_ms   BIGINT
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
);
)sql"},
    {45, "deliveries: claimed by an instance until a lease ends (several instances, one store)", R"sql(
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until_ms BIGINT;
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
UPDATE incidents SET first_known_at = created_at, type = body_json::jsonb ->> 'type';
CREATE INDEX incidents_by_state ON incidents (state, first_known_at);
CREATE TABLE duty_shifts (
  start_at      TEXT PRIMARY KEY,
  end_at        TEXT NOT NULL,
  label         TEXT NOT NULL,
  leader        TEXT NOT NULL,
  officers_json TEXT NOT NULL,
  phone         TEXT NOT NULL DEFAULT '',
  source_row    BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE duty_log (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('the duty log is append-only');
CREATE TRIGGER duty_log_refuses_delete BEFORE DELETE ON duty_log
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('the duty log is append-only');
CREATE TRIGGER duty_log_refuses_truncate BEFORE TRUNCATE ON duty_log
  FOR EACH STATEMENT EXECUTE FUNCTION eoc_refuse_change('the duty log is append-only');
CREATE TABLE duty_reports (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('reports upward are never changed');
CREATE TRIGGER duty_reports_refuse_delete BEFORE DELETE ON duty_reports
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('reports upward are never changed');
CREATE TRIGGER duty_reports_refuse_truncate BEFORE TRUNCATE ON duty_reports
  FOR EACH STATEMENT EXECUTE FUNCTION eoc_refuse_change('reports upward are never changed');
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
);
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
);
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
ALTER TABLE deliveries ADD COLUMN receipt_ms BIGINT;
UPDATE deliveries SET channel = 'app' WHERE url IS NULL;
CREATE TABLE ack_links (
  token_hash TEXT PRIMARY KEY,
  warning_id TEXT NOT NULL,
  recipient  TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX ack_links_by_warning ON ack_links (warning_id, recipient);
)sql"},

    // Relief stock: the same ledger as SQLite's migration 60, append-only by triggers (TRUNCATE
    // too) and by the grants (appendOnlyTables).
    {60, "stock: the relief stock ledger, append-only", R"sql(
CREATE TABLE stock_ledger (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movement    TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('receive', 'issue', 'transfer', 'write_off', 'count')),
  warehouse   TEXT NOT NULL,
  item        TEXT NOT NULL,
  batch       TEXT NOT NULL,
  expires     TEXT,
  delta       BIGINT NOT NULL,
  counterpart TEXT NOT NULL,
  reason      TEXT NOT NULL,
  request_id  TEXT NOT NULL
);
CREATE INDEX stock_ledger_at ON stock_ledger (at);
CREATE INDEX stock_ledger_item ON stock_ledger (item, seq);
CREATE INDEX stock_ledger_warehouse ON stock_ledger (warehouse, seq);
CREATE TRIGGER stock_ledger_no_update BEFORE UPDATE ON stock_ledger
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('stock_ledger is append-only');
CREATE TRIGGER stock_ledger_no_delete BEFORE DELETE ON stock_ledger
  FOR EACH ROW EXECUTE FUNCTION eoc_refuse_change('stock_ledger is append-only');
CREATE TRIGGER stock_ledger_refuses_truncate BEFORE TRUNCATE ON stock_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION eoc_refuse_change('stock_ledger is append-only');
)sql"},

    {65, "incidents: a column per field instead of the JSON document (existing rows moved over)", R"sql(
ALTER TABLE incidents ADD COLUMN lon DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN lat DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN casualties BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN evacuated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN magnitude DOUBLE PRECISION;
ALTER TABLE incidents ADD COLUMN depth_km DOUBLE PRECISION;
ALTER TABLE incidents ADD COLUMN size TEXT;
ALTER TABLE incidents ADD COLUMN area_km2 DOUBLE PRECISION;
ALTER TABLE incidents ADD COLUMN occurred_at TEXT;
ALTER TABLE incidents ADD COLUMN activation_id TEXT;
UPDATE incidents SET
  lon = coalesce((body_json::jsonb #>> '{location,0}')::double precision, 0),
  lat = coalesce((body_json::jsonb #>> '{location,1}')::double precision, 0),
  casualties = coalesce((body_json::jsonb ->> 'casualties')::bigint, 0),
  evacuated = coalesce((body_json::jsonb ->> 'evacuated')::bigint, 0),
  note = coalesce(body_json::jsonb ->> 'note', ''),
  magnitude = (body_json::jsonb ->> 'magnitude')::double precision,
  depth_km = (body_json::jsonb ->> 'depth_km')::double precision,
  size = body_json::jsonb ->> 'size',
  area_km2 = (body_json::jsonb ->> 'area_km2')::double precision,
  occurred_at = body_json::jsonb ->> 'time',
  activation_id = body_json::jsonb ->> 'activation_id',
  type = coalesce(type, body_json::jsonb ->> 'type');
-- The location point was generated from the document; now from the columns, as team_positions'.
DROP INDEX incidents_location;
ALTER TABLE incidents DROP COLUMN location;
ALTER TABLE incidents DROP COLUMN body_json;
ALTER TABLE incidents ADD COLUMN location geography(Point, 4326)
  GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED;
CREATE INDEX incidents_location ON incidents USING gist (location);
)sql"},

    {75, "events across instances: the event journal and its sequence; shared throttle buckets", R"sql(
CREATE TABLE events (
  seq       BIGINT PRIMARY KEY,
  at_ms     BIGINT NOT NULL,
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
  n  BIGINT NOT NULL
);
INSERT INTO event_seq (id, n) VALUES (1, 0);
CREATE TABLE throttles (
  bucket     TEXT PRIMARY KEY,
  tokens     DOUBLE PRECISION NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE throttle_sends (
  seq    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bucket TEXT NOT NULL,
  at_ms  BIGINT NOT NULL
);
CREATE INDEX throttle_sends_bucket ON throttle_sends (bucket, at_ms);
)sql"},
    {80, "SMS digests: the OutId each delivery went out under (a receipt names the digest's only)", R"sql(
ALTER TABLE deliveries ADD COLUMN out_id TEXT;
CREATE INDEX deliveries_by_out_id ON deliveries (out_id) WHERE out_id IS NOT NULL;
)sql"},
};

constexpr std::string_view kAppendOnly[] = {"audit", "warning_messages", "duty_log", "duty_reports", "stock_ledger"};

int latestVersion(std::span<const Migration> list) { return list.empty() ? 0 : list.back().version; }

// Two eoc instances starting at once take turns (per schema); released at COMMIT/ROLLBACK.
void lockMigrations(Connection& connection) {
  connection.prepare("SELECT pg_advisory_xact_lock(hashtext('eoc migrations ' || current_schema()))").run();
}

void requirePostgis(Connection& connection) {
  Statement present = connection.prepare("SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
  if (present.step()) return;
  Statement database = connection.prepare("SELECT current_database()");
  database.step();
  throw EocError(ErrorCode::StorageError, "PostGIS is not installed in database " + database.text(0) +
                                              "; a superuser must run CREATE EXTENSION postgis there first");
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

std::span<const std::string_view> appendOnlyTables() { return kAppendOnly; }

int currentSchemaVersion(Connection& connection) {
  Statement exists = connection.prepare(
      "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_version'");
  if (!exists.step()) return 0;
  Statement max = connection.prepare("SELECT coalesce(max(version), 0) FROM schema_version");
  max.step();
  return int(max.int64(0));
}

void applyMigrations(Connection& connection, std::span<const Migration> list) {
  for (size_t i = 1; i < list.size(); ++i)
    if (list[i].version <= list[i - 1].version)
      throw std::logic_error("store migrations must have strictly increasing versions");

  const TransactionMode mode{Isolation::ReadCommitted, false};
  {
    Transaction tx(connection, mode);
    lockMigrations(connection);
    connection.exec(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int current = currentSchemaVersion(connection);
    if (current > latestVersion(list))
      throw EocError(ErrorCode::StorageError, connection.redactedUrl() + " has schema version " +
                                                  std::to_string(current) + ", newer than this eoc understands (" +
                                                  std::to_string(latestVersion(list)) +
                                                  "); run a newer eoc or restore a backup");
    if (current < latestVersion(list)) requirePostgis(connection);
    tx.commit();
  }

  for (const Migration& migration : list) {
    Transaction tx(connection, mode);
    lockMigrations(connection);
    if (currentSchemaVersion(connection) >= migration.version) continue;
    connection.exec(migration.sql);
    connection.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?1, ?2, ?3)")
        .bindAll(migration.version, migration.name, formatBeijing(SystemTimeSource().now()))
        .run();
    tx.commit();
  }
}

void grantApplicationRole(Connection& connection, std::string_view role) {
  const std::string grantee = connection.quoteIdentifier(role);
  Transaction tx(connection, TransactionMode{Isolation::ReadCommitted, false});
  Statement schemaName = connection.prepare("SELECT current_schema()");
  schemaName.step();
  const std::string schema = connection.quoteIdentifier(schemaName.text(0));
  connection.exec("GRANT USAGE ON SCHEMA " + schema + " TO " + grantee);
  // Only the tables eoc's role owns here: the schema may be `public`, which also holds PostGIS's.
  std::vector<std::string> tables;
  Statement owned = connection.prepare(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user "
      "ORDER BY tablename");
  while (owned.step()) tables.push_back(owned.text(0));
  for (const auto& table : tables) {
    const std::string name = schema + "." + connection.quoteIdentifier(table);
    if (table == "schema_version") {
      connection.exec("GRANT SELECT ON " + name + " TO " + grantee);
      connection.exec("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON " + name + " FROM " + grantee);
      continue;
    }
    connection.exec("GRANT SELECT, INSERT, UPDATE, DELETE ON " + name + " TO " + grantee);
    bool appendOnly = false;
    for (auto t : appendOnlyTables()) appendOnly = appendOnly || t == table;
    if (appendOnly) connection.exec("REVOKE UPDATE, DELETE, TRUNCATE ON " + name + " FROM " + grantee);
  }
  tx.commit();
}

}  // namespace eoc::store::postgres
