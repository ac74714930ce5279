#include "store/postgres/pg_statement.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "postgres/pg_test_support.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_error.hpp"

namespace eoc::store::postgres::pg_statement_test {
namespace {

using testing::TestSchema;

class PgStatement : public ::testing::Test {
 protected:
  PgStatement() : connection_(schema_.connection()) {
    connection_.exec(
        "CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, s TEXT, flag INTEGER "
        "CHECK (flag IN (0, 1)))");
  }
  TestSchema schema_;
  Connection connection_;
};

TEST_F(PgStatement, ValuesRoundTripWithTheirTypes) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  connection_.prepare("INSERT INTO t (id, n, x, s, flag) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bindAll("a", big, 0.1, std::string("沙依巴克区 ✓ 'quoted' \"double\""), 1)
      .run();
  connection_.prepare("INSERT INTO t (id, n, x, s, flag) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bindAll("b", small, -1.7976931348623157e308, std::string(), false)
      .run();
  Statement s = connection_.prepare("SELECT id, n, x, s, flag, flag = 1 FROM t ORDER BY id");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.text(0), "a");
  EXPECT_EQ(s.int64(1), big);
  EXPECT_EQ(s.real(2), 0.1);  // exactly: the shortest round-trip text was sent
  EXPECT_EQ(s.text(3), "沙依巴克区 ✓ 'quoted' \"double\"");
  EXPECT_EQ(s.int64(4), 1);
  EXPECT_EQ(s.int64(5), 1);  // a boolean reads as 1/0 as SQLite's comparisons do
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(1), small);
  EXPECT_EQ(s.real(2), -1.7976931348623157e308);
  EXPECT_FALSE(s.isNull(3));  // the empty string is not NULL
  EXPECT_EQ(s.text(3), "");
  EXPECT_EQ(s.int64(5), 0);
  EXPECT_FALSE(s.step());
}

TEST_F(PgStatement, NullsAndOptionalsBehaveAsWithSqlite) {
  std::optional<int64_t> none;
  std::optional<std::string> text = "x";
  connection_.prepare("INSERT INTO t (id, n, x, s) VALUES (?1, ?2, ?3, ?4)")
      .bindAll("a", none, std::optional<double>(), text)
      .run();
  Statement s = connection_.prepare("SELECT n, x, s, (SELECT s FROM t WHERE id = 'missing') FROM t");
  ASSERT_TRUE(s.step());
  EXPECT_TRUE(s.isNull(0));
  EXPECT_EQ(s.optionalInt64(0), std::nullopt);
  EXPECT_EQ(s.int64(0), 0);  // NULL reads as 0, "" and 0.0
  EXPECT_EQ(s.real(1), 0.0);
  EXPECT_EQ(s.optionalText(2), "x");
  EXPECT_EQ(s.optionalText(3), std::nullopt);
  EXPECT_EQ(s.text(3), "");
  EXPECT_TRUE(s.isNull(42));  // a column that does not exist reads as NULL
}

TEST_F(PgStatement, NonFiniteDoublesSurvive) {
  auto insert = connection_.prepare("INSERT INTO t (id, x) VALUES (?1, ?2)");
  insert.bindAll("nan", std::nan("")).run();
  insert.bindAll("inf", std::numeric_limits<double>::infinity()).run();
  insert.bindAll("-inf", -std::numeric_limits<double>::infinity()).run();
  Statement s = connection_.prepare("SELECT x FROM t WHERE id = ?1");
  s.bind(1, "nan");
  ASSERT_TRUE(s.step());
  EXPECT_TRUE(std::isnan(s.real(0)));
  EXPECT_FALSE(s.step());
  s.bind(1, "-inf");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.real(0), -std::numeric_limits<double>::infinity());
}

