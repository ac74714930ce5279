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
// Distance from `p` to the nearest edge (outer ring or hole) of `area`, in metres, measured in a
// local equirectangular projection around p (error well under 1 % within a few tens of km).
double distanceToEdgeMeters(GeoPoint p, const MultiPolygon& area);
// 0 when `p` lies inside or on `area`, otherwise distanceToEdgeMeters.
double distanceMeters(GeoPoint p, const MultiPolygon& area);

}  // namespace eoc::gis
