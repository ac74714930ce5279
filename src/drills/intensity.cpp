#include "drills/intensity.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "gis/geodesy.hpp"

namespace eoc::drills {

namespace {
constexpr double kStep = 0.001;         // intensity resolution of the radius table
constexpr double kTableStart = 0.0;     // below intensity 0 nothing is felt or counted
constexpr double kAtEpicentre = 1e300;  // 1/R² where R → 0; finite so that 0·x stays 0
}  // namespace

double AttenuationAxis::intensity(double magnitude, double distanceKm) const {
  return a + b * magnitude + c * std::log10(distanceKm + r0);
}

double AttenuationAxis::distanceKm(double magnitude, double value) const {
  double r = std::pow(10.0, (value - a - b * magnitude) / c) - r0;
  return std::max(0.0, r);
}

double epicentralIntensity(double magnitude) { return 1.4347 * magnitude - 0.675; }

IntensityField::IntensityField(GeoPoint epicentre, double magnitude, double strikeDegrees, AttenuationAxis longAxis,
                               AttenuationAxis shortAxis)
    : epicentre_(epicentre),
      magnitude_(magnitude),
      strikeDegrees_(strikeDegrees),
      long_(longAxis),
      short_(shortAxis),
      peak_(std::min(longAxis.intensity(magnitude, 0), shortAxis.intensity(magnitude, 0))),
      tableStart_(kTableStart) {
  const double kmPerDeg = gis::kEarthRadiusMeters / 1000.0 * std::numbers::pi / 180.0;
  kmPerDegLat_ = kmPerDeg;
  kmPerDegLon_ = kmPerDeg * std::cos(epicentre.lat * std::numbers::pi / 180.0);
  double s = strikeDegrees * std::numbers::pi / 180.0;
  sinStrike_ = std::sin(s);
  cosStrike_ = std::cos(s);
  if (peak_ > tableStart_) {
    auto n = static_cast<size_t>(std::ceil((peak_ - tableStart_) / kStep)) + 1;
    invLongSq_.resize(n);
    invShortSq_.resize(n);
    for (size_t k = 0; k < n; ++k) {
      double value = tableStart_ + static_cast<double>(k) * kStep;
      double ra = longRadiusKm(value), rb = shortRadiusKm(value);
      invLongSq_[k] = ra > 0 ? 1.0 / (ra * ra) : kAtEpicentre;
      invShortSq_[k] = rb > 0 ? 1.0 / (rb * rb) : kAtEpicentre;
    }
  }
}

double IntensityField::longRadiusKm(double value) const { return long_.distanceKm(magnitude_, value); }
double IntensityField::shortRadiusKm(double value) const { return short_.distanceKm(magnitude_, value); }

void IntensityField::offsetKm(GeoPoint p, double& alongKm, double& acrossKm) const {
  double east = (p.lon - epicentre_.lon) * kmPerDegLon_;
  double north = (p.lat - epicentre_.lat) * kmPerDegLat_;
  // Strike is an azimuth (clockwise from north): its unit vector is (sin s, cos s) in (east, north).
  alongKm = east * sinStrike_ + north * cosStrike_;
  acrossKm = east * cosStrike_ - north * sinStrike_;
}

GeoPoint IntensityField::pointAt(double alongKm, double acrossKm) const {
  double east = alongKm * sinStrike_ + acrossKm * cosStrike_;
  double north = alongKm * cosStrike_ - acrossKm * sinStrike_;
  return GeoPoint{epicentre_.lon + east / kmPerDegLon_, epicentre_.lat + north / kmPerDegLat_};
}

double IntensityField::at(GeoPoint p) const {
  double u = 0, v = 0;
  offsetKm(p, u, v);
  return atOffsetKm(u, v);
}

double IntensityField::atOffsetKm(double alongKm, double acrossKm) const {
  if (invLongSq_.empty()) return tableStart_;
  const double uu = alongKm * alongKm, vv = acrossKm * acrossKm;
  auto ellipse = [&](size_t k) { return uu * invLongSq_[k] + vv * invShortSq_[k]; };
  // ellipse(k) grows with k (isoseismals shrink as intensity rises); find where it crosses 1.
  if (ellipse(0) >= 1.0) return tableStart_;
  size_t lo = 0, hi = invLongSq_.size() - 1;
  if (ellipse(hi) <= 1.0) return peak_;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    (ellipse(mid) <= 1.0 ? lo : hi) = mid;
  }
  double flo = ellipse(lo), fhi = ellipse(hi);
  double t = fhi > flo && std::isfinite(fhi) ? (1.0 - flo) / (fhi - flo) : 0.0;
  return std::min(peak_, tableStart_ + (static_cast<double>(lo) + t) * kStep);
}

int intensityDegree(double intensity) {
  if (intensity < 0.5) return 0;
  return std::min(12, static_cast<int>(std::floor(intensity + 0.5)));
}

const char* romanDegree(int degree) {
  static const char* const kRoman[] = {"0", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
  return kRoman[std::clamp(degree, 0, 12)];
}

}  // namespace eoc::drills
