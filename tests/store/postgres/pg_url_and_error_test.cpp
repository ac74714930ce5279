#include <gtest/gtest.h>

#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_url.hpp"

namespace eoc::store::postgres::pg_url_and_error_test {
namespace {

TEST(PgUrl, RecognisesPostgresUrlsAndNothingElse) {
  EXPECT_TRUE(isPostgresUrl("postgresql://eoc@db:5432/eoc"));
  EXPECT_TRUE(isPostgresUrl("postgres://eoc@db/eoc"));
  EXPECT_FALSE(isPostgresUrl("var/eoc.sqlite"));
  EXPECT_FALSE(isPostgresUrl("sqlite:var/eoc.sqlite"));
  EXPECT_FALSE(isPostgresUrl("POSTGRESQL:/x"));
}

TEST(PgUrl, RedactionHidesPasswordsInUserInfoAndQuery) {
  EXPECT_EQ(redactUrl("postgresql://eoc:s3cret@127.0.0.1:5432/eoc"), "postgresql://eoc:***@127.0.0.1:5432/eoc");
  EXPECT_EQ(redactUrl("postgresql://eoc@127.0.0.1/eoc?password=s3cret&sslmode=require"),
            "postgresql://eoc@127.0.0.1/eoc?password=***&sslmode=require");
  EXPECT_EQ(redactUrl("postgresql://eoc@/eoc?host=/run/pg"), "postgresql://eoc@/eoc?host=/run/pg");
  EXPECT_EQ(redactUrl("postgresql://eoc:p@ss@host/eoc"), "postgresql://eoc:***@host/eoc");
}

TEST(PgError, SqlStatesMapOntoTheCatalogue) {
  EXPECT_EQ(errorCodeForSqlState("23505"), ErrorCode::Conflict);  // unique_violation
  EXPECT_EQ(errorCodeForSqlState("23503"), ErrorCode::Conflict);  // foreign_key_violation
  EXPECT_EQ(errorCodeForSqlState("23514"), ErrorCode::Conflict);  // check_violation
  EXPECT_EQ(errorCodeForSqlState("23000"), ErrorCode::Conflict);  // eoc's append-only triggers
  EXPECT_EQ(errorCodeForSqlState("53100"), ErrorCode::StorageFull);
  for (const char* unavailable : {"", "08006", "08001", "08007", "57P01", "57P02", "57P03", "53300", "40001", "40P01",
                                  "55P03", "57014"})
    EXPECT_EQ(errorCodeForSqlState(unavailable), ErrorCode::StorageUnavailable) << unavailable;
  EXPECT_EQ(errorCodeForSqlState("22021"), ErrorCode::InvalidBody);
  EXPECT_EQ(errorCodeForSqlState("42601"), ErrorCode::StorageError);  // syntax error: eoc's bug
  EXPECT_EQ(errorCodeForSqlState("42501"), ErrorCode::StorageError);  // privileges: deployment error
  EXPECT_EQ(errorInfo(ErrorCode::StorageUnavailable).status, 503);
}

TEST(PgError, RetryableAndConnectionLostAreTold) {
  EXPECT_TRUE(PgError("40001", "could not serialize access", "").retryable());
  EXPECT_TRUE(PgError("40P01", "deadlock detected", "").retryable());
  EXPECT_FALSE(PgError("23505", "duplicate key", "").retryable());
  EXPECT_TRUE(PgError("", "server closed the connection unexpectedly\n", "").connectionLost());
  EXPECT_TRUE(PgError("57P01", "terminating connection due to administrator command", "").connectionLost());
  EXPECT_FALSE(PgError("40001", "x", "").connectionLost());
  PgError e("", "server closed the connection unexpectedly\n", "SELECT 1");
  EXPECT_EQ(e.detail(), "server closed the connection unexpectedly");  // no trailing newline for clients
  EXPECT_NE(std::string(e.what()).find("SELECT 1"), std::string::npos);  // the log line has the statement
}

}  // namespace
}  // namespace eoc::store::postgres::pg_url_and_error_test
