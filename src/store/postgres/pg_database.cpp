#include "store/postgres/pg_database.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "store/postgres/pg_migrations.hpp"

namespace eoc::store::postgres {

Database::Database(const std::string& url, DatabaseOptions options)
    : options_(options), pool_(url, options.pool) {
  if (options_.maxAttempts < 1) options_.maxAttempts = 1;
  if (options_.migrate) {
    // Migrations may build indexes on large tables: no statement timeout for them.
    ConnectOptions connect = options_.pool.connect;
    connect.statementTimeout = std::chrono::milliseconds(0);
    connect.lockTimeout = std::chrono::milliseconds(0);
    Connection connection(url, connect);
    applyMigrations(connection, migrations());
  } else {
    pool_.acquire();  // fail now, not at the first request, when the server cannot be reached
  }
}

Database::~Database() = default;

int Database::schemaVersion() {
  return read([](Connection& c) { return currentSchemaVersion(c); });
}

void Database::afterFailure(const PgError& error, bool reusedConnection, int attempt) {
  bool again = false;
  if (error.retryable()) {
    again = true;
  } else if (error.connectionLost() && error.sqlState() != "08007") {
    // The transaction died with its connection, so nothing of it committed. If that connection
    // had sat in the pool, the server may simply have restarted since: its idle neighbours are
    // as dead, drop them and try once more on a fresh one. A fresh connection that fails means
    // the server is down: no point hammering it, answer 503 now.
    pool_.dropIdle();
    again = reusedConnection;
  }
  if (!again) throw error;
  if (attempt >= options_.maxAttempts)
    throw PgError(error.sqlState().empty() ? "08006" : error.sqlState(),
                  "the transaction failed " + std::to_string(attempt) + " times (" + error.detail() +
                      "); nothing was written, retry later",
                  error.sql());
  retries_.fetch_add(1);
  // Randomised exponential backoff: transactions that collided once should not collide again.
  thread_local std::minstd_rand random{std::random_device{}()};
  int64_t ceiling = std::min<int64_t>(options_.retryCap.count(), options_.retryBase.count() << std::min(attempt, 16));
  std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(ceiling, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

}  // namespace eoc::store::postgres
