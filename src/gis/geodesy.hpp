#pragma once
// Distances and areas on the WGS84 mean sphere (R = 6 371 008.8 m). Error < 0.5 % at district
// scale, which is far below the uncertainty of the data it measures.
#include "core/geo_point.hpp"
#include "gis/geometry.hpp"

namespace eoc::gis {

inline constexpr double kEarthRadiusMeters = 6371008.8;

double haversineMeters(GeoPoint a, GeoPoint b);
// Geodesic (spherical) area in square metres; holes subtract.
double areaSquareMeters(const MultiPolygon& area);
// A box around `center` that contains every point within `meters` of it.
Box boxAround(GeoPoint center, double meters);

}  // namespace eoc::gis
