// OGC API – Features Part 2 over real HTTP: every collection lists its CRSs, items and single
// features come out in the CRS asked for (in its axis order), bbox-crs, Content-Crs, and unknown
// CRSs. Coordinates are compared with GDAL's gdaltransform, run as a separate program.
#include <gtest/gtest.h>

#include <set>

#include "support/gdal_reference.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::features_crs_test {
namespace {

using nlohmann::json;

constexpr const char* kCrs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
constexpr const char* k4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
constexpr const char* k4490 = "http://www.opengis.net/def/crs/EPSG/0/4490";
constexpr const char* k4538 = "http://www.opengis.net/def/crs/EPSG/0/4538";

class FeaturesCrs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    // A drill, so that its zones (polygons built at run time) are among the layers.
    auto cli = server_->client();
    const httplib::Headers auth = {{"Authorization", "Bearer " + server_->token(Role::DutyOfficer)}};
    auto created = cli.Post("/drills", auth, json{{"scenario_id", "earthquake-yamalik"}}.dump(), "application/json");
    ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "no answer");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer& server() { return *server_; }
  static httplib::Result get(const std::string& path, const httplib::Params& params = {}) {
    auto cli = server().client();
    return cli.Get(path, params, httplib::Headers{});
  }
  static json getJson(const std::string& path, const httplib::Params& params = {}) {
    auto res = get(path, params);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << path << " → " << res->body.substr(0, 500);
    return json::parse(res->body);
  }
  static std::vector<std::string> layerIds() {
    std::vector<std::string> out;
    const json collections = getJson("/collections");
    for (const auto& c : collections["collections"]) out.push_back(c["id"]);
    return out;
  }

 private:
  static TestServer* server_;
};
TestServer* FeaturesCrs::server_ = nullptr;

TEST_F(FeaturesCrs, EveryCollectionListsItsCrsWithCrs84FirstAndItsStorageCrs) {
  const json collections = getJson("/collections")["collections"];
  ASSERT_EQ(collections.size(), server().service().layers().layers().size() + 1);  // + the drill's zones
  for (const auto& c : collections) {
    SCOPED_TRACE(c["id"].get<std::string>());
    EXPECT_EQ(c["crs"], json::array({kCrs84, k4326, k4490, k4538}));
    EXPECT_EQ(c["storageCrs"], kCrs84);
    EXPECT_EQ(getJson("/collections/" + c["id"].get<std::string>())["crs"], c["crs"]);
  }
  const json conformance = getJson("/conformance");
  const std::set<std::string> classes(conformance["conformsTo"].begin(), conformance["conformsTo"].end());
  EXPECT_TRUE(classes.count("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"));
}

TEST_F(FeaturesCrs, DefaultAnswersSayTheyAreCrs84) {
  auto res = get("/collections/shelters/items");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Crs"), std::string("<") + kCrs84 + ">");
  auto one = get("/collections/shelters/items/S01");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->get_header_value("Content-Crs"), std::string("<") + kCrs84 + ">");
}

// Every vertex of every layer in EPSG:4538 equals gdaltransform's within 1 cm, northing first.
TEST_F(FeaturesCrs, GaussKrugerCoordinatesOfEveryLayerEqualGdaltransform) {
  for (const std::string& layer : layerIds()) {
    SCOPED_TRACE(layer);
    const json lonLat = getJson("/collections/" + layer + "/items", {{"limit", "10000"}});
    auto res = get("/collections/" + layer + "/items", {{"limit", "10000"}, {"crs", k4538}});
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body.substr(0, 300) : "");
    EXPECT_EQ(res->get_header_value("Content-Crs"), std::string("<") + k4538 + ">");
    const json gk = json::parse(res->body);
    ASSERT_EQ(gk["features"].size(), lonLat["features"].size());
    std::vector<std::array<double, 2>> source, served;
    for (size_t i = 0; i < gk["features"].size(); ++i) {
      ASSERT_EQ(gk["features"][i]["id"], lonLat["features"][i]["id"]);
      ASSERT_EQ(gk["features"][i]["properties"], lonLat["features"][i]["properties"]);
      for (const auto& p : coordinatesOf(lonLat["features"][i]["geometry"])) source.push_back(p);
      for (const auto& p : coordinatesOf(gk["features"][i]["geometry"])) served.push_back(p);
    }
    ASSERT_EQ(served.size(), source.size());
    const auto reference = gdaltransform(source, "EPSG:4538");  // easting, northing
    double worst = 0;
    for (size_t i = 0; i < served.size(); ++i) {
      worst = std::max(worst, std::hypot(served[i][0] - reference[i][1], served[i][1] - reference[i][0]));
      ASSERT_LT(worst, 0.01) << "vertex " << i << ": eoc " << served[i][0] << " " << served[i][1] << ", gdaltransform N "
                             << reference[i][1] << " E " << reference[i][0];
    }
  }
}

