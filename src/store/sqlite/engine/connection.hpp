#pragma once
// One SQLite connection (RAII over sqlite3*) with its cache of prepared statements.
//
// Contract:
// - Opening creates the file if needed and sets the PRAGMAs every eoc connection relies on:
//   journal_mode=WAL, synchronous=FULL (a commit that returned is on disk), foreign_keys=ON,
//   and a busy timeout (another process, e.g. `eoc token create`, may hold the write lock briefly).
// - A read-only connection additionally sets query_only, so a read path cannot write by mistake.
// - A Connection is not thread-safe: one thread uses it at a time (Database hands them out).
// - prepare() compiles each distinct SQL text once and reuses it; nested use of the same text
//   (e.g. inside a loop over its own rows) gets a fresh, uncached statement.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sqlite/engine/statement.hpp"

namespace eoc::store::sqlite::engine {

struct ConnectionOptions {
  std::chrono::milliseconds busyTimeout{5000};
  bool readOnly = false;
};

class Connection {
 public:
  explicit Connection(const std::filesystem::path& file, ConnectionOptions options = {});
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // `sql` is one statement, a constant written in src/store/. Throws StoreError when it does
  // not compile.
  Statement prepare(std::string_view sql);
  // Runs a fixed script of one or more statements without parameters (migrations, PRAGMAs).
  void exec(std::string_view script);

  // Rows changed by the most recent INSERT / UPDATE / DELETE on this connection.
  int64_t changes() const;
  int64_t lastInsertRowid() const;
  // True while a transaction is open (false in autocommit mode).
  bool inTransaction() const;
  const std::filesystem::path& file() const { return file_; }

  // After each commit on this connection, hook(logPages) runs on the committing thread; it must
  // be quick and must not use the connection. Setting one turns SQLite's automatic checkpoint
  // off for this connection (Checkpointer does that work elsewhere); nullptr removes it.
  using WalHook = int (*)(void* context, int logPages);
  void setWalHook(WalHook hook, void* context);
  // A PASSIVE checkpoint: copies the log frames no reader still needs; never waits for a lock.
  void checkpointPassive();

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };
  struct Cached {
    std::unique_ptr<sqlite3_stmt, Finalize> stmt;
    bool inUse = false;
  };
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };

  sqlite3_stmt* compile(std::string_view sql);

  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
  WalHook walHook_ = nullptr;
  void* walContext_ = nullptr;
  // Node-based map: a Cached slot never moves, so a Statement may point at its inUse flag.
  std::unordered_map<std::string, Cached, TextHash, std::equal_to<>> cache_;
};

}  // namespace eoc::store::sqlite::engine
