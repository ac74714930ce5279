#pragma once
// Response levels (特别重大 I … 一般 IV) and warning colours, both ordered by severity so that
// "highest wins" is a plain comparison. These are national standards, not district data.
#include <optional>
#include <string>
#include <string_view>

namespace eoc::plans {

// Higher value = more severe. I is the most severe response level.
enum class Level { IV = 1, III = 2, II = 3, I = 4 };

std::string_view levelKey(Level level);   // "I" .. "IV"
std::string_view levelName(Level level);  // "特别重大" .. "一般"
std::optional<Level> parseLevel(std::string_view key);

// CMA signal colours by severity: blue 1, yellow 2, orange 3, red 4; nullopt for anything else.
std::optional<int> colourRank(std::string_view colour);

}  // namespace eoc::plans
