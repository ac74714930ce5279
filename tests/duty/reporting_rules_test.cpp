// Reporting deadlines from the shipped plans/reporting-rules.json, table-driven against times
// computed by hand; the zero report's days; and a refusal naming the JSON pointer for every kind
// of mistake in the file.
#include "duty/reporting_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::reporting_rules_test {
namespace {

using plans::Level;
using testing::bj;
using ::testing::ElementsAre;
using testing::errorOf;

Report filed(const std::string& id, ReportStage stage, ReportChannel channel, const std::string& at) {
  Report r;
  r.id = id;
  r.incidentId = "i1";
  r.stage = stage;
  r.channel = channel;
  r.at = bj(at);
  r.content = "…";
  r.to = "市应急管理局";
  return r;
}

struct Expected {
  ReportStage stage;
  ReportChannel channel;
  std::string dueAt;
  std::vector<std::string> rules;
};

TEST(ReportingRules, DeadlinesPerTypeAndLevelFromTheShippedRules) {
  // The desk first learned of each incident at 14:00.
  struct Case {
    std::string type;
    std::optional<Level> level;
    std::vector<Expected> due;
  };
  using S = ReportStage;
  using C = ReportChannel;
  const std::vector<Case> cases = {
      // 国务院令第493号: each level up within 2 h.
      {"gas_leak", Level::IV, {{S::First, C::Written, "2026-12-02 16:00", {"production-safety"}}}},
      // A serious (较大) gas leak: the local 30/60-minute rule is stricter and wins for the written report.
      {"gas_leak",
       Level::III,
       {{S::First, C::Phone, "2026-12-02 14:30", {"serious-event"}},
        {S::First, C::Written, "2026-12-02 15:00", {"production-safety", "serious-event"}}}},
      // 应急〔2020〕19号: a natural disaster's first report within 2 h, whatever its level.
      {"waterlogging", std::nullopt, {{S::First, C::Written, "2026-12-02 16:00", {"natural-disaster"}}}},
      {"earthquake",
       Level::I,
       {{S::First, C::Phone, "2026-12-02 14:30", {"serious-event"}},
        {S::First, C::Written, "2026-12-02 15:00", {"natural-disaster", "serious-event"}}}},
      // Neither a production-safety accident nor a natural disaster: only the serious-event rule.
      {"power_outage", Level::IV, {}},
      {"power_outage",
       Level::II,
       {{S::First, C::Phone, "2026-12-02 14:30", {"serious-event"}},
        {S::First, C::Written, "2026-12-02 15:00", {"serious-event"}}}},
      {"heating_outage", std::nullopt, {}},
  };
  const ReportingRules& rules = testing::shippedReportingRules();
  for (const Case& c : cases) {
    const auto due = rules.dueReports({"i1", c.type, c.level, bj("2026-12-02 14:00")}, {});
    ASSERT_EQ(due.size(), c.due.size()) << c.type;
    for (std::size_t i = 0; i < due.size(); ++i) {
      EXPECT_EQ(due[i].stage, c.due[i].stage) << c.type << " #" << i;
      EXPECT_EQ(due[i].channel, c.due[i].channel) << c.type << " #" << i;
      EXPECT_EQ(formatBeijing(due[i].dueAt), formatBeijing(bj(c.due[i].dueAt))) << c.type << " #" << i;
      EXPECT_EQ(due[i].rules, c.due[i].rules) << c.type << " #" << i;
      EXPECT_FALSE(due[i].met());
    }
  }
}

TEST(ReportingRules, AnIncidentOpened45MinutesAgoOwesItsPhoneReport) {
  // A 较大 gas leak the desk learned of at 13:15; it is 14:00 now.
  const ReportingRules& rules = testing::shippedReportingRules();
  const IncidentFacts incident{"i1", "gas_leak", Level::III, bj("2026-12-02 13:15")};
  const TimePoint now = bj("2026-12-02 14:00");
  auto due = rules.dueReports(incident, {});
  ASSERT_EQ(due.size(), 2u);
  EXPECT_TRUE(due[0].overdue(now));   // phone, due 13:45
  EXPECT_FALSE(due[1].overdue(now));  // written, due 14:15
  EXPECT_EQ(due[0].key("i1"), "report:i1:first:phone");
  EXPECT_EQ(nextDeadline(due, now), bj("2026-12-02 14:15"));
  EXPECT_TRUE(due[0].overdue(bj("2026-12-02 13:45")));  // the moment it falls due
  EXPECT_FALSE(due[0].overdue(bj("2026-12-02 13:44")));
}

TEST(ReportingRules, WhichFiledReportMeetsWhichDeadline) {
  const ReportingRules& rules = testing::shippedReportingRules();
  const IncidentFacts incident{"i1", "gas_leak", Level::III, bj("2026-12-02 13:15")};
  struct Case {
    std::string name;
    std::vector<Report> reports;
    std::optional<std::string> phoneBy, writtenBy;
    bool phoneLate, writtenLate;
  };
  using S = ReportStage;
  using C = ReportChannel;
  const std::vector<Case> cases = {
      {"a phone call on time", {filed("R1", S::First, C::Phone, "2026-12-02 13:40")}, "R1", std::nullopt, false, false},
      // A written report also tells whom the phone call would have: it meets both (the phone one late).
      {"only a written report", {filed("R1", S::First, C::Written, "2026-12-02 13:50")}, "R1", "R1", true, false},
      {"phone late, written on time",
       {filed("R2", S::First, C::Written, "2026-12-02 14:15"), filed("R1", S::First, C::Phone, "2026-12-02 14:00")},
       "R1",
       "R2",
       true,
       false},
      // An update is no first report.
      {"an update only",
       {filed("R1", S::Update, C::Written, "2026-12-02 13:20")},
       std::nullopt,
       std::nullopt,
       false,
       false},
  };
  for (const Case& c : cases) {
    const auto due = rules.dueReports(incident, c.reports);
    ASSERT_EQ(due.size(), 2u) << c.name;
    EXPECT_EQ(due[0].reportId, c.phoneBy) << c.name;
    EXPECT_EQ(due[1].reportId, c.writtenBy) << c.name;
    EXPECT_EQ(due[0].late(), c.phoneLate) << c.name;
    EXPECT_EQ(due[1].late(), c.writtenLate) << c.name;
  }
  // Everything met: no deadline left to wait for.
  const auto all = rules.dueReports(incident, {filed("R1", S::First, C::Written, "2026-12-02 13:30")});
  EXPECT_EQ(nextDeadline(all, bj("2026-12-02 13:31")), std::nullopt);
}

TEST(ReportingRules, ZeroReportsDueEachDayAtNineWhileAResponseIsActive) {
  const ReportingRules& rules = testing::shippedReportingRules();
  EXPECT_TRUE(rules.zeroReport().activationStartsResponse(Level::III));
  EXPECT_TRUE(rules.zeroReport().activationStartsResponse(Level::I));
  EXPECT_FALSE(rules.zeroReport().activationStartsResponse(Level::IV));
  EXPECT_TRUE(rules.zeroReport().warningStartsResponse("orange"));
  EXPECT_FALSE(rules.zeroReport().warningStartsResponse("yellow"));

  struct Case {
    std::string name;
    std::vector<ResponsePeriod> periods;
    std::vector<std::string> dueDays;
  };
  const TimePoint since = bj("2026-12-01 00:00");
  const TimePoint now = bj("2026-12-04 10:00");
  const std::vector<Case> cases = {
      // Active since 07:30 on the 2nd: due the 2nd (by 09:00, 90 minutes on), 3rd, 4th, and the 5th next.
      {"active since 07:30",
       {{bj("2026-12-02 07:30"), std::nullopt, "activation a1 (III)"}},
       {"2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"}},
      // Begun 30 minutes before nine: that day does not count (min_active_minutes 60).
      {"active since 08:30",
       {{bj("2026-12-02 08:30"), std::nullopt, "warning w1"}},
       {"2026-12-03", "2026-12-04", "2026-12-05"}},
      {"exactly an hour before nine",
       {{bj("2026-12-02 08:00"), std::nullopt, "warning w1"}},
       {"2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"}},
      // Ended a minute before nine on the 3rd: only the 2nd.
      {"ended", {{bj("2026-12-02 07:00"), bj("2026-12-03 08:59"), "activation a1 (II)"}}, {"2026-12-02"}},
      {"none", {}, {}},
  };
  for (const Case& c : cases) {
    const auto due = rules.zeroReportsDue(c.periods, {}, since, now);
    std::vector<std::string> days;
    for (const ZeroReportDue& d : due) days.push_back(formatDate(d.date));
    EXPECT_EQ(days, c.dueDays) << c.name;
    for (const ZeroReportDue& d : due) EXPECT_EQ(minuteOfDay(d.dueAt).count(), 9 * 60) << c.name;
  }

  // Filed for the 3rd: met; the 2nd and the 4th are overdue at 10:00 on the 4th, the 5th is not.
  Report zero;
  zero.id = "Z3";
  zero.stage = ReportStage::Zero;
  zero.channel = ReportChannel::Written;
  zero.forDate = Date{std::chrono::year(2026), std::chrono::month(12), std::chrono::day(3)};
  zero.at = bj("2026-12-03 08:40");
  const std::vector<ResponsePeriod> two = {{bj("2026-12-02 07:30"), std::nullopt, "activation a1 (III)"},
                                           {bj("2026-12-03 12:00"), bj("2026-12-04 12:00"), "warning w2 orange"}};
  const auto due = rules.zeroReportsDue(two, {zero}, since, now);
  ASSERT_EQ(due.size(), 4u);
  EXPECT_TRUE(due[0].overdue(now));
  EXPECT_EQ(due[1].reportId, "Z3");
  EXPECT_FALSE(due[1].overdue(now));
  EXPECT_TRUE(due[2].overdue(now));
  EXPECT_THAT(due[2].reasons, ElementsAre("activation a1 (III)", "warning w2 orange"));
  EXPECT_FALSE(due[3].overdue(now));
  EXPECT_EQ(due[3].key(), "zero-report:2026-12-05");
}

TEST(ReportingRules, TheShippedFileNamesItsSources) {
  const ReportingRules& rules = testing::shippedReportingRules();
  EXPECT_EQ(rules.sources().at("state-council-493").reference, "国务院令第493号（2007年）");
  EXPECT_EQ(rules.sources().at("mem-2020-19").reference, "应急〔2020〕19号");
  for (const ReportingRule& rule : rules.rules())
    for (const DueRule& r : rule.reports) EXPECT_TRUE(rules.sources().count(r.source)) << rule.id;
  EXPECT_EQ(rules.zeroReport().due.count(), 9 * 60);
  EXPECT_EQ(rules.zeroReport().remindBefore.count(), 30);
}

TEST(ReportingRules, MistakesInTheFileAreNamedByJsonPointer) {
  std::ifstream in(testing::repoPath("plans/reporting-rules.json"));
  const auto good = nlohmann::json::parse(in);
  const auto types = testing::shippedIncidentTypes();
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {[](auto& d) { d["rules"][0]["incident_types"][1] = "tornado"; },
       "/rules/0/incident_types/1: unknown incident type \"tornado\""},
      {[](auto& d) { d["rules"][2]["levels"][0] = "V"; }, "/rules/2/levels/0: \"V\" is not a level (I, II, III or IV)"},
      {[](auto& d) { d["rules"][0]["reports"][0]["source"] = "nope"; },
       "/rules/0/reports/0/source: no source \"nope\" under /sources"},
      {[](auto& d) { d["rules"][0]["reports"][0]["within_minutes"] = 0; },
       "/rules/0/reports/0/within_minutes: must be between 1 and 43200"},
      {[](auto& d) { d["rules"][0]["reports"][0]["within_minutes"] = "2h"; },
       "/rules/0/reports/0/within_minutes: must be an integer"},
      {[](auto& d) { d["rules"][0]["reports"][0]["stage"] = "zero"; },
       "/rules/0/reports/0/stage: \"zero\" is not first, update or final"},
      {[](auto& d) { d["rules"][1]["id"] = "production-safety"; }, "/rules/1/id: \"production-safety\" is used twice"},
      {[](auto& d) { d["rules"][2]["reports"][1]["channel"] = "phone"; },
       "/rules/2/reports/1: the rule already has a first phone report"},
      {[](auto& d) { d["rules"][0]["reprots"] = d["rules"][0]["reports"]; }, "/rules/0/reprots: unknown member"},
      {[](auto& d) { d["zero_report"]["due"] = "9点"; },
       "/zero_report/due: \"9点\" is not a time of day such as \"09:00\""},
      {[](auto& d) { d["zero_report"]["remind_before_minutes"] = 0; },
       "/zero_report/remind_before_minutes: must be between 1 and 720"},
      {[](auto& d) { d["zero_report"]["warning_levels"] = {"purple"}; },
       "/zero_report/warning_levels/0: \"purple\" is not blue, yellow, orange or red"},
      {[](auto& d) { d["drafts"]["title"] = "{unit}{foo}"; }, "/drafts/title: unknown placeholder {foo}"},
      {[](auto& d) { d["drafts"]["lines"][2] = "三、{type"; }, "/drafts/lines/2: unbalanced { or }"},
      {[](auto& d) { d["drafts"]["zero_text"] = "{type}"; }, "/drafts/zero_text: unknown placeholder {type}"},
      {[](auto& d) { d["drafts"]["casualty_items"]["dead"] = "死亡"; },
       "/drafts/casualty_items/dead: must use {n} once and no other placeholder"},
      {[](auto& d) { d["drafts"]["levels"].erase("IV"); }, "/drafts/levels/IV: is required"},
      {[](auto& d) { d["sources"]["mem-2020-19"].erase("reference"); }, "/sources/mem-2020-19/reference: is required"},
  };
  for (const Case& c : cases) {
    auto doc = good;
    c.edit(doc);
    const EocError e = errorOf([&] { ReportingRules::fromJson(doc, types); });
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
    EXPECT_EQ(e.detail(), "reporting-rules.json: " + c.detail);
  }
}

}  // namespace
}  // namespace eoc::duty::reporting_rules_test
