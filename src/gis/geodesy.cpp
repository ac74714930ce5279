#include "gis/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace eoc::gis {
namespace {

constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;

// Twice the signed area of a ring on the unit sphere, by the trapezoid-on-the-sphere sum
// Σ (λ2 − λ1)(2 + sin φ1 + sin φ2): exact for edges along meridians and parallels, and well
// within the 0.5 % budget for the short edges of district data.
double twiceSignedUnitArea(const Polygon::ring_type& ring) {
  double sum = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[i + 1];
    sum += (b.x() - a.x()) * kRadiansPerDegree *
           (2 + std::sin(a.y() * kRadiansPerDegree) + std::sin(b.y() * kRadiansPerDegree));
  }
  return sum;
}

double ringArea(const Polygon::ring_type& ring) {
  return std::abs(twiceSignedUnitArea(ring)) / 2 * kEarthRadiusMeters * kEarthRadiusMeters;
}

// Point-to-segment distance in metres in an equirectangular projection centred on `p`: distortion
// grows with distance from p, which is negligible over the few kilometres this is used for.
struct LocalProjection {
  GeoPoint origin;
  double metersPerDegreeLat = kEarthRadiusMeters * kRadiansPerDegree;
  double metersPerDegreeLon;
  explicit LocalProjection(GeoPoint o)
      : origin(o), metersPerDegreeLon(metersPerDegreeLat * std::cos(o.lat * kRadiansPerDegree)) {}
  double x(const Point& q) const { return (q.x() - origin.lon) * metersPerDegreeLon; }
  double y(const Point& q) const { return (q.y() - origin.lat) * metersPerDegreeLat; }
};

double originToSegment(const LocalProjection& proj, const Point& a, const Point& b) {
  const double ax = proj.x(a), ay = proj.y(a), bx = proj.x(b), by = proj.y(b);
  const double dx = bx - ax, dy = by - ay;
  const double lengthSquared = dx * dx + dy * dy;
  double t = lengthSquared > 0 ? -(ax * dx + ay * dy) / lengthSquared : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(ax + t * dx, ay + t * dy);
}

double originToRing(const LocalProjection& proj, const Polygon::ring_type& ring, double best) {
  for (size_t i = 0; i + 1 < ring.size(); ++i) best = std::min(best, originToSegment(proj, ring[i], ring[i + 1]));
  return best;
}

}  // namespace

double haversineMeters(GeoPoint a, GeoPoint b) {
  const double phi1 = a.lat * kRadiansPerDegree, phi2 = b.lat * kRadiansPerDegree;
  const double dPhi = phi2 - phi1, dLambda = (b.lon - a.lon) * kRadiansPerDegree;
  const double h = std::sin(dPhi / 2) * std::sin(dPhi / 2) +
                   std::cos(phi1) * std::cos(phi2) * std::sin(dLambda / 2) * std::sin(dLambda / 2);
  return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(h)));
}

double areaSquareMeters(const MultiPolygon& area) {
  double total = 0;
  for (const Polygon& polygon : area) {
    double polygonArea = ringArea(polygon.outer());
    for (const auto& hole : polygon.inners()) polygonArea -= ringArea(hole);
    total += polygonArea;
  }
  return total;
}

Box boxAround(GeoPoint center, double meters) {
  const double dLat = meters / kEarthRadiusMeters / kRadiansPerDegree;
  // The box must hold the whole circle, so take the longitude span at the box edge nearest a pole.
  const double widestLat = std::min(89.999999, std::abs(center.lat) + dLat);
  const double dLon = std::min(180.0, dLat / std::cos(widestLat * kRadiansPerDegree));
  return Box(Point(center.lon - dLon, std::max(-90.0, center.lat - dLat)),
             Point(center.lon + dLon, std::min(90.0, center.lat + dLat)));
}

double distanceToEdgeMeters(GeoPoint p, const MultiPolygon& area) {
  const LocalProjection proj(p);
  double best = std::numeric_limits<double>::infinity();
  for (const Polygon& polygon : area) {
    best = originToRing(proj, polygon.outer(), best);
    for (const auto& hole : polygon.inners()) best = originToRing(proj, hole, best);
  }
  return best;
}

double distanceMeters(GeoPoint p, const MultiPolygon& area) {
  if (bg::covered_by(toPoint(p), area)) return 0;
  return distanceToEdgeMeters(p, area);
}

}  // namespace eoc::gis
