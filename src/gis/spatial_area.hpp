#pragma once
// An area to test features against, in CRS84 lon/lat: the prepared form of a CQL2 spatial literal
// (S_INTERSECTS) and of the items request's `bbox`. Parts are kept apart (points, lines,
// polygons, boxes) so that each is tested with the cheapest exact Boost.Geometry predicate, after
// a test against the envelope of them all.
#include <vector>

#include "gis/cql2/ast.hpp"
#include "gis/layer.hpp"

namespace eoc::gis {

class SpatialArea {
 public:
  SpatialArea() = default;
  // Validates and prepares a literal already in CRS84 lon/lat: coordinates in range, polygons
  // valid (orientation corrected), a BBOX whose west lies east of its east crossing the
  // antimeridian. Throws EocError(InvalidFilter) "<parameter>: invalid polygon (…) at <location>".
  static SpatialArea fromLiteral(cql2::GeometryLiteral literal, const std::string& parameter,
                                 const std::string& location);
  static SpatialArea fromBox(const Box& box);  // already validated (e.g. the bbox parameter)

  // Geometry intersection (the boundary counts), as S_INTERSECTS and the bbox parameter mean it.
  bool intersects(const Point& point) const;
  bool intersects(const MultiPolygon& area, const Box& bbox) const;
  bool intersects(const Feature& feature, GeometryType type) const {
    return type == GeometryType::Point ? intersects(feature.point) : intersects(feature.area, feature.bbox);
  }
  // The feature at `index` of `layer` (point layers read the dense positions).
  bool intersects(const Layer& layer, size_t index) const {
    return layer.spec().geometryType == GeometryType::Point
               ? intersects(layer.positions()[index])
               : intersects(layer.features()[index].area, layer.features()[index].bbox);
  }
  // Boxes that cover the area: features outside all of them cannot intersect it.
  std::vector<Box> envelopes() const;
  bool empty() const { return points_.empty() && lines_.empty() && polygons_.empty() && boxes_.empty(); }

 private:
  std::vector<Point> points_;
  std::vector<LineString> lines_;
  MultiPolygon polygons_;
  std::vector<Box> boxes_;
  Box envelope_;  // of every part
};

}  // namespace eoc::gis