TEST_F(PgStatement, RunKeepsBindingsSoALoopReusesOneStatementAndChangesCountsRows) {
  auto insert = connection_.prepare("INSERT INTO t (id, n) VALUES (?1, ?2)");
  for (int i = 0; i < 5; ++i) insert.bind(1, "r" + std::to_string(i)).bind(2, i).run();
  EXPECT_EQ(connection_.changes(), 1);
  connection_.prepare("UPDATE t SET n = n + 10 WHERE n >= ?1").bind(1, 2).run();
  EXPECT_EQ(connection_.changes(), 3);
  Statement count = connection_.prepare("SELECT count(*), sum(n) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 5);
  EXPECT_EQ(count.int64(1), 0 + 1 + 12 + 13 + 14);  // sum(bigint) is numeric: read as an integer
  EXPECT_EQ(connection_.changes(), 3);                // a SELECT leaves changes() alone, as in SQLite
  connection_.prepare("DELETE FROM t WHERE id = 'none'").run();
  EXPECT_EQ(connection_.changes(), 0);
}

TEST_F(PgStatement, TheSameSqlMayBeOpenTwiceAtOnce) {
  auto insert = connection_.prepare("INSERT INTO t (id, n) VALUES (?1, ?2)");
  for (int i = 0; i < 3; ++i) insert.bindAll("r" + std::to_string(i), i).run();
  const char* sql = "SELECT id FROM t WHERE n >= ?1 ORDER BY id";
  Statement outer = connection_.prepare(sql);
  outer.bind(1, 0);
  int pairs = 0;
  while (outer.step()) {
    Statement inner = connection_.prepare(sql);
    inner.bind(1, 1);
    while (inner.step()) ++pairs;
  }
  EXPECT_EQ(pairs, 3 * 2);
}

TEST_F(PgStatement, StepAfterTheLastRowRunsTheQueryAgain) {
  connection_.prepare("INSERT INTO t (id) VALUES ('a')").run();
  Statement s = connection_.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(0), 1);
  EXPECT_FALSE(s.step());
  connection_.prepare("INSERT INTO t (id) VALUES ('b')").run();
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(0), 2);
}

TEST_F(PgStatement, PortableUpsertAndReturningWork) {
  // The outbox's ack-track upsert as eoc writes it for SQLite.
  connection_.exec(
      "CREATE TABLE tracks (warning_id TEXT, recipient TEXT, level TEXT, due_ms BIGINT, acked_ms BIGINT, "
      "PRIMARY KEY (warning_id, recipient))");
  // In DO UPDATE, SQLite reads a bare column as the existing row's; PostgreSQL calls it ambiguous
  // (the existing row or `excluded`). Naming the table is portable.
  try {
    connection_.prepare(
        "INSERT INTO tracks (warning_id, recipient, level, due_ms) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (warning_id, recipient) DO UPDATE SET due_ms = CASE WHEN acked_ms IS NULL THEN 1 END");
    FAIL() << "an ambiguous column was accepted";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState(), "42702");
  }
  const char* upsert =
      "INSERT INTO tracks (warning_id, recipient, level, due_ms) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (warning_id, recipient) DO UPDATE SET level = excluded.level, "
      "due_ms = CASE WHEN tracks.acked_ms IS NULL THEN excluded.due_ms ELSE NULL END";
  connection_.prepare(upsert).bindAll("W1", "650103001", "blue", int64_t(1000)).run();
  connection_.prepare(upsert).bindAll("W1", "650103001", "red", int64_t(2000)).run();
  Statement s = connection_.prepare("SELECT level, due_ms FROM tracks");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.text(0), "red");
  EXPECT_EQ(s.int64(1), 2000);
  Statement returning = connection_.prepare("INSERT INTO t (id, n) VALUES (?1, ?2) RETURNING n * 2");
  returning.bindAll("z", 21);
  ASSERT_TRUE(returning.step());
  EXPECT_EQ(returning.int64(0), 42);
  EXPECT_EQ(connection_.changes(), 1);
}

