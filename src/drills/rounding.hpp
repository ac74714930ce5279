#pragma once

#include <cmath>

namespace eoc::drills {

// Figures in reports and simulations carry two decimals (minutes, kilometres): what a planner reads.
inline double round2(double v) { return std::round(v * 100) / 100; }

}  // namespace eoc::drills
