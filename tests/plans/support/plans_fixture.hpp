#pragma once
// Shared fixtures of the plans tests: the shipped plans/ folder, the tiny two-committee district
// in tests/plans/fixtures/district-2committees/, and an engine over both.
#include <filesystem>

#include "gis/layer.hpp"
#include "plans/activation.hpp"
#include "plans/plan_book.hpp"
#include "support/temp_dir.hpp"

namespace eoc::plans::testing {

std::filesystem::path shippedPlansDir();
std::filesystem::path fixtureDistrictDir();

// Signal types and their colours as CMA Order No. 16 tables them, and the fixture's layer ids.
KnownNames knownNames();

const gis::LayerCatalog& fixtureCatalog();
const PlanBook& shippedBook();
const ActivationEngine& fixtureEngine();

// Parse a request body with default limits and activate it.
Activation activateJson(const nlohmann::json& body);

using eoc::testing::TempDir;  // tests/support/temp_dir.hpp

}  // namespace eoc::plans::testing
