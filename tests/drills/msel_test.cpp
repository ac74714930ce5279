#include <gtest/gtest.h>

#include "core/error.hpp"
#include "drills/msel.hpp"

namespace eoc::drills::msel_test {
namespace {

Scenario quake() {
  Scenario s;
  s.id = "q";
  s.title = "地震演练";
  s.type = "earthquake";
  s.objectives = {{"O1", "10分钟内确认", ObjectiveKind::AckWithin, 10}, {"O2", "20分钟内到场", ObjectiveKind::FirstOnScene, 20}};
  return s;
}

TEST(Msel, RowsFollowThePlanDeadlinesInTimeOrder) {
  std::vector<PlannedAction> actions = {{"earthquake", "开放避难场所", "区应急管理局", 60},
                                        {"earthquake", "核查灾情", "各片区管委会", 15}};
  auto rows = generateMsel(quake(), actions, {{"650103009", "雅玛里克山街道"}, {"650103014", "火车南站街道"}},
                           {{"T22", "区地震救援队"}});
  ASSERT_EQ(rows.size(), 7u);  // scenario, warning, dispatch, 2 actions, 2 checkpoints
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].seq, static_cast<int>(i + 1));
    EXPECT_EQ(rows[i].description.rfind(kExerciseMark, 0), 0u) << rows[i].description;
    if (i) {
      EXPECT_LE(rows[i - 1].offsetMin, rows[i].offsetMin);
    }
  }
  EXPECT_EQ(rows[0].injectType, "scenario");
  EXPECT_EQ(rows[1].injectType, "warning");
  EXPECT_EQ(rows[1].to, "雅玛里克山街道、火车南站街道");
  EXPECT_EQ(rows[1].objective, "O1");
  EXPECT_EQ(rows[2].injectType, "dispatch");
  EXPECT_EQ(rows[2].objective, "O2");
  EXPECT_EQ(rows[3].offsetMin, 10);  // checkpoint O1
  EXPECT_EQ(rows[4].offsetMin, 15);  // 核查灾情
  EXPECT_EQ(rows[4].expectedAction, "核查灾情");
  EXPECT_EQ(rows[5].offsetMin, 20);  // checkpoint O2
  EXPECT_EQ(rows[6].offsetMin, 60);
  EXPECT_EQ(rows[6].to, "区应急管理局");
}

TEST(Msel, EditedRowsRoundTripAndAreRenumberedByTime) {
  auto rows = generateMsel(quake(), {{"p", "核查", "u", 30}}, {{"c", "甲"}}, {});
  auto edited = toJson(rows);
  edited[0]["offset_min"] = 40;
  edited[0]["description"] = "情景更新";  // the mark is added back
  auto parsed = parseMsel(edited);
  EXPECT_EQ(parsed.back().injectType, "scenario");
  EXPECT_EQ(parsed.back().seq, static_cast<int>(parsed.size()));
  EXPECT_EQ(parsed.back().description, std::string(kExerciseMark) + "情景更新");
}

TEST(Msel, BadEditsNameTheRowAndField) {
  auto rows = toJson(generateMsel(quake(), {}, {{"c", "甲"}}, {}));
  rows[1]["offset_min"] = -1;
  try {
    parseMsel(rows);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.detail().rfind("msel[1].offset_min", 0), 0u) << e.detail();
  }
  rows[1]["offset_min"] = 1;
  rows[1]["inject_type"] = "party";
  EXPECT_THROW(parseMsel(rows), EocError);
}

}  // namespace
}  // namespace eoc::drills::msel_test
