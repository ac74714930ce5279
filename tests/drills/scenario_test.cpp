#include <set>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "drills/impact.hpp"
#include "drills/scenario.hpp"
#include "gis/layer_loader.hpp"

namespace eoc::drills::scenario_test {
namespace {

using nlohmann::json;

json minimal() {
  return json::parse(R"({"id": "gas-1", "title": "燃气泄漏", "type": "gas_leak", "location": [87.59, 43.80],
    "start": "2026-10-20T09:30:00+08:00", "area": {"size": "small", "radius_by_size": {"small": 100}}})");
}

TEST(Scenario, BundledScenariosCoverEveryDrillTypeOfTheIssue) {
  auto scenarios = loadScenarios(EOC_SOURCE_DIR "/plans/drills");
  std::set<std::string> types;
  for (const auto& s : scenarios) types.insert(s.type);
  EXPECT_EQ(types, (std::set<std::string>{"earthquake", "rainstorm", "gas_leak", "grassland_fire", "building_fire",
                                          "search_rescue"}));
  for (const auto& s : scenarios) {
    EXPECT_FALSE(s.objectives.empty()) << s.id;
    EXPECT_FALSE(s.committees.empty()) << s.id;
  }
}

TEST(Scenario, MinimalGasLeakParses) {
  auto s = parseScenario(minimal());
  EXPECT_EQ(s.type, "gas_leak");
  ASSERT_TRUE(s.area);
  EXPECT_DOUBLE_EQ(s.area->radius(), 100);
  EXPECT_EQ(formatBeijing(s.start), "2026-10-20T09:30:00+08:00");
}

struct BadCase {
  const char* name;
  const char* pointer;
  json value;
  ErrorCode code;
  const char* field;
};

TEST(Scenario, BadFieldsAreRefusedNamingTheField) {
  const std::vector<BadCase> cases = {
      {"unknown type", "/type", "volcano", ErrorCode::UnknownHazard, "scenario.type"},
      {"location not a pair", "/location", json::array({87.5}), ErrorCode::InvalidCoordinate, "scenario.location"},
      {"start without offset", "/start", "2026-10-20T09:30:00", ErrorCode::InvalidTime, "scenario.start"},
      {"size missing from table", "/area/size", "large", ErrorCode::InvalidBody, "scenario.area.size"},
      {"negative radius", "/area/radius_m", -5, ErrorCode::InvalidBody, "scenario.area.radius_m"},
      {"objective kind", "/objectives", json::parse(R"([{"text": "x", "kind": "party", "minutes": 5}])"),
       ErrorCode::InvalidBody, "scenario.objectives[0].kind"},
      {"id with spaces", "/id", "a b", ErrorCode::InvalidBody, "scenario.id"},
  };
  for (const auto& c : cases) {
    json body = minimal();
    body[json::json_pointer(c.pointer)] = c.value;
    try {
      parseScenario(body);
      ADD_FAILURE() << c.name << ": accepted";
    } catch (const EocError& e) {
      EXPECT_EQ(e.code(), c.code) << c.name;
      EXPECT_EQ(e.detail().rfind(c.field, 0), 0u) << c.name << ": " << e.detail();
    }
  }
}

TEST(Scenario, EarthquakeNeedsMagnitudeInRange) {
  json body = minimal();
  body["type"] = "earthquake";
  body["earthquake"] = {{"magnitude", 11}, {"strike_deg", 45}};
  try {
    parseScenario(body);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.detail().rfind("scenario.earthquake.magnitude", 0), 0u) << e.detail();
  }
}

TEST(Scenario, YamalikEarthquakeOverTheBundledDistrictDisplacesPeopleAndTotalsAddUp) {
  auto layers = gis::loadCatalog(EOC_SOURCE_DIR "/geodata");
  auto exposure = exposureFrom(layers);
  Scenario quake;
  for (auto& s : loadScenarios(EOC_SOURCE_DIR "/plans/drills"))
    if (s.type == "earthquake") quake = s;
  auto impact = assessEarthquake(quake, exposure);
  double total = 0, residents = 0;
  for (double p : impact.populationByDegree) total += p;
  for (const auto& c : exposure.communities) residents += static_cast<double>(c.population);
  EXPECT_DOUBLE_EQ(total, residents);
  EXPECT_GT(impact.displaced, 0);
  EXPECT_EQ(impact.committees.size(), 18u);
  EXPECT_EQ(impact.shelters.size(), 27u);
  long long shortfall = 0;
  for (const auto& b : impact.shelterBalance) shortfall += b.shortfall;
  EXPECT_EQ(shortfall, impact.shortfall);
}

}  // namespace
}  // namespace eoc::drills::scenario_test
