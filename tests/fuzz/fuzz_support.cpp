#include "fuzz_support.hpp"

#include <cstdio>

namespace eoc::fuzz {

const warnings::SignalCatalogue& catalogue() {
  static const warnings::SignalCatalogue loaded =
      warnings::SignalCatalogue::load(std::filesystem::path(EOC_SOURCE_DIR) / "plans" / "warning-signals.json");
  return loaded;
}

const warnings::DistrictGeometry& district() {
  static const warnings::DistrictGeometry built = [] {
    warnings::DistrictGeometry d;
    for (int i = 1; i <= 18; ++i) {
      char code[16];
      std::snprintf(code, sizeof code, "650103%03d", i);
      d.committeeCodes.insert(code);
    }
    gis::Polygon box;
    for (auto [lon, lat] : {std::pair{87.40, 43.70}, {87.40, 43.90}, {87.70, 43.90}, {87.70, 43.70}, {87.40, 43.70}})
      box.outer().push_back(gis::Point(lon, lat));
    boost::geometry::correct(box);
    d.boundary.push_back(box);
    return d;
  }();
  return built;
}

std::optional<nlohmann::json> parseBody(std::string_view text, const Limits& limits) {
  bool tooDeep = false;
  auto body = nlohmann::json::parse(
      text.begin(), text.end(),
      [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > limits.maxJsonDepth) tooDeep = true;
        return !tooDeep;
      },
      false);
  if (tooDeep || body.is_discarded()) return std::nullopt;
  return body;
}

TimePoint fixedNow() { return *parseIso8601("2026-07-12T14:30:00+08:00"); }

}  // namespace eoc::fuzz
