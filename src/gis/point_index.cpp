#include "gis/point_index.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include <boost/geometry/index/rtree.hpp>

#include "gis/geodesy.hpp"

namespace eoc::gis {
namespace {

namespace bgi = boost::geometry::index;

using UnitVector = bg::model::point<double, 3, bg::cs::cartesian>;
using SphereEntry = std::pair<UnitVector, size_t>;
using PlaneEntry = std::pair<Point, size_t>;
using SphereTree = bgi::rtree<SphereEntry, bgi::rstar<16>>;
using PlaneTree = bgi::rtree<PlaneEntry, bgi::rstar<16>>;

constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
// Chord lengths from the R-tree and haversine distances are both exact to ~1e-12 relative; any
// candidate within this slack (a few micrometres on Earth) of the k-th is re-ranked by haversine
// so that near-ties come out in the same order as a brute-force scan.
constexpr double kChordSlack = 1e-12;

UnitVector toUnitVector(GeoPoint p) {
  const double lon = p.lon * kRadiansPerDegree, lat = p.lat * kRadiansPerDegree;
  return UnitVector(std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat));
}

double chord(const UnitVector& a, const UnitVector& b) {
  const double dx = a.get<0>() - b.get<0>(), dy = a.get<1>() - b.get<1>(), dz = a.get<2>() - b.get<2>();
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

// A lambda rather than a function so that std::sort inlines it.
constexpr auto kNearerFirst = [](const Neighbour& a, const Neighbour& b) {
  return a.meters < b.meters || (a.meters == b.meters && a.index < b.index);
};


}  // namespace

struct PointIndex::Impl {
  std::vector<GeoPoint> points;
  SphereTree sphere;
  PlaneTree plane;

  static std::vector<SphereEntry> sphereEntries(const std::vector<GeoPoint>& points) {
    std::vector<SphereEntry> entries;
    entries.reserve(points.size());
    for (size_t i = 0; i < points.size(); ++i) entries.emplace_back(toUnitVector(points[i]), i);
    return entries;
  }
  static std::vector<PlaneEntry> planeEntries(const std::vector<GeoPoint>& points) {
    std::vector<PlaneEntry> entries;
    entries.reserve(points.size());
    for (size_t i = 0; i < points.size(); ++i) entries.emplace_back(toPoint(points[i]), i);
    return entries;
  }

  // The range constructors bulk-load (STR packing): faster to build and to query than inserts.
  explicit Impl(const std::vector<GeoPoint>& pts)
      : points(pts), sphere(sphereEntries(pts)), plane(planeEntries(pts)) {}

  Neighbour neighbour(GeoPoint from, size_t index) const {
    return Neighbour{index, haversineMeters(from, points[index])};
  }
};

PointIndex::PointIndex(const std::vector<GeoPoint>& points) : impl_(std::make_unique<Impl>(points)) {}
PointIndex::~PointIndex() = default;
PointIndex::PointIndex(PointIndex&&) noexcept = default;
PointIndex& PointIndex::operator=(PointIndex&&) noexcept = default;

size_t PointIndex::size() const { return impl_->points.size(); }

std::vector<Neighbour> PointIndex::nearest(GeoPoint from, size_t k, const std::function<bool(size_t)>& accept) const {
  std::vector<Neighbour> found;
  if (k == 0 || impl_->points.empty()) return found;
  const UnitVector origin = toUnitVector(from);
  std::vector<std::pair<double, size_t>> byChord;  // (chord, index), nearest first
  auto fetch = [&](size_t count) {
    std::vector<SphereEntry> hits;
    const auto n = static_cast<unsigned>(std::min(count, impl_->points.size()));
    if (accept) {
      auto keep = [&accept](const SphereEntry& e) { return accept(e.second); };
      impl_->sphere.query(bgi::nearest(origin, n) && bgi::satisfies(keep), std::back_inserter(hits));
    } else {
      impl_->sphere.query(bgi::nearest(origin, n), std::back_inserter(hits));
    }
    byChord.clear();
    for (const auto& [unit, index] : hits) byChord.emplace_back(chord(origin, unit), index);
    std::sort(byChord.begin(), byChord.end());
  };
  // Ask for one more than k: if it is clearly farther than the k-th there is no tie to resolve
  // (the usual case); otherwise widen until the tie group around the k-th is complete.
  double kthChord = 0;
  for (size_t count = k + 1;; count *= 2) {
    fetch(count);
    if (byChord.size() <= k) {
      kthChord = byChord.empty() ? 0 : byChord.back().first;
      break;
    }
    kthChord = byChord[k - 1].first;
    if (byChord.size() < count || byChord.back().first > kthChord + kChordSlack) break;
  }
  for (const auto& [c, index] : byChord) {
    if (c > kthChord + kChordSlack) break;
    found.push_back(impl_->neighbour(from, index));
  }
  std::sort(found.begin(), found.end(), kNearerFirst);
  if (found.size() > k) found.resize(k);
  return found;
}

std::vector<Neighbour> PointIndex::withinRadius(GeoPoint from, double meters) const {
  std::vector<Neighbour> found;
  if (!(meters >= 0)) return found;
  // Candidates from the lon/lat tree: boxAround holds the whole circle, and a box query on a 2D
  // tree is tighter than a cube around the query on the unit sphere (the sphere's surface cuts
  // the cube obliquely, taking in up to 1.8× the circle's area).
  std::vector<PlaneEntry> candidates;
  impl_->plane.query(bgi::intersects(boxAround(from, meters)), std::back_inserter(candidates));
  found.reserve(candidates.size());
  for (const auto& [point, index] : candidates) {
    Neighbour n = impl_->neighbour(from, index);
    if (n.meters <= meters) found.push_back(n);
  }
  std::sort(found.begin(), found.end(), kNearerFirst);
  return found;
}

std::vector<size_t> PointIndex::inBox(const Box& box) const {
  std::vector<PlaneEntry> hits;
  impl_->plane.query(bgi::intersects(box), std::back_inserter(hits));
  std::vector<size_t> indexes;
  indexes.reserve(hits.size());
  for (const auto& hit : hits) indexes.push_back(hit.second);
  std::sort(indexes.begin(), indexes.end());
  return indexes;
}

}  // namespace eoc::gis
