#pragma once
// Copies the write-ahead log back into the database file on a thread of its own.
//
// Why: SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, so that
// one commit also copies and syncs the whole log. Measured on the broadcast bench: a 20,000-row
// issuing transaction took up to 1.0 s instead of 0.2 s when it happened to be that commit, and
// nothing may be sent before it returns.
//
// Contract:
// - attach(writer) makes the writer report the log's size after each commit (sqlite3_wal_hook,
//   which also turns the automatic checkpoint off for that connection). The report costs a
//   comparison and, past `pages`, a notification; the commit never waits for a checkpoint.
// - The thread then runs a PASSIVE checkpoint on its own connection: it copies what no reader
//   still needs and never blocks the writer or a reader. The writer starts the log again from its
//   beginning once everything is copied, as with the automatic checkpoint.
// - Durability is unchanged: a commit is on disk in the log (synchronous=FULL) when it returns;
//   a crash before the copy loses nothing, the next open replays the log.
// - Destruction stops the thread; the writer must be detached (or closed) first.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/engine/connection.hpp"

namespace eoc::store::sqlite::engine {

class Checkpointer {
 public:
  // 1,000 pages is SQLite's own default threshold for the automatic checkpoint.
  explicit Checkpointer(const std::filesystem::path& file, int pages = 1000);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  ~Checkpointer();

  void attach(Connection& writer);
  static void detach(Connection& writer);

  // Checkpoints run so far, a failed one included (it is logged), and a wait for the n-th (tests
  // and diagnostics).
  uint64_t completed() const;
  bool waitForCompleted(uint64_t n, std::chrono::milliseconds timeout) const;

  // Called by the writer's commit (through the WAL hook) with the log's size in pages.
  void onCommitHook(int logPages);

 private:
  void run();

  std::filesystem::path file_;
  int pages_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool wanted_ = false;
  bool stopping_ = false;
  uint64_t completed_ = 0;
  std::thread thread_;
};

}  // namespace eoc::store::sqlite::engine
