// The report text drafted from what eoc knows: every line filled, the unknown marked as unknown,
// drills marked 【演练】.
#include "duty/report_draft.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::report_draft_test {
namespace {

using testing::bj;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

DraftFacts gasLeak() {
  DraftFacts f;
  f.stage = ReportStage::First;
  f.type = "燃气泄漏";
  f.level = plans::Level::III;
  f.occurredAt = bj("2026-12-02 13:05");
  f.place = "雅山片区雅山北路12号";
  f.casualties = {0, 0, 2};
  f.impact = "周边200米内约300人疏散";
  f.measures = {"区燃气抢险队（T12）13时20分到场", "雅山片区管委会组织疏散"};
  f.nextSteps = {"关阀堵漏后检测浓度"};
  f.reporter = "李娜";
  f.phone = "0991-5550110";
  f.now = bj("2026-12-02 13:40");
  return f;
}

TEST(ReportDraft, IncidentReportFromWhatIsKnown) {
  const DraftText d = draftIncidentReport(gasLeak(), testing::shippedReportingRules().drafts());
  EXPECT_EQ(d.title, "沙依巴克区应急管理局关于雅山片区雅山北路12号燃气泄漏的首报");
  EXPECT_EQ(d.text,
            "一、事件时间：2026年12月2日13时05分\n"
            "二、事件地点：雅山片区雅山北路12号\n"
            "三、事件类型及等级：燃气泄漏，较大（Ⅲ级）\n"
            "四、人员伤亡：受伤2人。\n"
            "五、影响范围及程度：周边200米内约300人疏散\n"
            "六、已采取措施：1.区燃气抢险队（T12）13时20分到场；2.雅山片区管委会组织疏散。\n"
            "七、下一步工作：1.关阀堵漏后检测浓度。\n"
            "报告单位：沙依巴克区应急管理局　报告人：李娜　联系电话：0991-5550110\n"
            "报告时间：2026年12月2日13时40分");
}

TEST(ReportDraft, WhatIsNotKnownReadsAsToBeVerified) {
  DraftFacts f = gasLeak();
  f.level.reset();
  f.occurredAt.reset();
  f.casualties = {};
  f.impact.clear();
  f.measures.clear();
  f.stage = ReportStage::Update;
  const DraftText d = draftIncidentReport(f, testing::shippedReportingRules().drafts());
  EXPECT_THAT(d.title, HasSubstr("的续报"));
  EXPECT_THAT(d.text, HasSubstr("一、事件时间：（待核实）\n"));
  EXPECT_THAT(d.text, HasSubstr("三、事件类型及等级：燃气泄漏，（待核实）\n"));
  EXPECT_THAT(d.text, HasSubstr("四、人员伤亡：（待核实）\n"));
  EXPECT_THAT(d.text, HasSubstr("六、已采取措施：（待核实）\n"));

  f.casualties = {0, 0, 0};
  EXPECT_THAT(draftIncidentReport(f, testing::shippedReportingRules().drafts()).text,
              HasSubstr("四、人员伤亡：暂无人员伤亡。\n"));
  f.casualties = {1, std::nullopt, 0};  // a death known, the missing not yet counted
  EXPECT_THAT(draftIncidentReport(f, testing::shippedReportingRules().drafts()).text,
              HasSubstr("四、人员伤亡：死亡1人。\n"));
}

TEST(ReportDraft, ADrillsReportIsMarkedAsAnExerciseFirst) {
  DraftFacts f = gasLeak();
  f.exercise = true;
  const DraftText d = draftIncidentReport(f, testing::shippedReportingRules().drafts());
  EXPECT_THAT(d.title, StartsWith("【演练】"));
  EXPECT_THAT(d.text, StartsWith("【演练】一、事件时间"));
  EXPECT_THAT(draftIncidentReport(gasLeak(), testing::shippedReportingRules().drafts()).text, Not(HasSubstr("演练")));
}

TEST(ReportDraft, ZeroReport) {
  using namespace std::chrono;
  const DraftText d =
      draftZeroReport({Date{year(2026), month(12), day(3)}, false, "王强", "13312345679", bj("2026-12-03 08:30")},
                      testing::shippedReportingRules().drafts());
  EXPECT_EQ(d.title, "沙依巴克区应急管理局2026年12月3日零报告");
  EXPECT_EQ(d.text,
            "截至2026年12月3日8时30分，沙依巴克区未发生需报告的新灾情和突发事件。报告人：王强　联系电话：13312345679");
}

}  // namespace
}  // namespace eoc::duty::report_draft_test
