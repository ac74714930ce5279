#include "store/sqlite/store_error.hpp"

#include <sqlite3.h>

namespace eoc::store::sqlite {

namespace {
ErrorCode codeFor(int sqliteCode) {
  switch (sqliteCode & 0xff) {
    case SQLITE_FULL:
      return ErrorCode::StorageFull;
    case SQLITE_CONSTRAINT:
      return ErrorCode::Conflict;
    default:
      return ErrorCode::StorageError;
  }
}
}  // namespace

StoreError::StoreError(int sqliteCode, std::string sqliteMessage, std::string sql)
    : EocError(codeFor(sqliteCode), sqliteMessage),
      sqliteCode_(sqliteCode),
      sql_(std::move(sql)),
      logLine_(std::string(info().name) + ": SQLite error " + std::to_string(sqliteCode) + " (" + sqliteMessage +
               ") in: " + sql_) {}

void throwSqlite(sqlite3* db, int rc, std::string_view sql) {
  // sqlite3_errmsg describes the most recent failure on this connection, which is `rc`'s.
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw StoreError(rc, std::move(message), std::string(sql));
}

}  // namespace eoc::store::sqlite