TEST_F(FeaturesCrs, GeohazardsComeBackInTheGaussKrugerCoordinatesOfTheirSourceFile) {
  // geodata/geohazards.gpkg is stored in EPSG:4538: eoc loads it to CRS84 and transforms back.
  const std::string source =
      runCommand("ogrinfo -ro -q -al " + (std::filesystem::path(EOC_SOURCE_DIR) / "geodata/geohazards.gpkg").string());
  const json served = getJson("/collections/geohazards/items", {{"crs", k4538}});
  size_t checked = 0;
  for (const auto& f : served["features"]) {
    const std::string id = f["id"];
    const auto at = source.find("id (String) = " + id + "\n");
    ASSERT_NE(at, std::string::npos) << id;
    const auto point = source.find("POINT (", at);
    double easting = 0, northing = 0;
    ASSERT_EQ(std::sscanf(source.c_str() + point, "POINT (%lf %lf)", &easting, &northing), 2);
    EXPECT_NEAR(f["geometry"]["coordinates"][0].get<double>(), northing, 0.01) << id;
    EXPECT_NEAR(f["geometry"]["coordinates"][1].get<double>(), easting, 0.01) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 5u);
}

TEST_F(FeaturesCrs, GeographicCrsComeOutLatitudeFirst) {
  const json lonLat = getJson("/collections/committees/items");
  for (const char* crs : {k4326, k4490}) {
    SCOPED_TRACE(crs);
    auto res = get("/collections/committees/items", {{"crs", crs}});
    ASSERT_TRUE(res && res->status == 200);
    EXPECT_EQ(res->get_header_value("Content-Crs"), std::string("<") + crs + ">");
    const json latLon = json::parse(res->body);
    const auto a = coordinatesOf(lonLat["features"][3]["geometry"]);
    const auto b = coordinatesOf(latLon["features"][3]["geometry"]);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_NEAR(b[i][0], a[i][1], 1e-7);
      EXPECT_NEAR(b[i][1], a[i][0], 1e-7);
    }
  }
  // CRS84 asked for explicitly is the default answer.
  EXPECT_EQ(getJson("/collections/committees/items", {{"crs", kCrs84}})["features"], lonLat["features"]);
}

TEST_F(FeaturesCrs, SingleFeatureInEveryCrs) {
  const json lonLat = getJson("/collections/shelters/items/S01");
  const auto p = coordinatesOf(lonLat["geometry"])[0];
  const auto reference = gdaltransform({p}, "EPSG:4538")[0];
  auto res = get("/collections/shelters/items/S01", {{"crs", "EPSG:4538"}});
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(res->get_header_value("Content-Crs"), std::string("<") + k4538 + ">");
  const json gk = json::parse(res->body);
  EXPECT_EQ(gk["id"], "S01");
  EXPECT_EQ(gk["properties"], lonLat["properties"]);
  EXPECT_NEAR(gk["geometry"]["coordinates"][0].get<double>(), reference[1], 0.01);
  EXPECT_NEAR(gk["geometry"]["coordinates"][1].get<double>(), reference[0], 0.01);
  bool selfKeepsCrs = false;
  for (const auto& l : gk["links"])
    selfKeepsCrs = selfKeepsCrs || (l["rel"] == "self" && l["href"].get<std::string>().find("crs=") != std::string::npos);
  EXPECT_TRUE(selfKeepsCrs);
  const json latLon = getJson("/collections/shelters/items/S01", {{"crs", k4490}});
  EXPECT_NEAR(latLon["geometry"]["coordinates"][0].get<double>(), p[1], 1e-7);
}

