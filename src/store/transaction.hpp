#pragma once
// A write transaction: BEGIN IMMEDIATE on construction (takes the write lock at once, so a
// transaction never fails half-way with SQLITE_BUSY on its first write), COMMIT on commit(),
// ROLLBACK in the destructor when commit() was not reached — by an exception or an early return.
//
// Keep transactions short: hold no network or user wait inside one (DESIGN.md §6).
#include <functional>
#include <string_view>
#include <vector>

#include "store/connection.hpp"

namespace eoc::store {

class Transaction {
 public:
  explicit Transaction(Connection& connection);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Makes the changes durable (synchronous=FULL: on disk when this returns), then runs the
  // after-commit callbacks. Throws StoreError (StorageFull on a full disk) and leaves nothing
  // written if the commit fails.
  void commit();

  Statement prepare(std::string_view sql) { return connection_.prepare(sql); }
  Connection& connection() { return connection_; }

  // Runs `callback` once the transaction has committed (never if it rolls back). For in-memory
  // caches that must not learn of a change before it is on disk. Callbacks must not throw.
  void afterCommit(std::function<void()> callback);

 private:
  Connection& connection_;
  bool committed_ = false;
  std::vector<std::function<void()>> afterCommit_;
};

}  // namespace eoc::store
