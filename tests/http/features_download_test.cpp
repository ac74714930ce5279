// Downloads (f=gpkg, f=kml, f=csv) over real HTTP, read back by GDAL's own programs: ogr2ogr
// turns eoc's GeoPackage back into GeoJSON, which must equal the layer's source file; downloads
// honour filter, bbox and crs; Chinese file names reach the client (RFC 6266 / RFC 5987).
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "support/gdal_reference.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::features_download_test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* k4538 = "http://www.opengis.net/def/crs/EPSG/0/4538";

class FeaturesDownload : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
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
    EXPECT_TRUE(res && res->status == 200) << path;
    return res ? json::parse(res->body) : json();
  }
  // Writes a download to `file`.
  static httplib::Result download(const fs::path& file, const std::string& path, const httplib::Params& params) {
    auto res = get(path, params);
    if (res && res->status == 200) std::ofstream(file, std::ios::binary) << res->body;
    return res;
  }
  // ogr2ogr FILE → GeoJSON (in EPSG:4326 lon/lat, as GeoJSON is), parsed.
  static json toGeoJson(const fs::path& file, const TempDir& dir, const std::string& extra = "") {
    const fs::path out = dir.path() / (file.stem().string() + "-" + std::to_string(counter_++) + ".geojson");
    const std::string log = runCommand("ogr2ogr -f GeoJSON -lco RFC7946=NO " + extra + " " + out.string() + " " + file.string());
    std::ifstream in(out);
    if (!in) ADD_FAILURE() << "ogr2ogr wrote nothing: " << log;
    return in ? json::parse(in) : json();
  }

 private:
  static TestServer* server_;
  static int counter_;
};
TestServer* FeaturesDownload::server_ = nullptr;
int FeaturesDownload::counter_ = 0;

// "%E5%BA%94" → bytes, independently of eoc's encoder.
std::string percentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::map<std::string, json> byId(const json& collection, const std::string& idField) {
  std::map<std::string, json> out;
  for (const auto& f : collection["features"]) out[f["properties"][idField].get<std::string>()] = f;
  return out;
}

// The same vertices, in any order (eoc orients rings counter-clockwise as RFC 7946 asks, a source
// file may not).
void expectSameCoordinates(const json& a, const json& b, double tolerance) {
  auto pa = coordinatesOf(a);
  auto pb = coordinatesOf(b);
  ASSERT_EQ(pa.size(), pb.size());
  std::sort(pa.begin(), pa.end());
  std::sort(pb.begin(), pb.end());
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_NEAR(pa[i][0], pb[i][0], tolerance);
    EXPECT_NEAR(pa[i][1], pb[i][1], tolerance);
  }
}

TEST_F(FeaturesDownload, GeoPackageOfEveryBundledLayerRoundTripsThroughOgr2ogrToItsSourceFile) {
  TempDir dir;
  for (const auto& layer : server().service().layers().layers()) {
    SCOPED_TRACE(layer.id());
    // The teams collection is served live (status, position): TheLiveTeamsLayerDownloadsWhatItServes.
    if (server().service().liveLayer(layer.id())) continue;
    const fs::path gpkg = dir.path() / (layer.id() + ".gpkg");
    auto res = download(gpkg, "/collections/" + layer.id() + "/items", {{"f", "gpkg"}});
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body.substr(0, 300) : "");
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/geopackage+sqlite3");
    const json fromEoc = toGeoJson(gpkg, dir);
    // The source file, through the same program (geohazards' is a GeoPackage in EPSG:4538).
    const fs::path source = fs::path(EOC_SOURCE_DIR) / "geodata" / layer.spec().file;
    const json fromSource = toGeoJson(source, dir, "-t_srs EPSG:4326");
    const auto a = byId(fromEoc, layer.spec().idField);
    const auto b = byId(fromSource, layer.spec().idField);
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [id, feature] : b) {
      ASSERT_TRUE(a.count(id)) << id;
      EXPECT_EQ(a.at(id)["properties"], feature["properties"]) << id;
      // Polygon layers are written as MultiPolygon (some features have holes or several parts).
      const std::string expectedType = feature["geometry"]["type"] == "Polygon" ? "MultiPolygon" : feature["geometry"]["type"];
      EXPECT_EQ(a.at(id)["geometry"]["type"], expectedType);
      expectSameCoordinates(a.at(id)["geometry"], feature["geometry"], 1e-7);
    }
  }
}

TEST_F(FeaturesDownload, TheLiveTeamsLayerDownloadsWhatItServes) {
  TempDir dir;
  const fs::path gpkg = dir.path() / "teams.gpkg";
  ASSERT_TRUE(download(gpkg, "/collections/teams/items", {{"f", "gpkg"}}));
  const auto served = byId(getJson("/collections/teams/items"), "id");
  const auto file = byId(toGeoJson(gpkg, dir), "id");
  ASSERT_EQ(file.size(), served.size());
  for (const auto& [id, feature] : served) {
    EXPECT_EQ(file.at(id)["properties"]["phone"], feature["properties"]["phone"]);  // masked, as served
    EXPECT_EQ(file.at(id)["properties"]["status"], feature["properties"]["status"]);
    expectSameCoordinates(file.at(id)["geometry"], feature["geometry"], 1e-7);
  }
}

