// GB/T 2260 geocodes of upstream CAP → committees, on the bundled geodata (the real committees
// and communities layers) with the district code of geodata/layers.json.
#include "warnings/geocodes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "gis/layer_loader.hpp"
#include "gis/manifest.hpp"

namespace eoc::warnings::geocodes_test {
namespace {

const gis::LayerCatalog& layers() {
  static const gis::LayerCatalog catalog = gis::loadCatalog(std::string(EOC_SOURCE_DIR) + "/geodata");
  return catalog;
}

Gazetteer gazetteer() {
  static const std::string district = gis::readManifest(std::string(EOC_SOURCE_DIR) + "/geodata").district.code;
  return {district, &layers().require("committees"), layers().find(kCommunitiesLayer)};
}

std::vector<std::string> everyCommittee() {
  std::vector<std::string> all;
  for (const auto& f : layers().require("committees").features()) all.push_back(f.id);
  return all;
}

// The refusal, or "" when the codes were accepted.
std::string refusal(const std::vector<std::string>& geocodes, const std::vector<gis::Polygon>& polygons = {}) {
  try {
    committeesForArea(gazetteer(), geocodes, polygons);
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::OutsideDistrict);
    return e.detail();
  }
  return "";
}

gis::Polygon box(double west, double south, double east, double north) {
  gis::Polygon p;
  for (auto [x, y] : {std::pair{west, south}, {east, south}, {east, north}, {west, north}, {west, south}})
    boost::geometry::append(p.outer(), gis::Point(x, y));
  boost::geometry::correct(p);
  return p;
}

TEST(Geocodes, TheBundledDataIsTheDistrictTheTableBelowIsAbout) {
  ASSERT_EQ(gazetteer().districtCode, "650103");
  ASSERT_EQ(everyCommittee().size(), 18u);
  ASSERT_NE(gazetteer().communities, nullptr);
}

TEST(Geocodes, EachLevelOfGbt2260MapsOntoCommittees) {
  // A community of the layer and the committee the layer puts it in.
  const auto& community = gazetteer().communities->features().at(20);
  const std::string communityCode = community.id, itsCommittee = community.properties.at("committee");
  ASSERT_EQ(communityCode.size(), 12u);

  struct Case {
    const char* name;
    std::vector<std::string> geocodes;
    std::vector<std::string> committees;
  };
  const std::vector<Case> table{
      {"the district itself", {"650103"}, everyCommittee()},
      {"its city, Urumqi", {"650100"}, everyCommittee()},
      {"its province, Xinjiang", {"650000"}, everyCommittee()},
      {"the district in the 12-digit statistical form", {"650103000000"}, everyCommittee()},
      {"the city in the 12-digit form", {"650100000000"}, everyCommittee()},
      {"a street: that committee", {"650103004"}, {"650103004"}},
      {"a street in the 12-digit form", {"650103004000"}, {"650103004"}},
      {"a community: its committee", {communityCode}, {itsCommittee}},
      {"a community the layer does not list: the street of its first nine digits", {"650103004199"}, {"650103004"}},
      {"another district next to a street of ours keeps ours", {"650104", "650103004"}, {"650103004"}},
      {"another province next to ours keeps all of ours", {"110000", "650103"}, everyCommittee()},
      {"repeats and white space count once", {" 650103004 ", "650103004", "650103004000"}, {"650103004"}},
      {"streets come back in layer order", {"650103007", "650103002"}, {"650103002", "650103007"}},
  };
  for (const auto& c : table) EXPECT_EQ(committeesForArea(gazetteer(), c.geocodes, {}), c.committees) << c.name;
}

TEST(Geocodes, CodesOfNoCommitteeOfOursAreRefusedNamingTheCode) {
  struct Case {
    const char* name;
    std::vector<std::string> geocodes;
    const char* says;
  };
  const std::vector<Case> table{
      {"another district of the city", {"650104"}, "geocode 650104 is outside district 650103"},
      {"another city's district in 12 digits", {"650202000000"}, "geocode 650202000000 is outside district 650103"},
      {"a street of another district", {"650104001"}, "650104001 is outside district 650103"},
      {"two other districts", {"650104", "650105"}, "geocodes 650104, 650105 are outside district 650103"},
      {"a street of ours no committee has (a farm unit)", {"650103501"}, "650103501 names no committee"},
      {"not a code at all", {"65A103"}, "'65A103' is not a GB/T 2260 code"},
      {"nothing", {}, "names no GB/T 2260 geocode and no polygon"},
  };
  for (const auto& c : table) {
    const std::string detail = refusal(c.geocodes);
    EXPECT_NE(detail.find(c.says), std::string::npos) << c.name << ": " << detail;
  }
}

TEST(Geocodes, PolygonsAddTheCommitteesTheyTouchAndOneOutsideIsNamed) {
  // A small box in the north-east core of the district, and one far away in another province.
  const auto near = committeesForArea(gazetteer(), {}, {box(87.57, 43.80, 87.58, 43.81)});
  EXPECT_FALSE(near.empty());
  EXPECT_LT(near.size(), everyCommittee().size());
  auto withStreet = committeesForArea(gazetteer(), {"650103018"}, {box(87.57, 43.80, 87.58, 43.81)});
  EXPECT_NE(std::find(withStreet.begin(), withStreet.end(), "650103018"), withStreet.end());
  EXPECT_EQ(withStreet.size(), near.size() + (std::find(near.begin(), near.end(), "650103018") == near.end()));
  const std::string detail = refusal({"650104"}, {box(116.3, 39.9, 116.4, 40.0)});
  EXPECT_NE(detail.find("geocode 650104 is outside district 650103"), std::string::npos) << detail;
  EXPECT_NE(detail.find("the polygon reaches no committee"), std::string::npos) << detail;
}

TEST(Geocodes, TheCommunitiesLayerDecidesACommunitysCommittee) {
  // A layer that puts community 650103001007 under committee 650103002 (a community moved between
  // streets keeps its code): the layer wins over the digits.
  auto feature = [](std::string id, nlohmann::json properties, gis::Point at) {
    gis::Feature f;
    f.id = std::move(id);
    f.point = at;
    boost::geometry::envelope(at, f.bbox);
    f.properties = std::move(properties);
    return f;
  };
  gis::LayerSpec committeeSpec{"committees", "", "", "c.geojson", gis::GeometryType::Point, "code", {}, "", false, {}};
  gis::Layer committees(committeeSpec,
                        {feature("650103001", {}, {87.5, 43.8}), feature("650103002", {}, {87.6, 43.8})});
  gis::LayerSpec communitySpec{"communities", "", "", "k.geojson", gis::GeometryType::Point, "id", {}, "", false, {}};
  gis::Layer communities(communitySpec, {feature("650103001007", {{"committee", "650103002"}}, {87.6, 43.8})});
  const Gazetteer g{"650103", &committees, &communities};
  EXPECT_EQ(committeesForArea(g, {"650103001007"}, {}), std::vector<std::string>{"650103002"});
  EXPECT_EQ(committeesForArea(g, {"650103001008"}, {}), std::vector<std::string>{"650103001"});  // not listed
  // Without a communities layer the code's own hierarchy is all there is.
  EXPECT_EQ(committeesForArea({"650103", &committees, nullptr}, {"650103001007"}, {}),
            std::vector<std::string>{"650103001"});
}

TEST(Geocodes, ValueNameSpellingsOfTheDivisionCodeScheme) {
  struct Case {
    const char* valueName;
    bool accepted;
    const char* where;
  };
  const std::vector<Case> table{
      {"GB/T 2260", true, "eoc's own CAP (cap_writer); the standard GB/T 35965.1-2018 annex A cites for area codes"},
      {"CPEAS Geographic Code", true,
       "CMA's CAP as mirrored by WMO (cn-cma-xx): seen in seevee/cap_alerts tests/test_geocode_prefix_filter.py "
       "and KDE/foss-public-alert-server alertHandler/abstract_CAP_parser.py, values like 130709000000"},
      {"cpeas geographic code", true, "case does not matter"},
      {"GB/T2260", true, "spacing variant of GB/T 2260"},
      {"GB 2260", true, "without the /T"},
      {"gb/t 2260-2007", true, "with the edition year"},
      {"GB/T 2260-07", false, "a two-digit year is not an edition"},
      {"GB/T 22600", false, "another standard"},
      {"GB/T 4657", false, "organisation codes, not areas"},
      {"SAME", false, "US county codes"},
      {"EMMA_ID", false, "MeteoAlarm regions"},
      {"", false, "no valueName"},
  };
  for (const auto& c : table)
    EXPECT_EQ(isDivisionCodeScheme(c.valueName), c.accepted) << c.valueName << " — " << c.where;
}

}  // namespace
}  // namespace eoc::warnings::geocodes_test
