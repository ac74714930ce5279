#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "drills/report.hpp"

namespace eoc::drills::simulation_report_test {
namespace {

constexpr GeoPoint kScene{87.55, 43.76};
const double kKmPerDegLat = 6371.0088 * std::numbers::pi / 180.0;
GeoPoint north(double km) { return {kScene.lon, kScene.lat + km / kKmPerDegLat}; }

Scenario drill() {
  Scenario s;
  s.id = "d";
  s.title = "演练";
  s.type = "earthquake";
  s.start = *parseIso8601("2026-09-15T10:00:00+08:00");
  s.objectives = {{"O1", "10分钟内确认", ObjectiveKind::AckWithin, 10},
                  {"O2", "20分钟内首队到场", ObjectiveKind::FirstOnScene, 20},
                  {"O3", "45分钟内全部到场", ObjectiveKind::AllOnScene, 45}};
  return s;
}

ResponseModel fixedDelays(double ackMedian) {
  ResponseModel m;
  m.ack = {ackMedian, 0};
  m.notified = {1, 0};
  m.turnout = {5, 0};
  m.travelSigma = 0;
  return m;
}

const std::vector<Participant> kCommittees = {{"650103009", "雅玛里克山街道"}, {"650103014", "火车南站街道"}};
const std::vector<TeamAtHome> kTeams = {{"T1", "一队", north(10)}, {"T2", "二队", north(5)}};

std::vector<MselRow> msel() {
  std::vector<Participant> teams;
  for (const auto& t : kTeams) teams.push_back({t.id, t.name});
  return generateMsel(drill(), {}, kCommittees, teams);
}

TEST(Simulation, WithoutSpreadTheRunIsTheHandComputedTimeline) {
  auto run = simulateRun(kScene, kCommittees, kTeams, msel(), fixedDelays(4), 1);
  ASSERT_EQ(run.acks.size(), 2u);
  EXPECT_NEAR(*run.acks[0].ackMin, 4, 1e-9);  // warned at 0, median 4
  // T1: dispatched at 1, notified +1 = 2, en route +5 = 7, 10 km × 1.35 ÷ 30 km/h = 27 min → 34.
  EXPECT_NEAR(*run.teams[0].notifiedMin, 2, 1e-9);
  EXPECT_NEAR(*run.teams[0].enRouteMin, 7, 1e-9);
  EXPECT_NEAR(*run.teams[0].onSceneMin, 34, 0.05);
  EXPECT_NEAR(*run.teams[1].onSceneMin, 20.5, 0.05);  // 5 km: 13.5 min
}

TEST(Simulation, ObjectivesAreRatedAgainstTheHandComputedTimes) {
  auto run = simulateRun(kScene, kCommittees, kTeams, msel(), fixedDelays(12), 1);
  auto report = buildReport("d", drill(), run, {});
  ASSERT_EQ(report.objectives.size(), 3u);
  EXPECT_EQ(report.objectives[0].rating, Rating::S);  // 12 ≤ 1.25 × 10
  EXPECT_EQ(report.objectives[1].rating, Rating::S);  // 20.5 ≤ 25
  EXPECT_EQ(report.objectives[1].evidence, "二队");
  EXPECT_EQ(report.objectives[2].rating, Rating::P);  // 34 ≤ 45
  // Both committees acked late: two improvement rows, nothing for S objectives.
  EXPECT_EQ(report.improvements.size(), 2u);
}

TEST(Simulation, ASilentCommitteeFailsTheAckObjective) {
  auto model = fixedDelays(4);
  model.noAckProbability = 1.0;
  auto report = buildReport("d", drill(), simulateRun(kScene, kCommittees, kTeams, msel(), model, 7), {});
  EXPECT_EQ(report.objectives[0].rating, Rating::U);
  EXPECT_FALSE(report.objectives[0].actualMin);
}

TEST(Simulation, SameSeedGivesAnIdenticalReportAndAnotherSeedDoesNot) {
  ResponseModel model;  // default spread
  auto reportOf = [&](std::uint64_t seed) {
    return toJson(buildReport("d", drill(), simulateRun(kScene, kCommittees, kTeams, msel(), model, seed), {})).dump();
  };
  EXPECT_EQ(reportOf(42), reportOf(42));
  EXPECT_NE(reportOf(42), reportOf(43));
}

TEST(Simulation, RatingsFollowTheThresholds) {
  EXPECT_EQ(rate(10, 10), Rating::P);
  EXPECT_EQ(rate(12.5, 10), Rating::S);
  EXPECT_EQ(rate(20, 10), Rating::M);
  EXPECT_EQ(rate(20.1, 10), Rating::U);
  EXPECT_EQ(rate(std::nullopt, 10), Rating::U);
}

TEST(Simulation, ResponseModelRefusesOutOfRangeFieldsByName) {
  try {
    parseResponseModel(nlohmann::json::parse(R"({"ack": {"sigma": 9}})"));
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.detail().rfind("response.ack.sigma", 0), 0u) << e.detail();
  }
  EXPECT_DOUBLE_EQ(parseResponseModel(nlohmann::json::parse(R"({"speed_kmh": 40})")).speedKmh, 40);
}

TEST(Report, HtmlIsMarkedAsExerciseAndCarriesTheTimelineAndEscapesText) {
  auto s = drill();
  s.title = "演练<b>";
  auto report = buildReport("d", s, simulateRun(kScene, kCommittees, kTeams, msel(), fixedDelays(4), 1),
                            ImpactHeadlines{{"G1"}, 900, 1500, weeklyNeeds(1500)});
  auto html = renderHtml(report);
  EXPECT_NE(html.find("【演练】演练&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("避难场所缺口：900人"), std::string::npos);
  EXPECT_EQ(report.improvements.size(), 2u);  // objectives P/S/P: only the hazard point and the shortfall
}

TEST(Report, CsvHasOneLinePerObjectiveCommitteeAndTeam) {
  auto report = buildReport("d", drill(), simulateRun(kScene, kCommittees, kTeams, msel(), fixedDelays(4), 1), {});
  auto csv = renderCsv(report);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 3 + 2 + 2);
  EXPECT_NE(csv.find("objective,O1,10分钟内确认,10,4.0,P"), std::string::npos);
}

TEST(Simulation, AStoredRunReadsBackToTheSameRecordToTheHundredthOfAMinute) {
  ResponseModel model;
  model.noAckProbability = 0.5;  // some committees stay silent: null times must survive too
  auto run = simulateRun(kScene, kCommittees, kTeams, msel(), model, 7);
  auto back = parseRunRecord(toJson(run));
  EXPECT_EQ(toJson(back), toJson(run));
  EXPECT_EQ(back.mode, "simulated");
  EXPECT_EQ(back.seed, 7u);
  ASSERT_EQ(back.acks.size(), run.acks.size());
  for (size_t i = 0; i < run.acks.size(); ++i) {
    EXPECT_EQ(back.acks[i].ackMin.has_value(), run.acks[i].ackMin.has_value());
    if (run.acks[i].ackMin) {
      EXPECT_NEAR(*back.acks[i].ackMin, *run.acks[i].ackMin, 0.005);
    }
  }
  ASSERT_EQ(back.teams.size(), run.teams.size());
  EXPECT_NEAR(*back.teams[0].onSceneMin, *run.teams[0].onSceneMin, 0.005);
}

TEST(Simulation, AStoredRunWithAMissingFieldIsRefusedNamingIt) {
  auto stored = toJson(simulateRun(kScene, kCommittees, kTeams, msel(), ResponseModel{}, 7));
  stored["teams"][1].erase("dispatched_min");
  try {
    parseRunRecord(stored);
    FAIL() << "expected InvalidBody";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
    EXPECT_NE(e.detail().find("run.teams[1].dispatched_min"), std::string::npos) << e.detail();
  }
}

}  // namespace
}  // namespace eoc::drills::simulation_report_test
