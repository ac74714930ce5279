#include "relay/support/upstream_alerts.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace eoc::relay::testing {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/tests/warnings/fixtures/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("no fixture " + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string observatoryAlert(const std::string& identifier, const std::string& area) {
  std::string xml = fixture("observatory-rainstorm-orange-alert.xml");
  const std::string original = "65010000000000_20260712140000_3";
  xml.replace(xml.find(original), original.size(), identifier);
  if (!area.empty()) {
    const auto begin = xml.find("<area>"), end = xml.find("</area>") + std::string("</area>").size();
    xml.replace(begin, end - begin, area);
  }
  return xml;
}

std::string geocodeArea(const std::string& valueName, const std::string& code) {
  return "<area><areaDesc>" + code + "</areaDesc><geocode><valueName>" + valueName + "</valueName><value>" + code +
         "</value></geocode></area>";
}

}  // namespace eoc::relay::testing
