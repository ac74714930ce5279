#include <map>

#include <gtest/gtest.h>

#include "plans/support/plans_fixture.hpp"

namespace eoc::plans::activation_rules_test {
namespace {

using nlohmann::json;
using testing::activateJson;
using testing::shippedBook;

struct Rule {
  const char* name;
  json request;
  std::map<std::string, std::string> expected;  // plan id -> level
};

json warning(const char* type, const char* level) {
  return {{"warning", {{"type", type}, {"level", level}, {"area", {{"committees", {"650103001"}}}}}}};
}

json incident(json fields) {
  fields["location"] = {87.55, 43.80};
  return {{"incident", fields}};
}

class TriggerRules : public ::testing::TestWithParam<Rule> {};

TEST_P(TriggerRules, ActivateTheExpectedPlansAtTheExpectedLevels) {
  const Activation activation = activateJson(GetParam().request);
  std::map<std::string, std::string> got;
  for (const auto& p : activation.plans) got[p.id] = std::string(levelKey(p.level));
  EXPECT_EQ(got, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Plans, TriggerRules,
    ::testing::Values(
        Rule{"RainstormBlueOnlyWatched", warning("rainstorm", "blue"), {}},
        Rule{"RainstormYellow", warning("rainstorm", "yellow"), {{"meteorological", "IV"}}},
        Rule{"RainstormOrange", warning("rainstorm", "orange"), {{"flood", "IV"}, {"meteorological", "IV"}}},
        Rule{"RainstormRedBringsOverallAndRelief", warning("rainstorm", "red"),
             {{"flood", "III"}, {"meteorological", "IV"}, {"geohazard", "IV"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"StrongWindBlueOnlyWatched", warning("strong_wind", "blue"), {}},
        Rule{"StrongWindYellow", warning("strong_wind", "yellow"), {{"meteorological", "IV"}}},
        Rule{"StrongWindOrange", warning("strong_wind", "orange"), {{"meteorological", "III"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"StrongWindRed", warning("strong_wind", "red"), {{"meteorological", "II"}, {"overall", "II"}, {"disaster-relief", "III"}}},
        Rule{"LightningYellow", warning("lightning", "yellow"), {{"meteorological", "IV"}}},
        Rule{"LightningOrange", warning("lightning", "orange"), {{"meteorological", "IV"}}},
        Rule{"LightningRed", warning("lightning", "red"), {{"meteorological", "III"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"ColdWaveRed", warning("cold_wave", "red"),
             {{"meteorological", "III"}, {"heating-outage", "IV"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"ForestFireRiskRed", warning("forest_fire_risk", "red"), {{"forest-fire", "III"}, {"overall", "III"}}},
        Rule{"EarthquakeM3Felt", incident({{"type", "earthquake"}, {"magnitude", 3.0}}), {}},
        Rule{"EarthquakeM4_5", incident({{"type", "earthquake"}, {"magnitude", 4.5}}), {{"earthquake", "IV"}}},
        Rule{"EarthquakeM5_5", incident({{"type", "earthquake"}, {"magnitude", 5.5}}),
             {{"earthquake", "III"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"EarthquakeM6_5", incident({{"type", "earthquake"}, {"magnitude", 6.5}, {"depth_km", 10}}),
             {{"earthquake", "II"}, {"overall", "II"}, {"disaster-relief", "III"}}},
        Rule{"EarthquakeM7_2", incident({{"type", "earthquake"}, {"magnitude", 7.2}}),
             {{"earthquake", "I"}, {"overall", "I"}, {"disaster-relief", "II"}}},
        Rule{"EarthquakeM4_2With12Casualties", incident({{"type", "earthquake"}, {"magnitude", 4.2}, {"casualties", 12}}),
             {{"earthquake", "III"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"GasLeak", incident({{"type", "gas_leak"}}), {{"gas", "IV"}}},
        Rule{"GasLeakThreeCasualties", incident({{"type", "gas_leak"}, {"casualties", 3}}), {{"gas", "III"}, {"overall", "III"}}},
        Rule{"GasLeak600Evacuated", incident({{"type", "gas_leak"}, {"evacuated", 600}}), {{"gas", "III"}, {"overall", "III"}}},
        Rule{"GasLeakOverHalfSquareKm", incident({{"type", "gas_leak"}, {"area_km2", 0.6}}), {{"gas", "III"}, {"overall", "III"}}},
        Rule{"GasLeakTenCasualties", incident({{"type", "gas_leak"}, {"casualties", 10}}), {{"gas", "II"}, {"overall", "II"}}},
        Rule{"Hazmat", incident({{"type", "hazmat"}}), {{"hazmat", "IV"}}},
        Rule{"HazmatLarge", incident({{"type", "hazmat"}, {"size", "large"}}), {{"hazmat", "III"}, {"overall", "III"}}},
        Rule{"OilSpill", incident({{"type", "oil_spill"}}), {{"hazmat", "IV"}, {"environment", "IV"}}},
        Rule{"Fire", incident({{"type", "fire"}}), {{"overall", "IV"}}},
        Rule{"Waterlogging", incident({{"type", "waterlogging"}}), {{"flood", "IV"}}},
        Rule{"Landslide150Evacuated", incident({{"type", "landslide"}, {"evacuated", 150}}),
             {{"geohazard", "III"}, {"overall", "III"}, {"disaster-relief", "IV"}}},
        Rule{"PowerOutage", incident({{"type", "power_outage"}}), {{"power-outage", "IV"}}},
        Rule{"HeatingOutageLarge", incident({{"type", "heating_outage"}, {"size", "large"}}), {{"heating-outage", "III"}, {"overall", "III"}}},
        Rule{"GrasslandFireTwoSquareKm", incident({{"type", "grassland_fire"}, {"area_km2", 2.0}}), {{"forest-fire", "II"}, {"overall", "II"}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Activation, TheOverallLevelIsTheHighestPlanLevelAndPlansComeHighestFirst) {
  const Activation a = activateJson(warning("rainstorm", "red"));
  ASSERT_TRUE(a.level);
  EXPECT_EQ(*a.level, Level::III);
  for (size_t i = 1; i < a.plans.size(); ++i) EXPECT_GE(a.plans[i - 1].level, a.plans[i].level);
  EXPECT_EQ(toJson(a)["level"], "III");
  EXPECT_EQ(toJson(a)["level_name"], "较大");
}

TEST(Activation, EveryPlanNamesTheTriggerThatActivatedIt) {
  const Activation a = activateJson(warning("rainstorm", "red"));
  for (const auto& p : a.plans) {
    EXPECT_EQ(p.because.rfind(p.id + ".json#/response/levels/", 0), 0u) << p.because;
    EXPECT_NE(p.because.find("trigger"), std::string::npos) << p.because;
  }
}

TEST(Activation, ActionsAreMergedCumulativeOrderedByDeadlineNumberedAndExplained) {
  const Activation a = activateJson(warning("rainstorm", "red"));
  ASSERT_FALSE(a.actions.empty());
  for (size_t i = 0; i < a.actions.size(); ++i) {
    EXPECT_EQ(a.actions[i].n, static_cast<int>(i) + 1);
    if (i > 0) {
      EXPECT_LE(a.actions[i - 1].deadlineMin, a.actions[i].deadlineMin);
    }
    EXPECT_EQ(a.actions[i].because.rfind(a.actions[i].plan + ".json#/response/levels/", 0), 0u);
    EXPECT_EQ(a.actions[i].unitName, shippedBook().units().at(a.actions[i].unit));
  }
  // Flood at III carries out its level IV and level III actions.
  const Plan& flood = *shippedBook().find("flood");
  size_t expected = flood.at(Level::IV).actions.size() + flood.at(Level::III).actions.size();
  size_t got = 0;
  for (const auto& x : a.actions) got += x.plan == "flood";
  EXPECT_EQ(got, expected);
  const json rendered = toJson(a);
  for (const auto& x : rendered["actions"]) EXPECT_EQ(x["status"], "pending");
}

TEST(Activation, TeamNeedsTakeTheLargestRequirementPerSpecialtyAmongActivePlans) {
  const Activation a = activateJson(incident({{"type", "earthquake"}, {"magnitude", 5.5}}));
  std::map<std::string, int> expected;
  for (const auto& p : a.plans)
    for (const auto& t : shippedBook().find(p.id)->at(p.level).teams) expected[t.specialty] = std::max(expected[t.specialty], t.people);
  std::map<std::string, int> got;
  for (const auto& n : a.teamNeeds) got[n.specialty] = n.people;
  EXPECT_EQ(got, expected);
  for (const auto& n : a.teamNeeds)
    for (const auto& t : n.teams)
      EXPECT_NE(t.feature->properties["specialties"].get<std::string>().find(n.specialty), std::string::npos);
}

TEST(Activation, SuggestedTeamsAreTheNearestWithTheSpecialty) {
  // Search and rescue near the west committee: T1 (3 km north) before T4 (south-west).
  const Activation a = activateJson(incident({{"type", "earthquake"}, {"magnitude", 4.5}}));
  const auto need = std::find_if(a.teamNeeds.begin(), a.teamNeeds.end(), [](const auto& n) { return n.specialty == "search_rescue"; });
  ASSERT_NE(need, a.teamNeeds.end());
  ASSERT_GE(need->teams.size(), 1u);
  EXPECT_EQ(need->teams[0].feature->id, "T1");
}

TEST(Activation, IsDeterministic) {
  const json request = warning("strong_wind", "red");
  EXPECT_EQ(toJson(activateJson(request)).dump(), toJson(activateJson(request)).dump());
}

TEST(Activation, NoPlanActivatesForAWarningNoPlanWatches) {
  const Activation a = activateJson(warning("fog", "red"));
  EXPECT_TRUE(a.plans.empty());
  EXPECT_FALSE(a.level);
  EXPECT_TRUE(a.actions.empty());
  EXPECT_TRUE(toJson(a)["level"].is_null());
}

}  // namespace
}  // namespace eoc::plans::activation_rules_test
