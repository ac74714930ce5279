#include "store/postgres/pg_transaction.hpp"

#include <stdexcept>

#include "store/postgres/pg_error.hpp"

namespace eoc::store::postgres {

namespace {

const char* beginSql(TransactionMode mode) {
  switch (mode.isolation) {
    case Isolation::ReadCommitted:
      return mode.readOnly ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY" : "BEGIN ISOLATION LEVEL READ COMMITTED";
    case Isolation::RepeatableRead:
      return mode.readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case Isolation::Serializable:
      break;
  }
  return mode.readOnly ? "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY" : "BEGIN ISOLATION LEVEL SERIALIZABLE";
}

// PostgreSQL's limit is "shorter than 8000 bytes" in the default configuration (NOTIFY manual page).
constexpr size_t kMaxNotifyPayload = 7999;

}  // namespace

Transaction::Transaction(Connection& connection, TransactionMode mode) : connection_(connection) {
  if (connection_.inTransaction()) throw std::logic_error("nested store transaction");
  connection_.prepare(beginSql(mode)).run();
}

Transaction::~Transaction() {
  if (committed_ || connection_.broken() || !connection_.inTransaction()) return;
  try {
    connection_.exec("ROLLBACK");
  } catch (...) {
    // The server rolls back on its own when the connection closes; the pool drops a broken one.
  }
}

void Transaction::commit() {
  if (committed_) throw std::logic_error("store transaction committed twice");
  if (connection_.transactionFailed())
    throw PgError("25P02", "the transaction was aborted by an earlier error; nothing was written", "COMMIT");
  Statement commitStatement = connection_.prepare("COMMIT");
  try {
    commitStatement.run();
  } catch (const PgError&) {
    if (connection_.broken())
      throw PgError("08007", "the connection to PostgreSQL was lost during COMMIT; the outcome is unknown",
                    "COMMIT");
    throw;
  }
  // A transaction that failed in a way not visible before (deferred constraints) ends in ROLLBACK,
  // reported by the server as an error; anything still open means COMMIT did not happen.
  if (connection_.inTransaction())
    throw PgError("25P02", "COMMIT did not end the transaction; nothing was written", "COMMIT");
  committed_ = true;
  auto callbacks = std::move(afterCommit_);
  for (auto& callback : callbacks) callback();
}

void Transaction::afterCommit(std::function<void()> callback) { afterCommit_.push_back(std::move(callback)); }

void Transaction::notify(std::string_view channel, std::string_view payload) {
  if (payload.size() > kMaxNotifyPayload)
    throw PgError("22023", "a notification payload is " + std::to_string(payload.size()) +
                               " bytes; PostgreSQL takes fewer than 8000",
                  "pg_notify");
  connection_.prepare("SELECT pg_notify(?1, ?2)").bindAll(channel, payload).run();
}

}  // namespace eoc::store::postgres
