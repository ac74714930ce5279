#pragma once
// Internal to duty/: what counts as an empty entry in a log line or a report.
#include <algorithm>
#include <string>

namespace eoc::duty::detail {

// Only spaces, tabs and line breaks: an entry a tired officer left empty by accident.
inline bool isBlank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

}  // namespace eoc::duty::detail
