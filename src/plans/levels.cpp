#include "plans/levels.hpp"

#include "core/enum_names.hpp"

namespace eoc::plans {

namespace {
constexpr EnumNames<Level, 4> kKeys{{{{Level::I, "I"}, {Level::II, "II"}, {Level::III, "III"}, {Level::IV, "IV"}}}};
}  // namespace

std::string_view levelKey(Level level) { return kKeys.name(level); }

std::string_view levelName(Level level) {
  switch (level) {
    case Level::I: return "特别重大";
    case Level::II: return "重大";
    case Level::III: return "较大";
    case Level::IV: return "一般";
  }
  return "一般";
}

std::optional<Level> parseLevel(std::string_view key) { return kKeys.parse(key); }

std::optional<int> colourRank(std::string_view colour) {
  if (colour == "blue") return 1;
  if (colour == "yellow") return 2;
  if (colour == "orange") return 3;
  if (colour == "red") return 4;
  return std::nullopt;
}

}  // namespace eoc::plans
