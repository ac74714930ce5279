#include "gis/chinese_datums.hpp"

#include <cmath>
#include <numbers>

namespace eoc::gis {
namespace {

using std::numbers::pi;

constexpr double kKrasovskySemiMajor = 6378245.0;
constexpr double kKrasovskyEccentricitySquared = 0.00669342162296594323;
constexpr double kBaiduPi = pi * 3000.0 / 180.0;
// Convergence of the inverses: 1e-10 degrees is about 10 micrometres.
constexpr double kInverseToleranceDegrees = 1e-10;
constexpr int kMaxIterations = 30;

// The two periodic "noise" polynomials of GCJ-02, in metres-ish units before scaling; x and y
// are degrees relative to 105 E, 35 N.
double latitudeNoise(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
  return r;
}

double longitudeNoise(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
  return r;
}

// Solves forward(result) == target by fixed-point iteration: the offsets vary slowly with
// position, so each step removes almost all of the remaining error.
template <typename Forward>
GeoPoint invert(GeoPoint target, Forward forward) {
  GeoPoint guess = target;
  for (int i = 0; i < kMaxIterations; ++i) {
    const GeoPoint image = forward(guess);
    const double dLon = target.lon - image.lon, dLat = target.lat - image.lat;
    guess.lon += dLon;
    guess.lat += dLat;
    if (std::abs(dLon) < kInverseToleranceDegrees && std::abs(dLat) < kInverseToleranceDegrees) break;
  }
  return guess;
}

}  // namespace

// Applied everywhere, also outside China: eoc data is all inside the country, and a silent
// no-op at some arbitrary border box would hide a wrong --from-crs.
GeoPoint wgs84ToGcj02(GeoPoint wgs) {
  const double x = wgs.lon - 105.0, y = wgs.lat - 35.0;
  const double latRad = wgs.lat / 180.0 * pi;
  const double magic = 1 - kKrasovskyEccentricitySquared * std::sin(latRad) * std::sin(latRad);
  const double sqrtMagic = std::sqrt(magic);
  const double dLat = latitudeNoise(x, y) * 180.0 /
                      ((kKrasovskySemiMajor * (1 - kKrasovskyEccentricitySquared)) / (magic * sqrtMagic) * pi);
  const double dLon = longitudeNoise(x, y) * 180.0 / (kKrasovskySemiMajor / sqrtMagic * std::cos(latRad) * pi);
  return GeoPoint{wgs.lon + dLon, wgs.lat + dLat};
}

GeoPoint gcj02ToWgs84(GeoPoint gcj) { return invert(gcj, wgs84ToGcj02); }

GeoPoint gcj02ToBd09(GeoPoint gcj) {
  const double z = std::hypot(gcj.lon, gcj.lat) + 0.00002 * std::sin(gcj.lat * kBaiduPi);
  const double theta = std::atan2(gcj.lat, gcj.lon) + 0.000003 * std::cos(gcj.lon * kBaiduPi);
  return GeoPoint{z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

GeoPoint bd09ToGcj02(GeoPoint bd) { return invert(bd, gcj02ToBd09); }

}  // namespace eoc::gis
