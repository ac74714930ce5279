// Counts, sums and rules that the sample layers promise (docs/design.md "The district" and "Teams", geodata/README.md).
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "geodata/support/ogr_layer.hpp"

namespace eoc::test::layers_content_test {
namespace {

OgrLayerContents read(const char* file) { return readLayer(geodataDir() / file); }

// The committee code whose polygon contains the WGS84 point, or "" when none does.
std::string containingCommittee(const OgrLayerContents& committees, const OGRGeometry& point) {
  for (const auto& c : committees.features) {
    if (c->GetGeometryRef()->Contains(&point)) {
      return stringField(*c, "code");
    }
  }
  return "";
}

OGRGeometryUniquePtr asWgs84(const OgrLayerContents& layer, const OGRFeature& f) {
  return reprojected(*f.GetGeometryRef(), layer.srs.get(), 4326);
}

TEST(GeodataLayers, EachLayerHasItsExpectedNumberOfFeatures) {
  EXPECT_EQ(read("communities.geojson").features.size(), 179u);
  EXPECT_EQ(read("shelters.geojson").features.size(), 27u);
  EXPECT_EQ(read("waterlogging.geojson").features.size(), 6u);
  EXPECT_EQ(read("geohazards.gpkg").features.size(), 5u);
  EXPECT_EQ(read("teams.geojson").features.size(), 30u);
  const auto stock = read("relief_stock.geojson").features.size();
  EXPECT_GE(stock, 4u);
  EXPECT_LE(stock, 6u);
}

TEST(GeodataLayers, CommunitiesSumToSevenHundredThousandAndEachLiesInItsOwnCommittee) {
  const auto committees = read("committees.geojson");
  const auto communities = read("communities.geojson");
  long long total = 0;
  std::map<std::string, long long> perCommittee;
  std::set<std::string> ids;
  for (const auto& c : communities.features) {
    const auto id = stringField(*c, "id");
    const auto committee = stringField(*c, "committee");
    EXPECT_TRUE(std::regex_match(id, std::regex("6501030[01][0-9][0-9]{3}"))) << id;
    EXPECT_EQ(id.substr(0, 9), committee) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
    EXPECT_EQ(containingCommittee(committees, *c->GetGeometryRef()), committee) << id;
    EXPECT_GT(integerField(*c, "population"), 0) << id;
    total += integerField(*c, "population");
    perCommittee[committee] += integerField(*c, "population");
  }
  EXPECT_EQ(total, 700'000);
  for (const auto& c : committees.features) {
    EXPECT_EQ(integerField(*c, "population"), perCommittee[stringField(*c, "code")])
        << "committee " << stringField(*c, "code") << " population is not its communities' sum";
  }
}

TEST(GeodataLayers, ShelterCapacityFollowsGb21734AndClassMeetsTheUrumqiAreaMinimum) {
  const std::map<std::string, std::pair<double, long long>> rule = {
      {"I", {20'000.0, 5000}}, {"II", {4'000.0, 1000}}, {"III", {2'000.0, 500}}};
  int closed = 0;
  for (const auto& s : read("shelters.geojson").features) {
    const auto id = stringField(*s, "id");
    const double area = realField(*s, "area_m2");
    const auto cls = rule.find(stringField(*s, "class"));
    ASSERT_NE(cls, rule.end()) << id;
    EXPECT_EQ(integerField(*s, "capacity"), static_cast<long long>(std::floor(area / 1.5))) << id;
    EXPECT_GE(area, cls->second.first) << id;
    EXPECT_EQ(integerField(*s, "service_radius_m"), cls->second.second) << id;
    const auto status = stringField(*s, "status");
    EXPECT_TRUE(status == "open" || status == "closed") << id;
    closed += status == "closed";
  }
  EXPECT_GE(closed, 1);
  EXPECT_LE(closed, 5);
}

TEST(GeodataLayers, TeamsNumber2797PeopleFromSixteenCommitteesAndThreeDepartments) {
  long long headcount = 0;
  std::set<std::string> committeesWithTeams;
  std::set<std::string> departments;
  for (const auto& t : read("teams.geojson").features) {
    headcount += integerField(*t, "headcount");
    const auto unit = stringField(*t, "unit");
    if (std::regex_match(unit, std::regex("6501030[01][0-9]"))) {
      committeesWithTeams.insert(unit);
    } else {
      departments.insert(unit);
    }
  }
  EXPECT_EQ(headcount, 2797);
  EXPECT_EQ(committeesWithTeams.size(), 16u);
  EXPECT_EQ(departments, (std::set<std::string>{"fire", "landscaping", "urban_management"}));
}

TEST(GeodataLayers, TeamSpecialtiesUseOnlyTheContractKeys) {
  const std::set<std::string> keys = {"flood",   "fire", "search_rescue", "hazmat",
                                      "medical", "snow", "logistics",     "comms"};
  std::set<std::string> seen;
  for (const auto& t : read("teams.geojson").features) {
    std::stringstream list(stringField(*t, "specialties"));
    for (std::string key; std::getline(list, key, ',');) {
      EXPECT_TRUE(keys.contains(key)) << stringField(*t, "id") << ": " << key;
      seen.insert(key);
    }
  }
  EXPECT_EQ(seen, keys) << "every specialty should be offered by some team";
}

TEST(GeodataLayers, GeohazardsFileDeclaresEpsg4538) {
  const auto hazards = read("geohazards.gpkg");
  ASSERT_NE(hazards.srs, nullptr);
  ASSERT_NE(hazards.srs->GetAuthorityName(nullptr), nullptr);
  EXPECT_STREQ(hazards.srs->GetAuthorityName(nullptr), "EPSG");
  EXPECT_STREQ(hazards.srs->GetAuthorityCode(nullptr), "4538");
  // Metres, not degrees: a Gauss-Krüger easting near the 87E meridian.
  const auto* p = hazards.features.at(0)->GetGeometryRef()->toPoint();
  EXPECT_GT(p->getX(), 500'000.0);
  EXPECT_GT(p->getY(), 4'800'000.0);
}

TEST(GeodataLayers, EveryPointNamesTheCommitteeWhosePolygonContainsIt) {
  const auto committees = read("committees.geojson");
  for (const char* file : {"shelters.geojson", "waterlogging.geojson", "geohazards.gpkg",
                           "teams.geojson", "relief_stock.geojson"}) {
    const auto layer = read(file);
    for (const auto& f : layer.features) {
      const auto wgs84 = asWgs84(layer, *f);
      EXPECT_EQ(containingCommittee(committees, *wgs84), stringField(*f, "committee"))
          << file << " " << stringField(*f, "id");
    }
  }
}

TEST(GeodataLayers, IdsAreSequentialWithTheLayerPrefix) {
  const std::map<std::string, std::pair<std::string, size_t>> layers = {
      {"shelters.geojson", {"S", 27}}, {"waterlogging.geojson", {"W", 6}},
      {"geohazards.gpkg", {"G", 5}},   {"teams.geojson", {"T", 30}}};
  for (const auto& [file, expected] : layers) {
    const auto layer = read(file.c_str());
    ASSERT_EQ(layer.features.size(), expected.second) << file;
    for (size_t i = 0; i < layer.features.size(); ++i) {
      const auto serial = std::to_string(i + 1);
      const auto want = expected.first + (serial.size() < 2 ? "0" : "") + serial;
      EXPECT_EQ(stringField(*layer.features[i], "id"), want) << file;
    }
  }
}

TEST(GeodataManifest, ListsEveryLayerInOrderWithCountsAndFieldsThatMatchTheFiles) {
  std::ifstream in(geodataDir() / "layers.json");
  const auto manifest = nlohmann::json::parse(in);
  EXPECT_EQ(manifest.at("district").at("code"), "650103");
  EXPECT_EQ(manifest.at("district").at("boundary_layer"), "boundary");
  std::vector<std::string> order;
  for (const auto& entry : manifest.at("layers")) {
    order.push_back(entry.at("id"));
    const auto layer = readLayer(geodataDir() / entry.at("file").get<std::string>());
    EXPECT_EQ(layer.features.size(), entry.at("count").get<size_t>()) << order.back();
    const auto& definition = *layer.features.at(0)->GetDefnRef();
    for (const auto& field : entry.at("fields")) {
      const auto name = field.at("name").get<std::string>();
      const int index = definition.GetFieldIndex(name.c_str());
      ASSERT_GE(index, 0) << order.back() << ": no field " << name;
      const OGRFieldType type = definition.GetFieldDefn(index)->GetType();
      const auto declared = field.at("type").get<std::string>();
      if (declared == "integer") {
        EXPECT_TRUE(type == OFTInteger || type == OFTInteger64) << order.back() << "." << name;
      } else if (declared == "real") {
        EXPECT_TRUE(type == OFTReal || type == OFTInteger || type == OFTInteger64)
            << order.back() << "." << name;
      } else {
        EXPECT_EQ(declared, "string") << order.back() << "." << name;
        EXPECT_EQ(type, OFTString) << order.back() << "." << name;
      }
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"boundary", "committees", "communities", "shelters",
                                             "waterlogging", "geohazards", "teams",
                                             "relief_stock"}));
}

}  // namespace
}  // namespace eoc::test::layers_content_test
