#include "plans/support/plans_fixture.hpp"

#include <atomic>
#include <random>

#include "gis/layer_loader.hpp"

namespace eoc::plans::testing {

std::filesystem::path shippedPlansDir() { return std::filesystem::path(EOC_SOURCE_DIR) / "plans"; }
std::filesystem::path fixtureDistrictDir() {
  return std::filesystem::path(EOC_SOURCE_DIR) / "tests/plans/fixtures/district-2committees";
}

KnownNames knownNames() {
  KnownNames known;
  const std::vector<std::string> all = {"blue", "yellow", "orange", "red"};
  const std::vector<std::string> fromYellow = {"yellow", "orange", "red"};
  for (const char* type : {"typhoon", "rainstorm", "blizzard", "cold_wave", "strong_wind", "snow_disaster"})
    known.signalLevels[type] = all;
  for (const char* type : {"sandstorm", "heat", "lightning", "fog", "haze", "road_icing", "forest_fire_risk",
                           "waterlogging_risk", "geohazard_risk"})
    known.signalLevels[type] = fromYellow;
  known.signalLevels["drought"] = {"orange", "red"};
  known.signalLevels["hail"] = {"orange", "red"};
  known.signalLevels["frost"] = {"blue", "yellow", "orange"};
  known.signalLevels["dust"] = {"blue", "yellow"};
  for (const auto& layer : fixtureCatalog().layers()) known.layerIds.insert(layer.id());
  return known;
}

const gis::LayerCatalog& fixtureCatalog() {
  static const gis::LayerCatalog catalog = gis::loadCatalog(fixtureDistrictDir());
  return catalog;
}

const PlanBook& shippedBook() {
  static const PlanBook book = loadPlanBook(shippedPlansDir(), knownNames());
  return book;
}

const ActivationEngine& fixtureEngine() {
  static const ActivationEngine engine(shippedBook(), fixtureCatalog());
  return engine;
}

Activation activateJson(const nlohmann::json& body) {
  return fixtureEngine().activate(parseActivationRequest(body, fixtureEngine(), Limits{}));
}

}  // namespace eoc::plans::testing