TEST_F(PgStatement, AParameterWithoutTypeContextNeedsAPortableCast) {
  // "?1 IS NULL" alone gives PostgreSQL no type; SQLite does not care. CAST(?1 AS TEXT) suits both.
  try {
    connection_.prepare("SELECT id FROM t WHERE (?1 IS NULL OR s = ?1)");
    FAIL() << "PostgreSQL accepted an untyped parameter";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState().substr(0, 3), "42P");  // 42P08 inconsistent types deduced, or 42P18 indeterminate
    EXPECT_EQ(e.code(), ErrorCode::StorageError);
  }
  connection_.prepare("INSERT INTO t (id, s) VALUES ('a', 'x')").run();
  Statement s = connection_.prepare("SELECT id FROM t WHERE (CAST(?1 AS TEXT) IS NULL OR s = ?1)");
  s.bind(1, std::nullopt);
  EXPECT_TRUE(s.step());
  EXPECT_FALSE(s.step());
  s.bind(1, "y");
  EXPECT_FALSE(s.step());
  s.bind(1, "x");
  EXPECT_TRUE(s.step());
}

TEST_F(PgStatement, AnIntegerBindsWhereTheServerInferredABoolean) {
  // recordOutcomes writes "CASE WHEN ?3 THEN ..." with int(delivered): 1/0 read as true/false.
  connection_.prepare("INSERT INTO t (id, n) VALUES ('a', 5)").run();
  Statement s = connection_.prepare("SELECT CASE WHEN ?1 THEN n ELSE -n END FROM t");
  s.bind(1, 1);
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(0), 5);
}

TEST_F(PgStatement, TextWithANulCharacterIsRefusedNotCutShort) {
  auto insert = connection_.prepare("INSERT INTO t (id, s) VALUES (?1, ?2)");
  try {
    insert.bindAll("a", std::string("before\0after", 12));
    FAIL() << "a NUL character was accepted";
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  }
}

TEST_F(PgStatement, InvalidUtf8IsABadRequestNotAServerError) {
  try {
    connection_.prepare("INSERT INTO t (id, s) VALUES (?1, ?2)").bindAll("a", std::string("\xff\xfe")).run();
    FAIL() << "invalid UTF-8 was stored";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState(), "22021");
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  }
}

TEST_F(PgStatement, AParameterThatDoesNotExistIsRefused) {
  auto s = connection_.prepare("SELECT ?1::text");
  EXPECT_THROW(s.bind(2, 1), PgError);
  EXPECT_THROW(s.bind(0, 1), PgError);
}

TEST_F(PgStatement, ReadingTextAsANumberFailsLoudly) {
  Statement s = connection_.prepare("SELECT 'abc'::text");
  ASSERT_TRUE(s.step());
  EXPECT_THROW(s.int64(0), PgError);
  EXPECT_THROW(s.real(0), PgError);
}

TEST_F(PgStatement, BadSqlIsAStorageErrorNamingTheStatement) {
  try {
    connection_.prepare("SELEC 1");
    FAIL();
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState(), "42601");
    EXPECT_EQ(e.code(), ErrorCode::StorageError);
    EXPECT_NE(std::string(e.what()).find("SELEC 1"), std::string::npos);
  }
}

TEST_F(PgStatement, AUniqueViolationIsAConflict) {
  auto insert = connection_.prepare("INSERT INTO t (id) VALUES (?1)");
  insert.bind(1, "same").run();
  try {
    insert.run();
    FAIL() << "a duplicate key was accepted";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState(), "23505");
    EXPECT_EQ(e.code(), ErrorCode::Conflict);
    EXPECT_EQ(e.info().status, 409);
  }
  try {
    connection_.prepare("INSERT INTO t (id, flag) VALUES ('other', 7)").run();
    FAIL() << "a CHECK was not enforced";
  } catch (const PgError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Conflict);
  }
}

}  // namespace
}  // namespace eoc::store::postgres::pg_statement_test
