#pragma once
// CAP messages an upstream feed carries in these tests: the observatory's rainstorm alert of
// tests/warnings/fixtures, given a fresh identifier and, when asked, another area.
#include <string>

namespace eoc::relay::testing {

std::string fixture(const std::string& name);  // tests/warnings/fixtures/<name>
// The observatory's orange rainstorm alert with `identifier`; `area` replaces its <area> block
// when not empty (e.g. a lone GB/T 2260 geocode).
std::string observatoryAlert(const std::string& identifier, const std::string& area = "");
std::string geocodeArea(const std::string& valueName, const std::string& code);

}  // namespace eoc::relay::testing
