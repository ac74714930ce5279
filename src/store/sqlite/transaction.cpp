#include "store/transaction.hpp"

#include <stdexcept>

namespace eoc::store {

Transaction::Transaction(Connection& connection) : connection_(connection) {
  if (connection_.inTransaction()) throw std::logic_error("nested store transaction");
  connection_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  // After some errors (SQLITE_FULL, SQLITE_IOERR) SQLite has already rolled back on its own.
  if (committed_ || !connection_.inTransaction()) return;
  try {
    connection_.exec("ROLLBACK");
  } catch (...) {
    // Nothing more can be done in a destructor; SQLite rolls back when the connection closes.
  }
}

void Transaction::commit() {
  if (committed_) throw std::logic_error("store transaction committed twice");
  connection_.prepare("COMMIT").run();
  committed_ = true;
  auto callbacks = std::move(afterCommit_);
  for (auto& callback : callbacks) callback();
}

void Transaction::afterCommit(std::function<void()> callback) { afterCommit_.push_back(std::move(callback)); }

}  // namespace eoc::store
