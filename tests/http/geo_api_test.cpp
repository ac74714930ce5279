// /geo/locate and /geo/nearest answered from the in-memory indexes, checked against a brute-force
// scan of the same features.
#include <gtest/gtest.h>

#include <algorithm>

#include "gis/geodesy.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::geo_api_test {
namespace {

using nlohmann::json;

class GeoApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer& server() { return *server_; }
  static json get(const std::string& path) {
    auto cli = server().client();
    auto res = cli.Get(path);
    EXPECT_TRUE(res && res->status == 200) << path << (res ? " → " + res->body : "");
    return res ? json::parse(res->body) : json();
  }

 private:
  static TestServer* server_;
};
TestServer* GeoApi::server_ = nullptr;

TEST_F(GeoApi, LocateInsideNamesTheContainingCommitteeAndNearestOpenShelter) {
  const auto& layers = server().service().layers();
  // Each committee's own office point must locate to that committee.
  for (const auto& committee : layers.require("committees").features()) {
    double lon = committee.properties["office_lon"], lat = committee.properties["office_lat"];
    char path[128];
    std::snprintf(path, sizeof path, "/geo/locate?lon=%.6f&lat=%.6f", lon, lat);
    auto body = get(path);
    EXPECT_TRUE(body["inside_district"].get<bool>()) << path;
    EXPECT_EQ(body["committee"]["code"], committee.id) << path;
    // Brute force over open shelters.
    double best = 1e18;
    std::string bestId;
    for (const auto& s : layers.require("shelters").features()) {
      if (s.properties["status"] != "open") continue;
      double d = gis::haversineMeters({lon, lat}, s.location());
      if (d < best) best = d, bestId = s.id;
    }
    EXPECT_EQ(body["nearest_shelter"]["id"], bestId);
    EXPECT_NEAR(body["nearest_shelter"]["distance_m"].get<double>(), best, 0.1);
  }
}

TEST_F(GeoApi, LocateOutsideTheDistrictSaysSoAndGivesTheNearestCommittee) {
  auto body = get("/geo/locate?lon=87.90&lat=43.50");  // east of the district, open steppe
  EXPECT_FALSE(body["inside_district"].get<bool>());
  ASSERT_TRUE(body.contains("committee"));
  EXPECT_GT(body["committee"]["distance_m"].get<double>(), 1000);
}

TEST_F(GeoApi, NearestReturnsKFeaturesInDistanceOrderMatchingBruteForce) {
  GeoPoint from{87.58, 43.79};
  auto body = get("/geo/nearest?layer=communities&lon=87.58&lat=43.79&k=7");
  ASSERT_EQ(body["results"].size(), 7u);
  std::vector<std::pair<double, std::string>> all;
  for (const auto& f : server().service().layers().require("communities").features())
    all.emplace_back(gis::haversineMeters(from, f.location()), f.id);
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(body["results"][i]["feature"]["id"], all[i].second);
    EXPECT_NEAR(body["results"][i]["distance_m"].get<double>(), all[i].first, 0.06);
  }
}

}  // namespace
}  // namespace eoc::testing::geo_api_test
