#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/migrations.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/store_fixture.hpp"

namespace eoc::store {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::Connection;
using sqlite::Statement;
using sqlite::StoreError;
using sqlite::applyMigrations;
using sqlite::currentSchemaVersion;
using sqlite::migrations;
using sqlite::AuditRepository;

using testing::TempDir;

int64_t countRows(Database& db, const char* countSql) {
  return db.read([&](Connection& c) {
    Statement s = c.prepare(countSql);
    s.step();
    return s.int64(0);
  });
}

AuditEntry entry(const std::string& kind) {
  return AuditEntry{testing::beijing("2026-07-12T15:00:00+08:00"), "duty_officer", kind, "W1", nullptr, nullptr, ""};
}

TEST(Database, OpeningCreatesTheDataDirectoryAndAFileInWalModeWithFullSync) {
  TempDir dir;
  Database db(dir.path() / "nested" / "var");
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "nested" / "var" / "eoc.sqlite"));
  // Both kinds of connection must carry the settings: the writer's make durability, a reader's
  // must match so reads never bypass WAL.
  auto pragmas = [](Connection& c) {
    Statement mode = c.prepare("PRAGMA journal_mode");
    mode.step();
    Statement sync = c.prepare("PRAGMA synchronous");
    sync.step();
    Statement keys = c.prepare("PRAGMA foreign_keys");
    keys.step();
    return mode.text(0) + "/" + std::to_string(sync.int64(0)) + "/" + std::to_string(keys.int64(0));
  };
  EXPECT_EQ(db.read(pragmas), "wal/2/1");  // 2 = FULL
  EXPECT_EQ(db.write([&](Transaction& tx) { return pragmas(tx.connection()); }), "wal/2/1");
}

TEST(Database, ReadConnectionsRefuseToWrite) {
  TempDir dir;
  Database db(dir.path());
  EXPECT_THROW(db.read([](Connection& c) { c.prepare("DELETE FROM tokens").run(); }), EocError);
}

TEST(Database, MigrationsApplyOnceAndReopeningIsIdempotent) {
  TempDir dir;
  const int latest = migrations().back().version;
  {
    Database db(dir.path());
    EXPECT_EQ(db.schemaVersion(), latest);
    EXPECT_EQ(countRows(db, "SELECT count(*) FROM schema_version"), int64_t(migrations().size()));
    AuditRepository audit(db);
    db.write([&](Transaction& tx) { audit.append(tx, entry("kept.across.reopen")); });
  }
  Database again(dir.path());
  EXPECT_EQ(again.schemaVersion(), latest);
  EXPECT_EQ(countRows(again, "SELECT count(*) FROM schema_version"), int64_t(migrations().size()));
  EXPECT_EQ(countRows(again, "SELECT count(*) FROM audit"), 1);
}

TEST(Database, ADatabaseWrittenByANewerEocIsRefused) {
  TempDir dir;
  {
    Database db(dir.path());
    db.write([](Transaction& tx) {
      tx.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?1, 'from the future', '')")
          .bind(1, 999)
          .run();
    });
  }
  try {
    Database refused(dir.path());
    FAIL() << "opening a version-999 database succeeded";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageError);
    EXPECT_NE(e.detail().find("999"), std::string::npos) << e.detail();
  }
}

