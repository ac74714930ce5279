#pragma once
// Numbers as the office writes them in reports: "24,300", "1.8".
#include <string>

namespace eoc::stock {

// Thousands grouped with commas: 41000 -> "41,000", -1200 -> "-1,200".
std::string grouped(long long n);
// One decimal, rounded down so that a supply is never overstated: 1.86 -> "1.8", 3 -> "3.0".
std::string daysText(double days);

}  // namespace eoc::stock
