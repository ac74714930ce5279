// Earthquake drill impact figures: the intensity field (M6.5 on the 雅玛里克 fault, strike NE)
// evaluated over 1,000,000 generated population cells scattered over the district's bounding
// box, summed per intensity degree; median and worst of 7 runs, plus the field's build time.
// Then a full simulated district drill end to end over the bundled geodata: every committee
// warned, every team dispatched, impact, MSEL, simulated run, report JSON and HTML.
// Deterministic (fixed seed). Run from the repository root.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "drills/impact.hpp"
#include "drills/report.hpp"
#include "gis/layer_loader.hpp"

namespace {

using Steady = std::chrono::steady_clock;
using namespace eoc;
using namespace eoc::drills;

// WGS84 bounding box of the district (docs/design.md, "The district").
constexpr double kMinLon = 87.343, kMaxLon = 87.606, kMinLat = 43.562, kMaxLat = 43.864;
constexpr size_t kCells = 1'000'000;
constexpr int kRuns = 7;

double ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main() {
  std::mt19937 rng(20260915);
  std::uniform_real_distribution<double> lon(kMinLon, kMaxLon), lat(kMinLat, kMaxLat), people(0, 1.4);
  std::vector<PopulationCell> cells(kCells);
  for (auto& c : cells) c = {GeoPoint{lon(rng), lat(rng)}, people(rng)};

  const GeoPoint epicentre{87.5544, 43.7622};
  auto t0 = Steady::now();
  IntensityField field(epicentre, 6.5, 45.0);
  double buildMs = ms(Steady::now() - t0);

  std::vector<double> runs;
  PopulationByDegree sums{};
  for (int r = 0; r < kRuns; ++r) {
    auto start = Steady::now();
    sums = exposedByDegree(field, cells);
    runs.push_back(ms(Steady::now() - start));
  }
  std::sort(runs.begin(), runs.end());
  std::printf("earthquake impact over %zu population cells (M6.5, strike 45°)\n", kCells);
  std::printf("  field build (radius table): %.2f ms\n", buildMs);
  std::printf("  per-degree sums: median %.1f ms, worst %.1f ms over %d runs (target < 200 ms)\n", runs[kRuns / 2],
              runs.back(), kRuns);
  for (size_t d = 0; d < sums.size(); ++d)
    if (sums[d] > 0) std::printf("  degree %-4s %12.0f people\n", romanDegree(static_cast<int>(d)), sums[d]);

  auto layers = gis::loadCatalog("geodata");
  auto exposure = exposureFrom(layers);
  auto scenario = loadScenarios("plans/drills").front();  // earthquake-yamalik sorts first
  auto e2e = Steady::now();
  Impact impact = assess(scenario, exposure);
  auto zones = zoneFeatures(scenario, impact, exposure);
  std::vector<Participant> committees, teamNames;
  std::vector<TeamAtHome> teams;
  for (const auto& c : exposure.committees) committees.push_back({c.committee, c.name});
  for (const auto& t : exposure.teams) {
    teams.push_back({t.id, t.name, t.at});
    teamNames.push_back({t.id, t.name});
  }
  auto msel = generateMsel(scenario, {}, committees, teamNames);
  auto run = simulateRun(scenario.location, committees, teams, msel, ResponseModel{}, 42);
  auto report = buildReport(scenario.id, scenario, run, headlines(impact));
  auto json = toJson(report).dump();
  auto html = renderHtml(report);
  std::printf("full simulated district drill (%zu committees, %zu teams, %zu communities): %.1f ms, "
              "%zu zones, %zu MSEL rows, report %zu B JSON / %zu B HTML\n",
              committees.size(), teams.size(), exposure.communities.size(), ms(Steady::now() - e2e), zones.size(),
              msel.size(), json.size(), html.size());
  return 0;
}
