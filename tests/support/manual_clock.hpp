#pragma once
// Clocks for tests that drive deadlines without sleeping, shared by every test suite: one the
// test sets by hand, one that runs with real time from a chosen starting instant. Thread-safe
// (services read them from their own threads).
#include <atomic>
#include <chrono>

#include "core/time.hpp"

namespace eoc::testing {

class ManualClock final : public TimeSource {
 public:
  explicit ManualClock(TimePoint start) : seconds_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(std::chrono::seconds(seconds_.load())); }
  void set(TimePoint t) { seconds_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds by) { seconds_ += by.count(); }

 private:
  std::atomic<long long> seconds_;
};

class ShiftedClock final : public TimeSource {
 public:
  explicit ShiftedClock(TimePoint start) : shift_(start - SystemTimeSource().now()) {}
  TimePoint now() const override { return SystemTimeSource().now() + shift_; }

 private:
  std::chrono::seconds shift_;
};

}  // namespace eoc::testing
