#pragma once
// A PostgreSQL transaction: BEGIN ISOLATION LEVEL ... on construction, COMMIT on commit(), ROLLBACK
// in the destructor when commit() was not reached — the same contract as store::Transaction.
//
// Isolation:
// - Serializable (the default, what postgres::Database::write uses): every transaction behaves as
//   if it ran alone, which is what SQLite's single writer gives eoc today, so a repository's
//   read-then-write (an ack reads the track, then writes it) needs no extra locking. A conflict
//   surfaces as SQLSTATE 40001 at any statement or at COMMIT; Database runs the whole
//   transaction again.
// - ReadCommitted: for claiming work with SELECT ... FOR UPDATE SKIP LOCKED (outbox, timers),
//   where skipping a row another instance holds is the point and a snapshot would only produce
//   serialization failures.
// - RepeatableRead + readOnly: reads that must see one snapshot (Database::read).
//
// commit() refuses a transaction a failed statement aborted (PostgreSQL would answer COMMIT with
// a silent ROLLBACK): catching a store error and carrying on inside the same transaction is
// allowed by SQLite (statement-level rollback) but not here, so eoc's SQL avoids it (ON CONFLICT
// instead of catching a unique violation). If the connection is lost while COMMIT is in flight,
// nobody can know whether it committed: that is PgError 08007 (transaction resolution unknown),
// never retried automatically.
#include <functional>
#include <string_view>
#include <vector>

#include "store/postgres/pg_connection.hpp"

namespace eoc::store::postgres {

enum class Isolation { ReadCommitted, RepeatableRead, Serializable };

struct TransactionMode {
  Isolation isolation = Isolation::Serializable;
  bool readOnly = false;
};

class Transaction {
 public:
  explicit Transaction(Connection& connection, TransactionMode mode = {});
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Makes the changes durable (synchronous_commit on: flushed to the server's WAL, and to a
  // synchronous standby when one is configured), then runs the after-commit callbacks.
  void commit();

  Statement prepare(std::string_view sql) { return connection_.prepare(sql); }
  Connection& connection() { return connection_; }

  // Runs `callback` once the transaction has committed (never if it rolls back). Callbacks must
  // not throw. With retries (Database), only the attempt that commits runs its callbacks.
  void afterCommit(std::function<void()> callback);

  // NOTIFY `channel` with `payload` when (and only if) this transaction commits. PostgreSQL
  // delivers notifications at commit, in commit order, to every listening connection, and never
  // replays them: the payload should be an id to look up, not the data. Payloads must be shorter
  // than 8,000 bytes (checked here: a longer one is a PgError, an eoc bug).
  void notify(std::string_view channel, std::string_view payload);

 private:
  Connection& connection_;
  bool committed_ = false;
  std::vector<std::function<void()>> afterCommit_;
};

}  // namespace eoc::store::postgres
