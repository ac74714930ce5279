// Who is on duty when: shifts sorted, night shifts past midnight, gaps seen, and an import that
// replaces the time it covers without cutting a stored shift in two.
#include "duty/roster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::roster_test {
namespace {

using testing::bj;
using testing::errorOf;
using ::testing::HasSubstr;

Shift shift(const std::string& start, const std::string& end, const std::string& label, const std::string& leader,
            std::vector<std::string> officers = {"李娜"}) {
  Shift s;
  s.start = bj(start);
  s.end = bj(end);
  s.label = label;
  s.leader = leader;
  for (auto& name : officers) s.officers.push_back({name, ""});
  s.phone = "0991-5550110";
  return s;
}

// Two days of 白班/夜班 with the night of the 3rd missing.
Roster twoDays() {
  return Roster({shift("2026-12-02 20:00", "2026-12-03 08:00", "夜班", "张伟"),
                 shift("2026-12-02 08:00", "2026-12-02 20:00", "白班", "张伟"),
                 shift("2026-12-03 08:00", "2026-12-03 20:00", "白班", "刘洋")});
}

TEST(Roster, WhoIsOnDutyAtEachHandComputedTime) {
  const Roster roster = twoDays();
  struct Case {
    std::string at;
    std::optional<std::string> label;  // nullopt: a gap
    std::string leader;
  };
  const std::vector<Case> cases = {
      {"2026-12-02 07:59", std::nullopt, ""},  // before the roster starts
      {"2026-12-02 08:00", "白班", "张伟"},    // a shift includes its start
      {"2026-12-02 19:59", "白班", "张伟"},
      {"2026-12-02 20:00", "夜班", "张伟"},  // and excludes its end
      {"2026-12-03 00:30", "夜班", "张伟"},  // past midnight, still the night of the 2nd
      {"2026-12-03 08:00", "白班", "刘洋"},
      {"2026-12-03 20:00", std::nullopt, ""},  // the night of the 3rd is missing
  };
  for (const Case& c : cases) {
    const Shift* s = roster.at(bj(c.at));
    ASSERT_EQ(s != nullptr, c.label.has_value()) << c.at;
    if (s) {
      EXPECT_EQ(s->label, *c.label) << c.at;
      EXPECT_EQ(s->leader, c.leader) << c.at;
    }
  }
}

TEST(Roster, DutyNowInAGapSaysSinceWhenAndUntilWhen) {
  Roster roster({shift("2026-12-02 08:00", "2026-12-02 20:00", "白班", "张伟"),
                 shift("2026-12-03 08:00", "2026-12-03 20:00", "白班", "刘洋")});
  DutyNow now = dutyAt(roster, bj("2026-12-02 23:00"));
  EXPECT_FALSE(now.shift);
  ASSERT_TRUE(now.gap);
  EXPECT_EQ(now.gap->from, bj("2026-12-02 20:00"));
  EXPECT_EQ(now.gap->until, bj("2026-12-03 08:00"));
  ASSERT_TRUE(now.next);
  EXPECT_EQ(now.next->leader, "刘洋");

  now = dutyAt(roster, bj("2026-12-02 09:00"));
  ASSERT_TRUE(now.shift);
  EXPECT_EQ(now.shift->leader, "张伟");
  EXPECT_FALSE(now.gap);

  now = dutyAt(roster, bj("2026-12-04 09:00"));  // after the roster's end: open-ended gap
  ASSERT_TRUE(now.gap);
  EXPECT_EQ(now.gap->from, bj("2026-12-03 20:00"));
  EXPECT_FALSE(now.gap->until);
  EXPECT_FALSE(now.next);

  now = dutyAt(Roster(), bj("2026-12-04 09:00"));  // no roster at all
  ASSERT_TRUE(now.gap);
  EXPECT_FALSE(now.gap->from);
  EXPECT_FALSE(now.gap->until);
}

TEST(Roster, GapsWithinARangeAreClipped) {
  const auto gaps = twoDays().gaps(bj("2026-12-02 00:00"), bj("2026-12-04 00:00"));
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[0].from, bj("2026-12-02 00:00"));
  EXPECT_EQ(gaps[0].until, bj("2026-12-02 08:00"));
  EXPECT_EQ(gaps[1].from, bj("2026-12-03 20:00"));
  EXPECT_EQ(gaps[1].until, bj("2026-12-04 00:00"));
  EXPECT_TRUE(twoDays().gaps(bj("2026-12-02 08:00"), bj("2026-12-03 20:00")).empty());
  EXPECT_EQ(twoDays().between(bj("2026-12-03 00:00"), bj("2026-12-03 09:00")).size(), 2u);
}

TEST(Roster, OverlappingShiftsAreRefusedNamingBoth) {
  const EocError e = errorOf([] {
    Roster({shift("2026-12-02 08:00", "2026-12-02 20:00", "白班", "张伟"),
            shift("2026-12-02 18:00", "2026-12-03 06:00", "18:00-06:00", "刘洋")});
  });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_EQ(e.detail(), "shifts overlap: 2026-12-02 白班 08:00–20:00 and 2026-12-02 18:00–次日06:00");
  EXPECT_EQ(errorOf([] { Roster({shift("2026-12-02 08:00", "2026-12-02 08:00", "x", "y")}); }).code(),
            ErrorCode::InvalidBody);
}

TEST(Roster, AnImportReplacesTheTimeItCoversAndNeverCutsAStoredShift) {
  const Roster stored = twoDays();
  // A new roster for the day of the 3rd: the stored 白班 of the 3rd is replaced, the rest kept.
  const std::vector<Shift> imported = {shift("2026-12-03 08:00", "2026-12-03 20:00", "白班", "王芳"),
                                       shift("2026-12-03 20:00", "2026-12-04 08:00", "夜班", "王芳")};
  const Replacement plan = planReplacement(stored, imported);
  EXPECT_EQ(plan.from, bj("2026-12-03 08:00"));
  EXPECT_EQ(plan.to, bj("2026-12-04 08:00"));
  ASSERT_EQ(plan.replaced.size(), 1u);
  EXPECT_EQ(plan.replaced[0].leader, "刘洋");
  const Roster after = applyReplacement(stored, imported);
  ASSERT_EQ(after.shifts().size(), 4u);
  EXPECT_EQ(after.at(bj("2026-12-03 12:00"))->leader, "王芳");
  EXPECT_EQ(after.at(bj("2026-12-03 02:00"))->leader, "张伟");
  EXPECT_TRUE(after.gaps(bj("2026-12-02 08:00"), bj("2026-12-04 08:00")).empty());

  // Starting at 02:00 on the 3rd would cut the stored night of the 2nd in two.
  const EocError e =
      errorOf([&] { planReplacement(stored, {shift("2026-12-03 02:00", "2026-12-03 20:00", "02:00-20:00", "王芳")}); });
  EXPECT_EQ(e.code(), ErrorCode::Conflict);
  EXPECT_THAT(e.detail(), HasSubstr("the stored shift 2026-12-02 夜班 20:00–次日08:00 runs across its edge"));
}

TEST(Roster, ShiftDescriptionsAndPhones) {
  Shift s = shift("2026-12-02 08:00", "2026-12-04 08:00", "48小时", "张伟", {"李娜", "王强"});
  EXPECT_EQ(s.describe(), "2026-12-02 48小时 08:00–12月4日08:00");
  s.officers[1].phone = "13312345678";
  EXPECT_EQ(s.phoneOf(0), "0991-5550110");  // the shift's number
  EXPECT_EQ(s.phoneOf(1), "13312345678");   // their own
}

}  // namespace
}  // namespace eoc::duty::roster_test
