#pragma once
// Checks on the ASCII parts of identifiers and codes (GB/T 2260 codes, CAP identifiers, sequences).
#include <algorithm>
#include <string_view>

namespace eoc {

// Non-empty and only '0'–'9' (not std::isdigit, which depends on the locale).
inline bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace eoc
