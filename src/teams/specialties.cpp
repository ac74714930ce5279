#include "teams/specialties.hpp"

namespace eoc::teams {

const std::vector<std::string>& specialtyKeys() {
  static const std::vector<std::string> keys = {"flood",  "fire", "search_rescue", "hazmat",
                                                "medical", "snow", "logistics",     "comms"};
  return keys;
}

std::optional<SpecialtyMask> specialtyBit(std::string_view key) {
  const auto& keys = specialtyKeys();
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return SpecialtyMask(1) << i;
  return std::nullopt;
}

std::vector<std::string> specialtyNames(SpecialtyMask mask) {
  std::vector<std::string> out;
  const auto& keys = specialtyKeys();
  for (size_t i = 0; i < keys.size(); ++i)
    if (mask & (SpecialtyMask(1) << i)) out.push_back(keys[i]);
  return out;
}

}  // namespace eoc::teams
