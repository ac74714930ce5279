#include "stock/dates.hpp"

#include <cstdio>

namespace eoc::stock {

std::optional<Date> parseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f)
    for (size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (s[i] - '0');
    }
  if (fields[0] < 2000 || fields[0] > 2199) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(fields[0]), std::chrono::month(unsigned(fields[1])),
                                        std::chrono::day(unsigned(fields[2]))};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

std::string formatDate(Date date) {
  const std::chrono::year_month_day ymd(date);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return text;
}

Date beijingDate(TimePoint t) { return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(8)); }

}  // namespace eoc::stock