TEST_F(FeaturesDownload, DownloadsHonourFilterBboxAndCrs) {
  TempDir dir;
  const httplib::Params query = {{"filter", "population > 3000"}, {"bbox", "87.45,43.70,87.62,43.86"}, {"crs", k4538}};
  const json page = [&] {
    httplib::Params p = query;
    p.emplace("limit", "10000");
    return getJson("/collections/communities/items", p);
  }();
  ASSERT_GT(page["numberMatched"].get<size_t>(), 3u);
  httplib::Params gpkgQuery = query;
  gpkgQuery.emplace("f", "gpkg");
  const fs::path gpkg = dir.path() / "selection.gpkg";
  auto res = download(gpkg, "/collections/communities/items", gpkgQuery);
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  EXPECT_EQ(res->get_header_value("Content-Crs"), std::string("<") + k4538 + ">");
  const std::string info = runCommand("ogrinfo -ro -so -al " + gpkg.string());
  EXPECT_NE(info.find("Feature Count: " + std::to_string(page["numberMatched"].get<size_t>())), std::string::npos) << info;
  EXPECT_NE(info.find("ID[\"EPSG\",4538]"), std::string::npos) << info;
  // In the GeoPackage, X is the easting (GeoPackage's order whatever the CRS); in the JSON,
  // EPSG:4538's own order puts the northing first.
  const json file = toGeoJson(gpkg, dir, "-lco COORDINATE_PRECISION=3");
  const auto inFile = byId(file, "id");
  for (const auto& f : page["features"]) {
    const std::string id = f["id"];
    ASSERT_TRUE(inFile.count(id)) << id;
    EXPECT_NEAR(inFile.at(id)["geometry"]["coordinates"][0].get<double>(), f["geometry"]["coordinates"][1].get<double>(), 0.01);
    EXPECT_NEAR(inFile.at(id)["geometry"]["coordinates"][1].get<double>(), f["geometry"]["coordinates"][0].get<double>(), 0.01);
  }
}

