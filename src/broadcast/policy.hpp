#pragma once
// The timing rules of broadcast, from config: how long a recipient has to acknowledge a warning
// of each level, and how long to wait before retrying a failed webhook.
#include <cstdint>
#include <string_view>

#include "core/config.hpp"

namespace eoc::broadcast {

// Seconds from first send to the ack deadline; the longest (blue) for an unknown level.
int ackDeadlineSeconds(const BroadcastSettings& settings, std::string_view level);

// Gap before attempt `failures + 1` after `failures` failed attempts (failures >= 1):
// base * 2^(failures-1), capped at max, plus jitter in [0, 25%) of that (`unit` in [0, 1)).
// Gaps therefore strictly grow until the cap.
int64_t retryDelayMs(const BroadcastSettings& settings, int failures, double unit);

}  // namespace eoc::broadcast
