#pragma once
// The SQLite backend of the store: <dataDir>/eoc.sqlite, shared by every thread of the service.
// It implements store::Database (store/database.hpp); its repositories (repositories.hpp) read
// and write through it.
//
// Contract:
// - Opening creates the data directory and the file, then applies pending migrations
//   (store/migrations.hpp). A database written by a newer eoc is refused with StorageError.
// - write(f) runs f(Transaction&) inside BEGIN IMMEDIATE ... COMMIT on the single writer
//   connection, under a mutex: writers from any thread queue up here instead of meeting
//   SQLITE_BUSY. When write() returns, the change is on disk (WAL, synchronous=FULL), so a 2xx
//   may be sent. The commit never also copies the log into the file: a Checkpointer thread does
//   that beside it. If f throws, or the commit fails, nothing is written and the exception
//   propagates (SQLITE_FULL as EocError StorageFull, other failures as StorageError).
//   f must not call write() or read() again (that would deadlock or read around its own
//   changes): both throw std::logic_error when called from f. Use the Transaction f is given.
//   Keep f short: no network, no waiting. After-commit callbacks may read (the change is
//   committed), not write.
// - read(f) runs f(Connection&) on one of a small pool of read-only connections inside one read
//   transaction, so several queries in f see one consistent snapshot. Reads run beside the
//   writer (WAL) and see everything committed before they began.
// - Everything is thread-safe; Connections, Statements and Transactions handed to f are only
//   valid inside f.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

#include "store/database.hpp"
#include "store/sqlite/engine/checkpointer.hpp"
#include "store/sqlite/engine/connection.hpp"
#include "store/sqlite/engine/statement.hpp"
#include "store/sqlite/store_error.hpp"
#include "store/sqlite/engine/transaction.hpp"

namespace eoc::store::sqlite::engine {

struct DatabaseOptions {
  size_t readConnections = 4;                   // at most this many reads run at once
  std::chrono::milliseconds busyTimeout{5000};  // waits for another process's write lock
};

class Database final : public store::Database {
 public:
  static constexpr const char* kFileName = "eoc.sqlite";

  explicit Database(const std::filesystem::path& dataDir, DatabaseOptions options = {});
  ~Database() override;

  // As store::Database::write, with the SQLite transaction (its connection) handed to f.
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F, Transaction&>;

  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F, Connection&>;

  const std::filesystem::path& file() const { return file_; }
  // Copies the write-ahead log into the file off the commit path (checkpointer.hpp).
  const Checkpointer& checkpointer() const { return *checkpointer_; }
  // The highest migration version applied to this database.
  int schemaVersion();

 private:
  void runWrite(const std::function<void(store::Transaction&)>& body) override {
    write([&](Transaction& tx) { body(tx); });
  }

  class WriterGuard;
  class ReadLease;
  struct ReadSnapshot;

  std::filesystem::path file_;
  DatabaseOptions options_;

  std::mutex writeMutex_;
  std::atomic<std::thread::id> writerThread_{};       // holds the writer (nested writes refused)
  std::atomic<std::thread::id> transactionThread_{};  // has a write transaction open (reads refused)
  std::unique_ptr<Checkpointer> checkpointer_;         // outlives the writer whose commits it hears
  std::unique_ptr<Connection> writer_;

  std::mutex readMutex_;
  std::condition_variable readAvailable_;
  std::vector<std::unique_ptr<Connection>> idleReaders_;
  size_t openReaders_ = 0;
};

// Holds the writer for one write(); refuses re-entry from the same thread instead of deadlocking.
class Database::WriterGuard {
 public:
  explicit WriterGuard(Database& db) : db_(db) {
    if (db_.writerThread_.load() == std::this_thread::get_id())
      throw std::logic_error("Database::write called inside write");
    lock_ = std::unique_lock(db_.writeMutex_);
    db_.writerThread_.store(std::this_thread::get_id());
  }
  ~WriterGuard() { db_.writerThread_.store(std::thread::id()); }
  Connection& connection() { return *db_.writer_; }

 private:
  Database& db_;
  std::unique_lock<std::mutex> lock_;
};

// Borrows a read connection from the pool (opening one if fewer than the limit exist) and
// returns it on destruction.
class Database::ReadLease {
 public:
  explicit ReadLease(Database& db);
  ReadLease(const ReadLease&) = delete;
  ReadLease& operator=(const ReadLease&) = delete;
  ~ReadLease();
  Connection& connection() { return *connection_; }

 private:
  Database& db_;
  std::unique_ptr<Connection> connection_;
};

// BEGIN (deferred) ... COMMIT around a read, rolled back on an exception.
struct Database::ReadSnapshot {
  explicit ReadSnapshot(Connection& c);
  ~ReadSnapshot();
  void end();
  Connection& connection;
};

template <class F>
auto Database::write(F&& f) -> std::invoke_result_t<F, Transaction&> {
  using Result = std::invoke_result_t<F, Transaction&>;
  WriterGuard guard(*this);
  Transaction tx(guard.connection(), &transactionThread_);
  if constexpr (std::is_void_v<Result>) {
    std::forward<F>(f)(tx);
    tx.commit();
  } else {
    Result result = std::forward<F>(f)(tx);
    tx.commit();
    return result;
  }
}

template <class F>
auto Database::read(F&& f) -> std::invoke_result_t<F, Connection&> {
  using Result = std::invoke_result_t<F, Connection&>;
  // A read inside a write would read around the write's own changes (another connection's
  // snapshot) and, with every reader leased, wait for the writer it holds: refused outright.
  if (transactionThread_.load() == std::this_thread::get_id())
    throw std::logic_error("Database::read called inside write: read through the write's transaction");
  ReadLease lease(*this);
  ReadSnapshot snapshot(lease.connection());
  if constexpr (std::is_void_v<Result>) {
    std::forward<F>(f)(lease.connection());
    snapshot.end();
  } else {
    Result result = std::forward<F>(f)(lease.connection());
    snapshot.end();
    return result;
  }
}

}  // namespace eoc::store::sqlite::engine
