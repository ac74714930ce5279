#pragma once
// The one error type of the store. It is an EocError so that the HTTP edge renders it without
// knowing about SQLite:
//   SQLITE_FULL        -> ErrorCode::StorageFull  (507)
//   SQLITE_CONSTRAINT  -> ErrorCode::Conflict     (409; a duplicate id, a refused audit edit)
//   anything else      -> ErrorCode::StorageError (500; I/O error, corruption, busy, misuse)
// detail() is safe to show a client (SQLite's message only); what() and sql() add the statement
// text for the log.
#include <string>
#include <string_view>

#include "core/error.hpp"

struct sqlite3;

namespace eoc::store::sqlite {

class StoreError : public EocError {
 public:
  StoreError(int sqliteCode, std::string sqliteMessage, std::string sql);

  int sqliteCode() const noexcept { return sqliteCode_; }  // extended result code
  const std::string& sql() const noexcept { return sql_; }
  const char* what() const noexcept override { return logLine_.c_str(); }

 private:
  int sqliteCode_;
  std::string sql_;
  std::string logLine_;
};

// Throws StoreError for `rc` using the connection's current error message.
[[noreturn]] void throwSqlite(sqlite3* db, int rc, std::string_view sql);

}  // namespace eoc::store::sqlite
