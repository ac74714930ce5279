#include "store/postgres/pg_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <latch>
#include <thread>
#include <vector>

#include "postgres/pg_test_support.hpp"
#include "store/postgres/pg_migrations.hpp"

namespace eoc::store::postgres::pg_database_test {
namespace {

using testing::Observed;
using testing::TestSchema;

int64_t count(Database& db, const char* sql) {
  return db.read([&](Connection& c) {
    Statement s = c.prepare(sql);
    s.step();
    return s.int64(0);
  });
}

void addAudit(Transaction& tx, const std::string& kind) {
  tx.prepare("INSERT INTO audit (at, actor, kind) VALUES ('2026-07-12T15:00:00+08:00', 'duty_officer', ?1)")
      .bind(1, kind)
      .run();
}

// Ends every session this test opened through `schema` (they carry its name as
// application_name), as a server restart would; other tests running beside it keep theirs.
void terminateSessionsOf(const TestSchema& schema) {
  Connection admin(schema.url());
  admin.prepare("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?1")
      .bind(1, schema.name())
      .run();
}

TEST(PgDatabase, OpeningMigratesAndWritesCommitOrRollBackWhole) {
  TestSchema schema;
  Database db(schema.url(), schema.database());
  EXPECT_EQ(db.schemaVersion(), migrations().back().version);
  db.write([](Transaction& tx) {
    addAudit(tx, "one");
    addAudit(tx, "two");
  });
  EXPECT_THROW(db.write([](Transaction& tx) {
                 addAudit(tx, "three");
                 throw EocError(ErrorCode::InvalidBody, "the use case changed its mind");
               }),
               EocError);
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit"), 2);
}

// A store URL may carry its own session settings (`options=-c search_path=…`, how the HTTP suites
// and the system tests put an instance on a schema): they add to eoc's, never replace them.
TEST(PgDatabase, AStoreUrlsOwnSessionSettingsAddToEocsInsteadOfReplacingThem) {
  TestSchema schema;
  const std::string url = schema.url() + (schema.url().find('?') == std::string::npos ? "?" : "&") +
                          "options=-c%20search_path%3D" + schema.name() + "%2Cpublic%20-c%20lock_timeout%3D1234";
  ConnectOptions options;
  options.statementTimeout = std::chrono::milliseconds(4321);
  Connection c(url, options);
  auto show = [&](const char* setting) {
    Statement s = c.prepare(std::string("SELECT current_setting('") + setting + "')");
    s.step();
    return std::string(s.text(0));
  };
  EXPECT_EQ(show("search_path"), schema.name() + ",public");  // the URL's
  EXPECT_EQ(show("lock_timeout"), "1234ms");                   // the URL's, over eoc's default
  EXPECT_EQ(show("statement_timeout"), "4321ms");              // eoc's, kept
  EXPECT_EQ(show("idle_in_transaction_session_timeout"), "1min");
}

TEST(PgDatabase, AfterCommitRunsOnlyOnceCommitted) {
  TestSchema schema;
  Database db(schema.url(), schema.database());
  int committed = 0;
  db.write([&](Transaction& tx) {
    tx.afterCommit([&] { ++committed; });
    addAudit(tx, "x");
    EXPECT_EQ(committed, 0);
  });
  EXPECT_EQ(committed, 1);
  EXPECT_THROW(db.write([&](Transaction& tx) {
                 tx.afterCommit([&] { ++committed; });
                 throw EocError(ErrorCode::Conflict, "no");
               }),
               EocError);
  EXPECT_EQ(committed, 1);
}

TEST(PgDatabase, ATransactionAbortedByAFailedStatementCannotCommit) {
  // SQLite would let a caller catch the failed INSERT and commit the rest; PostgreSQL would answer
  // COMMIT with a silent ROLLBACK. Neither may look like success.
  TestSchema schema;
  Database db(schema.url(), schema.database());
  try {
    db.write([](Transaction& tx) {
      addAudit(tx, "kept?");
      try {
        tx.prepare("INSERT INTO tokens (token_id) VALUES ('incomplete')").run();  // NOT NULL columns missing
      } catch (const PgError&) {
      }
    });
    FAIL() << "an aborted transaction reported success";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState(), "25P02");
  }
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit"), 0);
}

TEST(PgDatabase, ReadsSeeOneSnapshotAndCannotWrite) {
  TestSchema schema;
  Database db(schema.url(), schema.database());
  db.write([](Transaction& tx) { addAudit(tx, "before"); });
  auto seen = db.read([&](Connection& c) {
    Statement first = c.prepare("SELECT count(*) FROM audit");
    first.step();
    int64_t before = first.int64(0);
    db.write([](Transaction& tx) { addAudit(tx, "during"); });  // another connection of the pool
    Statement second = c.prepare("SELECT count(*) FROM audit WHERE kind <> ''");
    second.step();
    return std::pair(before, second.int64(0));
  });
  EXPECT_EQ(seen.first, 1);
  EXPECT_EQ(seen.second, 1);  // the read's snapshot, not the write committed meanwhile
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit"), 2);
  try {
    db.read([](Connection& c) { c.prepare("DELETE FROM tokens").run(); });
    FAIL() << "a read wrote";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState(), "25006");  // read_only_sql_transaction
  }
}

