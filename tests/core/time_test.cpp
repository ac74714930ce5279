#include "core/time.hpp"

#include <gtest/gtest.h>

namespace eoc::time_test {
namespace {

TEST(BeijingTime, FormatsWithPlusEightOffsetAndNoFraction) {
  // 2026-07-12T07:00:00Z is 15:00 in Beijing.
  auto t = parseIso8601("2026-07-12T07:00:00Z", /*allowZ=*/true);
  ASSERT_TRUE(t);
  EXPECT_EQ(formatBeijing(*t), "2026-07-12T15:00:00+08:00");
  EXPECT_EQ(formatBeijingCompact(*t), "20260712150000");
}

TEST(BeijingTime, CrossesMidnightIntoTheNextBeijingDay) {
  auto t = parseIso8601("2026-12-31T20:30:05+00:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatBeijing(*t), "2027-01-01T04:30:05+08:00");
}

TEST(BeijingTime, OffsetsAreAppliedBeforeComparison) {
  auto beijing = parseIso8601("2026-07-12T15:00:00+08:00");
  auto xinjiang = parseIso8601("2026-07-12T13:00:00+06:00");
  ASSERT_TRUE(beijing && xinjiang);
  EXPECT_EQ(*beijing, *xinjiang);
}

TEST(BeijingTime, RoundTripsEverySecondOfADayBoundary) {
  auto start = *parseIso8601("2026-02-28T23:59:50+08:00");
  for (int i = 0; i < 30; ++i) {
    auto t = start + std::chrono::seconds(i);
    EXPECT_EQ(parseIso8601(formatBeijing(t)), t);
  }
}

TEST(BeijingTime, RejectsZuluUnlessAllowed) { EXPECT_FALSE(parseIso8601("2026-07-12T07:00:00Z")); }

TEST(BeijingTime, RejectsMalformedAndOutOfRangeTimes) {
  for (const char* bad : {"", "2026-07-12", "2026-07-12T15:00:00", "2026-07-12T15:00:00.5+08:00",
                          "2026-13-12T15:00:00+08:00", "2026-02-30T15:00:00+08:00", "2026-07-12T24:00:00+08:00",
                          "2026-07-12T15:60:00+08:00", "2026-07-12 15:00:00+08:00", "2026-07-12T15:00:00+0800",
                          "2026-07-12T15:00:00,08:00", "2026-07-12T15:00:00+08:00x", "２０２６-07-12T15:00:00+08:00"}) {
    EXPECT_FALSE(parseIso8601(bad)) << bad;
  }
}

}  // namespace
}  // namespace eoc::time_test
