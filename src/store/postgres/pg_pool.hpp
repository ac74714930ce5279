#pragma once
// A small pool of postgres::Connections to one server, shared by every thread of eoc.
//
// - acquire() lends an idle connection, or opens a new one while fewer than `size` exist, or
//   waits up to `acquireTimeout` for one to come back; then it throws PgError
//   (StorageUnavailable, 503): a burst larger than the pool waits briefly instead of opening
//   connection after connection on the server.
// - A connection that broke (server restarted, network cut, pg_terminate_backend) is dropped
//   when its Lease ends, never lent again. dropIdle() closes every idle connection: after one
//   connection is found dead the others, idle beside it, most likely are too.
// - Connections open lazily: an eoc whose database is down starts, answers 503 for what needs
//   the store, and recovers by itself when the database is back (each acquire tries again).
// Thread-safe.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.hpp"

namespace eoc::store::postgres {

struct PoolOptions {
  size_t size = 8;
  std::chrono::milliseconds acquireTimeout{5000};
  ConnectOptions connect;
};

class Pool {
 public:
  class Lease;

  Pool(std::string url, PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool();

  Lease acquire();
  void dropIdle();

  size_t openConnections() const;
  int64_t connectionsOpened() const;  // since the pool was made: 1 per reconnect as well
  const std::string& redactedUrl() const { return redactedUrl_; }
  // Where and how the pool connects, for a connection of another kind to the same database (the
  // event journal's LISTEN connection).
  const std::string& url() const { return url_; }
  const ConnectOptions& connectOptions() const { return options_.connect; }

 private:
  void giveBack(std::unique_ptr<Connection> connection);

  std::string url_;
  std::string redactedUrl_;
  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
  int64_t opened_ = 0;
};

// One borrowed connection, given back (or dropped when broken) on destruction.
class Pool::Lease {
 public:
  Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(std::move(other.connection_)), reused_(other.reused_) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_.get(); }
  // True when the connection had served earlier leases (so it may have died while idle).
  bool reused() const { return reused_; }

 private:
  friend class Pool;
  Lease(Pool& pool, std::unique_ptr<Connection> connection, bool reused)
      : pool_(&pool), connection_(std::move(connection)), reused_(reused) {}
  Pool* pool_;
  std::unique_ptr<Connection> connection_;
  bool reused_;
};

}  // namespace eoc::store::postgres
