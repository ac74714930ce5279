#include "store/postgres/pg_migrations.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "postgres/pg_test_support.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/postgres/pg_database.hpp"
#include "support/store_fixture.hpp"

namespace eoc::store::postgres::pg_migrations_test {
namespace {

using testing::TestSchema;

// Columns that exist only on PostgreSQL: generated from columns both backends have.
const std::set<std::string> kPostgresOnlyColumns = {"team_positions.position", "incidents.location", "warnings.area"};
const std::set<std::string> kPostgresOnlyIndexes = {"team_positions_position", "incidents_location", "warnings_area"};

struct ColumnShape {
  bool notNull = false;
  bool primaryKey = false;
  bool operator==(const ColumnShape&) const = default;
};
using Shape = std::map<std::string, ColumnShape>;  // "table.column"

Shape sqliteShape(eoc::store::sqlite::Database& db, std::set<std::string>& indexes, std::set<std::string>& triggers) {
  return db.read([&](eoc::store::sqlite::Connection& c) {
    Shape shape;
    eoc::store::sqlite::Statement columns = c.prepare(
        "SELECT m.name, p.name, p.\"notnull\", p.pk FROM sqlite_schema AS m, pragma_table_info(m.name) AS p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
    while (columns.step())
      shape[columns.text(0) + "." + columns.text(1)] = {columns.int64(2) != 0, columns.int64(3) != 0};
    eoc::store::sqlite::Statement others = c.prepare(
        "SELECT type, name FROM sqlite_schema WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%'");
    while (others.step()) (others.text(0) == "index" ? indexes : triggers).insert(others.text(1));
    return shape;
  });
}

Shape postgresShape(Database& db, std::set<std::string>& indexes, std::set<std::string>& triggers) {
  return db.read([&](Connection& c) {
    Shape shape;
    Statement columns = c.prepare(
        "SELECT c.table_name, c.column_name, c.is_nullable = 'NO', EXISTS (SELECT 1 FROM "
        "information_schema.key_column_usage k JOIN information_schema.table_constraints t USING "
        "(constraint_schema, constraint_name) WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = "
        "c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name) "
        "FROM information_schema.columns AS c WHERE c.table_schema = current_schema()");
    while (columns.step())
      shape[columns.text(0) + "." + columns.text(1)] = {columns.int64(2) != 0, columns.int64(3) != 0};
    Statement indexNames = c.prepare(
        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON "
        "n.oid = i.relnamespace WHERE n.nspname = current_schema() AND NOT x.indisprimary AND NOT x.indisunique");
    while (indexNames.step()) indexes.insert(indexNames.text(0));
    Statement triggerNames = c.prepare(
        "SELECT t.tgname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON "
        "n.oid = r.relnamespace WHERE n.nspname = current_schema() AND NOT t.tgisinternal");
    while (triggerNames.step()) triggers.insert(triggerNames.text(0));
    return shape;
  });
}

TEST(PgMigrations, TheSameVersionsAndNamesAsSqlite) {
  auto sqlite = eoc::store::sqlite::migrations();
  auto postgres = migrations();
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
}

TEST(PgMigrations, TheSameTablesColumnsNullabilityIndexesAndTriggersAsSqlite) {
  eoc::store::testing::TempDir dir;
  eoc::store::sqlite::Database sqlite(dir.path());
  TestSchema schema;
  Database postgres(schema.url(), schema.database(1));

  std::set<std::string> sqliteIndexes, sqliteTriggers, postgresIndexes, postgresTriggers;
  Shape lite = sqliteShape(sqlite, sqliteIndexes, sqliteTriggers);
  Shape pg = postgresShape(postgres, postgresIndexes, postgresTriggers);
  for (const auto& name : kPostgresOnlyColumns) EXPECT_EQ(pg.erase(name), 1u) << name;
  for (const auto& name : kPostgresOnlyIndexes) EXPECT_EQ(postgresIndexes.erase(name), 1u) << name;

  for (const auto& [column, shape] : lite) {
    auto it = pg.find(column);
    if (it == pg.end()) {
      ADD_FAILURE() << column << " exists in SQLite only";
      continue;
    }
    EXPECT_EQ(shape.primaryKey, it->second.primaryKey) << column;
    // SQLite leaves a primary key of a rowid table nullable; PostgreSQL never does.
    if (!shape.primaryKey) {
      EXPECT_EQ(shape.notNull, it->second.notNull) << column;
    }
  }
  for (const auto& [column, shape] : pg)
    if (!lite.count(column)) ADD_FAILURE() << column << " exists in PostgreSQL only";
  EXPECT_EQ(sqliteIndexes, postgresIndexes);
  // Every SQLite trigger exists on PostgreSQL, which adds DELETE and TRUNCATE guards.
  for (const auto& trigger : sqliteTriggers) EXPECT_TRUE(postgresTriggers.count(trigger)) << trigger;
}

TEST(PgMigrations, ApplyOnceAndReopeningIsIdempotent) {
  TestSchema schema;
  {
    Database db(schema.url(), schema.database(1));
    db.write([](Transaction& tx) {
      tx.prepare("INSERT INTO tokens (token_id, secret_hash, role, created_at) VALUES ('t', 'h', 'viewer', 'now')")
          .run();
    });
  }
  Database again(schema.url(), schema.database(1));
  EXPECT_EQ(again.schemaVersion(), migrations().back().version);
  auto counts = again.read([](Connection& c) {
    Statement s = c.prepare("SELECT (SELECT count(*) FROM schema_version), (SELECT count(*) FROM tokens)");
    s.step();
    return std::pair(s.int64(0), s.int64(1));
  });
  EXPECT_EQ(counts.first, int64_t(migrations().size()));
  EXPECT_EQ(counts.second, 1);
}

TEST(PgMigrations, InstancesStartingTogetherApplyEachMigrationOnce) {
  TestSchema schema;
  std::vector<std::thread> instances;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    instances.emplace_back([&] {
      try {
        Database db(schema.url(), schema.database(1));
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  for (auto& t : instances) t.join();
  EXPECT_EQ(failures.load(), 0);
  Database db(schema.url(), schema.database(1));
  EXPECT_EQ(db.read([](Connection& c) {
    Statement s = c.prepare("SELECT count(*) FROM schema_version");
    s.step();
    return s.int64(0);
  }),
            int64_t(migrations().size()));
}

TEST(PgMigrations, ASchemaWrittenByANewerEocIsRefused) {
  TestSchema schema;
  {
    Database db(schema.url(), schema.database(1));
    db.write([](Transaction& tx) {
      tx.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'from the future', '')").run();
    });
  }
  try {
    Database db(schema.url(), schema.database(1));
    FAIL() << "a newer schema was accepted";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageError);
    EXPECT_NE(e.detail().find("999"), std::string::npos);
    const std::string url = testing::serverUrl();
    const size_t colon = url.find(':', url.find("://") + 3), at = url.find('@');
    if (colon < at && at != std::string::npos) {
      EXPECT_EQ(e.detail().find(url.substr(colon + 1, at - colon - 1)), std::string::npos) << "password leaked";
    }
  }
}

class PgAppendOnly : public ::testing::Test {
 protected:
  PgAppendOnly() : db_(schema_.url(), schema_.database(2)) {
    db_.write([](Transaction& tx) {
      tx.prepare("INSERT INTO audit (at, actor, kind) VALUES ('2026-07-12T15:00:00+08:00', 'duty_officer', 'x')")
          .run();
      tx.prepare(
            "INSERT INTO warnings (id, state, status, type, level, author, created_at, updated_at, expires, body_json, "
            "history_json) VALUES ('W1', 'issued', 'Exercise', 'rainstorm', 'blue', 'a', 't', 't', 't', '{}', '[]')")
          .run();
      tx.prepare(
            "INSERT INTO warning_messages (identifier, warning_id, msg_type, sent, cap_xml, cap_json) "
            "VALUES ('m1', 'W1', 'Alert', 't', '<alert/>', '{}')")
          .run();
    });
  }
  // The catalogue code of the failure, or nullopt when `sql` succeeded.
  std::optional<ErrorCode> attempt(Database& db, const std::string& sql) {
    try {
      db.write([&](Transaction& tx) { tx.connection().exec(sql); });
      return std::nullopt;
    } catch (const EocError& e) {
      return e.code();
    }
  }
  TestSchema schema_;
  Database db_;
};

TEST_F(PgAppendOnly, TheAuditLogRefusesUpdateDeleteAndTruncateAsAConflict) {
  EXPECT_EQ(attempt(db_, "UPDATE audit SET actor = 'someone else'"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "DELETE FROM audit"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "TRUNCATE audit"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "INSERT INTO audit (at, actor, kind) VALUES ('t', 'a', 'more')"), std::nullopt);
  EXPECT_EQ(db_.read([](Connection& c) {
    Statement s = c.prepare("SELECT count(*), min(actor) FROM audit");
    s.step();
    return std::to_string(s.int64(0)) + " " + s.text(1);
  }),
            "2 a");
}

TEST_F(PgAppendOnly, IssuedCapMessagesAreFrozenAndAWarningNeverChangesStatus) {
  EXPECT_EQ(attempt(db_, "UPDATE warning_messages SET cap_xml = '<forged/>'"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "DELETE FROM warning_messages"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "TRUNCATE warning_messages"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "UPDATE warnings SET status = 'Actual' WHERE id = 'W1'"), ErrorCode::Conflict);
  EXPECT_EQ(attempt(db_, "UPDATE warnings SET status = 'Exercise', state = 'cancelled' WHERE id = 'W1'"), std::nullopt);
}

TEST_F(PgAppendOnly, AnApplicationRoleWithoutOwnershipCannotEditOrUnguardTheLog) {
  {
    Connection owner = schema_.connection();
    grantApplicationRole(owner, "eoc_app");
    grantApplicationRole(owner, "eoc_app");  // idempotent
  }
  auto options = schema_.database(1);
  options.migrate = false;
  Database app(testing::urlForUser(schema_.url(), "eoc_app"), options);
  // What eoc does: allowed.
  EXPECT_EQ(attempt(app, "INSERT INTO audit (at, actor, kind) VALUES ('t', 'a', 'by app')"), std::nullopt);
  EXPECT_EQ(attempt(app, "UPDATE warnings SET state = 'expired' WHERE id = 'W1'"), std::nullopt);
  // What nobody may do: refused by privileges before any trigger runs, and the triggers cannot be
  // switched off without owning the table.
  for (const char* forbidden : {"UPDATE audit SET actor = 'x'", "DELETE FROM audit", "TRUNCATE audit",
                                "UPDATE warning_messages SET cap_xml = 'x'", "ALTER TABLE audit DISABLE TRIGGER ALL",
                                "DELETE FROM schema_version", "DROP TABLE audit"})
    EXPECT_EQ(attempt(app, forbidden), ErrorCode::StorageError) << forbidden;
}

TEST(PgMigrations, GeneratedSpatialColumnsFollowTheValuesEocWrites) {
  TestSchema schema;
  Database db(schema.url(), schema.database(1));
  auto text = [&](const char* sql) {
    return db.read([&](Connection& c) {
      Statement s = c.prepare(sql);
      s.step();
      return s.optionalText(0);
    });
  };
  db.write([](Transaction& tx) {
    tx.prepare(
          "INSERT INTO team_positions (team_id, lon, lat, fix_time, received_at) VALUES ('T07', 87.5712, 43.7921, 1, 2)")
        .run();
    tx.prepare(
          "INSERT INTO incidents (id, created_at, created_by, type, lon, lat) "
          "VALUES ('i1', 't', 'a', 'gas_leak', 87.58, 43.79)")
        .run();
    tx.prepare(
          "INSERT INTO warnings (id, state, status, type, level, author, created_at, updated_at, expires, body_json, "
          "history_json) VALUES ('W1', 'draft', 'Actual', 'rainstorm', 'blue', 'a', 't', 't', 't', ?1, '[]'), "
          "('W2', 'draft', 'Actual', 'rainstorm', 'blue', 'a', 't', 't', 't', ?2, '[]')")
        .bindAll(std::string(R"({"area":{"committees":["650103001"],"polygon":{"type":"Polygon","coordinates":)"
                             R"([[[87.5,43.7],[87.6,43.7],[87.6,43.8],[87.5,43.7]]]}}})"),
                 std::string(R"({"area":{"committees":["650103001"]}})"))
        .run();
  });
  EXPECT_EQ(text("SELECT ST_AsText(position) FROM team_positions"), "POINT(87.5712 43.7921)");
  EXPECT_EQ(text("SELECT ST_AsText(location) FROM incidents"), "POINT(87.58 43.79)");
  EXPECT_EQ(text("SELECT ST_AsText(area) FROM warnings WHERE id = 'W1'"), "POLYGON((87.5 43.7,87.6 43.7,87.6 43.8,87.5 43.7))");
  EXPECT_EQ(text("SELECT ST_AsText(area) FROM warnings WHERE id = 'W2'"), std::nullopt);
  // Generated: nobody writes them by mistake.
  EXPECT_THROW(db.write([](Transaction& tx) {
                 tx.prepare("UPDATE team_positions SET position = NULL").run();
               }),
               PgError);
}

TEST(PgMigrations, IncidentsStoredAsADocumentMoveIntoTheirColumnsAndKeepTheirPoint) {
  TestSchema schema;
  {
    // A store as eoc left it before migration 65: the incident a JSON document in its row.
    Connection c(schema.url(), schema.connect());
    auto all = migrations();
    size_t before65 = 0;
    while (before65 < all.size() && all[before65].version < 65) ++before65;
    ASSERT_LT(before65, all.size());
    applyMigrations(c, all.first(before65));
    c.exec(
        "INSERT INTO incidents (id, created_at, created_by, body_json, activation_json, first_known_at, type, level) "
        "VALUES ('i1', '2026-12-01T10:00:00+08:00', 'duty_officer', "
        "'{\"type\":\"earthquake\",\"location\":[87.55,43.8],\"casualties\":2,\"evacuated\":40,"
        "\"note\":\"房屋倒塌\",\"magnitude\":6.1,\"time\":\"2026-12-01T09:45:00+08:00\","
        "\"activation_id\":\"a9\"}', NULL, '2026-12-01T09:50:00+08:00', 'earthquake', 'II')");
  }
  Database db(schema.url(), schema.database(1));  // applies migration 65
  auto row = db.read([](Connection& c) {
    Statement s = c.prepare(
        "SELECT lon, lat, casualties, evacuated, note, magnitude, occurred_at, activation_id, size, "
        "ST_AsText(location) FROM incidents WHERE id = 'i1'");
    EXPECT_TRUE(s.step());
    return std::tuple(s.real(0), s.real(1), s.int64(2), s.int64(3), s.text(4), s.real(5), s.text(6), s.text(7),
                      s.isNull(8), s.text(9));
  });
  EXPECT_EQ(row, std::tuple(87.55, 43.8, int64_t(2), int64_t(40), std::string("房屋倒塌"), 6.1,
                            std::string("2026-12-01T09:45:00+08:00"), std::string("a9"), true,
                            std::string("POINT(87.55 43.8)")));
}

}  // namespace
}  // namespace eoc::store::postgres::pg_migrations_test
