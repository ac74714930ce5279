#include <memory>

#include "store/postgres/pg_listener.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/rows.hpp"

namespace eoc::store::sqlite {

namespace {

// The NOTIFY channel of the journal: channels are per database, not per schema, so the name
// carries the schema (each district's eoc has its own, docs/store-backends.md §5) and instances
// of one district are not woken by another's events. Identifiers are at most 63 bytes.
std::string channelFor(const std::string& schema) {
  std::string name = "eoc_events_" + schema;
  for (char& c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) c = '_';
  return name.substr(0, 63);
}

constexpr const char* kEventColumns = "seq, at_ms, at, type, committee, exercise, desk_only, data";

EventRow readEvent(const Statement& s) {
  return EventRow{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.int64(5) != 0, s.int64(6) != 0,
                  s.text(7)};
}

class ListenerWatch final : public EventWatch {
 public:
  ListenerWatch(const std::string& url, const postgres::ConnectOptions& connect, const std::string& channel,
                std::function<void()> changed) {
    postgres::ListenerOptions options;
    options.connect = connect;
    // A reconnection is followed by a read of everything missed, so a short first backoff only
    // shortens the time screens on this instance lag; the cap keeps a dead server from being
    // hammered.
    options.minBackoff = std::chrono::milliseconds(100);
    options.maxBackoff = std::chrono::milliseconds(5000);
    postgres::ListenerCallbacks callbacks;
    callbacks.onConnected = changed;
    callbacks.onNotification = [changed](const postgres::Notification&) { changed(); };
    listener_ = std::make_unique<postgres::Listener>(url, std::vector<std::string>{channel}, callbacks, options);
  }
  bool connected() const override { return listener_->connected(); }
  int backendPid() const override { return listener_->backendPid(); }

 private:
  std::unique_ptr<postgres::Listener> listener_;
};

}  // namespace

int64_t EventRepository::append(const EventRow& row) {
  // claim(): READ COMMITTED on PostgreSQL, so instances appending at once queue on the counter's
  // row lock instead of failing serialization and retrying (the one writer on SQLite).
  const std::string notifyChannel = db_.isPostgres() ? channel() : std::string();
  return db_.claim([&](Transaction& tx) {
    Statement next = tx.prepare("UPDATE event_seq SET n = n + 1 WHERE id = 1 RETURNING n");
    if (!next.step()) throw EocError(ErrorCode::StorageError, "event_seq: the counter row is missing");
    int64_t seq = next.int64(0);
    next.run();
    tx.prepare("INSERT INTO events (" + std::string(kEventColumns) + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bindAll(seq, row.atMs, row.at, row.type, row.committee, int64_t(row.exercise ? 1 : 0),
                 int64_t(row.deskOnly ? 1 : 0), row.data)
        .run();
    if (tx.isPostgres()) {
      Statement notify = tx.prepare("SELECT pg_notify(CAST(?1 AS TEXT), CAST(?2 AS TEXT))");
      notify.bindAll(notifyChannel, std::to_string(seq));
      notify.run();
    }
    return seq;
  });
}

std::vector<EventRow> EventRepository::after(int64_t afterSeq, size_t limit) {
  return db_.read([&](Connection& c) {
    Statement s = c.prepare("SELECT " + std::string(kEventColumns) + " FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    s.bindAll(afterSeq, int64_t(limit));
    return allRows(s, readEvent);
  });
}

int64_t EventRepository::lastSeq() {
  return db_.read([](Connection& c) {
    Statement s = c.prepare("SELECT n FROM event_seq WHERE id = 1");
    return s.step() ? s.int64(0) : int64_t(0);
  });
}

int64_t EventRepository::prune(int64_t olderThanMs, int64_t keep) {
  return db_.write([&](Transaction& tx) {
    Statement s = tx.prepare(
        "DELETE FROM events WHERE at_ms < ?1 OR seq <= (SELECT n FROM event_seq WHERE id = 1) - ?2");
    s.bindAll(olderThanMs, keep);
    s.run();
    return tx.connection().changes();
  });
}

std::unique_ptr<EventWatch> EventRepository::watch(std::function<void()> changed) {
  auto* pg = db_.postgresDatabase();
  if (!pg) return nullptr;
  return std::make_unique<ListenerWatch>(pg->pool().url(), pg->pool().connectOptions(), channel(), std::move(changed));
}

std::string EventRepository::channel() {
  std::lock_guard lock(channelMutex_);
  if (channel_.empty())
    channel_ = channelFor(db_.read([](Connection& c) {
      Statement s = c.prepare("SELECT current_schema()");
      return s.step() ? s.text(0) : std::string("public");
    }));
  return channel_;
}

}  // namespace eoc::store::sqlite
