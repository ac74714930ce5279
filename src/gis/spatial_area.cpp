#include "gis/spatial_area.hpp"

#include "core/error.hpp"

namespace eoc::gis {
namespace {

// Where a literal was written, for its errors: "filter" and "character 9".
struct Where {
  const std::string& parameter;
  const std::string& location;
};

[[noreturn]] void fail(const Where& where, const std::string& what) {
  throw EocError(ErrorCode::InvalidFilter, where.parameter + ": " + what + " at " + where.location);
}

void checkRange(const Point& p, const Where& where) {
  if (!isValidLonLat(p.x(), p.y()))
    fail(where, "coordinate (" + std::to_string(p.x()) + " " + std::to_string(p.y()) +
                    ") is outside lon -180…180, lat -90…90 (CRS84 is lon lat)");
}

}  // namespace

SpatialArea SpatialArea::fromLiteral(cql2::GeometryLiteral literal, const std::string& parameter,
                                     const std::string& location) {
  const Where where{parameter, location};
  SpatialArea area;
  for (const Point& p : literal.points) checkRange(p, where);
  for (const LineString& line : literal.lines) {
    if (line.size() < 2) fail(where, "a line needs at least two points");
    for (const Point& p : line) checkRange(p, where);
  }
  for (Polygon& polygon : literal.polygons) {
    bg::for_each_point(polygon, [&](const Point& p) { checkRange(p, where); });
    bg::correct(polygon);
    std::string reason;
    if (!bg::is_valid(polygon, reason)) fail(where, "invalid polygon (" + reason + ")");
    area.polygons_.push_back(std::move(polygon));
  }
  for (const Box& box : literal.boxes) {
    const Point& low = box.min_corner();
    const Point& high = box.max_corner();
    checkRange(low, where);
    checkRange(high, where);
    if (low.y() > high.y()) fail(where, "BBOX: the south edge lies north of the north edge");
    if (low.x() <= high.x()) {
      area.boxes_.push_back(box);
    } else {  // across the antimeridian (CQL2 allows west > east)
      area.boxes_.emplace_back(low, Point(180, high.y()));
      area.boxes_.emplace_back(Point(-180, low.y()), high);
    }
  }
  area.points_ = std::move(literal.points);
  area.lines_ = std::move(literal.lines);
  bg::assign_inverse(area.envelope_);
  for (const Point& p : area.points_) bg::expand(area.envelope_, p);
  for (const LineString& line : area.lines_) bg::expand(area.envelope_, bg::return_envelope<Box>(line));
  if (!area.polygons_.empty()) bg::expand(area.envelope_, bg::return_envelope<Box>(area.polygons_));
  for (const Box& box : area.boxes_) bg::expand(area.envelope_, box);
  return area;
}

SpatialArea SpatialArea::fromBox(const Box& box) {
  SpatialArea area;
  area.boxes_.push_back(box);
  area.envelope_ = box;
  return area;
}

bool SpatialArea::intersects(const Point& p) const {
  if (empty() || !bg::covered_by(p, envelope_)) return false;
  for (const Box& box : boxes_)
    if (bg::covered_by(p, box)) return true;
  for (const Point& q : points_)
    if (bg::equals(p, q)) return true;
  for (const LineString& line : lines_)
    if (bg::intersects(p, line)) return true;
  return !polygons_.empty() && bg::covered_by(p, polygons_);
}

bool SpatialArea::intersects(const MultiPolygon& area, const Box& bbox) const {
  if (empty() || !bg::intersects(envelope_, bbox)) return false;
  for (const Box& box : boxes_)
    if (bg::intersects(box, area)) return true;
  for (const Point& q : points_)
    if (bg::covered_by(q, area)) return true;
  for (const LineString& line : lines_)
    if (bg::intersects(line, area)) return true;
  return !polygons_.empty() && bg::intersects(polygons_, area);
}

std::vector<Box> SpatialArea::envelopes() const {
  if (empty()) return {};
  // Split boxes (antimeridian) are listed one by one: their common envelope would span the globe.
  if (points_.empty() && lines_.empty() && polygons_.empty()) return boxes_;
  return {envelope_};
}

}  // namespace eoc::gis
