#pragma once
// Rate budgets shared by every eoc instance on one store (PostgreSQL, several instances): a
// per-token write limit or a vendor's per-robot limit holds for the instances together, not for
// each (docs/store-backends.md §7). On SQLite (one instance) the callers keep their in-memory
// limiters; the repository works there too (tests).
//
// Each take() is one short transaction of its own that first locks the bucket's row in
// `throttles` (an UPDATE of it, at READ COMMITTED on PostgreSQL: takers of one bucket queue on
// that lock, never fail serialization), then decides on what the row — and for windows, the
// recorded sends in `throttle_sends` — say, and writes the outcome. Times are the caller's
// milliseconds (an injected clock in tests); every instance must use the same epoch (Unix time).
// Thread-safe.
#include <cstdint>
#include <string>
#include <vector>

namespace eoc::store {

struct ThrottleWindow {
  int64_t count = 0;     // at most this many sends ...
  int64_t lengthMs = 0;  // ... in any span of this length
};

class ThrottleRepository {
 public:
  virtual ~ThrottleRepository() = default;

  // Token bucket `bucket` (created full): refilled at perSecond, holding at most burst. Takes one
  // token at nowMs: returns 0 when taken, else the milliseconds until one will be there.
  virtual int64_t takeToken(const std::string& bucket, double perSecond, double burst, int64_t nowMs) = 0;

  // Sliding windows (a slot comes back exactly one window after it was spent; the vendors count
  // sends per minute, broadcast/channels/rate_limit.hpp): records a send at nowMs when every
  // window has room and returns nowMs; else records nothing and returns the earliest time at
  // which one send will be allowed.
  virtual int64_t takeSlot(const std::string& bucket, const std::vector<ThrottleWindow>& windows, int64_t nowMs) = 0;
};

}  // namespace eoc::store
