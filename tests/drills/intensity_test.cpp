// The Xinjiang relation against the check values of docs/design.md "Drills", computed by hand from
// I = A + B·M + C·lg(R + R0), and the elliptical combination for other azimuths.
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "drills/intensity.hpp"

namespace eoc::drills::intensity_test {
namespace {

constexpr GeoPoint kEpicentre{87.5544, 43.7622};
const double kKmPerDegLat = 6371.0088 * std::numbers::pi / 180.0;

TEST(Intensity, LongAxisGivesTheCheckValuesForM65At10And20And50Km) {
  EXPECT_NEAR(kXinjiangLongAxis.intensity(6.5, 10), 7.99, 0.005);
  EXPECT_NEAR(kXinjiangLongAxis.intensity(6.5, 20), 7.50, 0.005);
  EXPECT_NEAR(kXinjiangLongAxis.intensity(6.5, 50), 6.51, 0.005);
}

TEST(Intensity, FieldAlongTheStrikeReproducesTheCheckValuesOnTheMap) {
  IntensityField field(kEpicentre, 6.5, 0.0);  // strike due north
  auto north = [](double km) { return GeoPoint{kEpicentre.lon, kEpicentre.lat + km / kKmPerDegLat}; };
  EXPECT_NEAR(field.at(north(10)), 7.99, 0.005);
  EXPECT_NEAR(field.at(north(20)), 7.50, 0.005);
  EXPECT_NEAR(field.at(north(50)), 6.51, 0.005);
  EXPECT_NEAR(field.at(north(-20)), 7.50, 0.005);  // both ways along the fault
}

TEST(Intensity, FieldAlongANorthEastStrikeUsesTheLongAxis) {
  IntensityField field(kEpicentre, 6.5, 45.0);
  EXPECT_NEAR(field.atOffsetKm(20, 0), 7.50, 0.005);
  // 20 km toward the north-east on the ground: 20/√2 km east and north.
  double d = 20 / std::sqrt(2.0);
  GeoPoint ne{kEpicentre.lon + d / (kKmPerDegLat * std::cos(kEpicentre.lat * std::numbers::pi / 180)),
              kEpicentre.lat + d / kKmPerDegLat};
  EXPECT_NEAR(field.at(ne), 7.50, 0.005);
}

TEST(Intensity, AcrossTheStrikeUsesTheShortAxisRelation) {
  IntensityField field(kEpicentre, 6.5, 45.0);
  // 3.6113 + 1.4347·6.5 − 3.8477·lg(10 + 13) = 7.697
  EXPECT_NEAR(field.atOffsetKm(0, 10), 7.697, 0.002);
  EXPECT_NEAR(field.atOffsetKm(0, -10), 7.697, 0.002);
}

TEST(Intensity, EpicentralIntensityMatchesBothRelationsAtZeroDistance) {
  EXPECT_NEAR(epicentralIntensity(6.5), 8.6505, 1e-4);
  IntensityField field(kEpicentre, 6.5, 45.0);
  EXPECT_NEAR(field.peak(), epicentralIntensity(6.5), 0.002);
  EXPECT_NEAR(field.at(kEpicentre), field.peak(), 1e-9);
}

TEST(Intensity, AnOffAxisPointLiesOnTheEllipseOfItsIntensity) {
  IntensityField field(kEpicentre, 6.5, 30.0);
  const double u = 12, v = 9;
  double value = field.atOffsetKm(u, v);
  // Semi-axes from the relations solved for R by hand: R = 10^((I − A − B·M)/C) − R0.
  double ra = std::pow(10, (value - 5.6018 - 1.4347 * 6.5) / -4.4899) - 25;
  double rb = std::pow(10, (value - 3.6113 - 1.4347 * 6.5) / -3.8477) - 13;
  EXPECT_NEAR(u * u / (ra * ra) + v * v / (rb * rb), 1.0, 2e-3);
  EXPECT_LT(value, field.atOffsetKm(std::hypot(u, v), 0));  // weaker than on the strike at that distance
  EXPECT_GT(value, field.atOffsetKm(0, std::hypot(u, v)));  // stronger than across it
}

TEST(Intensity, FieldDecreasesOutwardInEveryDirection) {
  IntensityField field(kEpicentre, 6.0, 60.0);
  for (int deg = 0; deg < 360; deg += 15) {
    double c = std::cos(deg * std::numbers::pi / 180), s = std::sin(deg * std::numbers::pi / 180);
    double previous = field.peak() + 1e-9;
    for (double km = 0.5; km < 200; km *= 1.5) {
      double value = field.atOffsetKm(km * c, km * s);
      EXPECT_LE(value, previous) << deg << "° at " << km << " km";
      previous = value;
    }
  }
}

TEST(Intensity, DegreesRoundToTheNearestInteger) {
  EXPECT_EQ(intensityDegree(5.49), 5);
  EXPECT_EQ(intensityDegree(5.5), 6);
  EXPECT_EQ(intensityDegree(7.99), 8);
  EXPECT_EQ(intensityDegree(0.2), 0);
  EXPECT_STREQ(romanDegree(8), "VIII");
}

}  // namespace
}  // namespace eoc::drills::intensity_test
