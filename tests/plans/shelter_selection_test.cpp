#include <gtest/gtest.h>

#include "gis/geodesy.hpp"
#include "plans/support/plans_fixture.hpp"

namespace eoc::plans::shelter_selection_test {
namespace {

using nlohmann::json;
using testing::activateJson;
using testing::fixtureCatalog;

json evacuation(double lon, double lat, int evacuated) {
  return {{"incident", {{"type", "gas_leak"}, {"location", {lon, lat}}, {"evacuated", evacuated}}}};
}

// Capacity of the open shelters whose class service radius reaches `site`, from the layer's
// own properties.
long long reachableCapacity(GeoPoint site) {
  long long total = 0;
  for (const auto& f : fixtureCatalog().require("shelters").features())
    if (f.properties["status"] == "open" &&
        gis::haversineMeters(site, f.location()) <= f.properties["service_radius_m"].get<double>())
      total += f.properties["capacity"].get<long long>();
  return total;
}

void expectConsistent(const Activation& a) {
  long long assigned = 0;
  for (const auto& s : a.sheltersToOpen) {
    EXPECT_GT(s.people, 0);
    EXPECT_LE(s.people, s.capacity) << s.feature->id;
    EXPECT_EQ(s.feature->properties["status"], "open") << s.feature->id;
    assigned += s.people;
  }
  EXPECT_EQ(assigned + a.shortfall, a.peopleToShelter);
}

TEST(ShelterSelection, EvacueesWithinReachOfEnoughCapacityAreAllSheltered) {
  const GeoPoint site{87.56, 43.79};
  const Activation a = activateJson(evacuation(site.lon, site.lat, 250));
  ASSERT_GE(reachableCapacity(site), 250);
  EXPECT_EQ(a.peopleToShelter, 250);
  EXPECT_EQ(a.shortfall, 0);
  ASSERT_EQ(a.sheltersToOpen.size(), 1u);
  EXPECT_EQ(a.sheltersToOpen[0].feature->id, "S1");
  expectConsistent(a);
}

TEST(ShelterSelection, TheShortfallIsWhatTheReachableShelterCapacityCannotTake) {
  const GeoPoint site{87.56, 43.79};
  const Activation a = activateJson(evacuation(site.lon, site.lat, 1000));
  EXPECT_EQ(a.shortfall, 1000 - reachableCapacity(site));
  EXPECT_GT(a.shortfall, 0);
  expectConsistent(a);
  EXPECT_EQ(toJson(a)["shortfall"], a.shortfall);
}

TEST(ShelterSelection, AClosedShelterIsNeverOpenedEvenWhenItIsTheNearest) {
  const GeoPoint site{87.65, 43.851};  // at S3, which is closed
  const Activation a = activateJson(evacuation(site.lon, site.lat, 80));
  for (const auto& s : a.sheltersToOpen) EXPECT_NE(s.feature->id, "S3");
  EXPECT_EQ(a.shortfall, std::max(0LL, 80 - reachableCapacity(site)));
  expectConsistent(a);
}

TEST(ShelterSelection, CommunityDemandIsCoveredOnlyWithinEachShelterServiceRadius) {
  // An M6.5 earthquake covers the whole fixture district; hazards.json's share of its 36,000
  // people need shelter and the open shelters hold 550, so most of it is shortfall.
  const Activation a = activateJson({{"incident", {{"type", "earthquake"}, {"location", {87.58, 43.79}}, {"magnitude", 6.5}}}});
  expectConsistent(a);
  const auto& communities = fixtureCatalog().require("communities").features();
  long long population = 0;
  for (const auto& c : communities) population += c.properties["population"].get<long long>();
  EXPECT_EQ(a.communitiesPopulation, population);
  const double share = testing::shippedBook().hazards().incidents.at("earthquake").shelterShare;
  for (const auto& s : a.sheltersToOpen) {
    long long reachableDemand = 0;
    for (const auto& c : communities)
      if (gis::haversineMeters(c.location(), s.feature->location()) <= s.serviceRadiusMeters)
        reachableDemand += std::llround(c.properties["population"].get<double>() * share);
    EXPECT_LE(s.people, reachableDemand) << s.feature->id;
  }
  EXPECT_GT(a.shortfall, 0);
}

TEST(ShelterSelection, AWarningThatShelterNobodyOpensNoShelter) {
  const Activation a = activateJson({{"warning", {{"type", "strong_wind"}, {"level", "yellow"}, {"area", {{"committees", {"650103001"}}}}}}});
  EXPECT_EQ(a.peopleToShelter, 0);
  EXPECT_TRUE(a.sheltersToOpen.empty());
  EXPECT_EQ(a.shortfall, 0);
}

}  // namespace
}  // namespace eoc::plans::shelter_selection_test
