#pragma once
// The SQLite write transaction: BEGIN IMMEDIATE on construction (takes the write lock at once, so
// a transaction never fails half-way with SQLITE_BUSY on its first write), COMMIT on commit(),
// ROLLBACK in the destructor when commit() was not reached — by an exception or an early return.
//
// Keep transactions short: hold no network or user wait inside one (docs/design.md "The store").
#include <atomic>
#include <functional>
#include <string_view>
#include <thread>
#include <vector>

#include "store/sqlite/engine/connection.hpp"
#include "store/transaction.hpp"

namespace eoc::store::sqlite::engine {

class Transaction final : public store::Transaction {
 public:
  // `openOn`, when given, names the thread while the transaction is open (until COMMIT or
  // ROLLBACK; after-commit callbacks run after it is cleared): Database::read refuses that thread.
  explicit Transaction(Connection& connection, std::atomic<std::thread::id>* openOn = nullptr);
  ~Transaction() override;

  // The SQLite transaction behind a store::Transaction the services pass back to a repository
  // of this backend. Throws std::logic_error for another backend's transaction (a wiring bug).
  static Transaction& of(store::Transaction& tx);

  // Makes the changes durable (synchronous=FULL: on disk when this returns), then runs the
  // after-commit callbacks. Throws StoreError (StorageFull on a full disk) and leaves nothing
  // written if the commit fails.
  void commit();

  Statement prepare(std::string_view sql) { return connection_.prepare(sql); }
  Connection& connection() { return connection_; }

  void afterCommit(std::function<void()> callback) override;

 private:
  Connection& connection_;
  std::atomic<std::thread::id>* openOn_;
  bool committed_ = false;
  std::vector<std::function<void()>> afterCommit_;
};

}  // namespace eoc::store::sqlite::engine
