// bench-gis [GEODATA_DIR]: PointIndex over 1,000,000 random points in the district's bbox —
// build time, nearest (k=1, k=10), withinRadius(500 m) and inBox per query, each the median of
// 5 runs of 100,000 queries — and, given a geodata folder, the time of loadCatalog on it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
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

// CPU time of this thread: on a shared machine wall time also counts the time other processes
// held the core, so both are reported.
double threadCpuNs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

struct PerQuery {
  double wallNs;
  double cpuNs;
};

// Median over kRuns of the mean ns per query; `sink` keeps the optimiser from dropping the work.
template <typename Query>
PerQuery medianNsPerQuery(const std::vector<GeoPoint>& queries, Query query, size_t& sink) {
  std::vector<double> wall, cpu;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = Clock::now();
    const double cpuStart = threadCpuNs();
    for (const GeoPoint& q : queries) sink += query(q);
    cpu.push_back((threadCpuNs() - cpuStart) / static_cast<double>(queries.size()));
    wall.push_back(elapsedNs(start) / static_cast<double>(queries.size()));
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

void report(const char* what, PerQuery t) { std::printf("%-22s %9.0f ns/op wall, %9.0f ns/op thread CPU\n", what, t.wallNs, t.cpuNs); }

}  // namespace

int main(int argc, char** argv) {
  std::mt19937_64 rng(42);
  const std::vector<GeoPoint> points = randomPoints(kPoints, rng);
  const std::vector<GeoPoint> queries = randomPoints(kQueries, rng);

  const auto buildStart = Clock::now();
  const PointIndex index(points);
  std::printf("build PointIndex over %zu points: %.1f ms\n", kPoints, elapsedNs(buildStart) / 1e6);

  size_t sink = 0;
  report("nearest k=1", medianNsPerQuery(queries, [&](GeoPoint q) { return index.nearest(q, 1).size(); }, sink));
  report("nearest k=10", medianNsPerQuery(queries, [&](GeoPoint q) { return index.nearest(q, 10).size(); }, sink));
  size_t inRadius = 0;
  report("withinRadius(500 m)", medianNsPerQuery(queries, [&](GeoPoint q) {
           const size_t n = index.withinRadius(q, 500).size();
           inRadius += n;
           return n;
         }, sink));
  std::printf("  (%.0f points within 500 m on average)\n", static_cast<double>(inRadius) / (kRuns * kQueries));
  constexpr double kHalfSide = 0.0025;  // a 0.005° square, ≈ 400 m × 550 m
  report("inBox(0.005° square)", medianNsPerQuery(queries, [&](GeoPoint q) {
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
