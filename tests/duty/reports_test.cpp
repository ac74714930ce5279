// Report stages in order (首报 → 续报 → 终报), zero reports, and closing only after the final one.
#include "duty/reports.hpp"

#include <gtest/gtest.h>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::reports_test {
namespace {

using testing::errorOf;

Report stored(ReportStage stage) {
  Report r;
  r.id = "R" + std::string(reportStageKey(stage));
  r.stage = stage;
  return r;
}

TEST(Reports, StagesComeInOrder) {
  const ReportRequest first{"first", "phone", "雅山北路燃气泄漏，已疏散", "区委区政府总值班室", std::nullopt};
  EXPECT_EQ(validateIncidentReport(first, {}).stage, ReportStage::First);
  ReportRequest update = first;
  update.stage = "update";
  ReportRequest final = first;
  final.stage = "final";
  final.channel = "written";

  struct Case {
    std::string name;
    ReportRequest request;
    std::vector<Report> filed;
    std::optional<ErrorCode> error;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {"update after first", update, {stored(ReportStage::First)}, std::nullopt, ""},
      {"final after updates", final, {stored(ReportStage::First), stored(ReportStage::Update)}, std::nullopt, ""},
      {"a second first report", first, {stored(ReportStage::First)}, std::nullopt, ""},
      {"update without first",
       update,
       {},
       ErrorCode::InvalidTransition,
       "stage: an update (续报) needs the first report (首报) before it"},
      {"final without first",
       final,
       {},
       ErrorCode::InvalidTransition,
       "stage: a final report (终报) needs the first report (首报) before it"},
      {"anything after final",
       update,
       {stored(ReportStage::First), stored(ReportStage::Final)},
       ErrorCode::InvalidTransition,
       "the final report (终报) is filed; no report follows it"},
      {"a zero report on an incident",
       {"zero", "written", "x", "y", std::nullopt},
       {},
       ErrorCode::InvalidParameter,
       "stage: \"zero\" is not one of first, update, final (a zero report is the desk's, filed at POST "
       "/duty/zero-reports)"},
      {"unknown stage",
       {"initial", "phone", "x", "y", std::nullopt},
       {},
       ErrorCode::InvalidParameter,
       "stage: \"initial\" is not one of first, update, final"},
      {"unknown channel",
       {"first", "fax", "x", "y", std::nullopt},
       {},
       ErrorCode::InvalidParameter,
       "channel: \"fax\" is not one of phone, written"},
      {"empty content",
       {"first", "phone", "  ", "y", std::nullopt},
       {},
       ErrorCode::InvalidBody,
       "content: must not be empty"},
      {"nobody reported to",
       {"first", "phone", "x", "", std::nullopt},
       {},
       ErrorCode::InvalidBody,
       "to: must name whom the report went to"},
      {"a date on an incident report",
       {"first", "phone", "x", "y", "2026-12-02"},
       {},
       ErrorCode::InvalidBody,
       "date: only a zero report reports for a date"},
  };
  for (const Case& c : cases) {
    if (!c.error) {
      EXPECT_NO_THROW(validateIncidentReport(c.request, c.filed)) << c.name;
      continue;
    }
    const EocError e = errorOf([&] { validateIncidentReport(c.request, c.filed); });
    EXPECT_EQ(e.code(), *c.error) << c.name;
    EXPECT_EQ(e.detail(), c.detail) << c.name;
  }
}

TEST(Reports, ZeroReportsReportForADay) {
  using namespace std::chrono;
  const Date dec3{year(2026), month(12), day(3)};
  Report r = validateZeroReport({"", "written", "无新增灾情", "市应急管理局", std::nullopt}, dec3);
  EXPECT_EQ(r.stage, ReportStage::Zero);
  EXPECT_EQ(r.forDate, dec3);
  r = validateZeroReport({"zero", "phone", "无新增灾情", "市应急管理局", "2026-12-02"}, dec3);
  EXPECT_EQ(r.forDate, (Date{year(2026), month(12), day(2)}));
  EXPECT_EQ(errorOf([&] {
              validateZeroReport({"zero", "phone", "x", "y", "2026-12-32"}, dec3);
            }).code(),
            ErrorCode::InvalidTime);
  EXPECT_EQ(errorOf([&] {
              validateZeroReport({"first", "phone", "x", "y", std::nullopt}, dec3);
            }).code(),
            ErrorCode::InvalidParameter);
}

TEST(Reports, ClosingNeedsTheFinalReport) {
  EXPECT_NO_THROW(checkCanClose("i1", {stored(ReportStage::First), stored(ReportStage::Final)}));
  const EocError e = errorOf([] { checkCanClose("i1", {stored(ReportStage::First), stored(ReportStage::Update)}); });
  EXPECT_EQ(e.code(), ErrorCode::Conflict);
  EXPECT_EQ(e.detail(),
            "incident i1 has no final report (终报); file it with POST /incidents/i1/reports {\"stage\": \"final\", …} "
            "before closing");
}

}  // namespace
}  // namespace eoc::duty::reports_test
