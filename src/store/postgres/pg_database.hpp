#pragma once
// The eoc data store on PostgreSQL: the counterpart of store::Database, shared by every thread,
// and by every eoc instance using the same database.
//
// Contract (as store::Database, with what a server adds):
// - Opening connects once (PgError StorageUnavailable when the server is unreachable) and applies
//   pending migrations (pg_migrations.hpp); a schema written by a newer eoc is refused.
// - write(f) runs f(Transaction&) in a SERIALIZABLE transaction on a pooled connection: several
//   writers, here and in other instances, run at once, and PostgreSQL guarantees the outcome of
//   some one-at-a-time order — what SQLite's single writer guarantees. When PostgreSQL aborts
//   the transaction for a serialization failure or a deadlock (40001, 40P01), or the pooled
//   connection turns out to have died while idle, write() rolls back and runs f again on a fresh
//   transaction, up to maxAttempts times with a short randomised backoff; past that it throws
//   PgError StorageUnavailable (503). f may therefore run more than once: it must have no effect
//   outside the transaction except through tx.afterCommit (which only the committing attempt
//   runs). When write() returns, the transaction is committed (synchronous_commit), so a 2xx may
//   be sent.
// - read(f) runs f(Connection&) in a REPEATABLE READ READ ONLY transaction: one snapshot for all
//   of f's queries, never blocked by writers, never a serialization failure. Retried like write()
//   when the connection was dead.
// - transact(mode, f) is write() with another isolation (ReadCommitted for claims with
//   FOR UPDATE SKIP LOCKED).
// - Unlike store::Database, write() may be called from several threads at once (that is the
//   point); f must still not call write() or read() itself.
// Thread-safe.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <type_traits>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_transaction.hpp"

namespace eoc::store::postgres {

struct DatabaseOptions {
  PoolOptions pool;
  int maxAttempts = 8;                     // per write(): the first try and up to 7 retries
  std::chrono::milliseconds retryBase{2};  // backoff: random in [0, base × 2^attempt), capped
  std::chrono::milliseconds retryCap{200};
  bool migrate = true;
};

class Database {
 public:
  explicit Database(const std::string& url, DatabaseOptions options = {});
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F&, Transaction&> {
    return transact(TransactionMode{}, f);
  }

  template <class F>
  auto transact(TransactionMode mode, F&& f) -> std::invoke_result_t<F&, Transaction&>;

  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F&, Connection&>;

  int schemaVersion();
  const std::string& redactedUrl() const { return pool_.redactedUrl(); }
  Pool& pool() { return pool_; }

  // Transactions run again after a serialization failure, deadlock or dead idle connection.
  int64_t retries() const { return retries_.load(); }

 private:
  // Decides after a failed attempt whether to try again (and then waits the backoff); rethrows
  // (as StorageUnavailable once attempts run out) otherwise.
  void afterFailure(const PgError& error, bool reusedConnection, int attempt);

  DatabaseOptions options_;
  Pool pool_;
  std::atomic<int64_t> retries_{0};
};

template <class F>
auto Database::transact(TransactionMode mode, F&& f) -> std::invoke_result_t<F&, Transaction&> {
  using Result = std::invoke_result_t<F&, Transaction&>;
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    try {
      Pool::Lease lease = pool_.acquire();
      reused = lease.reused();
      Transaction tx(*lease, mode);
      if constexpr (std::is_void_v<Result>) {
        f(tx);
        tx.commit();
        return;
      } else {
        Result result = f(tx);
        tx.commit();
        return result;
      }
    } catch (const PgError& e) {
      afterFailure(e, reused, attempt);
    }
  }
}

template <class F>
auto Database::read(F&& f) -> std::invoke_result_t<F&, Connection&> {
  using Result = std::invoke_result_t<F&, Connection&>;
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    try {
      Pool::Lease lease = pool_.acquire();
      reused = lease.reused();
      Transaction tx(*lease, TransactionMode{Isolation::RepeatableRead, true});
      if constexpr (std::is_void_v<Result>) {
        f(*lease);
        tx.commit();
        return;
      } else {
        Result result = f(*lease);
        tx.commit();
        return result;
      }
    } catch (const PgError& e) {
      afterFailure(e, reused, attempt);
    }
  }
}

}  // namespace eoc::store::postgres
