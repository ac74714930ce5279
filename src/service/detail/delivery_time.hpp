#pragma once
// Internal to the broadcast service (broadcast_service.cpp, broadcast_channels.cpp): the store keeps
// delivery times as milliseconds since the epoch, and retries spread with a random factor.
#include <cstdint>
#include <random>

#include "core/time.hpp"

namespace eoc::service::detail {

inline int64_t toMs(TimePoint t) { return int64_t(t.time_since_epoch().count()) * 1000; }

// Uniform in [0, 1): the jitter of a retry delay, so that receivers down together do not come back
// to a thundering herd.
inline double unitRandom() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace eoc::service::detail
