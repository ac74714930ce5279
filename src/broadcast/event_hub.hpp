#pragma once
// The live event stream behind GET /events: every published event gets the next id, is kept in a
// bounded history (so that a screen reconnecting with Last-Event-ID loses nothing that is still
// in it), and wakes the streams waiting for news. Thread-safe; publish never blocks on readers.
//
// Two modes (docs/store-backends.md §7):
// - In memory (SQLite, one instance; the default): ids count from 1 in this process.
// - Journal (PostgreSQL, several instances; useJournal()): publish() appends the event, rendered,
//   to the store's event journal, whose global sequence is its id; the history is filled from
//   the journal in sequence order — this instance's events and the other instances' alike, when
//   catchUp() runs (the journal's watch calls it on each NOTIFY and each reconnection). A reader
//   resuming from an id older than the history is answered from the journal, so Last-Event-ID
//   works on any instance as long as the journal still holds the event (its retention).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/events.hpp"

namespace eoc::store {
class EventRepository;
class EventWatch;
}  // namespace eoc::store

namespace eoc::broadcast {

struct StampedEvent {
  uint64_t id = 0;
  std::string at;  // Beijing time of publication
  Event event;
};

struct EventFilter {
  std::string committee;  // empty: every event; else events for this committee or for everyone
  bool desk = false;      // the reader may see desk-only events (drafts)
  bool matches(const Event& e) const {
    if (e.deskOnly && !desk) return false;
    return committee.empty() || e.committee.empty() || e.committee == committee;
  }
};

struct ReadResult {
  std::vector<StampedEvent> events;
  // True when events after `afterId` have already fallen out of the history (and, in journal
  // mode, out of the journal): the reader missed something and must reload its state from the API.
  bool gap = false;
  uint64_t lastId = 0;  // resume from here next time
};

class EventHub final : public EventSink {
 public:
  // An event's data as GET /events streams it (the HTTP edge's renderer of the typed payloads).
  using Renderer = std::function<nlohmann::json(const Event&)>;

  explicit EventHub(size_t historySize = 10000);
  ~EventHub() override;

  void publish(Event event) override;

  // The renderer used to write an event to the journal (journal mode only; without one, an
  // event's `data` is written). Set once, before events are published.
  void setRenderer(Renderer renderer);
  // Switches to journal mode on `journal` (which must outlive the hub) and starts its watch.
  // Called once, before the first publish; ids continue from the journal's last sequence.
  void useJournal(store::EventRepository& journal);
  bool journaled() const { return journal_ != nullptr; }
  // Reads the journal after the last event held into the history (journal mode; no-op otherwise).
  // Throws when the store cannot be read.
  void catchUp();
  // Called, outside the hub's locks, for each event the history takes from the journal on a
  // catch-up (every other instance's event; this instance's own only when another's came first).
  // For in-memory state kept from the store that another instance may change (stock levels).
  using Observer = std::function<void(const StampedEvent&)>;
  void observeJournal(Observer observer);
  // The journal's watch (null in memory mode or on SQLite), for tests that cut its connection.
  const store::EventWatch* watch() const { return watch_.get(); }

  // Events with id > afterId that match, at most `max`; returns immediately.
  ReadResult read(uint64_t afterId, const EventFilter& filter, size_t max = 1000) const;
  // As read(), but waits up to `timeout` for a matching event when there is none yet, or until
  // close(). Returns an empty result on timeout (streams use it to send keep-alives).
  ReadResult waitFor(uint64_t afterId, const EventFilter& filter, std::chrono::milliseconds timeout,
                     size_t max = 1000) const;
  uint64_t lastId() const;
  // Wakes every waiter for good (shutdown) and stops the journal's watch.
  void close();
  bool closed() const;

 private:
  ReadResult collect(uint64_t afterId, const EventFilter& filter, size_t max) const;
  // True when the history (with mutex_ held) holds every event after afterId that exists.
  bool covers(uint64_t afterId) const;
  // A reader behind the history, answered from the journal (journal mode).
  std::optional<ReadResult> readJournal(uint64_t afterId, const EventFilter& filter, size_t max) const;
  void push(StampedEvent e);  // mutex_ held
  void catchUpHeld();         // ingestMutex_ held

  size_t historySize_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<StampedEvent> history_;  // ascending ids
  uint64_t nextId_ = 1;
  bool closed_ = false;

  Renderer renderer_;
  Observer observer_;
  store::EventRepository* journal_ = nullptr;
  std::mutex ingestMutex_;  // one writer of the history at a time in journal mode (order by seq)
  std::unique_ptr<store::EventWatch> watch_;
};

}  // namespace eoc::broadcast
