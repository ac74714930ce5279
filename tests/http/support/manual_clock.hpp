#pragma once
// Clocks for HTTP tests that drive deadlines without sleeping: one the test sets, one that runs
// with real time from a chosen starting instant. Thread-safe (server threads read them).
#include <atomic>
#include <chrono>

#include "core/time.hpp"

namespace eoc::testing {

class ManualClock final : public TimeSource {
 public:
  explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(std::chrono::seconds(now_.load())); }
  void set(TimePoint t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<long long> now_;
};

class ShiftedClock final : public TimeSource {
 public:
  explicit ShiftedClock(TimePoint start) : shift_(start - SystemTimeSource().now()) {}
  TimePoint now() const override { return SystemTimeSource().now() + shift_; }

 private:
  std::chrono::seconds shift_;
};

}  // namespace eoc::testing
