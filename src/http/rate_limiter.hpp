#pragma once
// Per-token write rate limit: one token bucket per key (the token's public id), refilled at
// `perMinute` and holding at most `burst`. The caller passes the time, so tests drive it with
// their own clock. Thread-safe; memory is bounded by forgetting buckets that have refilled.
//
// Several instances on one PostgreSQL store (docs/store-backends.md §7): share() hands the limiter
// the store's bucket (store::ThrottleRepository::takeToken), so a token's budget holds for the
// instances together. Should the store not answer, the in-memory bucket decides (this instance's
// share only) rather than refusing every write.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace eoc::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // perMinute == 0: no limit, allow() always says yes.
  RateLimiter(size_t perMinute, size_t burst) : perSecond_(double(perMinute) / 60.0), burst_(double(burst)) {}

  // The shared bucket: (key, tokens per second, burst) -> 0 when taken, else milliseconds until a
  // token is there; throws when the store cannot answer. Set once, before requests arrive.
  using Shared = std::function<int64_t(const std::string& key, double perSecond, double burst)>;
  void share(Shared shared) { shared_ = std::move(shared); }

  // Takes one token from `key`'s bucket. Returns 0 when allowed, otherwise the whole seconds
  // (at least 1) until a token will be there, for Retry-After.
  int take(const std::string& key, Clock::time_point now) {
    if (perSecond_ <= 0) return 0;
    if (shared_) {
      try {
        int64_t waitMs = shared_(key, perSecond_, burst_);
        return waitMs <= 0 ? 0 : std::max(1, int((waitMs + 999) / 1000));
      } catch (const std::exception&) {
        // The store is away: this instance's own bucket decides meanwhile.
      }
    }
    std::lock_guard lock(mutex_);
    if (buckets_.size() > kForgetAbove) forgetFull(now);
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
      double elapsed = std::chrono::duration<double>(now - b.updated).count();
      if (elapsed > 0) b.tokens = std::min(burst_, b.tokens + elapsed * perSecond_);
      b.updated = now;
    }
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      return 0;
    }
    return std::max(1, int((1.0 - b.tokens) / perSecond_ + 0.999));
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  static constexpr size_t kForgetAbove = 10000;

  // A bucket that would be full again is the same as no bucket.
  void forgetFull(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
      if (it->second.tokens + elapsed * perSecond_ >= burst_) it = buckets_.erase(it);
      else ++it;
    }
  }

  const double perSecond_;
  const double burst_;
  Shared shared_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace eoc::http
