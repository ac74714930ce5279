#pragma once
// Vendor rate limits, respected without dropping anything. Pure logic on an injected clock (an
// Instant is milliseconds since any fixed epoch of the caller's choosing); no threads, no I/O.
//
// Why windows and not a refilling token bucket: the chat vendors count messages per minute. A
// bucket of 20 refilled at 20 per minute lets 20 + 20 through within one 60-second span, which
// DingTalk answers with 130101 and a 10-minute block. A sliding window (a token comes back exactly
// one window after it was spent) never exceeds the count in any span of that length.
//
// The per-destination queue sends a message on its own while the window has room for everything
// waiting; messages that had to wait (throttled by eoc's window or by the vendor) are coalesced
// into ONE digest per free slot (same drill flag only: a digest never mixes exercise and live
// traffic), at most maxDigest per digest. A vendor's throttle answer puts the batch back at the
// front and blocks the destination for the vendor's block time.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "broadcast/channels/channel.hpp"

namespace eoc::broadcast::channels {

using Instant = std::chrono::milliseconds;

struct Window {
  size_t count;
  std::chrono::milliseconds length;
};

struct RateLimit {
  std::vector<Window> windows;  // every window must have room; none: unlimited
};

// Documented per-destination limits:
//  WeCom group robot: 20 messages a minute per robot (developer.work.weixin.qq.com/document/path/91770).
//  DingTalk custom robot: 20 a minute per robot, 10-minute block beyond (open.dingtalk.com, 自定义机器人).
//  Feishu custom bot: 100 a minute and 5 a second per bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot).
//  SMS, MQTT, webhook, EBD: no per-destination rate documented that a warning could reach (Aliyun's
//  QPS limit is 5,000 a second per account; its 50-a-day per number is a quota, handled as throttling).
RateLimit vendorLimit(Kind kind);

class WindowLimiter {
 public:
  explicit WindowLimiter(RateLimit limit);
  // Sends allowed at `now` without waiting.
  size_t available(Instant now) const;
  // Earliest instant ≥ now at which one send is allowed.
  Instant nextFree(Instant now) const;
  void record(Instant now);
  void blockUntil(Instant until);
  Instant blockedUntil() const { return blockedUntil_; }

 private:
  RateLimit limit_;
  std::deque<Instant> sends_;  // the most recent sends, oldest first (as many as the largest count)
  Instant blockedUntil_{0};
};

class DestinationQueue {
 public:
  struct Item {
    uint64_t id;
    bool drill;
  };
  struct Batch {
    std::vector<uint64_t> ids;  // one id: a message on its own; several: a digest of them, in order
    bool drill = false;
    bool digest() const { return ids.size() > 1; }
  };

  // Several instances on one store send to the same robots (docs/store-backends.md §7): the
  // destination's budget shared by all of them (store::ThrottleRepository::takeSlot). Given now,
  // it records a send and returns now, or returns when one will be allowed; it throws when the
  // store cannot answer (then this queue's own window decides).
  using SharedWindow = std::function<Instant(Instant now)>;

  DestinationQueue(RateLimit limit, size_t maxDigest, SharedWindow shared = {});
  void push(Item item, Instant now);
  // The next send, if one is allowed at `now`; it takes a slot of the window (and of the shared
  // window, which may refuse: the queue then waits until the time it names).
  std::optional<Batch> take(Instant now);
  // When take() may next return something: now if it can at once, Instant::max() when empty.
  Instant nextReady(Instant now) const;
  // The vendor throttled this batch: back to the front, the destination blocked for blockFor.
  void throttled(const Batch& batch, Instant now, std::chrono::milliseconds blockFor);
  size_t waiting() const { return queue_.size(); }
  const WindowLimiter& limiter() const { return limiter_; }

 private:
  struct Waiting {
    Item item;
    bool delayed;  // had to wait for the window: a digest candidate
  };
  WindowLimiter limiter_;
  size_t maxDigest_;
  SharedWindow shared_;
  std::deque<Waiting> queue_;
};

}  // namespace eoc::broadcast::channels
