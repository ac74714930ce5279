#include "store/sqlite/engine/checkpointer.hpp"

#include "core/log.hpp"

namespace eoc::store::sqlite::engine {

namespace {
int reportLogSize(void* context, int logPages) {
  static_cast<Checkpointer*>(context)->onCommitHook(logPages);
  return 0;  // SQLITE_OK
}
}  // namespace

Checkpointer::Checkpointer(const std::filesystem::path& file, int pages) : file_(file), pages_(pages) {
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Checkpointer::attach(Connection& writer) { writer.setWalHook(&reportLogSize, this); }

void Checkpointer::detach(Connection& writer) { writer.setWalHook(nullptr, nullptr); }

void Checkpointer::onCommitHook(int logPages) {
  if (logPages < pages_) return;
  {
    std::lock_guard lock(mutex_);
    if (wanted_) return;
    wanted_ = true;
  }
  changed_.notify_all();
}

uint64_t Checkpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

bool Checkpointer::waitForCompleted(uint64_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return completed_ >= n; });
}

void Checkpointer::run() {
  // Opened on this thread, lazily: a database that never grows its log past the threshold never
  // opens a fourth file handle.
  std::unique_ptr<Connection> connection;
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return wanted_ || stopping_; });
    if (stopping_) return;
    lock.unlock();
    try {
      if (!connection) connection = std::make_unique<Connection>(file_);
      connection->checkpointPassive();
    } catch (const std::exception& e) {
      // The log keeps the data; the next commit past the threshold asks again.
      log::warn("store", "checkpoint of the write-ahead log failed; retried after the next commit",
                {{"file", file_.string()}, {"error", e.what()}});
    }
    lock.lock();
    wanted_ = false;
    ++completed_;
    changed_.notify_all();
  }
}

}  // namespace eoc::store::sqlite::engine
