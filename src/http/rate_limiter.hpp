#pragma once
// Per-token write rate limit: one token bucket per key (the token's public id), refilled at
// `perMinute` and holding at most `burst`. The caller passes the time, so tests drive it with
// their own clock. Thread-safe; memory is bounded by forgetting buckets that have refilled.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace eoc::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // perMinute == 0: no limit, allow() always says yes.
  RateLimiter(size_t perMinute, size_t burst) : perSecond_(double(perMinute) / 60.0), burst_(double(burst)) {}

  // Takes one token from `key`'s bucket. Returns 0 when allowed, otherwise the whole seconds
  // (at least 1) until a token will be there, for Retry-After.
  int take(const std::string& key, Clock::time_point now) {
    if (perSecond_ <= 0) return 0;
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
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace eoc::http
