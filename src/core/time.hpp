#pragma once
// eoc speaks Beijing time (+08:00) everywhere: in CAP, in JSON and on screen.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace eoc {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::seconds>;

// "2026-07-12T15:00:00+08:00" — second precision, never Z, never fractions (CAP 1.2 profile).
std::string formatBeijing(TimePoint t);
// "20260712150000" — Beijing wall-clock digits, for identifiers.
std::string formatBeijingCompact(TimePoint t);
// Accepts YYYY-MM-DDThh:mm:ss followed by +hh:mm / -hh:mm, or Z when allowZ (ingest of
// third-party data). Returns nullopt on anything else, including out-of-range fields.
std::optional<TimePoint> parseIso8601(std::string_view text, bool allowZ = false);

// Time source, injectable so that tests drive deadlines without sleeping.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual TimePoint now() const = 0;
};

class SystemTimeSource final : public TimeSource {
 public:
  TimePoint now() const override;
};

}  // namespace eoc
