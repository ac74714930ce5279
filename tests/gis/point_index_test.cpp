#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "gis/geodesy.hpp"
#include "gis/point_index.hpp"

namespace eoc::gis::point_index_test {
namespace {

// The district's WGS84 bounding box.
constexpr double kWest = 87.343, kEast = 87.606, kSouth = 43.562, kNorth = 43.864;

std::vector<GeoPoint> randomPoints(size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> lon(kWest, kEast), lat(kSouth, kNorth);
  std::vector<GeoPoint> points(n);
  for (GeoPoint& p : points) p = {lon(rng), lat(rng)};
  return points;
}

bool nearerFirst(const Neighbour& a, const Neighbour& b) {
  return a.meters < b.meters || (a.meters == b.meters && a.index < b.index);
}

// The reference: haversine to every accepted point, the first k by (distance, index).
std::vector<Neighbour> bruteForce(const std::vector<GeoPoint>& points, GeoPoint from, size_t k,
                                  const std::function<bool(size_t)>& accept = {}) {
  std::vector<Neighbour> all;
  for (size_t i = 0; i < points.size(); ++i)
    if (!accept || accept(i)) all.push_back({i, haversineMeters(from, points[i])});
  k = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(), nearerFirst);
  all.resize(k);
  return all;
}

std::vector<Neighbour> bruteForceWithin(const std::vector<GeoPoint>& points, GeoPoint from, double meters) {
  std::vector<Neighbour> found;
  for (size_t i = 0; i < points.size(); ++i) {
    const double d = haversineMeters(from, points[i]);
    if (d <= meters) found.push_back({i, d});
  }
  std::sort(found.begin(), found.end(), nearerFirst);
  return found;
}

void expectSameNeighbours(const std::vector<Neighbour>& actual, const std::vector<Neighbour>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].index, expected[i].index) << "rank " << i;
    EXPECT_DOUBLE_EQ(actual[i].meters, expected[i].meters) << "rank " << i;
  }
}

class PointIndexOn100kPoints : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rng_ = std::mt19937_64(20260712);
    points_ = randomPoints(100000, rng_);
    index_ = std::make_unique<PointIndex>(points_);
  }
  static void TearDownTestSuite() { index_.reset(); }
  static std::mt19937_64 rng_;
  static std::vector<GeoPoint> points_;
  static std::unique_ptr<PointIndex> index_;
};
std::mt19937_64 PointIndexOn100kPoints::rng_;
std::vector<GeoPoint> PointIndexOn100kPoints::points_;
std::unique_ptr<PointIndex> PointIndexOn100kPoints::index_;

TEST_F(PointIndexOn100kPoints, NearestEqualsBruteForceForKOf1And5And20) {
  ASSERT_EQ(index_->size(), points_.size());
  // Queries also a little outside the box, where the nearest points lie on its edge.
  std::uniform_real_distribution<double> lon(kWest - 0.05, kEast + 0.05), lat(kSouth - 0.05, kNorth + 0.05);
  for (int q = 0; q < 300; ++q) {
    const GeoPoint from{lon(rng_), lat(rng_)};
    const auto reference = bruteForce(points_, from, 20);
    for (size_t k : {1u, 5u, 20u}) {
      SCOPED_TRACE("query " + std::to_string(q) + " k " + std::to_string(k));
      expectSameNeighbours(index_->nearest(from, k), std::vector<Neighbour>(reference.begin(), reference.begin() + k));
    }
  }
}

TEST_F(PointIndexOn100kPoints, NearestWithAcceptFilterStillReturnsTheKNearestAccepted) {
  // Accept only one point in 50: the nearest accepted ones are usually not among the nearest k.
  const auto onlyEvery50th = [](size_t i) { return i % 50 == 7; };
  std::uniform_real_distribution<double> lon(kWest, kEast), lat(kSouth, kNorth);
  for (int q = 0; q < 200; ++q) {
    const GeoPoint from{lon(rng_), lat(rng_)};
    const auto reference = bruteForce(points_, from, 20, onlyEvery50th);
    for (size_t k : {1u, 5u, 20u}) {
      SCOPED_TRACE("query " + std::to_string(q) + " k " + std::to_string(k));
      expectSameNeighbours(index_->nearest(from, k, onlyEvery50th),
                           std::vector<Neighbour>(reference.begin(), reference.begin() + k));
    }
  }
}

TEST_F(PointIndexOn100kPoints, WithinRadiusEqualsBruteForce) {
  std::uniform_real_distribution<double> lon(kWest, kEast), lat(kSouth, kNorth);
  for (int q = 0; q < 40; ++q) {
    const GeoPoint from{lon(rng_), lat(rng_)};
    for (double radius : {50.0, 300.0, 1000.0}) {
      const auto reference = bruteForceWithin(points_, from, radius);
      SCOPED_TRACE("query " + std::to_string(q) + " radius " + std::to_string(radius));
      expectSameNeighbours(index_->withinRadius(from, radius), reference);
    }
  }
}

TEST_F(PointIndexOn100kPoints, InBoxEqualsBruteForce) {
  std::uniform_real_distribution<double> lon(kWest, kEast), lat(kSouth, kNorth), size(0.001, 0.05);
  for (int q = 0; q < 100; ++q) {
    const double west = lon(rng_), south = lat(rng_);
    const Box box(Point(west, south), Point(west + size(rng_), south + size(rng_)));
    std::vector<size_t> reference;
    for (size_t i = 0; i < points_.size(); ++i)
      if (bg::covered_by(toPoint(points_[i]), box)) reference.push_back(i);
    EXPECT_EQ(index_->inBox(box), reference) << "query " << q;
  }
}

TEST(PointIndex, TiesAreBrokenByIndexAndDuplicatesAllCount) {
  // Five copies of one place among other points: k=3 must give the three lowest indexes of them.
  std::vector<GeoPoint> points = {{87.50, 43.70}, {87.58, 43.79}, {87.40, 43.60}, {87.58, 43.79}, {87.58, 43.79},
                                  {87.58, 43.79}, {87.58, 43.79}};
  const PointIndex index(points);
  const auto found = index.nearest({87.58, 43.79}, 3);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].index, 1u);
  EXPECT_EQ(found[1].index, 3u);
  EXPECT_EQ(found[2].index, 4u);
  EXPECT_EQ(index.withinRadius({87.58, 43.79}, 0).size(), 5u);
}

TEST(PointIndex, EmptyIndexAndOversizedKAreHarmless) {
  const PointIndex empty(std::vector<GeoPoint>{});
  EXPECT_TRUE(empty.nearest({87.5, 43.7}, 5).empty());
  EXPECT_TRUE(empty.withinRadius({87.5, 43.7}, 1000).empty());
  const PointIndex two(std::vector<GeoPoint>{{87.5, 43.7}, {87.6, 43.8}});
  EXPECT_EQ(two.nearest({87.5, 43.7}, 20).size(), 2u);
  EXPECT_TRUE(two.nearest({87.5, 43.7}, 0).empty());
  EXPECT_TRUE(two.nearest({87.5, 43.7}, 5, [](size_t) { return false; }).empty());
}

}  // namespace
}  // namespace eoc::gis::point_index_test
