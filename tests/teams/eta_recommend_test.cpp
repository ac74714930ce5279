#include <gtest/gtest.h>

#include <cmath>

#include "teams/recommend.hpp"

namespace eoc::teams::eta_recommend_test {
namespace {

// One hundredth of a degree of latitude on the 6 371 008.8 m sphere: 1111.9508 m.
constexpr double kHundredthDegreeMeters = 1111.9508;
const GeoPoint kScene{87.58, 43.79};
GeoPoint northOfScene(double hundredths) { return {kScene.lon, kScene.lat + hundredths / 100}; }

TEST(Eta, TurnoutPlusStretchedDistanceAtRoadSpeedByHand) {
  auto eta = estimateEta(northOfScene(1), kScene, EtaModel{});
  EXPECT_NEAR(eta.straightMeters, kHundredthDegreeMeters, 0.01);
  EXPECT_NEAR(eta.roadMeters, 1501.1336, 0.02);
  // 300 s turnout + 1501.1336 m / (30 000 m / 3600 s) = 300 + 180.136 s
  EXPECT_NEAR(eta.seconds, 480.136, 0.01);
}

TEST(Eta, EveryPartOfTheModelIsConfigurableAndNamedInTheLabel) {
  EtaModel model{60, 1.0, 60};
  auto eta = estimateEta(northOfScene(1), kScene, model);
  EXPECT_NEAR(eta.seconds, 60 + kHundredthDegreeMeters / (60000.0 / 3600), 0.01);
  EXPECT_EQ(model.method(), "turnout 1 min + haversine × 1 ÷ 60 km/h");
  EXPECT_EQ(EtaModel{}.method(), "turnout 5 min + haversine × 1.35 ÷ 30 km/h");
}

SpecialtyMask bit(const char* key) { return *specialtyBit(key); }

TEST(Recommend, RanksAvailableTeamsWithTheSpecialtyByEtaUntilThePeopleAreCovered) {
  std::vector<Candidate> teams = {
      {northOfScene(3), 40, bit("flood") | bit("logistics"), true},  // 0: third nearest
      {northOfScene(1), 30, bit("fire"), true},                      // 1: nearest, wrong specialty
      {northOfScene(2), 25, bit("flood"), true},                     // 2: second
      {northOfScene(0.5), 50, bit("flood"), false},                  // 3: nearest but busy
      {northOfScene(1.5), 20, bit("flood"), true},                   // 4: first flood team
      {northOfScene(9), 90, bit("flood"), true},                     // 5: far
  };
  auto ranked = recommend(teams, {kScene, bit("flood"), 60}, EtaModel{});
  ASSERT_EQ(ranked.size(), 3u);  // 20 + 25 = 45 < 60, + 40 = 85 >= 60
  EXPECT_EQ(ranked[0].index, 4u);
  EXPECT_EQ(ranked[1].index, 2u);
  EXPECT_EQ(ranked[2].index, 0u);
  EXPECT_EQ(ranked[0].cumulativeHeadcount, 20);
  EXPECT_EQ(ranked[2].cumulativeHeadcount, 85);
  EXPECT_NEAR(ranked[1].eta.seconds, 300 + 2 * 1501.1336 / (30000.0 / 3600), 0.05);
}

TEST(Recommend, WithoutPeopleOrSpecialtyEveryAvailableTeamIsRankedFastestFirst) {
  std::vector<Candidate> teams;
  for (int i = 0; i < 200; ++i)
    teams.push_back({northOfScene(double((i * 37) % 200) / 10), 10, bit("snow"), i % 7 != 0});
  auto ranked = recommend(teams, {kScene, 0, 0}, EtaModel{});
  size_t available = 0;
  for (const auto& t : teams) available += t.available;
  ASSERT_EQ(ranked.size(), available);
  for (size_t i = 1; i < ranked.size(); ++i) EXPECT_LE(ranked[i - 1].eta.seconds, ranked[i].eta.seconds);
  EXPECT_EQ(ranked.back().cumulativeHeadcount, (long long)available * 10);
}

TEST(Recommend, TooFewPeopleReturnsEveryEligibleTeam) {
  std::vector<Candidate> teams = {{northOfScene(1), 5, bit("medical"), true}, {northOfScene(2), 5, bit("medical"), true}};
  auto ranked = recommend(teams, {kScene, bit("medical"), 1000}, EtaModel{});
  EXPECT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked.back().cumulativeHeadcount, 10);
}

}  // namespace
}  // namespace eoc::teams::eta_recommend_test