TEST_F(FeaturesDownload, KmlOpensInGdalAndIsCrs84Only) {
  TempDir dir;
  const fs::path kml = dir.path() / "shelters.kml";
  auto res = download(kml, "/collections/shelters/items", {{"f", "kml"}, {"filter", "status = 'open'"}});
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.google-earth.kml+xml");
  const json open = getJson("/collections/shelters/items", {{"status", "open"}});
  const std::string info = runCommand("ogrinfo -ro -so -al " + kml.string());
  EXPECT_NE(info.find("Feature Count: " + std::to_string(open["numberMatched"].get<size_t>())), std::string::npos) << info;
  EXPECT_NE(res->body.find("<name>" + open["features"][0]["properties"]["name"].get<std::string>() + "</name>"),
            std::string::npos);
  auto refused = get("/collections/shelters/items", {{"f", "kml"}, {"crs", k4538}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(json::parse(refused->body)["code"], "InvalidCrs");
}

TEST_F(FeaturesDownload, CsvIsSpreadsheetReady) {
  auto res = get("/collections/shelters/items", {{"f", "csv"}, {"crs", k4538}});
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  const std::string& csv = res->body;
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");  // Excel reads UTF-8 Chinese only with the BOM
  EXPECT_EQ(csv.substr(3, 5), "X,Y,i");
  EXPECT_EQ(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')), 1 + 27u);
  EXPECT_NE(csv.find("应急避难场所"), std::string::npos);
}

TEST_F(FeaturesDownload, ChineseFileNamesWithAnAsciiFallback) {
  for (const auto& [layer, format] : std::vector<std::pair<std::string, std::string>>{
           {"shelters", "gpkg"}, {"committees", "csv"}, {"communities", "kml"}}) {
    SCOPED_TRACE(layer);
    // The header as sent, read by curl: cpp-httplib's client percent-decodes header values.
    const std::string headers = runCommand("env -u http_proxy -u HTTP_PROXY curl -s -m 20 -D - -o /dev/null '" +
                                           server().baseUrl() + "/collections/" + layer + "/items?f=" + format + "'");
    const auto at = headers.find("Content-Disposition: ");
    ASSERT_NE(at, std::string::npos) << headers;
    const std::string header = headers.substr(at + 21, headers.find("\r\n", at) - at - 21);
    EXPECT_EQ(header.rfind("attachment; filename=\"" + layer + "." + format + "\"; filename*=UTF-8''", 0), 0u) << header;
    const std::string encoded = header.substr(header.find("UTF-8''") + 7);
    for (unsigned char c : encoded) EXPECT_TRUE(c < 0x80 && c != ' ' && c != '"' && c != ';') << header;
    std::string title = server().service().layers().require(layer).spec().title;
    std::replace(title.begin(), title.end(), '/', '_');  // "片区管委会/街道": no path separator in a name
    EXPECT_EQ(percentDecode(encoded), title + "." + format);
  }
}

TEST_F(FeaturesDownload, DrillZonesDownloadUnderTheirExerciseTitle) {
  auto cli = server().client();
  const httplib::Headers auth = {{"Authorization", "Bearer " + server().token(Role::DutyOfficer)}};
  auto created = cli.Post("/drills", auth, json{{"scenario_id", "earthquake-yamalik"}}.dump(), "application/json");
  ASSERT_TRUE(created && created->status == 201);
  const std::string zones = json::parse(created->body)["zones_collection"];
  const json served = getJson("/collections/" + zones + "/items", {{"crs", k4538}, {"filter", "kind = 'intensity_zone'"}});
  ASSERT_GT(served["numberMatched"].get<size_t>(), 0u);
  TempDir dir;
  const fs::path gpkg = dir.path() / "zones.gpkg";
  auto res = download(gpkg, "/collections/" + zones + "/items", {{"f", "gpkg"}, {"crs", k4538}, {"filter", "kind = 'intensity_zone'"}});
  ASSERT_TRUE(res && res->status == 200);
  const std::string info = runCommand("ogrinfo -ro -so -al " + gpkg.string());
  EXPECT_NE(info.find("Feature Count: " + std::to_string(served["numberMatched"].get<size_t>())), std::string::npos) << info;
  EXPECT_NE(info.find("Multi Polygon"), std::string::npos) << info;
  const std::string headers = runCommand("env -u http_proxy -u HTTP_PROXY curl -s -m 20 -D - -o /dev/null '" +
                                         server().baseUrl() + "/collections/" + zones + "/items?f=kml'");
  const auto at = headers.find("filename*=UTF-8''");
  ASSERT_NE(at, std::string::npos) << headers;
  const std::string name = percentDecode(headers.substr(at + 17, headers.find("\r\n", at) - at - 17));
  EXPECT_EQ(name.rfind("【演练】", 0), 0u) << name;  // exercise output stays marked, also as a file
  EXPECT_EQ(name.substr(name.size() - 4), ".kml");
}

TEST_F(FeaturesDownload, LargeSelectionsArePagedWithALinkHeader) {
  auto res = get("/collections/communities/items", {{"f", "csv"}, {"limit", "50"}});
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(static_cast<size_t>(std::count(res->body.begin(), res->body.end(), '\n')), 51u);
  bool next = false;
  for (const auto& [name, value] : res->headers)
    next = next || (name == "Link" && value.find("rel=\"next\"") != std::string::npos && value.find("offset=50") != std::string::npos);
  EXPECT_TRUE(next);
}

TEST_F(FeaturesDownload, UnknownFormatIsAProblemListingTheServedOnes) {
  auto res = get("/collections/shelters/items", {{"f", "shp"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json problem = json::parse(res->body);
  EXPECT_EQ(problem["code"], "InvalidParameter");
  EXPECT_NE(problem["detail"].get<std::string>().find("gpkg, kml, csv"), std::string::npos) << problem["detail"];
}

TEST_F(FeaturesDownload, OpenApiListsTheNewParametersFormatsAndQueryables) {
  const json api = getJson("/api");
  const json& items = api["paths"]["/collections/{collectionId}/items"]["get"];
  std::map<std::string, json> params;
  for (const auto& p : items["parameters"]) params[p["name"]] = p;
  for (const char* name : {"bbox", "bbox-crs", "crs", "filter", "filter-lang", "filter-crs", "f", "limit", "offset"})
    EXPECT_TRUE(params.count(name)) << name;
  EXPECT_EQ(params["f"]["schema"]["enum"], json::array({"json", "geojson", "gpkg", "kml", "csv"}));
  EXPECT_EQ(params["filter-lang"]["schema"]["enum"], json::array({"cql2-text", "cql2-json"}));
  EXPECT_EQ(params["crs"]["schema"]["enum"].size(), 4u);
  for (const char* type : {"application/geo+json", "application/geopackage+sqlite3",
                           "application/vnd.google-earth.kml+xml", "text/csv; charset=utf-8"})
    EXPECT_TRUE(items["responses"]["200"]["content"].contains(type)) << type;
  EXPECT_TRUE(api["paths"].contains("/collections/{collectionId}/queryables"));
  const json& item = api["paths"]["/collections/{collectionId}/items/{featureId}"]["get"];
  bool crs = false;
  for (const auto& p : item["parameters"]) crs = crs || p["name"] == "crs";
  EXPECT_TRUE(crs);
}

}  // namespace
}  // namespace eoc::testing::features_download_test
