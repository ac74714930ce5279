#include "core/time.hpp"

#include <cstdio>

namespace eoc {

namespace {
constexpr auto kBeijingOffset = std::chrono::hours(8);

std::chrono::year_month_day civilDay(TimePoint t, std::chrono::hh_mm_ss<std::chrono::seconds>& tod) {
  auto local = t + kBeijingOffset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  tod = std::chrono::hh_mm_ss<std::chrono::seconds>(local - day);
  return std::chrono::year_month_day(day);
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}
}  // namespace

std::string formatBeijing(TimePoint t) {
  std::chrono::hh_mm_ss<std::chrono::seconds> tod;
  auto ymd = civilDay(t, tod);
  char buf[96];  // sized for any int values, so -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld+08:00", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), long(tod.hours().count()), long(tod.minutes().count()),
                long(tod.seconds().count()));
  return buf;
}

std::string formatBeijingCompact(TimePoint t) {
  std::chrono::hh_mm_ss<std::chrono::seconds> tod;
  auto ymd = civilDay(t, tod);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02ld%02ld%02ld", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), long(tod.hours().count()), long(tod.minutes().count()),
                long(tod.seconds().count()));
  return buf;
}

std::optional<TimePoint> parseIso8601(std::string_view s, bool allowZ) {
  int y, mo, d, h, mi, se;
  if (s.size() < 20) return std::nullopt;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
      s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, se))
    return std::nullopt;
  std::chrono::minutes offset{0};
  std::string_view zone = s.substr(19);
  if (zone == "Z") {
    if (!allowZ) return std::nullopt;
  } else {
    int oh, om;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2, oh) || zone[3] != ':' ||
        !digits(zone, 4, 2, om) || oh > 14 || om > 59)
      return std::nullopt;
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (zone[0] == '-') offset = -offset;
  }
  if (h > 23 || mi > 59 || se > 59) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(mo)), std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  auto local = std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(se);
  return TimePoint(local - offset);
}

TimePoint SystemTimeSource::now() const { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

}  // namespace eoc
