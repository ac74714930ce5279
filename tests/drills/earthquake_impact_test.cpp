// A hand-built world of three communities, three shelters and two geohazard points at known
// distances from an M6.5 epicentre on a north-running fault; every expected figure below is
// worked out by hand from the relation (see each comment).
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "drills/impact.hpp"

namespace eoc::drills::earthquake_impact_test {
namespace {

constexpr GeoPoint kEpicentre{87.55, 43.76};
const double kKmPerDegLat = 6371.0088 * std::numbers::pi / 180.0;
GeoPoint north(double km) { return {kEpicentre.lon, kEpicentre.lat + km / kKmPerDegLat}; }
GeoPoint east(double km) {
  return {kEpicentre.lon + km / (kKmPerDegLat * std::cos(kEpicentre.lat * std::numbers::pi / 180)), kEpicentre.lat};
}

Scenario m65NorthFault() {
  Scenario s;
  s.id = "t";
  s.type = "earthquake";
  s.location = kEpicentre;
  s.earthquake = EarthquakeSize{6.5, 10, 0.0, 8};
  return s;
}

Exposure threeCommunities() {
  Exposure e;
  e.committees = {{"A", "甲", "A", north(5), 0, ""}, {"B", "乙", "B", east(5), 0, ""}};
  e.communities = {
      {"C1", "一", "A", north(10), 1000, ""},  // long axis 10 km: 7.99 → VIII
      {"C2", "二", "B", north(50), 500, ""},   // long axis 50 km: 6.51 → VII
      {"C3", "三", "B", east(100), 300, ""},   // short axis 100 km: 12.937 − 3.8477·lg113 = 5.04 → V
  };
  e.shelters = {
      {"S1", "一", "A", north(10), 600, "II", true},    // VIII ≤ VIII: usable
      {"S2", "二", "A", north(12), 5000, "I", false},   // closed
      {"S3", "三", "B", north(2), 10000, "I", true},    // 14.927 − 4.4899·lg27 = 8.50 → IX: unusable
  };
  e.geohazards = {{"G1", "滑坡", "A", north(20), 80, "monitored"},  // 7.50 → VIII: triggered
                  {"G2", "崩塌", "B", east(100), 40, "monitored"}};  // V
  return e;
}

TEST(EarthquakeImpact, PopulationIsCountedPerIntensityDegree) {
  auto impact = assessEarthquake(m65NorthFault(), threeCommunities());
  EXPECT_EQ(impact.communities[0].degree, 8);
  EXPECT_EQ(impact.communities[1].degree, 7);
  EXPECT_EQ(impact.communities[2].degree, 5);
  EXPECT_NEAR(impact.communities[2].intensity, 5.04, 0.01);
  EXPECT_EQ(impact.populationByDegree[8], 1000);
  EXPECT_EQ(impact.populationByDegree[7], 500);
  EXPECT_EQ(impact.populationByDegree[5], 300);
  EXPECT_EQ(impact.populationByDegree[6], 0);
}

TEST(EarthquakeImpact, DegreeSixAndAboveIsDisplacedWithWeeklyNeeds) {
  auto impact = assessEarthquake(m65NorthFault(), threeCommunities());
  EXPECT_EQ(impact.displaced, 1500);
  EXPECT_DOUBLE_EQ(impact.needs.riceKg, 4200);           // 1500 × 2.8
  EXPECT_DOUBLE_EQ(impact.needs.drinkingWaterL, 26250);  // 1500 × 17.5
  EXPECT_DOUBLE_EQ(impact.needs.cleanWaterL, 100500);    // 1500 × 67
  EXPECT_EQ(impact.needs.familyKits, 300);               // 1500 / 5
  EXPECT_EQ(impact.needs.toilets, 75);                   // 1500 / 20
}

TEST(EarthquakeImpact, NeedsRoundKitsAndToiletsUp) {
  auto n = weeklyNeeds(21);
  EXPECT_EQ(n.familyKits, 5);
  EXPECT_EQ(n.toilets, 2);
}

TEST(EarthquakeImpact, GeohazardsFromDegreeSevenAreLikelyTriggered) {
  auto impact = assessEarthquake(m65NorthFault(), threeCommunities());
  ASSERT_EQ(impact.geohazardsTriggered.size(), 1u);
  EXPECT_EQ(impact.geohazardsTriggered[0], "G1");
}

TEST(EarthquakeImpact, ShelterShortfallPerCommitteeSkipsClosedAndDamagedShelters) {
  auto impact = assessEarthquake(m65NorthFault(), threeCommunities());
  ASSERT_EQ(impact.shelterBalance.size(), 2u);
  const auto& a = impact.shelterBalance[0];
  EXPECT_EQ(a.committee, "A");
  EXPECT_EQ(a.displaced, 1000);
  EXPECT_EQ(a.usableCapacity, 600);
  EXPECT_EQ(a.shortfall, 400);
  EXPECT_EQ(a.usableShelters, std::vector<std::string>{"S1"});
  const auto& b = impact.shelterBalance[1];
  EXPECT_EQ(b.displaced, 500);
  EXPECT_EQ(b.usableCapacity, 0);
  EXPECT_EQ(b.shortfall, 500);
  EXPECT_EQ(impact.shortfall, 900);
}

TEST(EarthquakeImpact, RaisingTheShelterLimitMakesTheNearShelterUsable) {
  auto scenario = m65NorthFault();
  scenario.earthquake->shelterMaxDegree = 9;
  auto impact = assessEarthquake(scenario, threeCommunities());
  EXPECT_EQ(impact.shelterBalance[1].usableCapacity, 10000);
  EXPECT_EQ(impact.shelterBalance[1].shortfall, 0);
}

TEST(EarthquakeImpact, BulkCellsAgreeWithCommunities) {
  auto e = threeCommunities();
  std::vector<PopulationCell> cells;
  for (const auto& c : e.communities) cells.push_back({c.at, static_cast<double>(c.population)});
  IntensityField field(kEpicentre, 6.5, 0.0);
  auto sums = exposedByDegree(field, cells);
  EXPECT_EQ(sums, assessEarthquake(m65NorthFault(), e).populationByDegree);
}

TEST(EarthquakeImpact, ZonesAreNestedEllipseRingsFromDegreeFive) {
  auto scenario = m65NorthFault();
  Impact impact = assess(scenario, threeCommunities());
  auto zones = zoneFeatures(scenario, impact, threeCommunities());
  ASSERT_EQ(zones.size(), 5u);  // V, VI, VII, VIII, IX (peak 8.65 rounds to IX)
  EXPECT_EQ(zones.front().properties["degree"], 5);
  EXPECT_EQ(zones.back().properties["degree"], 9);
  EXPECT_EQ(zones.back().area.front().inners().size(), 0u);  // the innermost zone has no hole
  // The VIII zone contains the community at 10 km (VIII) and not the one at 50 km (VII).
  const auto& viii = zones[3];
  EXPECT_TRUE(gis::bg::within(gis::toPoint(north(10)), viii.area));
  EXPECT_FALSE(gis::bg::within(gis::toPoint(north(50)), viii.area));
  EXPECT_NE(viii.geojson.find("\"Polygon\""), std::string::npos);
}

}  // namespace
}  // namespace eoc::drills::earthquake_impact_test
