#include <gtest/gtest.h>

#include <numeric>

#include "core/error.hpp"
#include "gis/layer_loader.hpp"
#include "teams/roster.hpp"

namespace eoc::teams::roster_test {
namespace {

using nlohmann::json;

gis::Layer layerOf(std::vector<json> properties) {
  gis::LayerSpec spec;
  spec.id = "teams";
  std::vector<gis::Feature> features;
  double lon = 87.55;
  for (auto& p : properties) {
    gis::Feature f;
    f.id = p.value("id", "");
    f.point = gis::Point(lon, 43.8);
    f.bbox = gis::Box(f.point, f.point);
    f.properties = p;
    features.push_back(std::move(f));
    lon += 0.01;
  }
  return gis::Layer(spec, std::move(features));
}

json team(const std::string& id, const std::string& specialties, int headcount = 10) {
  return {{"id", id},           {"name", "队" + id},       {"unit", "fire"},       {"headcount", headcount},
          {"specialties", specialties}, {"equipment", "水泵, 发电机"}, {"vehicles", 2},
          {"leader", "张三"},    {"phone", "13312345678"},  {"report_interval_s", 60}, {"committee", "650103001"}};
}

TEST(Roster, BuildsTeamsWithSpecialtyBitsEquipmentAndInterval) {
  auto roster = buildRoster(layerOf({team("T01", "flood,search_rescue"), team("T02", "comms", 7)}));
  ASSERT_EQ(roster.size(), 2u);
  EXPECT_TRUE(roster[0].has(*specialtyBit("flood")));
  EXPECT_TRUE(roster[0].has(*specialtyBit("search_rescue")));
  EXPECT_FALSE(roster[0].has(*specialtyBit("comms")));
  EXPECT_EQ(roster[0].equipment, (std::vector<std::string>{"水泵", "发电机"}));
  EXPECT_EQ(roster[1].headcount, 7);
  EXPECT_EQ(roster[1].reportInterval, std::chrono::seconds(60));
  EXPECT_DOUBLE_EQ(roster[1].home.lon, 87.56);
}

TEST(Roster, UnknownSpecialtyIsRefusedNamingTheFeatureAndKey) {
  try {
    buildRoster(layerOf({team("T01", "flood"), team("T02", "flood,diving")}));
    FAIL();
  } catch (const EocError& e) {
    EXPECT_NE(e.detail().find("T02"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("\"diving\""), std::string::npos) << e.detail();
  }
}

TEST(Roster, EmptySpecialtiesZeroHeadcountAndRepeatedIdsAreRefused) {
  EXPECT_THROW(buildRoster(layerOf({team("T01", "")})), EocError);
  EXPECT_THROW(buildRoster(layerOf({team("T01", "fire", 0)})), EocError);
  EXPECT_THROW(buildRoster(layerOf({team("T01", "fire"), team("T01", "fire")})), EocError);
  auto badInterval = team("T01", "fire");
  badInterval["report_interval_s"] = 0;
  EXPECT_THROW(buildRoster(layerOf({badInterval})), EocError);
}

TEST(Roster, TheBundledLayerHoldsThirtyTeamsOf2797People) {
  auto catalog = gis::loadCatalog(std::filesystem::path(EOC_SOURCE_DIR) / "geodata");
  auto roster = buildRoster(catalog.require("teams"));
  EXPECT_EQ(roster.size(), 30u);
  int people = 0;
  for (const auto& t : roster) people += t.headcount;
  EXPECT_EQ(people, 2797);
}

TEST(Roster, PhonesAreMaskedKeepingPrefixAndLastFour) {
  EXPECT_EQ(maskPhone("13312345678"), "133****5678");
  EXPECT_EQ(maskPhone("133****5678"), "133****5678");
  EXPECT_EQ(maskPhone("110"), "***");
}

}  // namespace
}  // namespace eoc::teams::roster_test
