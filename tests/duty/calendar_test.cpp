// Dates and clock times as a Chinese office writes them, in Beijing time whatever the machine's zone.
#include "duty/calendar.hpp"

#include <gtest/gtest.h>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::calendar_test {
namespace {

using namespace std::chrono;
using testing::bj;

TEST(Calendar, DatesInTheWaysOfficesWriteThem) {
  struct Case {
    std::string text;
    std::optional<Date> expected;
  };
  const Date dec2{year(2026), month(12), day(2)};
  const std::vector<Case> cases = {
      {"2026-12-02", dec2},
      {"2026/12/2", dec2},
      {"2026/12/02", dec2},           // a date cell as GDAL writes it
      {"2026/12/02 00:00:00", dec2},  // a date-time cell at midnight
      {"2026.12.2", dec2},
      {"2026年12月2日", dec2},
      {"2026年12月2", dec2},
      {"2026-2-29", std::nullopt},  // 2026 is no leap year
      {"2028-02-29", Date{year(2028), month(2), day(29)}},
      {"2026-13-01", std::nullopt},
      {"2026-12-32", std::nullopt},
      {"2026/12-02", std::nullopt},           // mixed separators
      {"12/2/2026", std::nullopt},            // month first is not read (ambiguous)
      {"2026/12/02 08:00:00", std::nullopt},  // a time that is not midnight is not a date
      {"46358", std::nullopt},                // a spreadsheet serial number without its date format
      {"", std::nullopt},
      {"明天", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(parseDate(c.text), c.expected) << c.text;
}

TEST(Calendar, ClockTimes) {
  struct Case {
    std::string text;
    std::optional<int> minutes;
  };
  const std::vector<Case> cases = {
      {"08:00", 480},          {"8:00", 480},           {"08:00:00", 480},      {"20:30", 1230},
      {"08：00", 480},         {"24:00", 1440},         {"00:00", 0},           {"24:01", std::nullopt},
      {"25:00", std::nullopt}, {"08:60", std::nullopt}, {"0800", std::nullopt}, {"08:00:30", std::nullopt},
      {"8", std::nullopt},     {"", std::nullopt}};
  for (const Case& c : cases) {
    auto parsed = parseClock(c.text);
    ASSERT_EQ(parsed.has_value(), c.minutes.has_value()) << c.text;
    if (parsed) {
      EXPECT_EQ(parsed->count(), *c.minutes) << c.text;
    }
  }
}

TEST(Calendar, BeijingDaysStartAtSixteenHundredUtc) {
  const Date dec2{year(2026), month(12), day(2)};
  EXPECT_EQ(formatBeijing(startOfDay(dec2)), "2026-12-02T00:00:00+08:00");
  EXPECT_EQ(startOfDay(dec2), *parseIso8601("2026-12-01T16:00:00Z", true));
  EXPECT_EQ(atMinute(dec2, minutes(20 * 60 + 30)), bj("2026-12-02 20:30"));
  EXPECT_EQ(atMinute(dec2, minutes(24 * 60 + 8 * 60)), bj("2026-12-03 08:00"));
  EXPECT_EQ(dateOf(bj("2026-12-03 00:30")), (Date{year(2026), month(12), day(3)}));  // 16:30 UTC the day before
  EXPECT_EQ(dateOf(bj("2026-12-02 23:59")), dec2);
  EXPECT_EQ(minuteOfDay(bj("2026-12-03 00:30")).count(), 30);
  EXPECT_EQ(formatDate(dec2), "2026-12-02");
  EXPECT_EQ(formatChineseDate(dec2), "12月2日");
  EXPECT_EQ(formatChineseDate(dec2, true), "2026年12月2日");
  EXPECT_EQ(formatClock(minutes(1440)), "24:00");
  EXPECT_EQ(formatChineseTime(bj("2026-12-02 09:05")), "2026年12月2日9时05分");
}

}  // namespace
}  // namespace eoc::duty::calendar_test
