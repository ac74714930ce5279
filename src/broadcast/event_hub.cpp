#include "broadcast/event_hub.hpp"

#include "core/time.hpp"

namespace eoc::broadcast {

EventHub::EventHub(size_t historySize) : historySize_(historySize == 0 ? 1 : historySize) {}

void EventHub::publish(Event event) {
  {
    std::lock_guard lock(mutex_);
    history_.push_back(StampedEvent{nextId_++, formatBeijing(SystemTimeSource().now()), std::move(event)});
    if (history_.size() > historySize_) history_.pop_front();
  }
  changed_.notify_all();
}

ReadResult EventHub::collect(uint64_t afterId, const EventFilter& filter, size_t max) const {
  ReadResult result;
  result.lastId = afterId;
  if (!history_.empty() && afterId + 1 < history_.front().id && afterId < nextId_ - 1) result.gap = true;
  // Ids are consecutive in the deque: jump straight to the first one after afterId.
  size_t start = 0;
  if (!history_.empty() && afterId >= history_.front().id) start = size_t(afterId - history_.front().id + 1);
  for (size_t i = start; i < history_.size() && result.events.size() < max; ++i) {
    const auto& e = history_[i];
    result.lastId = e.id;
    if (filter.matches(e.event)) result.events.push_back(e);
  }
  return result;
}

ReadResult EventHub::read(uint64_t afterId, const EventFilter& filter, size_t max) const {
  std::lock_guard lock(mutex_);
  return collect(afterId, filter, max);
}

ReadResult EventHub::waitFor(uint64_t afterId, const EventFilter& filter, std::chrono::milliseconds timeout,
                             size_t max) const {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto result = collect(afterId, filter, max);
    if (!result.events.empty() || result.gap || closed_) return result;
    afterId = result.lastId;  // skip non-matching events for good
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      auto last = collect(afterId, filter, max);
      return last;
    }
  }
}

uint64_t EventHub::lastId() const {
  std::lock_guard lock(mutex_);
  return nextId_ - 1;
}

void EventHub::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool EventHub::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

}  // namespace eoc::broadcast
