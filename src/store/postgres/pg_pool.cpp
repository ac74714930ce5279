#include "store/postgres/pg_pool.hpp"

#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_url.hpp"

namespace eoc::store::postgres {

Pool::Pool(std::string url, PoolOptions options)
    : url_(std::move(url)), redactedUrl_(redactUrl(url_)), options_(std::move(options)) {
  if (options_.size == 0) options_.size = 1;
}

Pool::~Pool() = default;

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  bool ready = available_.wait_for(lock, options_.acquireTimeout,
                                   [&] { return !idle_.empty() || open_ < options_.size; });
  if (!ready)
    throw PgError("53300",
                  "all " + std::to_string(options_.size) + " connections to PostgreSQL stayed busy for " +
                      std::to_string(options_.acquireTimeout.count()) + " ms",
                  "");
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection), true);
  }
  ++open_;
  lock.unlock();  // connecting takes a round trip or more; others need not wait for it
  try {
    auto connection = std::make_unique<Connection>(url_, options_.connect);
    lock.lock();
    ++opened_;
    return Lease(*this, std::move(connection), false);
  } catch (...) {
    if (!lock.owns_lock()) lock.lock();
    --open_;
    available_.notify_one();
    throw;
  }
}

void Pool::giveBack(std::unique_ptr<Connection> connection) {
  // A connection still inside a transaction here was abandoned half-way: never lend it again.
  bool keep = !connection->broken() && !connection->inTransaction();
  std::unique_ptr<Connection> closing;  // closed outside the lock
  {
    std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(connection));
    } else {
      closing = std::move(connection);
      --open_;
    }
  }
  available_.notify_one();
}

void Pool::dropIdle() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(idle_);
    open_ -= closing.size();
  }
  available_.notify_all();
}

size_t Pool::openConnections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

int64_t Pool::connectionsOpened() const {
  std::lock_guard lock(mutex_);
  return opened_;
}

Pool::Lease::~Lease() {
  if (connection_) pool_->giveBack(std::move(connection_));
}

}  // namespace eoc::store::postgres