TEST(Database, AnAppendedMigrationRunsOnlyTheNewStep) {
  TempDir dir;
  sqlite::engine::Connection c(dir.path() / "m.sqlite");
  const Migration first[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"}};
  applyMigrations(c, first);
  applyMigrations(c, first);  // a plain CREATE TABLE would fail if it ran twice
  const Migration appended[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"}, {2, "two", "CREATE TABLE t2 (y TEXT)"}};
  applyMigrations(c, appended);
  EXPECT_EQ(currentSchemaVersion(c), 2);
  EXPECT_NO_THROW(c.prepare("INSERT INTO t2 (y) VALUES ('ok')").run());
}

TEST(Database, AFailingMigrationLeavesTheDatabaseAtThePreviousVersion) {
  TempDir dir;
  sqlite::engine::Connection c(dir.path() / "m.sqlite");
  const Migration list[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"},
                            {2, "half good", "CREATE TABLE t2 (y TEXT); CREATE TABLE t1 (x INTEGER);"}};
  EXPECT_THROW(applyMigrations(c, list), EocError);
  EXPECT_EQ(currentSchemaVersion(c), 1);
  // t2 was created by the failed step's first statement and must have been rolled back with it.
  sqlite::engine::Statement t2 = c.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 't2'");
  t2.step();
  EXPECT_EQ(t2.int64(0), 0);
}

TEST(Database, MigrationsOutOfOrderAreAProgrammingError) {
  TempDir dir;
  sqlite::engine::Connection c(dir.path() / "m.sqlite");
  const Migration list[] = {{2, "two", "CREATE TABLE t2 (y TEXT)"}, {1, "one", "CREATE TABLE t1 (x INTEGER)"}};
  EXPECT_THROW(applyMigrations(c, list), std::logic_error);
}

TEST(Database, AWriteThatThrowsMidwayLeavesNothing) {
  TempDir dir;
  Database db(dir.path());
  AuditRepository audit(db);
  EXPECT_THROW(db.write([&](Transaction& tx) {
    audit.append(tx, entry("first.half"));
    audit.append(tx, entry("second.half"));
    throw std::runtime_error("validation failed after two inserts");
  }),
               std::runtime_error);
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM audit"), 0);
  // The writer is usable again after the rollback.
  db.write([&](Transaction& tx) { audit.append(tx, entry("after")); });
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM audit"), 1);
}

TEST(Database, WriteInsideWriteIsRefusedInsteadOfDeadlocking) {
  TempDir dir;
  Database db(dir.path());
  EXPECT_THROW(db.write([&](Transaction&) { db.write([](Transaction&) {}); }), std::logic_error);
  EXPECT_NO_THROW(db.write([](Transaction&) {}));
}

TEST(Database, ConcurrentWritersFromEightThreadsAllLandWithoutBusyErrors) {
  TempDir dir;
  Database db(dir.path());
  AuditRepository audit(db);
  constexpr int kThreads = 8, kWrites = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        try {
          db.write([&](Transaction& tx) { audit.append(tx, entry("thread." + std::to_string(t))); });
          if (i % 20 == 0) audit.query({.kind = "thread." + std::to_string(t)});  // reads beside the writes
        } catch (...) {
          ++failures;
        }
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM audit"), kThreads * kWrites);
  EXPECT_EQ(countRows(db, "SELECT count(DISTINCT seq) FROM audit"), kThreads * kWrites);
}

TEST(Database, TwoDatabaseObjectsOnOneFileWaitForEachOtherLikeTwoProcesses) {
  // The service and the `eoc token` CLI each open their own Database on the same file; only the
  // busy timeout keeps them from failing with SQLITE_BUSY.
  TempDir dir;
  Database first(dir.path());
  Database second(dir.path());
  AuditRepository audit1(first), audit2(second);
  std::atomic<int> failures{0};
  auto writer = [&](Database& db, AuditRepository& audit) {
    for (int i = 0; i < 150; ++i) {
      try {
        db.write([&](Transaction& tx) { audit.append(tx, entry("two.processes")); });
      } catch (...) {
        ++failures;
      }
    }
  };
  std::thread a(writer, std::ref(first), std::ref(audit1));
  std::thread b(writer, std::ref(second), std::ref(audit2));
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(countRows(first, "SELECT count(*) FROM audit"), 300);
}

TEST(Database, ReadsRunBesideAnOpenWriteAndSeeOnlyCommittedData) {
  TempDir dir;
  Database db(dir.path());
  AuditRepository audit(db);
  db.write([&](Transaction& tx) { audit.append(tx, entry("committed")); });
  int64_t seenDuringWrite = -1;
  db.write([&](Transaction& tx) {
    audit.append(tx, entry("in.flight"));
    // Another thread reads while this transaction holds the write lock: it must not wait for it
    // (the join would hang) and must not see the uncommitted row.
    std::thread reader([&] { seenDuringWrite = countRows(db, "SELECT count(*) FROM audit"); });
    reader.join();
  });
  EXPECT_EQ(seenDuringWrite, 1);
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM audit"), 2);
}

TEST(Database, TheSameSqlCanBeUsedNestedInsideItsOwnLoop) {
  TempDir dir;
  Database db(dir.path());
  AuditRepository audit(db);
  db.write([&](Transaction& tx) {
    for (const char* kind : {"a", "b", "c"}) audit.append(tx, entry(kind));
  });
  const char* sql = "SELECT kind FROM audit WHERE seq > ?1 ORDER BY seq";
  int pairs = db.read([&](Connection& c) {
    int n = 0;
    Statement outer = c.prepare(sql);
    outer.bind(1, 0);
    while (outer.step()) {
      Statement inner = c.prepare(sql);  // same text while `outer` is mid-iteration
      inner.bind(1, 0);
      while (inner.step()) ++n;
    }
    return n;
  });
  EXPECT_EQ(pairs, 9);
}

TEST(Database, AStoreErrorNamesTheSqlForTheLogButShowsClientsOnlySqlitesMessage) {
  TempDir dir;
  Database db(dir.path());
  try {
    db.read([](Connection& c) { c.prepare("SELECT no_such_column FROM tokens").run(); });
    FAIL() << "a query on a missing column compiled";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageError);
    EXPECT_NE(e.detail().find("no_such_column"), std::string::npos) << e.detail();
    EXPECT_EQ(e.detail().find("SELECT"), std::string::npos) << e.detail();
    EXPECT_NE(std::string(e.what()).find("SELECT no_such_column FROM tokens"), std::string::npos) << e.what();
  }
}

TEST(Database, AfterCommitCallbacksRunOnlyOnceTheChangeIsCommitted) {
  TempDir dir;
  Database db(dir.path());
  int runs = 0;
  int64_t visibleWhenCalled = -1;
  db.write([&](Transaction& tx) {
    AuditRepository(db).append(tx, entry("x"));
    tx.afterCommit([&] {
      ++runs;
      visibleWhenCalled = countRows(db, "SELECT count(*) FROM audit");
    });
  });
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(visibleWhenCalled, 1);
  EXPECT_THROW(db.write([&](Transaction& tx) {
    tx.afterCommit([&] { ++runs; });
    throw std::runtime_error("rolled back");
  }),
               std::runtime_error);
  EXPECT_EQ(runs, 1);
}

TEST(Database, ADiskFullWriteFailsAsStorageFullAndKeepsEarlierData) {
  TempDir dir;
  Database db(dir.path());
  AuditRepository audit(db);
  db.write([&](Transaction& tx) { audit.append(tx, entry("before.full")); });
  // Cap the file just above its current size: the next large write runs out of pages exactly as
  // on a full disk. (PRAGMA values cannot be bound parameters; this is a number, not input.)
  db.write([](Transaction& tx) {
    Statement pages = tx.prepare("PRAGMA page_count");
    pages.step();
    tx.connection().exec("PRAGMA max_page_count = " + std::to_string(pages.int64(0) + 2));
  });
  AuditEntry big = entry("too.big");
  big.after = std::string(200 * 1024, 'x');
  try {
    db.write([&](Transaction& tx) { audit.append(tx, big); });
    FAIL() << "a 200 KiB write fitted into two pages";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageFull) << e.what();
  }
  db.write([](Transaction& tx) { tx.connection().exec("PRAGMA max_page_count = 1073741823"); });
  auto kinds = audit.query({});
  ASSERT_EQ(kinds.size(), 1u);
  EXPECT_EQ(kinds[0].kind, "before.full");
  db.write([&](Transaction& tx) { audit.append(tx, entry("after.space.freed")); });
  EXPECT_EQ(audit.query({}).size(), 2u);
}

}  // namespace
}  // namespace eoc::store

namespace eoc::store {
namespace {

// A read inside a write would see another connection's snapshot, not the write's own changes, and
// could wait for the writer it holds: the store refuses it, as it refuses a nested write.
TEST(Database, AReadInsideAWriteIsRefused) {
  testing::TempDir dir;
  sqlite::Database db(dir.path());
  EXPECT_THROW(db.write([&](sqlite::Transaction&) { db.read([](sqlite::Connection&) {}); }), std::logic_error);
  EXPECT_NO_THROW(db.read([](sqlite::Connection&) {}));
  // Another thread may read while this one writes (WAL): only the writing thread is refused.
  db.write([&](sqlite::Transaction&) {
    std::thread reader([&] { EXPECT_NO_THROW(db.read([](sqlite::Connection&) {})); });
    reader.join();
  });
}

}  // namespace
}  // namespace eoc::store
