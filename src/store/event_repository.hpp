#pragma once
// The event journal: every live event (what GET /events streams) as a row of `events`, numbered
// by one global sequence, so that several eoc instances on one PostgreSQL database stream the
// same events under the same ids and a screen resumes with Last-Event-ID on any of them
// (docs/store-backends.md §7).
//
// - append() takes the next number from the one-row counter `event_seq` and inserts the row in a
//   transaction of its own at READ COMMITTED: the counter's row lock is held until commit, so
//   rows become visible in sequence order and a reader of "seq > last" never skips a row that
//   commits late. On PostgreSQL the same transaction sends NOTIFY eoc_events '<seq>' — the
//   number only (a payload must stay under 8,000 bytes and is never replayed); the row is the
//   source of truth.
// - watch() calls `changed` on a thread of its own whenever another instance may have appended:
//   on every notification and every (re)connection of its listener (what was appended while it
//   was away is found by the reader's "seq > last"). On SQLite (one instance) there is nobody
//   else: nullptr.
// - prune() keeps the journal bounded: rows older than a time, and all but the newest N.
// Thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace eoc::store {

struct EventRow {
  int64_t seq = 0;    // assigned by append()
  int64_t atMs = 0;   // Unix milliseconds of publication (pruning by age)
  std::string at;     // Beijing time of publication, as streamed
  std::string type;
  std::string committee;
  bool exercise = false;
  bool deskOnly = false;
  std::string data;   // the event's data as GET /events streams it (JSON text)
};

class EventWatch {
 public:
  virtual ~EventWatch() = default;
  virtual bool connected() const = 0;
  // The server process of the watch's connection (0 when not connected), for tests that cut it.
  virtual int backendPid() const = 0;
};

class EventRepository {
 public:
  virtual ~EventRepository() = default;

  // Appends the row (row.seq is ignored) and returns its sequence number.
  virtual int64_t append(const EventRow& row) = 0;
  // Rows with seq > afterSeq, oldest first, at most `limit`.
  virtual std::vector<EventRow> after(int64_t afterSeq, size_t limit) = 0;
  // The last sequence number handed out (0 before the first event).
  virtual int64_t lastSeq() = 0;
  // Deletes rows published before `olderThanMs` and rows beyond the newest `keep`; returns how
  // many went.
  virtual int64_t prune(int64_t olderThanMs, int64_t keep) = 0;
  // See above; nullptr when the backend has no other instances to hear from.
  virtual std::unique_ptr<EventWatch> watch(std::function<void()> changed) = 0;
};

}  // namespace eoc::store
