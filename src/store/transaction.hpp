#pragma once
// A write transaction of the store, as the services see it: whatever they write through the
// repositories with it commits together or not at all (a state change, its outbox rows and its
// audit entry: the transaction + outbox rule, docs/design.md "The store"). A backend hands one to
// Database::write's function and commits it when that function returns.
#include <functional>

namespace eoc::store {

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Runs `callback` once the transaction has committed (never if it rolls back). For in-memory
  // caches and events that must not learn of a change before it is durable. Callbacks must not
  // throw.
  virtual void afterCommit(std::function<void()> callback) = 0;

 protected:
  Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
};

}  // namespace eoc::store
