#pragma once
// The team specialty keys of the data contract (flood fire search_rescue hazmat medical snow
// logistics comms). Each key has a bit so that
// filtering thousands of teams by specialty is one AND, not a string search.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eoc::teams {

using SpecialtyMask = uint32_t;

const std::vector<std::string>& specialtyKeys();  // flood fire search_rescue hazmat medical snow logistics comms
// The bit of a known key; nullopt for anything else.
std::optional<SpecialtyMask> specialtyBit(std::string_view key);
// The keys of the bits set in `mask`, in catalogue order.
std::vector<std::string> specialtyNames(SpecialtyMask mask);

}  // namespace eoc::teams
