// OGC API – Features over the bundled geodata, through real HTTP on loopback.
#include <gtest/gtest.h>

#include <set>

#include "support/test_server.hpp"

namespace eoc::testing::features_api_test {
namespace {

using nlohmann::json;

class FeaturesApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer& server() { return *server_; }
  static json getJson(const std::string& path, int expectedStatus = 200) {
    auto cli = server().client();
    auto res = cli.Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expectedStatus) << path << " → " << res->body.substr(0, 400);
    return json::parse(res->body);
  }

 private:
  static TestServer* server_;
};
TestServer* FeaturesApi::server_ = nullptr;

TEST_F(FeaturesApi, LandingPageLinksToApiConformanceAndData) {
  auto body = getJson("/");
  std::set<std::string> rels;
  for (const auto& l : body["links"]) rels.insert(l["rel"]);
  for (const char* rel : {"self", "service-desc", "conformance", "data"}) EXPECT_TRUE(rels.count(rel)) << rel;
}

TEST_F(FeaturesApi, ConformanceDeclaresCoreAndGeoJson) {
  auto body = getJson("/conformance");
  std::set<std::string> classes(body["conformsTo"].begin(), body["conformsTo"].end());
  EXPECT_TRUE(classes.count("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
  EXPECT_TRUE(classes.count("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"));
}

TEST_F(FeaturesApi, CollectionsListsEveryLoadedLayerWithItsExtent) {
  auto body = getJson("/collections");
  const auto& layers = server().service().layers().layers();
  ASSERT_EQ(body["collections"].size(), layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    const auto& c = body["collections"][i];
    EXPECT_EQ(c["id"], layers[i].id());
    auto box = layers[i].extent();
    EXPECT_DOUBLE_EQ(c["extent"]["spatial"]["bbox"][0][0].get<double>(), box.min_corner().x());
    EXPECT_DOUBLE_EQ(c["extent"]["spatial"]["bbox"][0][3].get<double>(), box.max_corner().y());
  }
}

TEST_F(FeaturesApi, SheltersItemsReturnAll27AsGeoJson) {
  auto cli = server().client();
  auto res = cli.Get("/collections/shelters/items");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/geo+json");
  auto body = json::parse(res->body);
  EXPECT_EQ(body["type"], "FeatureCollection");
  EXPECT_EQ(body["numberMatched"], 27);
  EXPECT_EQ(body["numberReturned"], 27);
  std::set<std::string> ids;
  for (const auto& f : body["features"]) ids.insert(f["id"].get<std::string>());
  EXPECT_EQ(ids.size(), 27u);
}

TEST_F(FeaturesApi, PagingWalksEveryFeatureOnceThroughNextLinks) {
  std::set<std::string> seen;
  std::string path = "/collections/communities/items?limit=50";
  int pages = 0;
  size_t matched = 0;
  while (!path.empty() && pages < 20) {
    auto body = getJson(path);
    matched = body["numberMatched"];
    for (const auto& f : body["features"]) EXPECT_TRUE(seen.insert(f["id"].get<std::string>()).second);
    path.clear();
    for (const auto& l : body["links"])
      if (l["rel"] == "next") path = l["href"].get<std::string>().substr(server().baseUrl().size());
    ++pages;
  }
  EXPECT_EQ(seen.size(), matched);
  EXPECT_EQ(pages, int((matched + 49) / 50));
}

TEST_F(FeaturesApi, BboxReturnsExactlyTheFeaturesInsideIt) {
  // Half of the district's extent: compare against the features' own coordinates.
  const auto& layer = server().service().layers().require("communities");
  auto box = layer.extent();
  double midLon = (box.min_corner().x() + box.max_corner().x()) / 2;
  char query[200];
  std::snprintf(query, sizeof query, "/collections/communities/items?limit=10000&bbox=%.6f,%.6f,%.6f,%.6f",
                box.min_corner().x(), box.min_corner().y(), midLon, box.max_corner().y());
  auto body = getJson(query);
  size_t expected = 0;
  for (const auto& f : layer.features())
    if (f.point.x() <= midLon + 1e-9) ++expected;
  EXPECT_EQ(body["numberMatched"].get<size_t>(), expected);
  for (const auto& f : body["features"]) EXPECT_LE(f["geometry"]["coordinates"][0].get<double>(), midLon + 1e-6);
}

TEST_F(FeaturesApi, PropertyFilterSelectsMatchingFeaturesOnly) {
  auto body = getJson("/collections/shelters/items?status=open");
  size_t open = 0;
  for (const auto& f : server().service().layers().require("shelters").features())
    if (f.properties["status"] == "open") ++open;
  EXPECT_EQ(body["numberMatched"].get<size_t>(), open);
  for (const auto& f : body["features"]) EXPECT_EQ(f["properties"]["status"], "open");
}

TEST_F(FeaturesApi, SingleFeatureHasSelfAndCollectionLinks) {
  auto body = getJson("/collections/shelters/items/S01");
  EXPECT_EQ(body["id"], "S01");
  EXPECT_EQ(body["type"], "Feature");
  std::set<std::string> rels;
  for (const auto& l : body["links"]) rels.insert(l["rel"]);
  EXPECT_TRUE(rels.count("self") && rels.count("collection"));
}

struct BadRequest {
  std::string path;
  int status;
  std::string code;
  std::string detailMentions;
};

// gtest prints the row when a case fails (instead of a dump of the struct's bytes).
void PrintTo(const BadRequest& c, std::ostream* os) { *os << c.path << " → " << c.status << " " << c.code; }

class FeaturesApiBadInput : public FeaturesApi, public ::testing::WithParamInterface<BadRequest> {};

TEST_P(FeaturesApiBadInput, AnswersProblemJsonNamingWhatIsWrong) {
  const auto& c = GetParam();
  auto cli = server().client();
  auto res = cli.Get(c.path);
  ASSERT_TRUE(res) << c.path;
  EXPECT_EQ(res->status, c.status) << c.path << " → " << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json") << c.path;
  auto body = json::parse(res->body);
  EXPECT_EQ(body["code"], c.code) << res->body;
  EXPECT_EQ(body["status"], c.status);
  EXPECT_NE(body["detail"].get<std::string>().find(c.detailMentions), std::string::npos) << body["detail"];
}

INSTANTIATE_TEST_SUITE_P(
    Table, FeaturesApiBadInput,
    ::testing::Values(
        BadRequest{"/collections/shelters/items?bbox=a,b,c,d", 400, "InvalidBbox", "minLon"},
        BadRequest{"/collections/shelters/items?bbox=87.6,43.5,87.3,43.9", 400, "InvalidBbox", "greater than maxLon"},
        BadRequest{"/collections/shelters/items?bbox=87.3,43.5,87.6", 400, "InvalidBbox", "4 comma-separated"},
        BadRequest{"/collections/shelters/items?bbox=87.3,43.5,87.6,91", 400, "InvalidBbox", "latitudes"},
        BadRequest{"/collections/shelters/items?limit=-1", 400, "InvalidLimit", "limit"},
        BadRequest{"/collections/shelters/items?limit=999999999", 400, "InvalidLimit", "limit"},
        BadRequest{"/collections/shelters/items?limit=ten", 400, "InvalidLimit", "not an integer"},
        BadRequest{"/collections/shelters/items?offset=-5", 400, "InvalidLimit", "offset"},
        BadRequest{"/collections/nowhere/items", 404, "UnknownCollection", "nowhere"},
        BadRequest{"/collections/nowhere", 404, "UnknownCollection", "nowhere"},
        BadRequest{"/collections/shelters/items/S99", 404, "UnknownFeature", "S99"},
        BadRequest{"/collections/shelters/items?colour=red", 400, "UnknownProperty", "colour"},
        BadRequest{"/geo/locate?lon=87.58&lat=91", 400, "InvalidCoordinate", "lat"},
        BadRequest{"/geo/locate?lon=87.58", 400, "InvalidCoordinate", "lat"},
        BadRequest{"/geo/locate?lon=nan&lat=43.8", 400, "InvalidCoordinate", "lon"},
        BadRequest{"/geo/nearest?layer=shelters&lon=87.58&lat=43.8&k=0", 400, "InvalidParameter", "k"},
        BadRequest{"/geo/nearest?layer=committees&lon=87.58&lat=43.8", 400, "InvalidParameter", "point layer"},
        BadRequest{"/geo/nearest?layer=moon&lon=87.58&lat=43.8", 404, "UnknownCollection", "moon"},
        BadRequest{"/no/such/path", 404, "NotFound", "/no/such/path"},
        BadRequest{"/audit", 401, "Unauthorized", "Authorization"}),
    [](const auto& info) { return std::to_string(info.index) + "_" + info.param.code; });

TEST_F(FeaturesApi, HugeQueryStringIsRefusedWithAProblemNotACrash) {
  auto cli = server().client();
  std::string path = "/collections/shelters/items?status=" + std::string(10 * 1024 * 1024, 'x');
  auto res = cli.Get(path);
  if (res) {  // the server may also close the connection outright; both are refusals
    EXPECT_GE(res->status, 400);
    EXPECT_LT(res->status, 500);
  }
  auto after = cli.Get("/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

}  // namespace
}  // namespace eoc::testing::features_api_test
