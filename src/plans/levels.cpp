#include "plans/levels.hpp"

namespace eoc::plans {

std::string_view levelKey(Level level) {
  switch (level) {
    case Level::I: return "I";
    case Level::II: return "II";
    case Level::III: return "III";
    case Level::IV: return "IV";
  }
  return "IV";
}

std::string_view levelName(Level level) {
  switch (level) {
    case Level::I: return "特别重大";
    case Level::II: return "重大";
    case Level::III: return "较大";
    case Level::IV: return "一般";
  }
  return "一般";
}

std::optional<Level> parseLevel(std::string_view key) {
  if (key == "I") return Level::I;
  if (key == "II") return Level::II;
  if (key == "III") return Level::III;
  if (key == "IV") return Level::IV;
  return std::nullopt;
}

std::optional<int> colourRank(std::string_view colour) {
  if (colour == "blue") return 1;
  if (colour == "yellow") return 2;
  if (colour == "orange") return 3;
  if (colour == "red") return 4;
  return std::nullopt;
}

}  // namespace eoc::plans
