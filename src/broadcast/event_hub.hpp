#pragma once
// The live event stream behind GET /events: every published event gets the next id, is kept in a
// bounded history (so that a screen reconnecting with Last-Event-ID loses nothing that is still
// in it), and wakes the streams waiting for news. Thread-safe; publish never blocks on readers.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/events.hpp"

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
  // True when events after `afterId` have already fallen out of the history: the reader missed
  // something and must reload its state from the API.
  bool gap = false;
  uint64_t lastId = 0;  // resume from here next time
};

class EventHub final : public EventSink {
 public:
  explicit EventHub(size_t historySize = 10000);

  void publish(Event event) override;

  // Events with id > afterId that match, at most `max`; returns immediately.
  ReadResult read(uint64_t afterId, const EventFilter& filter, size_t max = 1000) const;
  // As read(), but waits up to `timeout` for a matching event when there is none yet, or until
  // close(). Returns an empty result on timeout (streams use it to send keep-alives).
  ReadResult waitFor(uint64_t afterId, const EventFilter& filter, std::chrono::milliseconds timeout,
                     size_t max = 1000) const;
  uint64_t lastId() const;
  // Wakes every waiter for good (shutdown).
  void close();
  bool closed() const;

 private:
  ReadResult collect(uint64_t afterId, const EventFilter& filter, size_t max) const;

  size_t historySize_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<StampedEvent> history_;
  uint64_t nextId_ = 1;
  bool closed_ = false;
};

}  // namespace eoc::broadcast
