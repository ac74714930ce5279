// Gas leak, fire and rainstorm models on hand-placed points at known distances.
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "drills/impact.hpp"

namespace eoc::drills::area_impact_test {
namespace {

constexpr GeoPoint kLeak{87.59, 43.80};
const double kMPerDegLat = 6371008.8 * std::numbers::pi / 180.0;
GeoPoint north(double m) { return {kLeak.lon, kLeak.lat + m / kMPerDegLat}; }

Scenario leak(std::optional<double> windFrom = std::nullopt, double factor = 1.0) {
  Scenario s;
  s.id = "leak";
  s.type = "gas_leak";
  s.location = kLeak;
  RadiusSize a;
  a.size = "medium";
  a.radiusBySize = {{"small", 100}, {"medium", 300}, {"large", 800}};
  a.windFromDegrees = windFrom;
  a.downwindFactor = factor;
  s.area = a;
  return s;
}

Exposure ring() {
  Exposure e;
  e.communities = {{"N200", "", "X", north(200), 1000, ""},
                   {"N400", "", "X", north(400), 700, ""},
                   {"S400", "", "X", north(-400), 500, ""}};
  e.shelters = {{"IN", "", "X", north(100), 999, "III", true},
                {"NEAR_CLOSED", "", "X", north(500), 2000, "II", false},
                {"FAR", "", "X", north(-2000), 3000, "II", true},
                {"MID", "", "X", north(-900), 1000, "III", true}};
  e.teams = {{"T1", "", north(3000), 10, {"flood"}},
             {"T2", "", north(5000), 20, {"hazmat", "fire"}},
             {"T3", "", north(1000), 15, {"hazmat"}}};
  return e;
}

TEST(AreaImpact, SizeSelectsTheRadiusAndCountsPeopleInside) {
  auto impact = assessArea(leak(), ring());
  EXPECT_DOUBLE_EQ(impact.radiusM, 300);
  ASSERT_EQ(impact.communities.size(), 1u);
  EXPECT_EQ(impact.communities[0].id, "N200");
  EXPECT_EQ(impact.population, 1000);
}

TEST(AreaImpact, WindStretchesTheAreaDownwindOnly) {
  auto impact = assessArea(leak(180.0, 1.5), ring());  // wind from the south blows north
  EXPECT_DOUBLE_EQ(impact.downwindRadiusM, 450);
  EXPECT_EQ(impact.population, 1700);  // N200 + N400, not S400
  EXPECT_TRUE(insideArea(impact, kLeak, north(440)));
  EXPECT_FALSE(insideArea(impact, kLeak, north(-440)));
}

TEST(AreaImpact, SafeSheltersAreOpenOutsideTheAreaNearestFirst) {
  auto impact = assessArea(leak(), ring());
  ASSERT_EQ(impact.sheltersInside.size(), 1u);
  EXPECT_EQ(impact.sheltersInside[0].id, "IN");
  ASSERT_EQ(impact.safeShelters.size(), 2u);
  EXPECT_EQ(impact.safeShelters[0].id, "MID");
  EXPECT_EQ(impact.safeShelters[1].id, "FAR");
}

TEST(AreaImpact, TeamsWithTheNeededSpecialtyNearestFirst) {
  auto impact = assessArea(leak(), ring());
  EXPECT_EQ(impact.specialty, "hazmat");
  ASSERT_EQ(impact.teams.size(), 2u);
  EXPECT_EQ(impact.teams[0].id, "T3");
  EXPECT_EQ(impact.teams[1].id, "T2");
  EXPECT_NEAR(impact.teams[0].meters, 1000, 1);
}

TEST(AreaImpact, FireDrillsCallFireTeams) {
  EXPECT_EQ(specialtyFor("grassland_fire"), "fire");
  EXPECT_EQ(specialtyFor("building_fire"), "fire");
  EXPECT_EQ(specialtyFor("search_rescue"), "search_rescue");
}

TEST(AreaImpact, EvacuationPolygonContainsTheDownwindCommunity) {
  auto scenario = leak(180.0, 1.5);
  Impact impact = assess(scenario, ring());
  auto zones = zoneFeatures(scenario, impact, ring());
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_TRUE(gis::bg::within(gis::toPoint(north(400)), zones[0].area));
  EXPECT_FALSE(gis::bg::within(gis::toPoint(north(-400)), zones[0].area));
}

Scenario rain(double rate, double hours) {
  Scenario s;
  s.id = "rain";
  s.type = "rainstorm";
  s.location = kLeak;
  RainstormSize r;
  r.rateMmPerHour = rate;
  r.durationHours = hours;
  s.rainstorm = r;
  return s;
}

Exposure spots() {
  Exposure e;
  e.waterlogging = {{"W1", "", "A", north(0), 0, "monitored"}, {"W2", "", "B", north(3000), 0, "eliminated"}};
  e.geohazards = {{"G1", "", "C", north(6000), 120, "monitored"}};
  e.communities = {{"near W1", "", "A", north(300), 2000, ""}, {"far", "", "D", north(9000), 5000, ""}};
  return e;
}

TEST(RainstormImpact, RateClassesWaterloggingPointsAndEliminatedPointsDropOneClass) {
  auto impact = assessRainstorm(rain(25, 1), spots());  // 25 mm/h: high; 25 mm total ≥ 25: geohazard high
  ASSERT_EQ(impact.atRisk.size(), 3u);
  EXPECT_EQ(impact.atRisk[0].id, "W1");
  EXPECT_EQ(impact.atRisk[0].risk, RainRisk::High);
  EXPECT_EQ(impact.atRisk[1].id, "W2");
  EXPECT_EQ(impact.atRisk[1].risk, RainRisk::Watch);
  EXPECT_EQ(impact.atRisk[2].id, "G1");
  EXPECT_EQ(impact.atRisk[2].risk, RainRisk::High);
  EXPECT_EQ(impact.population, 2120);  // community within 500 m of W1 + threatened people of G1
  EXPECT_EQ(impact.committees, (std::vector<std::string>{"A", "B", "C"}));
}

TEST(RainstormImpact, LightRainLeavesEliminatedPointsAndGeohazardsAlone) {
  auto impact = assessRainstorm(rain(15, 1), spots());  // watch; 15 mm < 25
  ASSERT_EQ(impact.atRisk.size(), 1u);
  EXPECT_EQ(impact.atRisk[0].id, "W1");
  EXPECT_EQ(impact.atRisk[0].risk, RainRisk::Watch);
  EXPECT_EQ(impact.population, 2000);
}

TEST(RainstormImpact, LongRainMakesGeohazardsSevere) {
  auto impact = assessRainstorm(rain(25, 2), spots());  // 50 mm ≥ 2 × 25
  EXPECT_EQ(impact.atRisk.back().risk, RainRisk::Severe);
  EXPECT_DOUBLE_EQ(impact.totalMm, 50);
}

}  // namespace
}  // namespace eoc::drills::area_impact_test
