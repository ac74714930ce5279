#pragma once
// The ONE place that turns POST /warnings, /update and /cancel bodies into validated structs.
// Every failure throws EocError naming the field ("area.polygon: ring is not closed").
#include <chrono>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/time.hpp"
#include "gis/geometry.hpp"
#include "warnings/lifecycle.hpp"
#include "warnings/signal_catalogue.hpp"

namespace eoc::warnings {

// What the parser needs to know about the district (the service builds it from the layers).
struct DistrictGeometry {
  std::set<std::string, std::less<>> committeeCodes;  // 9-digit codes of the committees layer
  gis::MultiPolygon boundary;                          // the district boundary, WGS84
};

struct WarningPolicy {
  // How far onset may lie in the past ("already reached and likely to continue").
  std::chrono::seconds onsetPastTolerance{std::chrono::hours(1)};
  std::chrono::seconds maxDuration{std::chrono::hours(24 * 7)};
  size_t maxDescriptionCodePoints = 2000;
};

struct CancelRequest {
  std::string reason;
  bool falseAlarm = false;
};

WarningRequest parseWarningRequest(const nlohmann::json& body, const SignalCatalogue& catalogue,
                                   const DistrictGeometry& district, const Limits& limits, TimePoint now,
                                   const WarningPolicy& policy = {});

// `current` is the warning being updated: its status decides what a "status" key may say
// (asking an Exercise/Test to become Actual → ExerciseCannotBecomeActual).
WarningChanges parseWarningChanges(const nlohmann::json& body, const Warning& current,
                                   const SignalCatalogue& catalogue, const DistrictGeometry& district,
                                   const Limits& limits, TimePoint now, const WarningPolicy& policy = {});

CancelRequest parseCancelRequest(const nlohmann::json& body);

// GeoJSON Polygon (lon,lat) → a valid, closed, simple polygon inside the district, or throws.
gis::Polygon parseAreaPolygon(const nlohmann::json& geojson, const DistrictGeometry& district, const Limits& limits,
                              const std::string& field = "area.polygon");

size_t codePointCount(std::string_view utf8);

}  // namespace eoc::warnings