TEST(PgDatabase, ConcurrentReadModifyWriteIsSerialisedByRetryingTheLoser) {
  // Two writers read the same counter and both write it + 1: without serializable isolation one
  // increment would be lost. Each first attempt waits for the other to have read, so the conflict
  // happens on every run; the retried attempt does not wait.
  TestSchema schema;
  Database db(schema.url(), schema.database());
  db.write([](Transaction& tx) {
    tx.connection().exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    tx.prepare("INSERT INTO counter VALUES (1, 0)").run();
  });
  std::barrier bothRead(2);
  auto increment = [&] {
    int attempts = 0;
    db.write([&](Transaction& tx) {
      Statement read = tx.prepare("SELECT n FROM counter WHERE id = 1");
      read.step();
      int64_t n = read.int64(0);
      if (++attempts == 1) bothRead.arrive_and_wait();
      tx.prepare("UPDATE counter SET n = ?1 WHERE id = 1").bind(1, n + 1).run();
    });
    return attempts;
  };
  int attemptsA = 0, attemptsB = 0;
  std::thread a([&] { attemptsA = increment(); });
  std::thread b([&] { attemptsB = increment(); });
  a.join();
  b.join();
  EXPECT_EQ(count(db, "SELECT n FROM counter"), 2);
  EXPECT_GE(db.retries(), 1);
  EXPECT_GE(attemptsA + attemptsB, 3);
}

TEST(PgDatabase, RetriesRunOutAsStorageUnavailable) {
  TestSchema schema;
  auto options = schema.database();
  options.maxAttempts = 3;
  Database db(schema.url(), options);
  int attempts = 0;
  try {
    db.write([&](Transaction& tx) {
      ++attempts;
      tx.connection().exec("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure'; END $$");
    });
    FAIL();
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageUnavailable);
    EXPECT_EQ(e.sqlState(), "40001");
  }
  EXPECT_EQ(attempts, 3);
}

TEST(PgDatabase, AConnectionKilledWhileIdleIsReplacedWithoutTheCallerNoticing) {
  TestSchema schema;
  Database db(schema.url(), schema.database(2));
  db.write([](Transaction& tx) { addAudit(tx, "first"); });
  const int64_t openedBefore = db.pool().connectionsOpened();
  terminateSessionsOf(schema);
  db.write([](Transaction& tx) { addAudit(tx, "after the restart"); });
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit"), 2);
  EXPECT_GT(db.pool().connectionsOpened(), openedBefore);
}

TEST(PgDatabase, AConnectionLostInsideATransactionIsUnavailableAndNothingIsWritten) {
  TestSchema schema;
  auto options = schema.database(2);
  options.maxAttempts = 1;
  Database db(schema.url(), options);
  try {
    db.write([&](Transaction& tx) {
      addAudit(tx, "half");
      tx.prepare("SELECT pg_terminate_backend(pg_backend_pid())").run();
    });
    FAIL() << "a write on a lost connection succeeded";
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageUnavailable);
    EXPECT_TRUE(e.connectionLost());
  }
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit"), 0);
}

TEST(PgDatabase, AnUnreachableServerIsStorageUnavailableWithoutThePassword) {
  // Port 1 (tcpmux): nothing listens there on a test machine.
  std::string url = "postgresql://eoc:topsecret@127.0.0.1:1/eoc_test";
  try {
    Connection c(url, ConnectOptions{});
    FAIL() << "connected to port 1";
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageUnavailable);
    EXPECT_TRUE(e.connectionLost());
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
    EXPECT_NE(e.detail().find("eoc:***@127.0.0.1:1"), std::string::npos) << e.detail();
  }
}

