#pragma once
// Seismic intensity from the Xinjiang attenuation relation (Yu Yanxiang et al. 2013):
//   I = A + B·M + C·lg(R + R0)        R = epicentral distance in km
//   long axis:  A = 5.6018, B = 1.4347, C = −4.4899, R0 = 25
//   short axis: A = 3.6113, B = 1.4347, C = −3.8477, R0 = 13
// The isoseismals are ellipses with the long axis along the fault strike. For a point at an
// arbitrary azimuth the intensity is the I whose isoseismal ellipse passes through it:
//   (u / Ra(I))² + (v / Rb(I))² = 1,   Ra, Rb = the long/short-axis relations solved for R,
// u = distance along the strike, v = across it. On the strike this is exactly the long-axis
// relation, across it exactly the short-axis one, and intensity falls monotonically outward in
// every direction. Both relations give the same value at R = 0 (≈ 1.4347·M − 0.675, the
// epicentral intensity I0), which caps the field. Depth is not an input: the relation was fitted
// on epicentral distance.
#include <vector>

#include "core/geo_point.hpp"

namespace eoc::drills {

struct AttenuationAxis {
  double a = 0;
  double b = 0;
  double c = 0;
  double r0 = 0;
  double intensity(double magnitude, double distanceKm) const;
  // The distance (km) at which the relation gives `intensity`; 0 when it exceeds the value at R = 0.
  double distanceKm(double magnitude, double intensity) const;
};

inline constexpr AttenuationAxis kXinjiangLongAxis{5.6018, 1.4347, -4.4899, 25.0};
inline constexpr AttenuationAxis kXinjiangShortAxis{3.6113, 1.4347, -3.8477, 13.0};
inline constexpr double kXinjiangSigma = 0.5924;

// Epicentral intensity I0 = 1.4347·M − 0.675 (the published companion of the relation).
double epicentralIntensity(double magnitude);

// An intensity field of one event. Built once (a table of isoseismal radii every 0.001 degree of
// intensity), then cheap per point: a binary search without transcendental functions, so a
// million cells take milliseconds. Thread-safe to read.
class IntensityField {
 public:
  IntensityField(GeoPoint epicentre, double magnitude, double strikeDegrees,
                 AttenuationAxis longAxis = kXinjiangLongAxis, AttenuationAxis shortAxis = kXinjiangShortAxis);

  double at(GeoPoint p) const;
  // u km along the strike, v km across it.
  double atOffsetKm(double alongKm, double acrossKm) const;
  // Semi-axes (km) of the isoseismal of `intensity`.
  double longRadiusKm(double intensity) const;
  double shortRadiusKm(double intensity) const;
  // The value at the epicentre (both relations agree there to 0.001).
  double peak() const { return peak_; }
  GeoPoint epicentre() const { return epicentre_; }
  double strikeDegrees() const { return strikeDegrees_; }
  double magnitude() const { return magnitude_; }
  // Offset of `p` from the epicentre in km along and across the strike (local equirectangular).
  void offsetKm(GeoPoint p, double& alongKm, double& acrossKm) const;
  // The point at (along, across) km from the epicentre.
  GeoPoint pointAt(double alongKm, double acrossKm) const;

 private:
  GeoPoint epicentre_;
  double magnitude_;
  double strikeDegrees_;
  AttenuationAxis long_;
  AttenuationAxis short_;
  double peak_;
  double kmPerDegLon_;
  double kmPerDegLat_;
  double sinStrike_;
  double cosStrike_;
  double tableStart_;                  // lowest tabulated intensity
  std::vector<double> invLongSq_;      // 1 / Ra(I)² by I = tableStart_ + k·step
  std::vector<double> invShortSq_;
};

// Intensity degree (烈度, Roman numeral) of a continuous value: the nearest integer, so degree VI
// covers [5.5, 6.5). Values below 0.5 count as degree 0 (not felt).
int intensityDegree(double intensity);
const char* romanDegree(int degree);

}  // namespace eoc::drills
