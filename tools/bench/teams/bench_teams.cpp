// Dispatch figures: recommend() over 10,000 generated teams scattered over the district's
// bounding box (median and p99 of 2,000 queries, several specialty/people mixes), and the
// Hungarian assignment of 30 teams to 50 points (and 50 teams to 30 points) with the total ETA
// compared to greedy. Deterministic (fixed seed).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "teams/assignment.hpp"
#include "teams/recommend.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace eoc;
using namespace eoc::teams;

// WGS84 bounding box of the district (docs/design.md, "The district"); the generator only needs plausible spread.
constexpr double kMinLon = 87.343, kMaxLon = 87.606, kMinLat = 43.562, kMaxLat = 43.864;

GeoPoint randomPoint(std::mt19937& rng) {
  std::uniform_real_distribution<double> lon(kMinLon, kMaxLon), lat(kMinLat, kMaxLat);
  return {lon(rng), lat(rng)};
}

struct Stats {
  double median, p99;
};

template <class F>
Stats measure(int runs, F&& f) {
  std::vector<double> us;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    f(i);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

}  // namespace

int main() {
  std::mt19937 rng(650103);
  const auto& keys = specialtyKeys();
  std::vector<Candidate> teams(10000);
  for (auto& t : teams) {
    t.position = randomPoint(rng);
    t.headcount = 20 + int(rng() % 130);
    t.specialties = *specialtyBit(keys[rng() % keys.size()]) | *specialtyBit(keys[rng() % keys.size()]);
    t.available = rng() % 5 != 0;
  }
  std::vector<GeoPoint> targets(2000);
  for (auto& p : targets) p = randomPoint(rng);
  EtaModel model;

  std::printf("recommend among %zu teams (%s)\n", teams.size(), model.method().c_str());
  struct Mix {
    const char* label;
    SpecialtyMask specialty;
    int people;
  };
  const Mix mixes[] = {{"specialty=flood people=200", *specialtyBit("flood"), 200},
                       {"specialty=hazmat people=2000", *specialtyBit("hazmat"), 2000},
                       {"any specialty people=500", 0, 500},
                       {"specialty=medical, rank all", *specialtyBit("medical"), 0}};
  size_t sink = 0;
  for (const auto& mix : mixes) {
    auto s = measure(int(targets.size()), [&](int i) {
      sink += recommend(teams, {targets[size_t(i)], mix.specialty, mix.people}, model).size();
    });
    std::printf("  %-32s median %8.1f µs   p99 %8.1f µs   (target < 1000 µs)\n", mix.label, s.median, s.p99);
  }

  for (auto [rows, cols] : {std::pair{50, 30}, std::pair{30, 50}}) {
    std::vector<GeoPoint> points(size_t(rows + 0)), bases(size_t(cols + 0));
    double exactSum = 0, greedySum = 0;
    int better = 0;
    const int rounds = 200;
    std::vector<std::vector<std::vector<double>>> costs;
    for (int r = 0; r < rounds; ++r) {
      for (auto& p : points) p = randomPoint(rng);
      for (auto& b : bases) b = randomPoint(rng);
      std::vector<std::vector<double>> cost(points.size(), std::vector<double>(bases.size()));
      for (size_t i = 0; i < points.size(); ++i)
        for (size_t j = 0; j < bases.size(); ++j) cost[i][j] = estimateEta(bases[j], points[i], model).seconds;
      costs.push_back(std::move(cost));
    }
    auto s = measure(rounds, [&](int r) {
      auto exact = solveAssignment(costs[size_t(r)]);
      exactSum += exact.total;
      sink += exact.columnOfRow.size();
    });
    for (const auto& cost : costs) {
      double g = greedyAssignment(cost).total, e = solveAssignment(cost).total;
      greedySum += g;
      better += e < g - 1e-6;
    }
    std::printf("assignment %d points × %d teams: median %.1f µs, p99 %.1f µs; mean total ETA %.0f s exact vs %.0f s "
                "greedy (%.1f%% less), exact strictly better in %d/%d cases\n",
                rows, cols, s.median, s.p99, exactSum / rounds, greedySum / rounds,
                100 * (1 - exactSum / greedySum), better, rounds);
  }
  return sink == 0 ? 1 : 0;
}
