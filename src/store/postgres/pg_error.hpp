#pragma once
// The PostgreSQL backend's one error type, an EocError so that the HTTP edge renders it without
// knowing about libpq. The SQLSTATE decides the catalogue code (PostgreSQL manual, appendix A
// "PostgreSQL Error Codes"):
//   class 23 integrity constraint (unique, foreign key, check, not null,
//            and eoc's append-only triggers, which raise 23000)          -> Conflict           409
//   53100 disk_full                                                       -> StorageFull        507
//   class 08 connection exception, 57P01 admin_shutdown,
//   57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections,
//   53200 out_of_memory, 55P03 lock_not_available, 57014 query_canceled,
//   40001 serialization_failure, 40P01 deadlock_detected, and a connection
//   libpq reports broken (no SQLSTATE at all)                             -> StorageUnavailable 503
//   22021 character_not_in_repertoire, 22P05 untranslatable_character     -> InvalidBody        400
//   anything else (a bug in eoc's SQL, a misconfigured server)            -> StorageError       500
// 40001 and 40P01 are retried by postgres::Database before anyone sees them (retryable());
// connectionLost() tells the pool to throw the connection away.
// detail() is safe to show a client (the server's primary message); what() adds SQLSTATE and the
// statement for the log. Messages never contain the password of the URL.
#include <string>
#include <string_view>

#include "core/error.hpp"

struct pg_conn;
struct pg_result;

namespace eoc::store::postgres {

class PgError : public EocError {
 public:
  // `sqlState` empty: libpq failed without a server answer (connection broken, cannot connect).
  PgError(std::string sqlState, std::string message, std::string sql);

  const std::string& sqlState() const noexcept { return sqlState_; }
  const std::string& sql() const noexcept { return sql_; }
  const char* what() const noexcept override { return logLine_.c_str(); }

  // Serialization failure or deadlock: running the whole transaction again may succeed.
  bool retryable() const noexcept;
  // The connection cannot be used any more (lost, server shutting down, never established).
  bool connectionLost() const noexcept;

 private:
  std::string sqlState_;
  std::string sql_;
  std::string logLine_;
};

// The catalogue code for a SQLSTATE ("" = no server answer: StorageUnavailable).
ErrorCode errorCodeForSqlState(std::string_view sqlState);

// Throws PgError for a failed result (`result` may be null when libpq could not even send).
[[noreturn]] void throwResultError(pg_conn* conn, const pg_result* result, std::string_view sql);

}  // namespace eoc::store::postgres
