#pragma once
// The data files eoc stands on, loaded and validated once: the layers of geodata/, the warning
// signal catalogue and texts, the plan book with its activation engine, and the drill scenarios of
// plans/. Immutable after load. `eoc serve` (EocService) and the offline `eoc drill` commands both
// start from here, so they read the same files the same way.
#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "drills/scenario.hpp"
#include "gis/layer.hpp"
#include "plans/activation.hpp"
#include "plans/plan_book.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/texts.hpp"

namespace eoc::service {

struct LoadedData {
  gis::LayerCatalog layers;
  std::string boundaryLayerId;  // from geodata/layers.json
  std::string districtCode;     // GB/T 2260, from geodata/layers.json
  std::unique_ptr<warnings::SignalCatalogue> signals;
  std::unique_ptr<warnings::WarningTexts> texts;
  std::unique_ptr<plans::PlanBook> planBook;
  std::unique_ptr<plans::ActivationEngine> engine;  // over planBook and layers: LoadedData never moves
  std::vector<drills::Scenario> scenarios;          // plans/drills/*.json
};

// Throws EocError(InvalidParameter) with the one-line reason (file, feature or pointer, field).
std::unique_ptr<const LoadedData> loadData(const Config& config);

// What the plans may name from other data files: layer ids and the signal catalogue's colours.
plans::KnownNames knownNames(const gis::LayerCatalog& layers, const warnings::SignalCatalogue& catalogue);
// Every problem of a plan book, on one line.
std::string planBookProblems(const plans::PlanBookError& error);

inline constexpr const char* kSignalCatalogueFile = "warning-signals.json";
inline constexpr const char* kWarningTextsFile = "warning-texts.json";

}  // namespace eoc::service
