#pragma once
// Geometry value types of eoc: Boost.Geometry models over WGS84 lon/lat degrees (x = lon, y = lat).
// Planar predicates (within, intersects) in degrees are exact enough at district scale;
// distances and areas are always computed geodesically (geodesy.hpp).
//
// Two notes about Boost 1.74 (Debian 12) that would otherwise print on every build:
// - Boost.Geometry's R-tree (index/detail/varray_detail.hpp) still includes the deprecated
//   <boost/detail/no_exceptions_support.hpp>, whose #pragma message names the header that replaced
//   it. The define below silences exactly that message for these includes; it is removed again at
//   once so that our own code still hears about any deprecated Boost header it includes.
// - GCC 12 at -O2/-O3 reports -Wmaybe-uninitialized inside Boost.Geometry's envelope of a
//   multi-polygon (expand/indexed.hpp, a `Box helper_mbr` that is always assigned before use): a
//   false positive of GCC's uninitialized-use analysis after inlining (tracked under GCC meta-bug
//   24639, "-Wuninitialized issues"). GCC classifies the warning by the location it points at,
//   inside these headers, so ignoring it for the span of these includes ignores it only there.
#if !defined(BOOST_ALLOW_DEPRECATED_HEADERS)
#define BOOST_ALLOW_DEPRECATED_HEADERS
#define EOC_ALLOWED_DEPRECATED_HEADERS
#endif
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/linestring.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#pragma GCC diagnostic pop
#if defined(EOC_ALLOWED_DEPRECATED_HEADERS)
#undef BOOST_ALLOW_DEPRECATED_HEADERS
#undef EOC_ALLOWED_DEPRECATED_HEADERS
#endif

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
