#include "warnings/support/warning_world.hpp"

#include <fstream>
#include <sstream>

namespace eoc::warnings::testing {

namespace bg = boost::geometry;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/tests/warnings/fixtures/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const SignalCatalogue& shippedCatalogue() {
  static const SignalCatalogue c = SignalCatalogue::load(std::string(EOC_SOURCE_DIR) + "/plans/warning-signals.json");
  return c;
}

const WarningTexts& shippedTexts() {
  static const WarningTexts t = WarningTexts::load(std::string(EOC_SOURCE_DIR) + "/plans/warning-texts.json");
  return t;
}

namespace {
gis::Polygon square(double lon0, double lat0, double lon1, double lat1) {
  gis::Polygon p;
  bg::read_wkt("POLYGON((" + std::to_string(lon0) + " " + std::to_string(lat0) + "," + std::to_string(lon1) + " " +
                   std::to_string(lat0) + "," + std::to_string(lon1) + " " + std::to_string(lat1) + "," +
                   std::to_string(lon0) + " " + std::to_string(lat1) + "," + std::to_string(lon0) + " " +
                   std::to_string(lat0) + "))",
               p);
  bg::correct(p);
  return p;
}
}  // namespace

const DistrictGeometry& district() {
  static const DistrictGeometry d = [] {
    DistrictGeometry g;
    g.committeeCodes = {"650103001", "650103002", "650103003"};
    g.boundary.push_back(square(87.343, 43.562, 87.606, 43.864));  // the district's WGS84 bbox
    return g;
  }();
  return d;
}

std::vector<CommitteeArea> committeeAreas() {
  std::vector<CommitteeArea> out;
  const char* names[] = {"长江路街道", "和田街街道", "扬子江路街道"};
  for (int i = 0; i < 3; ++i) {
    CommitteeArea c;
    c.code = "65010300" + std::to_string(i + 1);
    c.name = names[i];
    c.area.push_back(square(87.55 + 0.01 * i, 43.78, 87.56 + 0.01 * i, 43.79));
    out.push_back(std::move(c));
  }
  return out;
}

Principal person(Role role, const std::string& name) {
  Principal p;
  p.role = role;
  p.name = name;
  return p;
}

TimePoint at(const std::string& beijing) { return *parseIso8601(beijing); }

Warning Desk::draft(const std::string& type, const std::string& level, WarningStatus status) {
  WarningRequest r;
  r.type = type;
  r.level = level;
  r.status = status;
  r.area.committees = {"650103001", "650103002"};
  r.onset = at("2026-07-12T15:00:00+08:00");
  r.expires = at("2026-07-12T21:00:00+08:00");
  if (status == WarningStatus::Exercise) r.drillId = "D-2026-07";
  return lifecycle.draft(r, "W1", author, at("2026-07-12T14:50:00+08:00"));
}

Warning Desk::issued(const std::string& type, const std::string& level, WarningStatus status) {
  Warning w = draft(type, level, status);
  lifecycle.issue(w, status == WarningStatus::Actual ? approver : author, at("2026-07-12T15:00:00+08:00"));
  return w;
}

}  // namespace eoc::warnings::testing
