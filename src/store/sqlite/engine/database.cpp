#include "store/sqlite/engine/database.hpp"

#include <system_error>

#include "core/log.hpp"
#include "store/sqlite/migrations.hpp"

namespace eoc::store::sqlite::engine {

Database::Database(const std::filesystem::path& dataDir, DatabaseOptions options)
    : file_(dataDir / kFileName), options_(options) {
  if (options_.readConnections == 0) options_.readConnections = 1;
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  if (ec)
    throw EocError(ErrorCode::StorageError, "cannot create data directory " + dataDir.string() + ": " + ec.message());
  writer_ = std::make_unique<Connection>(file_, ConnectionOptions{options_.busyTimeout, false});
  applyMigrations(*writer_, migrations());
  checkpointer_ = std::make_unique<Checkpointer>(file_);
  if (!getenv("EOC_NO_CKPT")) checkpointer_->attach(*writer_);
}

Database::~Database() {
  Checkpointer::detach(*writer_);
  writer_.reset();
}

int Database::schemaVersion() {
  return read([](Connection& c) { return currentSchemaVersion(c); });
}

Database::ReadLease::ReadLease(Database& db) : db_(db) {
  std::unique_lock lock(db_.readMutex_);
  db_.readAvailable_.wait(lock,
                          [&] { return !db_.idleReaders_.empty() || db_.openReaders_ < db_.options_.readConnections; });
  if (!db_.idleReaders_.empty()) {
    connection_ = std::move(db_.idleReaders_.back());
    db_.idleReaders_.pop_back();
    return;
  }
  ++db_.openReaders_;
  lock.unlock();  // opening a file is slow; other readers need not wait for it
  try {
    connection_ = std::make_unique<Connection>(db_.file_, ConnectionOptions{db_.options_.busyTimeout, true});
  } catch (...) {
    lock.lock();
    --db_.openReaders_;
    db_.readAvailable_.notify_one();
    throw;
  }
}

Database::ReadLease::~ReadLease() {
  {
    std::lock_guard lock(db_.readMutex_);
    db_.idleReaders_.push_back(std::move(connection_));
  }
  db_.readAvailable_.notify_one();
}

Database::ReadSnapshot::ReadSnapshot(Connection& c) : connection(c) { connection.prepare("BEGIN").run(); }

void Database::ReadSnapshot::end() { connection.prepare("COMMIT").run(); }

Database::ReadSnapshot::~ReadSnapshot() {
  if (!connection.inTransaction()) return;
  try {
    connection.exec("ROLLBACK");
  } catch (const std::exception& e) {
    // The read transaction ends when the connection is next used or closed.
    log::error("store", "ending a read snapshot failed", {{"error", e.what()}});
  }
}

}  // namespace eoc::store::sqlite::engine
