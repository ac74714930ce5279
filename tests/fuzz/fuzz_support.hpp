#pragma once
// What the fuzz targets share: the real signal catalogue, a district to check areas against, and
// JSON parsed the way the HTTP edge parses bodies (depth-limited, no exceptions).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "warnings/signal_catalogue.hpp"
#include "warnings/warning_request.hpp"

namespace eoc::fuzz {

// plans/warning-signals.json of this source tree, loaded once.
const warnings::SignalCatalogue& catalogue();
// The 18 committee codes and a box around the district: enough for every area check to run.
const warnings::DistrictGeometry& district();
// nullopt when the text is not JSON or nests deeper than the configured limit.
std::optional<nlohmann::json> parseBody(std::string_view text, const Limits& limits = {});
// A fixed "now" inside the sample warnings' validity, so that runs are reproducible.
TimePoint fixedNow();

}  // namespace eoc::fuzz

// The libFuzzer entry point every target defines; the replay driver calls the same function.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
