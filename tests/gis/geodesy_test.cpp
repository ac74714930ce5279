#include <array>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "gis/geodesy.hpp"

namespace eoc::gis::geodesy_test {
namespace {

constexpr double kDegree = std::numbers::pi / 180.0;

TEST(Geodesy, OneDegreeOfLatitudeIsAbout111Kilometres) {
  // On the mean sphere one degree of arc is R·π/180 = 111 195 m, whatever the longitude.
  EXPECT_NEAR(haversineMeters({87.5, 43.0}, {87.5, 44.0}), 111195.0, 1.0);
  EXPECT_NEAR(haversineMeters({0, -0.5}, {0, 0.5}), 111195.0, 1.0);
}

TEST(Geodesy, OneDegreeOfLongitudeShrinksWithTheCosineOfLatitude) {
  // Along a parallel the great circle is slightly shorter than the parallel arc, by < 0.01 % here.
  const double alongParallel = 111195.0 * std::cos(43.79 * kDegree) * 0.1;
  EXPECT_NEAR(haversineMeters({87.5, 43.79}, {87.6, 43.79}), alongParallel, alongParallel * 1e-4);
}

TEST(Geodesy, HaversineIsSymmetricAndZeroOnItself) {
  const GeoPoint a{87.58, 43.79}, b{87.41, 43.60};
  EXPECT_DOUBLE_EQ(haversineMeters(a, b), haversineMeters(b, a));
  EXPECT_EQ(haversineMeters(a, a), 0.0);
}

MultiPolygon quadrangle(double lon1, double lat1, double lon2, double lat2) {
  MultiPolygon area;
  area.resize(1);
  bg::append(area[0].outer(), Point(lon1, lat1));
  bg::append(area[0].outer(), Point(lon2, lat1));
  bg::append(area[0].outer(), Point(lon2, lat2));
  bg::append(area[0].outer(), Point(lon1, lat2));
  bg::append(area[0].outer(), Point(lon1, lat1));
  return area;
}

double analyticQuadrangleArea(double lon1, double lat1, double lon2, double lat2) {
  return kEarthRadiusMeters * kEarthRadiusMeters * (lon2 - lon1) * kDegree *
         (std::sin(lat2 * kDegree) - std::sin(lat1 * kDegree));
}

TEST(Geodesy, AreaOfSphericalQuadrangleMatchesTheAnalyticFormula) {
  for (auto [lon1, lat1, lon2, lat2] : {std::array{87.343, 43.562, 87.606, 43.864}, std::array{87.55, 43.75, 87.56, 43.76},
                                        std::array{10.0, -20.0, 12.5, 5.0}}) {
    const double expected = analyticQuadrangleArea(lon1, lat1, lon2, lat2);
    EXPECT_NEAR(areaSquareMeters(quadrangle(lon1, lat1, lon2, lat2)), expected, expected * 1e-3);
  }
}

TEST(Geodesy, AreaDoesNotDependOnRingOrientationAndHolesSubtract) {
  MultiPolygon outer = quadrangle(87.50, 43.70, 87.60, 43.80);
  const double full = areaSquareMeters(outer);
  MultiPolygon reversed = outer;
  bg::reverse(reversed);
  EXPECT_DOUBLE_EQ(areaSquareMeters(reversed), full);

  MultiPolygon hole = quadrangle(87.52, 43.72, 87.54, 43.74);
  outer[0].inners().push_back(hole[0].outer());
  const double holeArea = analyticQuadrangleArea(87.52, 43.72, 87.54, 43.74);
  EXPECT_NEAR(areaSquareMeters(outer), full - holeArea, holeArea * 1e-3);
}

TEST(Geodesy, BoxAroundContainsEveryPointOfTheCircle) {
  const GeoPoint centre{87.58, 43.79};
  const double radius = 5000;
  const Box box = boxAround(centre, radius);
  for (int bearing = 0; bearing < 360; bearing += 5) {
    // Destination point on the sphere at `radius` along `bearing`.
    const double d = radius / kEarthRadiusMeters, theta = bearing * kDegree, phi1 = centre.lat * kDegree;
    const double phi2 = std::asin(std::sin(phi1) * std::cos(d) + std::cos(phi1) * std::sin(d) * std::cos(theta));
    const double lambda2 = centre.lon * kDegree + std::atan2(std::sin(theta) * std::sin(d) * std::cos(phi1),
                                                             std::cos(d) - std::sin(phi1) * std::sin(phi2));
    EXPECT_TRUE(bg::covered_by(Point(lambda2 / kDegree, phi2 / kDegree), box)) << "bearing " << bearing;
  }
  // And it is not wastefully large: at most 1 % bigger than the circle's own extent.
  EXPECT_LT(haversineMeters(centre, {centre.lon, box.max_corner().y()}), radius * 1.01);
}

TEST(Geodesy, DistanceToAPolygonIsZeroInsideAndToTheNearestEdgeOutside) {
  const MultiPolygon square = quadrangle(87.50, 43.70, 87.60, 43.80);
  EXPECT_EQ(distanceMeters({87.55, 43.75}, square), 0.0);
  EXPECT_EQ(distanceMeters({87.50, 43.75}, square), 0.0);  // on the edge counts as inside
  // 0.01° of latitude north of the top edge.
  EXPECT_NEAR(distanceMeters({87.55, 43.81}, square), 1111.95, 1.0);
  // Inside, distanceToEdgeMeters still measures to the nearest edge (0.01° east of the west edge).
  EXPECT_NEAR(distanceToEdgeMeters({87.51, 43.75}, square), 1111.95 * std::cos(43.75 * kDegree), 1.0);
}

}  // namespace
}  // namespace eoc::gis::geodesy_test
