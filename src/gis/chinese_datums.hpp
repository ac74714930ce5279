#pragma once
// GCJ-02 (the offset datum of Amap/Tencent) and BD-09 (Baidu) to and from WGS84, per the
// public algorithm (Krasovsky 1940 ellipsoid a = 6378245.0, ee = 0.00669342162296594323).
// The forward transform is analytic; the inverse is solved by fixed-point iteration to < 1 mm.
#include "core/geo_point.hpp"

namespace eoc::gis {

GeoPoint wgs84ToGcj02(GeoPoint wgs);
GeoPoint gcj02ToWgs84(GeoPoint gcj);
GeoPoint gcj02ToBd09(GeoPoint gcj);
GeoPoint bd09ToGcj02(GeoPoint bd);

}  // namespace eoc::gis
