// bench-plans PLANS_DIR GEODATA_DIR [REQUEST_JSON]
// Activation latency for a district-wide rainstorm red warning and a point gas-leak incident:
// median (and p99) of 10,000 runs each of parse, activate and render, in microseconds.
// The signal catalogue is read the way the service reads it (warnings::SignalCatalogue), so a
// plan that names a level the catalogue lacks fails here as it would at startup.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "gis/layer_loader.hpp"
#include "plans/activation.hpp"
#include "warnings/signal_catalogue.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRuns = 10000;

struct Stats {
  double median = 0;
  double p99 = 0;
};

template <typename F>
Stats measure(F&& run) {
  std::vector<double> us;
  us.reserve(kRuns);
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    run();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

void report(const char* name, const nlohmann::json& body, const eoc::plans::ActivationEngine& engine) {
  const eoc::Limits limits;
  const auto input = eoc::plans::parseActivationRequest(body, engine, limits);
  const auto sample = engine.activate(input);
  volatile size_t sink = 0;
  const Stats parse = measure([&] { sink = sink + eoc::plans::parseActivationRequest(body, engine, limits).index(); });
  const Stats activate = measure([&] { sink = sink + engine.activate(input).actions.size(); });
  const Stats render = measure([&] { sink = sink + eoc::plans::toJson(sample).size(); });
  std::printf("%-34s plans %zu, actions %zu, shelters to open %zu\n", name, sample.plans.size(), sample.actions.size(),
              sample.sheltersToOpen.size());
  std::printf("  parse     median %8.1f µs   p99 %8.1f µs\n", parse.median, parse.p99);
  std::printf("  activate  median %8.1f µs   p99 %8.1f µs   (target < 1000 µs)\n", activate.median, activate.p99);
  std::printf("  toJson    median %8.1f µs   p99 %8.1f µs\n", render.median, render.p99);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: bench-plans PLANS_DIR GEODATA_DIR [REQUEST_JSON]\n"
                         "  with REQUEST_JSON: print that one activation instead of benchmarking\n");
    return 2;
  }
  try {
    const auto catalogue = eoc::warnings::SignalCatalogue::load(std::filesystem::path(argv[1]) / "warning-signals.json");
    const auto layers = eoc::gis::loadCatalog(argv[2]);
    eoc::plans::KnownNames known;
    for (const auto& type : catalogue.types()) known.signalLevels[type.key] = catalogue.levelsOf(type.key);
    for (const auto& layer : layers.layers()) known.layerIds.insert(layer.id());
    const auto book = eoc::plans::loadPlanBook(argv[1], known);
    const eoc::plans::ActivationEngine engine(book, layers);

    if (argc == 4) {
      const auto input = eoc::plans::parseActivationRequest(nlohmann::json::parse(argv[3]), engine, eoc::Limits{});
      std::printf("%s\n", eoc::plans::toJson(engine.activate(input)).dump(2).c_str());
      return 0;
    }
    nlohmann::json committees = nlohmann::json::array();
    for (const auto& f : layers.require("committees").features()) committees.push_back(f.id);
    const auto point = layers.require("communities").features().front().location();
    std::printf("%zu plans, %zu committees, %zu runs each\n", book.plans().size(), committees.size(), static_cast<size_t>(kRuns));
    report("rainstorm red, all committees", {{"warning", {{"type", "rainstorm"}, {"level", "red"}, {"area", {{"committees", committees}}}}}},
           engine);
    report("gas leak at a community", {{"incident", {{"type", "gas_leak"}, {"location", {point.lon, point.lat}}, {"casualties", 1}}}}, engine);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-plans: %s\n", e.what());
    return 1;
  }
  return 0;
}
