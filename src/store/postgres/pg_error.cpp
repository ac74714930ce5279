#include "store/postgres/pg_error.hpp"

#include <libpq-fe.h>

namespace eoc::store::postgres {

namespace {

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Trailing newlines of libpq messages would end up inside problem+json details.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

ErrorCode errorCodeForSqlState(std::string_view s) {
  if (s.empty()) return ErrorCode::StorageUnavailable;
  if (startsWith(s, "23")) return ErrorCode::Conflict;
  if (s == "53100") return ErrorCode::StorageFull;
  if (startsWith(s, "08") || s == "57P01" || s == "57P02" || s == "57P03" || s == "53300" || s == "53200" ||
      s == "55P03" || s == "57014" || s == "40001" || s == "40P01")
    return ErrorCode::StorageUnavailable;
  if (s == "22021" || s == "22P05") return ErrorCode::InvalidBody;
  return ErrorCode::StorageError;
}

PgError::PgError(std::string sqlState, std::string message, std::string sql)
    : EocError(errorCodeForSqlState(sqlState), trimmed(message)),
      sqlState_(std::move(sqlState)),
      sql_(std::move(sql)),
      logLine_(std::string(info().name) + ": PostgreSQL error " + (sqlState_.empty() ? "(no SQLSTATE)" : sqlState_) +
               " (" + detail() + ")" + (sql_.empty() ? "" : " in: " + sql_)) {}

bool PgError::retryable() const noexcept { return sqlState_ == "40001" || sqlState_ == "40P01"; }

bool PgError::connectionLost() const noexcept {
  return sqlState_.empty() || startsWith(sqlState_, "08") || sqlState_ == "57P01" || sqlState_ == "57P02" ||
         sqlState_ == "57P03";
}

void throwResultError(pg_conn* conn, const pg_result* result, std::string_view sql) {
  std::string sqlState, message;
  if (result) {
    if (const char* field = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlState = field;
    if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) message = primary;
  }
  if (message.empty()) message = conn ? PQerrorMessage(conn) : "no connection to PostgreSQL";
  // A broken connection reports no SQLSTATE, or sometimes a generic one from libpq itself.
  if (conn && PQstatus(conn) == CONNECTION_BAD && !startsWith(sqlState, "57P") && !startsWith(sqlState, "08"))
    sqlState.clear();
  throw PgError(std::move(sqlState), std::move(message), std::string(sql));
}

}  // namespace eoc::store::postgres
