#include "duty/calendar.hpp"

#include <cstdio>
#include <vector>

namespace eoc::duty {

namespace {

constexpr auto kBeijing = std::chrono::hours(8);

// Splits "2026年12月2日" / "2026-12-02" into runs of ASCII digits; the separators between them must
// be one of `separators` (a UTF-8 string each). Returns the numbers or nothing.
std::optional<std::vector<int>> numbers(std::string_view text, std::initializer_list<std::string_view> separators,
                                        std::string_view trailer) {
  std::vector<int> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    int value = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++digits > 4) return std::nullopt;
      value = value * 10 + (text[i++] - '0');
    }
    out.push_back(value);
    if (i == text.size()) break;
    bool matched = false;
    for (std::string_view sep : separators)
      if (text.substr(i, sep.size()) == sep) {
        i += sep.size();
        matched = true;
        break;
      }
    if (!matched) {
      if (!trailer.empty() && text.substr(i) == trailer) return out;
      return std::nullopt;
    }
  }
  return out;
}

std::string_view trimTrailingMidnight(std::string_view text) {
  for (std::string_view tail : {" 00:00:00", "T00:00:00", " 00:00"})
    if (text.size() > tail.size() && text.substr(text.size() - tail.size()) == tail)
      return text.substr(0, text.size() - tail.size());
  return text;
}

}  // namespace

TimePoint startOfDay(Date date) { return TimePoint(std::chrono::sys_days(date).time_since_epoch() - kBeijing); }

TimePoint atMinute(Date date, minutes minuteOfDay) { return startOfDay(date) + minuteOfDay; }

Date dateOf(TimePoint t) { return Date(std::chrono::floor<std::chrono::days>(t + kBeijing)); }

minutes minuteOfDay(TimePoint t) {
  auto local = t + kBeijing;
  return std::chrono::floor<minutes>(local - std::chrono::floor<std::chrono::days>(local));
}

std::string formatDate(Date date) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()), unsigned(date.day()));
  return buf;
}

std::string formatChineseDate(Date date, bool withYear) {
  char buf[64];
  if (withYear)
    std::snprintf(buf, sizeof buf, "%d年%u月%u日", int(date.year()), unsigned(date.month()), unsigned(date.day()));
  else
    std::snprintf(buf, sizeof buf, "%u月%u日", unsigned(date.month()), unsigned(date.day()));
  return buf;
}

std::string formatClock(minutes m) {
  char buf[64];  // sized for any long, so that -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", long(m.count() / 60), long(m.count() % 60));
  return buf;
}

std::string formatChineseTime(TimePoint t) {
  const minutes m = minuteOfDay(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%ld时%02ld分", long(m.count() / 60), long(m.count() % 60));
  return formatChineseDate(dateOf(t), true) + buf;
}

std::optional<Date> parseDate(std::string_view text) {
  text = trimTrailingMidnight(text);
  std::optional<std::vector<int>> parts;
  if (text.find("\xE5\xB9\xB4") != std::string_view::npos)                    // 年
    parts = numbers(text, {"\xE5\xB9\xB4", "\xE6\x9C\x88"}, "\xE6\x97\xA5");  // 年 月 … 日
  else
    for (std::string_view sep : {"-", "/", "."}) {
      parts = numbers(text, {sep}, "");
      if (parts) break;
    }
  if (!parts || parts->size() != 3 || (*parts)[0] < 1900 || (*parts)[0] > 2999) return std::nullopt;
  const Date date{std::chrono::year((*parts)[0]), std::chrono::month(unsigned((*parts)[1])),
                  std::chrono::day(unsigned((*parts)[2]))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<minutes> parseClock(std::string_view text) {
  auto parts = numbers(text, {":", "\xEF\xBC\x9A"}, "");  // ":" or full-width "："
  if (!parts || parts->size() < 2 || parts->size() > 3) return std::nullopt;
  const int h = (*parts)[0], m = (*parts)[1], s = parts->size() == 3 ? (*parts)[2] : 0;
  if (m > 59 || s != 0) return std::nullopt;
  if (h == 24 && m == 0) return minutes(24 * 60);
  if (h > 23) return std::nullopt;
  return minutes(h * 60 + m);
}

}  // namespace eoc::duty
