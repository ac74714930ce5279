#pragma once
// WGS84 longitude/latitude in degrees, always in that order (GeoJSON order). CGCS2000 is treated
// as equal to WGS84 at district scale.
#include <cmath>

namespace eoc {

struct GeoPoint {
  double lon = 0;
  double lat = 0;
  bool operator==(const GeoPoint&) const = default;
};

inline bool isValidLonLat(double lon, double lat) {
  return std::isfinite(lon) && std::isfinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

}  // namespace eoc
