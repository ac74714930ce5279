#include "stock/quantity_text.hpp"

#include <cmath>
#include <cstdio>

namespace eoc::stock {

std::string grouped(long long n) {
  const bool negative = n < 0;
  unsigned long long v = negative ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string daysText(double days) {
  // The small epsilon keeps 1.8 (stored as 1.7999999…) from printing as 1.7.
  const double tenths = std::floor(days * 10 + 1e-9);
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", tenths / 10);
  return text;
}

}  // namespace eoc::stock
