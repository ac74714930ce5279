#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "gis/chinese_datums.hpp"
#include "gis/geodesy.hpp"

namespace eoc::gis::chinese_datums_test {
namespace {

// An independent evaluation of the published GCJ-02 formula, structured differently from the
// implementation: each noise series is a table of (amplitude, period in degrees, axis) terms
// summed in a loop, and the metre-to-degree scaling uses the meridian and prime-vertical radii
// of curvature by name.
struct SineTerm {
  double amplitude;
  double periodDegrees;
  bool ofLongitude;  // sin(2π·x/period) if true, else of y
};

double series(double polynomial, std::initializer_list<SineTerm> terms, double x, double y) {
  double sum = polynomial;
  for (const SineTerm& t : terms) {
    const double argument = (t.ofLongitude ? x : y) * 2 * std::numbers::pi / t.periodDegrees;
    sum += 2.0 / 3.0 * t.amplitude * std::sin(argument);
  }
  return sum;
}

GeoPoint referenceGcj(GeoPoint wgs) {
  const double a = 6378245.0, e2 = 0.00669342162296594323;
  const double x = wgs.lon - 105, y = wgs.lat - 35;
  const double northMetres = series(-100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x)),
                                    {{20, 1.0 / 3, true}, {20, 1, true}, {20, 2, false}, {40, 6, false},
                                     {160, 24, false}, {320, 60, false}},
                                    x, y);
  const double eastMetres = series(300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x)),
                                   {{20, 1.0 / 3, true}, {20, 1, true}, {20, 2, true}, {40, 6, true},
                                    {150, 24, true}, {300, 60, true}},
                                   x, y);
  const double phi = wgs.lat * std::numbers::pi / 180;
  const double w = 1 - e2 * std::sin(phi) * std::sin(phi);
  const double meridianRadius = a * (1 - e2) / std::pow(w, 1.5);
  const double primeVerticalRadius = a / std::sqrt(w);
  return {wgs.lon + eastMetres / (primeVerticalRadius * std::cos(phi)) * 180 / std::numbers::pi,
          wgs.lat + northMetres / meridianRadius * 180 / std::numbers::pi};
}

template <typename F>
void overDistrictGrid(F check) {
  for (double lon = 87.30; lon <= 87.65; lon += 0.025)
    for (double lat = 43.55; lat <= 43.90; lat += 0.025) check(GeoPoint{lon, lat});
}

TEST(ChineseDatums, Gcj02ForwardAgreesWithAnIndependentEvaluationOfThePublishedFormula) {
  overDistrictGrid([](GeoPoint wgs) { EXPECT_LT(haversineMeters(wgs84ToGcj02(wgs), referenceGcj(wgs)), 0.5); });
  for (GeoPoint elsewhere : {GeoPoint{116.39, 39.91}, GeoPoint{121.47, 31.23}, GeoPoint{113.26, 23.13}})
    EXPECT_LT(haversineMeters(wgs84ToGcj02(elsewhere), referenceGcj(elsewhere)), 0.5);
}

TEST(ChineseDatums, Gcj02OffsetInUrumqiIsAbout230MetresEastAnd140North) {
  const GeoPoint wgs{87.60, 43.79};
  const GeoPoint gcj = wgs84ToGcj02(wgs);
  const double east = haversineMeters(wgs, {gcj.lon, wgs.lat});
  const double north = haversineMeters(wgs, {wgs.lon, gcj.lat});
  EXPECT_GT(gcj.lon, wgs.lon);
  EXPECT_GT(gcj.lat, wgs.lat);
  EXPECT_NEAR(east, 230, 50);
  EXPECT_NEAR(north, 140, 50);
}

TEST(ChineseDatums, WgsToGcjToWgsRoundTripIsBelowOneMillimetre) {
  overDistrictGrid([](GeoPoint wgs) { EXPECT_LT(haversineMeters(gcj02ToWgs84(wgs84ToGcj02(wgs)), wgs), 1e-3); });
}

TEST(ChineseDatums, Bd09RoundTripIsBelowOneMillimetreAndTheOffsetIsAFewHundredMetres) {
  overDistrictGrid([](GeoPoint gcj) {
    const GeoPoint bd = gcj02ToBd09(gcj);
    EXPECT_LT(haversineMeters(bd09ToGcj02(bd), gcj), 1e-3);
    // BD-09 adds roughly 0.0065° E and 0.006° N on top of GCJ-02: several hundred metres.
    EXPECT_GT(haversineMeters(bd, gcj), 400);
    EXPECT_LT(haversineMeters(bd, gcj), 1200);
  });
}

}  // namespace
}  // namespace eoc::gis::chinese_datums_test
