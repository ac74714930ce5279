#pragma once
// One PostgreSQL connection (RAII over libpq's PGconn) with its prepared statements.
//
// Contract (the same shape as store::Connection, so that one repository implementation can run
// on either backend):
// - prepare(sql) takes eoc's SQL with SQLite's ?N markers (rewritten to $N, placeholders.hpp),
//   prepares it on the server once per distinct text (a named prepared statement), and returns a
//   Statement. Parameter types are left for the server to infer from the SQL; a parameter whose
//   type no context determines ("?2 IS NULL" alone) must be written CAST(?2 AS TEXT) — a portable
//   spelling SQLite accepts too. Values travel as text, results come back as text.
// - exec(script) runs constant SQL without parameters (one or several statements: migrations).
// - changes() is the row count of the last INSERT / UPDATE / DELETE run through this connection.
// - A Connection is used by one thread at a time (Pool hands them out).
// - Every failure throws PgError (pg_error.hpp); broken() then tells whether the connection is
//   gone for good (the pool drops it and opens a fresh one).
// - Session settings: TCP keepalives and tcp_user_timeout, so a server that vanishes without
//   closing the socket is noticed in ~15 s instead of hours; idle_in_transaction_session_timeout,
//   so an eoc frozen inside a transaction cannot hold its locks (and the outbox rows it claimed)
//   for ever; lock_timeout and statement_timeout, so a request waits a bounded time and then
//   answers 503.
#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/postgres/pg_statement.hpp"

namespace eoc::store::postgres {

struct ConnectOptions {
  std::chrono::seconds connectTimeout{5};
  std::string applicationName = "eoc";
  // Server settings for the session, sent at connection start as `-c name=value` (no spaces in
  // either). Tests put search_path here.
  std::vector<std::pair<std::string, std::string>> settings;
  std::chrono::milliseconds statementTimeout{30000};  // 0 = none (migrations)
  std::chrono::milliseconds lockTimeout{10000};
  std::chrono::milliseconds idleInTransactionTimeout{60000};
  // Dead peer detection on TCP: first probe after `keepaliveIdle` of silence, then every
  // `keepaliveInterval`, given up after `keepaliveCount` probes; data unacknowledged for
  // `tcpUserTimeout` also ends the connection.
  std::chrono::seconds keepaliveIdle{5};
  std::chrono::seconds keepaliveInterval{2};
  int keepaliveCount = 3;
  std::chrono::milliseconds tcpUserTimeout{10000};
};

struct Notification {
  std::string channel;
  std::string payload;
  int senderPid = 0;  // the server process of the connection that sent it
};

class Connection {
 public:
  // Throws PgError (StorageUnavailable, message naming the URL without its password) when the
  // server cannot be reached or refuses the login, and when it is older than PostgreSQL 12.
  explicit Connection(const std::string& url, const ConnectOptions& options = {});
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Statement prepare(std::string_view sql);
  void exec(std::string_view script);

  int64_t changes() const { return changes_; }
  // True inside BEGIN ... COMMIT/ROLLBACK, also when the transaction already failed.
  bool inTransaction() const;
  // Inside a transaction that a failed statement aborted: only ROLLBACK is possible.
  bool transactionFailed() const;
  bool broken() const;

  int serverVersion() const;  // e.g. 150018
  int backendPid() const;     // the server process, for pg_terminate_backend in tests
  int socket() const;
  const std::string& redactedUrl() const { return redactedUrl_; }
  // "name" quoted as an SQL identifier (for LISTEN and GRANT, which take no parameters).
  std::string quoteIdentifier(std::string_view name) const;

  // For LISTEN: reads whatever the server has sent, without blocking; returns false when the
  // connection broke. Then takeNotifications() returns those received, oldest first.
  bool consumeInput();
  std::vector<Notification> takeNotifications();

 private:
  friend class Statement;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  // Runs a prepared statement; throws PgError on failure, records changes().
  PgResult execute(const PreparedStatement& statement, const std::vector<const char*>& values);
  // Throws PgError unless `raw` succeeded; records changes().
  PgResult checked(PGresult* raw, std::string_view sql);

  PGconn* conn_ = nullptr;
  std::string redactedUrl_;
  int64_t changes_ = 0;
  // Node-based: a PreparedStatement never moves, so Statements point at it.
  std::unordered_map<std::string, PreparedStatement, TextHash, std::equal_to<>> prepared_;
};

}  // namespace eoc::store::postgres