TEST(PgDatabase, AWrongPasswordIsRefusedAndNotEchoed) {
  std::string url = testing::serverUrl();
  size_t colon = url.find(':', url.find("://") + 3);
  size_t at = url.find('@');
  url.replace(colon + 1, at - colon - 1, "wrong-password-123");
  try {
    Connection c(url);
    FAIL();
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageUnavailable);
    EXPECT_EQ(std::string(e.what()).find("wrong-password-123"), std::string::npos);
  }
}

TEST(PgDatabase, ABusyPoolMakesTheNextCallerWaitThenAnswer503) {
  TestSchema schema;
  auto options = schema.database(1);
  options.pool.acquireTimeout = std::chrono::milliseconds(200);
  Database db(schema.url(), options);
  Observed<bool> holding;
  Observed<bool> release;
  std::thread holder([&] {
    db.read([&](Connection&) {
      holding.update([](bool& v) { v = true; });
      release.waitUntil([](bool v) { return v; });
    });
  });
  ASSERT_TRUE(holding.waitUntil([](bool v) { return v; }));
  try {
    db.read([](Connection&) {});
    ADD_FAILURE() << "a second connection was lent from a pool of one";
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageUnavailable);
  }
  release.update([](bool& v) { v = true; });
  holder.join();
  EXPECT_NO_THROW(db.read([](Connection&) {}));
}

// The outbox claim designed for several instances (docs/store-backends.md §7), on a table of its
// own until deliveries get their lease columns: READ COMMITTED + FOR UPDATE SKIP LOCKED.
std::vector<std::string> claim(Transaction& tx, const std::string& instance, int64_t nowMs, int64_t leaseMs, int limit) {
  Statement s = tx.prepare(
      "UPDATE jobs SET claimed_by = ?1, lease_until_ms = ?2 WHERE id IN (SELECT id FROM jobs WHERE due_ms <= ?3 "
      "AND (lease_until_ms IS NULL OR lease_until_ms < ?3) ORDER BY due_ms, id LIMIT ?4 FOR UPDATE SKIP LOCKED) "
      "RETURNING id");
  s.bindAll(instance, nowMs + leaseMs, nowMs, limit);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.text(0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(PgDatabase, ClaimsSkipEachOthersRowsAndALapsedLeaseIsTakenOver) {
  TestSchema schema;
  Database db(schema.url(), schema.database(4));
  db.write([](Transaction& tx) {
    tx.connection().exec(
        "CREATE TABLE jobs (id TEXT PRIMARY KEY, due_ms BIGINT NOT NULL, claimed_by TEXT, lease_until_ms BIGINT)");
    for (int i = 0; i < 10; ++i)
      tx.prepare("INSERT INTO jobs (id, due_ms) VALUES (?1, ?2)").bindAll("j" + std::to_string(i), i).run();
  });
  const TransactionMode claiming{Isolation::ReadCommitted, false};
  std::latch aClaimed(1), bDone(1);
  std::vector<std::string> a, b;
  std::thread instanceA([&] {
    db.transact(claiming, [&](Transaction& tx) {
      a = claim(tx, "A", 1000, 8000, 4);
      aClaimed.count_down();
      bDone.wait();  // A's row locks are held until here: B must skip, not wait
    });
  });
  aClaimed.wait();
  db.transact(claiming, [&](Transaction& tx) { b = claim(tx, "B", 1000, 8000, 4); });
  bDone.count_down();
  instanceA.join();
  EXPECT_EQ(a, (std::vector<std::string>{"j0", "j1", "j2", "j3"}));
  EXPECT_EQ(b, (std::vector<std::string>{"j4", "j5", "j6", "j7"}));
  // Before the leases lapse only the unclaimed rows are left; after, A's and B's are taken over.
  auto before = db.transact(claiming, [&](Transaction& tx) { return claim(tx, "C", 2000, 8000, 10); });
  EXPECT_EQ(before, (std::vector<std::string>{"j8", "j9"}));
  auto after = db.transact(claiming, [&](Transaction& tx) { return claim(tx, "C", 9001, 8000, 10); });
  EXPECT_EQ(after, (std::vector<std::string>{"j0", "j1", "j2", "j3", "j4", "j5", "j6", "j7"}));
}

TEST(PgDatabase, EightWritersAtOnceLoseNothing) {
  TestSchema schema;
  Database db(schema.url(), schema.database(4));
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) db.write([&](Transaction& tx) { addAudit(tx, "w" + std::to_string(w)); });
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit"), 200);
  EXPECT_EQ(count(db, "SELECT count(DISTINCT seq) FROM audit"), 200);
}

}  // namespace
}  // namespace eoc::store::postgres::pg_database_test
