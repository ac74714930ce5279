#include "service/loaded_data.hpp"

#include "core/error.hpp"
#include "gis/layer_loader.hpp"
#include "gis/manifest.hpp"

namespace eoc::service {

plans::KnownNames knownNames(const gis::LayerCatalog& layers, const warnings::SignalCatalogue& catalogue) {
  plans::KnownNames known;
  for (const auto& layer : layers.layers()) known.layerIds.insert(layer.id());
  for (const auto& type : catalogue.types()) known.signalLevels[type.key] = catalogue.levelsOf(type.key);
  return known;
}

std::string planBookProblems(const plans::PlanBookError& e) {
  std::string all;
  for (const auto& p : e.problems()) all += (all.empty() ? "" : "; ") + p;
  return all.empty() ? e.what() : all;
}

std::unique_ptr<const LoadedData> loadData(const Config& config) {
  auto data = std::make_unique<LoadedData>();
  try {
    data->layers = gis::loadCatalog(config.geodataDir);
    auto manifest = gis::readManifest(config.geodataDir);
    data->boundaryLayerId = manifest.district.boundaryLayer;
    data->districtCode = manifest.district.code;
  } catch (const gis::GisError& e) {
    throw EocError(ErrorCode::InvalidParameter, e.what());
  }
  data->signals = std::make_unique<warnings::SignalCatalogue>(
      warnings::SignalCatalogue::load(config.plansDir / kSignalCatalogueFile));
  data->texts =
      std::make_unique<warnings::WarningTexts>(warnings::WarningTexts::load(config.plansDir / kWarningTextsFile));
  try {
    data->planBook = std::make_unique<plans::PlanBook>(
        plans::loadPlanBook(config.plansDir, knownNames(data->layers, *data->signals)));
  } catch (const plans::PlanBookError& e) {
    throw EocError(ErrorCode::InvalidParameter, planBookProblems(e));
  }
  data->engine = std::make_unique<plans::ActivationEngine>(*data->planBook, data->layers);
  try {
    data->scenarios = drills::loadScenarios((config.plansDir / "drills").string());
  } catch (const std::runtime_error& e) {
    throw EocError(ErrorCode::InvalidParameter, e.what());
  }
  return data;
}

}  // namespace eoc::service
