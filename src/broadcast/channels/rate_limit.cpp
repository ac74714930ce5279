#include "broadcast/channels/rate_limit.hpp"

#include <algorithm>
#include <exception>

namespace eoc::broadcast::channels {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

RateLimit vendorLimit(Kind kind) {
  switch (kind) {
    case Kind::WeCom:
    case Kind::DingTalk: return {{{20, minutes(1)}}};
    case Kind::Feishu: return {{{100, minutes(1)}, {5, seconds(1)}}};
    default: return {};
  }
}

WindowLimiter::WindowLimiter(RateLimit limit) : limit_(std::move(limit)) {}

size_t WindowLimiter::available(Instant now) const {
  if (now < blockedUntil_) return 0;
  size_t room = SIZE_MAX;
  for (const auto& w : limit_.windows) {
    const size_t inWindow = size_t(std::count_if(sends_.begin(), sends_.end(), [&](Instant t) { return t > now - w.length; }));
    room = std::min(room, w.count > inWindow ? w.count - inWindow : 0);
  }
  return room;
}

Instant WindowLimiter::nextFree(Instant now) const {
  Instant at = std::max(now, blockedUntil_);
  for (const auto& w : limit_.windows) {
    // Sends within the window ending at `at`, newest first; the window frees a slot when the
    // count-th newest leaves it.
    std::vector<Instant> recent;
    for (auto it = sends_.rbegin(); it != sends_.rend(); ++it)
      if (*it > at - w.length) recent.push_back(*it);
    if (recent.size() >= w.count) at = std::max(at, recent[w.count - 1] + w.length);
  }
  return at;
}

void WindowLimiter::record(Instant now) {
  sends_.push_back(now);
  size_t keep = 0;
  for (const auto& w : limit_.windows) keep = std::max(keep, w.count);
  while (sends_.size() > keep) sends_.pop_front();
}

void WindowLimiter::blockUntil(Instant until) { blockedUntil_ = std::max(blockedUntil_, until); }

DestinationQueue::DestinationQueue(RateLimit limit, size_t maxDigest, SharedWindow shared)
    : limiter_(std::move(limit)), maxDigest_(std::max<size_t>(1, maxDigest)), shared_(std::move(shared)) {}

void DestinationQueue::push(Item item, Instant now) {
  // On its own only while the window has room for it and for everything already waiting.
  const bool delayed = limiter_.available(now) <= queue_.size();
  queue_.push_back({item, delayed});
}

std::optional<DestinationQueue::Batch> DestinationQueue::take(Instant now) {
  if (queue_.empty() || limiter_.available(now) == 0) return std::nullopt;
  if (shared_) {
    try {
      if (Instant freeAt = shared_(now); freeAt > now) {
        // Other instances spent the robot's budget: wait as for a block, nothing is dropped.
        limiter_.blockUntil(freeAt);
        return std::nullopt;
      }
    } catch (const std::exception&) {
      // The store is away: this instance's window alone decides meanwhile.
    }
  }
  Batch batch;
  const Waiting head = queue_.front();
  batch.drill = head.item.drill;
  if (!head.delayed) {
    batch.ids.push_back(head.item.id);
    queue_.pop_front();
  } else {
    for (auto it = queue_.begin(); it != queue_.end() && batch.ids.size() < maxDigest_;) {
      if (it->delayed && it->item.drill == head.item.drill) {
        batch.ids.push_back(it->item.id);
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
  }
  limiter_.record(now);
  return batch;
}

Instant DestinationQueue::nextReady(Instant now) const {
  if (queue_.empty()) return Instant::max();
  return limiter_.nextFree(now);
}

void DestinationQueue::throttled(const Batch& batch, Instant now, milliseconds blockFor) {
  for (auto& w : queue_) w.delayed = true;
  for (auto it = batch.ids.rbegin(); it != batch.ids.rend(); ++it) queue_.push_front({{*it, batch.drill}, true});
  limiter_.blockUntil(now + blockFor);
}

}  // namespace eoc::broadcast::channels
