#pragma once
// Geometry value types of eoc: Boost.Geometry models over WGS84 lon/lat degrees (x = lon, y = lat).
// Planar predicates (within, intersects) in degrees are exact enough at district scale;
// distances and areas are always computed geodesically (geodesy.hpp).
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/linestring.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include "core/geo_point.hpp"

namespace eoc::gis {

namespace bg = boost::geometry;
using Point = bg::model::d2::point_xy<double>;
// Counter-clockwise outer rings (GeoJSON / RFC 7946 orientation), closed.
using Polygon = bg::model::polygon<Point, false, true>;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;
using LineString = bg::model::linestring<Point>;  // only in filter literals (S_INTERSECTS)

enum class GeometryType { Point, Polygon };  // Polygon layers hold MultiPolygons

inline Point toPoint(GeoPoint p) { return Point(p.lon, p.lat); }
inline GeoPoint toGeoPoint(const Point& p) { return GeoPoint{p.x(), p.y()}; }

}  // namespace eoc::gis
