// bench-gis [GEODATA_DIR]: PointIndex over 1,000,000 random points in the district's bbox —
// build time, nearest (k=1, k=10), withinRadius(500 m) and inBox per query, each the median of
// 5 runs of 100,000 queries — and, given a geodata folder, the time of loadCatalog on it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "gis/layer_loader.hpp"
#include "gis/point_index.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using eoc::GeoPoint;
using namespace eoc::gis;

constexpr double kWest = 87.343, kEast = 87.606, kSouth = 43.562, kNorth = 43.864;
constexpr size_t kPoints = 1'000'000;
constexpr size_t kQueries = 100'000;
constexpr int kRuns = 5;

double elapsedNs(Clock::time_point start) {
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
}

std::vector<GeoPoint> randomPoints(size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> lon(kWest, kEast), lat(kSouth, kNorth);
  std::vector<GeoPoint> points(n);
  for (GeoPoint& p : points) p = {lon(rng), lat(rng)};
  return points;
}

// Median over kRuns of the mean ns per query; `sink` keeps the optimiser from dropping the work.
template <typename Query>
double medianNsPerQuery(const std::vector<GeoPoint>& queries, Query query, size_t& sink) {
  std::vector<double> runs;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = Clock::now();
    for (const GeoPoint& q : queries) sink += query(q);
    runs.push_back(elapsedNs(start) / static_cast<double>(queries.size()));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::mt19937_64 rng(42);
  const std::vector<GeoPoint> points = randomPoints(kPoints, rng);
  const std::vector<GeoPoint> queries = randomPoints(kQueries, rng);

  const auto buildStart = Clock::now();
  const PointIndex index(points);
  std::printf("build PointIndex over %zu points: %.1f ms\n", kPoints, elapsedNs(buildStart) / 1e6);

  size_t sink = 0;
  std::printf("nearest k=1:          %8.0f ns/op\n",
              medianNsPerQuery(queries, [&](GeoPoint q) { return index.nearest(q, 1).size(); }, sink));
  std::printf("nearest k=10:         %8.0f ns/op\n",
              medianNsPerQuery(queries, [&](GeoPoint q) { return index.nearest(q, 10).size(); }, sink));
  std::printf("withinRadius(500 m):  %8.0f ns/op (%.0f points each on average)\n",
              medianNsPerQuery(queries, [&](GeoPoint q) { return index.withinRadius(q, 500).size(); }, sink),
              static_cast<double>(index.withinRadius({87.5, 43.7}, 500).size()));
  constexpr double kHalfSide = 0.0025;  // ≈ 400 m × 550 m
  std::printf("inBox(0.005° square): %8.0f ns/op\n", medianNsPerQuery(queries, [&](GeoPoint q) {
                return index.inBox(Box(Point(q.lon - kHalfSide, q.lat - kHalfSide), Point(q.lon + kHalfSide, q.lat + kHalfSide))).size();
              }, sink));

  if (argc > 1) {
    try {
      const auto loadStart = Clock::now();
      const LayerCatalog catalog = loadCatalog(argv[1]);
      size_t features = 0;
      for (const Layer& layer : catalog.layers()) features += layer.features().size();
      std::printf("loadCatalog(%s): %.1f ms (%zu layers, %zu features)\n", argv[1], elapsedNs(loadStart) / 1e6,
                  catalog.layers().size(), features);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "loadCatalog failed: %s\n", e.what());
      return 1;
    }
  }
  return sink == 0 ? 2 : 0;
}