TEST_F(FeaturesCrs, BboxInGaussKrugerSelectsWhatLiesInsideItThere) {
  // A rectangle in EPSG:4538 (northing, easting order): the expected features are those whose
  // gdaltransform'd coordinates fall inside it.
  const json all = getJson("/collections/communities/items", {{"limit", "10000"}});
  std::vector<std::array<double, 2>> lonLat;
  for (const auto& f : all["features"]) lonLat.push_back(coordinatesOf(f["geometry"])[0]);
  const auto gk = gdaltransform(lonLat, "EPSG:4538");
  const double minN = 4845000, maxN = 4853000, minE = 540000, maxE = 549000;
  std::set<std::string> expected;
  for (size_t i = 0; i < gk.size(); ++i)
    if (gk[i][1] >= minN && gk[i][1] <= maxN && gk[i][0] >= minE && gk[i][0] <= maxE)
      expected.insert(all["features"][i]["id"]);
  ASSERT_GT(expected.size(), 3u);
  ASSERT_LT(expected.size(), all["features"].size());
  const json answer = getJson("/collections/communities/items",
                              {{"limit", "10000"},
                               {"bbox", std::to_string(minN) + "," + std::to_string(minE) + "," + std::to_string(maxN) +
                                            "," + std::to_string(maxE)},
                               {"bbox-crs", k4538}});
  std::set<std::string> got;
  for (const auto& f : answer["features"]) got.insert(f["id"]);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(answer["numberMatched"].get<size_t>(), expected.size());
}

TEST_F(FeaturesCrs, BboxInEpsg4326IsLatitudeFirst) {
  const json lonLatBox = getJson("/collections/communities/items", {{"limit", "10000"}, {"bbox", "87.50,43.74,87.60,43.84"}});
  const json latLonBox = getJson("/collections/communities/items",
                                 {{"limit", "10000"}, {"bbox", "43.74,87.50,43.84,87.60"}, {"bbox-crs", k4326}});
  EXPECT_GT(lonLatBox["numberMatched"].get<size_t>(), 0u);
  EXPECT_EQ(latLonBox["numberMatched"], lonLatBox["numberMatched"]);
  EXPECT_EQ(latLonBox["features"], lonLatBox["features"]);
}

TEST_F(FeaturesCrs, UnknownCrsIsRefusedNamingTheSupportedOnes) {
  const std::vector<std::pair<std::string, httplib::Params>> cases = {
      {"/collections/shelters/items", {{"crs", "EPSG:3857"}}},
      {"/collections/shelters/items", {{"bbox", "1,2,3,4"}, {"bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/3857"}}},
      {"/collections/shelters/items/S01", {{"crs", "urn:ogc:def:crs:EPSG::2000"}}},
      {"/collections/teams/items", {{"crs", "WGS84"}}},
  };
  for (const auto& [path, params] : cases) {
    auto res = get(path, params);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    const json problem = json::parse(res->body);
    EXPECT_EQ(problem["code"], "InvalidCrs");
    for (const char* uri : {kCrs84, k4326, k4490, k4538})
      EXPECT_NE(problem["detail"].get<std::string>().find(uri), std::string::npos) << problem["detail"];
  }
}

TEST_F(FeaturesCrs, TheLiveTeamsLayerReprojectsToo) {
  const json lonLat = getJson("/collections/teams/items");
  const json gk = getJson("/collections/teams/items", {{"crs", k4538}});
  ASSERT_EQ(gk["features"].size(), lonLat["features"].size());
  const auto p = coordinatesOf(lonLat["features"][0]["geometry"])[0];
  const auto reference = gdaltransform({p}, "EPSG:4538")[0];
  EXPECT_NEAR(gk["features"][0]["geometry"]["coordinates"][0].get<double>(), reference[1], 0.01);
}

}  // namespace
}  // namespace eoc::testing::features_crs_test
