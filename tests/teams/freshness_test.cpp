#include <gtest/gtest.h>

#include "teams/freshness.hpp"

namespace eoc::teams::freshness_test {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = *parseIso8601("2026-07-12T15:00:00+08:00");

TEST(Freshness, TiersFollowTheTeamsOwnIntervalAtEachBoundary) {
  struct Case {
    std::chrono::seconds age;
    std::chrono::seconds interval;
    Freshness want;
  };
  const Case cases[] = {
      {0s, 60s, Freshness::Fresh},     {120s, 60s, Freshness::Fresh},  {121s, 60s, Freshness::Aging},
      {240s, 60s, Freshness::Aging},   {241s, 60s, Freshness::Stale},  {600s, 60s, Freshness::Stale},
      {601s, 60s, Freshness::Lost},    {600s, 300s, Freshness::Fresh}, {601s, 300s, Freshness::Aging},
      {1201s, 300s, Freshness::Stale},
      {3001s, 300s, Freshness::Lost},
  };
  for (const auto& c : cases)
    EXPECT_EQ(freshnessOf(kNow - c.age, kNow, c.interval), c.want)
        << "age " << c.age.count() << " s, interval " << c.interval.count() << " s";
}

TEST(Freshness, ATeamThatNeverReportedIsNoneNotFresh) {
  EXPECT_EQ(freshnessOf(std::nullopt, kNow, 60s), Freshness::None);
  EXPECT_FALSE(isAlarming(Freshness::None));
  EXPECT_TRUE(isAlarming(Freshness::Stale));
  EXPECT_TRUE(isAlarming(Freshness::Lost));
}

TEST(Freshness, AFixSlightlyInTheFutureCountsAsFresh) {
  EXPECT_EQ(freshnessOf(kNow + 30s, kNow, 60s), Freshness::Fresh);
}

}  // namespace
}  // namespace eoc::teams::freshness_test
