#include "broadcast/policy.hpp"

#include <algorithm>

namespace eoc::broadcast {

int ackDeadlineSeconds(const BroadcastSettings& s, std::string_view level) {
  if (level == "red") return s.ackDeadlineRed;
  if (level == "orange") return s.ackDeadlineOrange;
  if (level == "yellow") return s.ackDeadlineYellow;
  return s.ackDeadlineBlue;
}

int64_t retryDelayMs(const BroadcastSettings& s, int failures, double unit) {
  int64_t delay = s.retryBaseMs;
  for (int i = 1; i < failures && delay < s.retryMaxMs; ++i) delay *= 2;
  delay = std::min<int64_t>(delay, s.retryMaxMs);
  unit = std::clamp(unit, 0.0, 0.999999);
  return delay + int64_t(double(delay) * 0.25 * unit);
}

}  // namespace eoc::broadcast
