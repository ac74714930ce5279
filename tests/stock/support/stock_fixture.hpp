#pragma once
// Small worlds for the stock tests: a catalogue of a few items, three warehouses on a line north
// of a shelter (so that distances and ETAs are hand-computable), and a helper that appends a
// movement the way the store does (sequence numbers) and applies it.
#include <nlohmann/json.hpp>

#include "stock/stock_levels.hpp"

namespace eoc::stock::testing {

// One hundredth of a degree of latitude on the 6 371 008.8 m sphere: 1111.9508 m.
inline constexpr double kHundredthDegreeMeters = 1111.9508;
inline const GeoPoint kShelter{87.58, 43.79};
inline GeoPoint northOfShelter(double hundredths) { return {kShelter.lon, kShelter.lat + hundredths / 100}; }

// drinking_water (17.5 L a week, shelf life), rice (2.8 kg a week, shelf life), tent (12 m² at
// 3.5 m² a person), toilet (one per 20), sandbag (no need); minimums at W1.
nlohmann::json waterRiceTentToiletSandbagCatalogueJson();
ItemCatalogue waterRiceTentToiletSandbagCatalogue();

// W1 three hundredths north of the shelter, W2 one hundredth, W3 two hundredths.
Warehouses threeWarehousesNorthOfTheShelter();

Date day(const char* iso);  // "2026-11-26"
MovementContext contextOn(const char* isoDay, const std::string& movementId = "m1");

// Numbers the plan's entries after the levels' last entry and applies them; returns the entries.
std::vector<LedgerEntry> commit(StockLevels& levels, MovementPlan plan);
// planMovement + commit.
MovementPlan move(StockLevels& levels, const MovementRequest& request, const MovementContext& context);

}  // namespace eoc::stock::testing
