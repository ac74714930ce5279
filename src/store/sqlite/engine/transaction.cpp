#include "store/sqlite/engine/transaction.hpp"

#include <stdexcept>

#include "core/log.hpp"

namespace eoc::store::sqlite::engine {

Transaction::Transaction(Connection& connection, std::atomic<std::thread::id>* openOn)
    : connection_(connection), openOn_(openOn) {
  if (connection_.inTransaction()) throw std::logic_error("nested store transaction");
  connection_.prepare("BEGIN IMMEDIATE").run();
  if (openOn_) openOn_->store(std::this_thread::get_id());
}

Transaction::~Transaction() {
  if (openOn_) openOn_->store(std::thread::id());
  // After some errors (SQLITE_FULL, SQLITE_IOERR) SQLite has already rolled back on its own.
  if (committed_ || !connection_.inTransaction()) return;
  try {
    connection_.exec("ROLLBACK");
  } catch (const std::exception& e) {
    // Nothing more can be done in a destructor; SQLite rolls back when the connection closes.
    log::error("store", "rollback failed", {{"error", e.what()}});
  }
}

void Transaction::commit() {
  if (committed_) throw std::logic_error("store transaction committed twice");
  connection_.prepare("COMMIT").run();
  committed_ = true;
  if (openOn_) openOn_->store(std::thread::id());  // committed: reading is safe again
  auto callbacks = std::move(afterCommit_);
  for (auto& callback : callbacks) callback();
}

Transaction& Transaction::of(store::Transaction& tx) {
  auto* mine = dynamic_cast<Transaction*>(&tx);
  if (!mine) throw std::logic_error("a transaction of another store backend was passed to SQLite");
  return *mine;
}

void Transaction::afterCommit(std::function<void()> callback) { afterCommit_.push_back(std::move(callback)); }

}  // namespace eoc::store::sqlite::engine
