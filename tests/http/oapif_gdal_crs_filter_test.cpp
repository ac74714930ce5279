// GDAL's OGC API – Features client (the OAPIF driver, through ogrinfo) reading eoc with a CRS and
// with a spatial filter. Debian 12 ships GDAL 3.6, whose driver has no CRS option yet (added in
// 3.7) and takes every layer for CRS84: it clamps -spat to ±180/±90 before sending it as bbox.
// It does pass query parameters written in the dataset URL on to every request, so a projected
// read asks there: crs, bbox-crs = EPSG:4538 and the window as bbox (northing, easting); in
// CRS84, GDAL's own -spat and -where are used.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "support/gdal_reference.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::oapif_gdal_crs_filter_test {
namespace {

using nlohmann::json;

constexpr const char* k4538 = "http://www.opengis.net/def/crs/EPSG/0/4538";

std::string ogrinfo(const std::string& arguments) {
  // GDAL_HTTP_TIMEOUT bounds the run; no proxy may interfere with loopback.
  return runCommand("env -u http_proxy -u HTTP_PROXY GDAL_HTTP_TIMEOUT=20 ogrinfo -ro " + arguments);
}

// id → the two coordinates of its POINT, as ogrinfo prints them.
std::map<std::string, std::array<double, 2>> points(const std::string& ogrinfoOutput) {
  std::map<std::string, std::array<double, 2>> out;
  std::regex idRe(R"(^\s+id \(String\) = (\S+)$)"), pointRe(R"(POINT \(([-\d.e+]+) ([-\d.e+]+)\))");
  std::string current;
  std::istringstream lines(ogrinfoOutput);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, idRe)) current = m[1];
    else if (std::regex_search(line, m, pointRe) && !current.empty()) out[current] = {std::stod(m[1]), std::stod(m[2])};
  }
  return out;
}

TEST(OapifWithCrsAndSpatialFilter, OgrinfoReadsShelterCoordinatesInGaussKrugerInsideAWindow) {
  TestServer server;
  auto cli = server.client();
  const json gk = json::parse(cli.Get("/collections/shelters/items?limit=1000&crs=" + std::string(k4538))->body);
  // A window (northing, easting) around the first shelter, wide enough for a few others.
  const double n0 = gk["features"][0]["geometry"]["coordinates"][0], e0 = gk["features"][0]["geometry"]["coordinates"][1];
  const double minN = n0 - 4000, maxN = n0 + 3000, minE = e0 - 5000, maxE = e0 + 4000;
  std::set<std::string> expected;
  for (const auto& f : gk["features"]) {
    const double n = f["geometry"]["coordinates"][0], e = f["geometry"]["coordinates"][1];
    if (n >= minN && n <= maxN && e >= minE && e <= maxE) expected.insert(f["id"]);
  }
  ASSERT_GT(expected.size(), 1u);
  ASSERT_LT(expected.size(), gk["features"].size());

  char window[200];
  std::snprintf(window, sizeof window, "%.3f,%.3f,%.3f,%.3f", minN, minE, maxN, maxE);
  const std::string url = "OAPIF:" + server.baseUrl() + "/collections/shelters?crs=" + k4538 + "&bbox-crs=" + k4538 +
                          "&bbox=" + window;
  const std::string out = ogrinfo("-al -oo PAGE_SIZE=1000 '" + url + "'");
  const auto read = points(out);
  std::set<std::string> ids;
  for (const auto& [id, p] : read) ids.insert(id);
  EXPECT_EQ(ids, expected) << out.substr(0, 3000);
  // The coordinates GDAL read are the northing, easting eoc serves.
  for (const auto& f : gk["features"]) {
    const std::string id = f["id"];
    if (!read.count(id)) continue;
    EXPECT_NEAR(read.at(id)[0], f["geometry"]["coordinates"][0].get<double>(), 0.001) << id;
    EXPECT_NEAR(read.at(id)[1], f["geometry"]["coordinates"][1].get<double>(), 0.001) << id;
  }
}

TEST(OapifWithCrsAndSpatialFilter, OgrinfoSpatialAndAttributeFiltersInCrs84AgreeWithEoc) {
  TestServer server;
  auto cli = server.client();
  const std::string bbox = "87.50,43.74,87.60,43.84";
  const json answer = json::parse(cli.Get("/collections/communities/items?limit=1000&bbox=" + bbox)->body);
  const size_t inside = answer["numberMatched"];
  ASSERT_GT(inside, 5u);
  std::string out = ogrinfo("-so -oo PAGE_SIZE=1000 OAPIF:" + server.baseUrl() + " communities -spat 87.50 43.74 87.60 43.84");
  EXPECT_NE(out.find("Feature Count: " + std::to_string(inside)), std::string::npos) << out;
  // GDAL 3.6 evaluates -where itself (it speaks an older draft's cql-text, not cql2-text); the
  // count it reaches over eoc's pages still has to agree with eoc's own filter.
  const json big = json::parse(
      cli.Get("/collections/communities/items?limit=1000&bbox=" + bbox + "&filter=population%20%3E%204000")->body);
  out = ogrinfo("-so -oo PAGE_SIZE=1000 OAPIF:" + server.baseUrl() +
                " communities -spat 87.50 43.74 87.60 43.84 -where \"population > 4000\"");
  EXPECT_NE(out.find("Feature Count: " + std::to_string(big["numberMatched"].get<size_t>())), std::string::npos) << out;
}

}  // namespace
}  // namespace eoc::testing::oapif_gdal_crs_filter_test
