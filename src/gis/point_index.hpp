#pragma once
// In-memory spatial index over points: k-nearest and within-radius by true great-circle distance,
// and bounding-box queries. Nearest queries run on an R-tree of unit-sphere (ECEF) coordinates,
// where chord length is monotonic in great-circle distance, so results equal a brute-force
// haversine scan exactly, with no projection error and no re-ranking.
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "core/geo_point.hpp"
#include "gis/geometry.hpp"

namespace eoc::gis {

struct Neighbour {
  size_t index;   // position in the vector given to the constructor
  double meters;  // great-circle distance from the query point
};

class PointIndex {
 public:
  explicit PointIndex(const std::vector<GeoPoint>& points);
  ~PointIndex();
  PointIndex(PointIndex&&) noexcept;
  PointIndex& operator=(PointIndex&&) noexcept;

  // Up to k neighbours, nearest first; ties broken by index. `accept` filters candidates
  // (e.g. only open shelters) without losing the k-nearest guarantee.
  std::vector<Neighbour> nearest(GeoPoint from, size_t k,
                                 const std::function<bool(size_t)>& accept = {}) const;
  // Every point within `meters` (inclusive), nearest first.
  std::vector<Neighbour> withinRadius(GeoPoint from, double meters) const;
  // Indexes of the points inside the box (edges included), ascending.
  std::vector<size_t> inBox(const Box& box) const;
  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eoc::gis
