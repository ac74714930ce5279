#pragma once
// Shared fixtures of the plans tests: the shipped plans/ folder, the tiny two-committee district
// in tests/plans/fixtures/district-2committees/, and an engine over both.
#include <filesystem>

#include "gis/layer.hpp"
#include "plans/activation.hpp"
#include "plans/plan_book.hpp"

namespace eoc::plans::testing {

std::filesystem::path shippedPlansDir();
std::filesystem::path fixtureDistrictDir();

// Signal types and their colours as DESIGN.md §3.1 tables them, and the fixture's layer ids.
KnownNames knownNames();

const gis::LayerCatalog& fixtureCatalog();
const PlanBook& shippedBook();
const ActivationEngine& fixtureEngine();

// Parse a request body with default limits and activate it.
Activation activateJson(const nlohmann::json& body);

// A fresh temporary folder, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace eoc::plans::testing
