#include "store/sqlite/engine/connection.hpp"

#include <sqlite3.h>

#include "store/sqlite/store_error.hpp"

namespace eoc::store::sqlite::engine {

void Connection::Finalize::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

Connection::Connection(const std::filesystem::path& file, ConnectionOptions options) : file_(file) {
  // NOMUTEX: SQLite's own per-connection mutex is redundant, Database gives a connection to one
  // thread at a time.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw StoreError(rc, message + " (opening " + file.string() + ")", "open");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, int(options.busyTimeout.count()));
  try {
    // journal_mode answers with a row naming the mode actually in effect; WAL is refused on
    // some file systems (network mounts), which must stop startup rather than lose durability.
    Statement mode = prepare("PRAGMA journal_mode=WAL");
    if (!mode.step() || mode.text(0) != "wal")
      throw StoreError(SQLITE_CANTOPEN, "WAL journal mode is not available for " + file.string(),
                       "PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (options.readOnly) exec("PRAGMA query_only=ON;");
  } catch (...) {
    cache_.clear();
    sqlite3_close_v2(db_);
    throw;
  }
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

sqlite3_stmt* Connection::compile(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) throwSqlite(db_, rc, sql);
  if (!stmt) throw StoreError(SQLITE_MISUSE, "empty SQL statement", std::string(sql));
  return stmt;
}

Statement Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    Cached slot;
    slot.stmt.reset(compile(sql));
    it = cache_.emplace(std::string(sql), std::move(slot)).first;
  }
  Cached& slot = it->second;
  if (slot.inUse) return Statement(db_, compile(sql), nullptr);
  slot.inUse = true;
  return Statement(db_, slot.stmt.get(), &slot.inUse);
}

void Connection::exec(std::string_view script) {
  std::string text(script);  // sqlite3_exec needs a NUL-terminated string
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throwSqlite(db_, rc, script);
}

void Connection::setWalHook(WalHook hook, void* context) {
  walHook_ = hook;
  walContext_ = context;
  if (!hook) {
    sqlite3_wal_hook(db_, nullptr, nullptr);
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int logPages) {
        auto* connection = static_cast<Connection*>(self);
        return connection->walHook_(connection->walContext_, logPages);
      },
      this);
}

void Connection::checkpointPassive() {
  int rc = sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK) throwSqlite(db_, rc, "PRAGMA wal_checkpoint(PASSIVE)");
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

int64_t Connection::lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

bool Connection::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace eoc::store::sqlite::engine
