// OGC API – Features Part 3 over real HTTP: queryables, CQL2 filters (text and JSON) on every
// layer — the bundled ones, the live teams layer and a drill's zones — checked against an
// independent evaluation: the same condition in SQLite SQL (SpatiaLite for geometry), run by
// GDAL over the GeoJSON the test fetched. Then paging and bbox together with a filter, and
// hostile filters.
#include <gtest/gtest.h>

#include <set>

#include "support/filter_generator.hpp"
#include "support/gdal_reference.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::features_filter_test {
namespace {

using nlohmann::json;

class FeaturesFilter : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    // A drill, so that its zones collection exists (a layer built at run time).
    auto cli = server_->client();
    const httplib::Headers auth = {{"Authorization", "Bearer " + server_->token(Role::DutyOfficer)}};
    auto created = cli.Post("/drills", auth, json{{"scenario_id", "earthquake-yamalik"}}.dump(), "application/json");
    ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "no answer");
    zones_ = new std::string(json::parse(created->body)["zones_collection"].get<std::string>());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete zones_;
    server_ = nullptr;
  }
  static TestServer& server() { return *server_; }
  static const std::string& zones() { return *zones_; }

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
  static std::set<std::string> ids(const json& collection, const std::string& idField) {
    std::set<std::string> out;
    for (const auto& f : collection["features"]) {
      const json& id = f["properties"][idField];
      out.insert(id.is_string() ? id.get<std::string>() : id.dump());
    }
    return out;
  }
  static std::vector<std::string> layerIds() {
    std::vector<std::string> out;
    const json collections = getJson("/collections");
    for (const auto& c : collections["collections"]) out.push_back(c["id"]);
    return out;
  }
  static std::string idFieldOf(const std::string& layer) {
    for (const auto& l : server().service().layers().layers())
      if (l.id() == layer) return l.spec().idField;
    return "id";  // the live teams layer and drill zones
  }

 private:
  static TestServer* server_;
  static std::string* zones_;
};
TestServer* FeaturesFilter::server_ = nullptr;
std::string* FeaturesFilter::zones_ = nullptr;

TEST_F(FeaturesFilter, ConformanceDeclaresQueryablesFilterAndTheCql2Classes) {
  const json body = getJson("/conformance");
  const std::set<std::string> classes(body["conformsTo"].begin(), body["conformsTo"].end());
  for (const char* uri : {"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                          "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                          "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                          "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions"})
    EXPECT_TRUE(classes.count(uri)) << uri;
}

TEST_F(FeaturesFilter, QueryablesOfEveryLayerAreItsDeclaredFieldsAndGeometry) {
  std::vector<std::string> layers = layerIds();
  ASSERT_TRUE(std::find(layers.begin(), layers.end(), zones()) != layers.end());
  for (const std::string& id : layers) {
    SCOPED_TRACE(id);
    auto res = get("/collections/" + id + "/queryables");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/schema+json");
    const json schema = json::parse(res->body);
    EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    EXPECT_EQ(schema["$id"], server().baseUrl() + "/collections/" + id + "/queryables");
    EXPECT_EQ(schema["type"], "object");
    ASSERT_TRUE(schema["properties"].contains("geometry"));
    const auto live = server().service().liveLayer(id);
    const gis::Layer& layer = live ? *live : server().service().layers().require(id);
    EXPECT_EQ(schema["properties"].size(), layer.spec().fields.size() + 1);
    for (const auto& field : layer.spec().fields) {
      ASSERT_TRUE(schema["properties"].contains(field.name)) << field.name;
      const std::string expected = field.type == gis::FieldType::Integer ? "integer"
                                   : field.type == gis::FieldType::Real  ? "number"
                                   : field.type == gis::FieldType::Boolean ? "boolean"
                                                                           : "string";
      EXPECT_EQ(schema["properties"][field.name]["type"], expected) << field.name;
    }
  }
  // The collection links to it.
  bool linked = false;
  const json shelters = getJson("/collections/shelters");
  for (const auto& l : shelters["links"])
    linked = linked || l["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  EXPECT_TRUE(linked);
}

TEST_F(FeaturesFilter, ItemsAnswersLinkToTheQueryablesInALinkHeader) {
  for (const httplib::Params& params : {httplib::Params{}, httplib::Params{{"filter", "capacity > 1000"}}}) {
    auto res = get("/collections/shelters/items", params);
    ASSERT_TRUE(res && res->status == 200);
    EXPECT_EQ(res->get_header_value("Link"), "<" + server().baseUrl() +
                                                 "/collections/shelters/queryables>; rel=\"http://www.opengis.net/def/rel/ogc/1.0/"
                                                 "queryables\"; type=\"application/schema+json\"");
  }
}

// 30 generated filters per layer; eoc's answer must equal SQLite's over the same features.
TEST_F(FeaturesFilter, GeneratedFiltersOnEveryLayerMatchAnIndependentSqliteEvaluation) {
  for (const std::string& layer : layerIds()) {
    SCOPED_TRACE(layer);
    const std::string idField = idFieldOf(layer);
    const json all = getJson("/collections/" + layer + "/items", {{"limit", "10000"}});
    const json queryables = getJson("/collections/" + layer + "/queryables");
    ASSERT_FALSE(all["features"].empty());
    const size_t total = all["features"].size();
    FilterGenerator generator(queryables, all, static_cast<unsigned>(std::hash<std::string>{}(layer) % 100000));
    size_t discriminating = 0;  // filters that keep some features but not all
    size_t empty = 0, nonEmpty = 0;
    for (int i = 0; i < 30; ++i) {
      const GeneratedFilter filter = generator.next();
      const bool asJson = i % 3 == 2;
      SCOPED_TRACE(asJson ? filter.json.dump() : filter.text);
      httplib::Params params = {{"limit", "10000"}};
      if (asJson) {
        params.emplace("filter", filter.json.dump());
        params.emplace("filter-lang", "cql2-json");
      } else {
        params.emplace("filter", filter.text);
      }
      const json answer = getJson("/collections/" + layer + "/items", params);
      const std::set<std::string> expected = sqliteSelect(all, idField, filter.sql);
      EXPECT_EQ(ids(answer, idField), expected) << "SQL: " << filter.sql;
      EXPECT_EQ(answer["numberMatched"].get<size_t>(), expected.size());
      if (!expected.empty() && expected.size() < total) ++discriminating;
      (expected.empty() ? empty : nonEmpty)++;
    }
    // Filters that all select everything or nothing would prove little.
    if (total > 2) EXPECT_GE(discriminating, 5u) << "the generated filters hardly discriminate";
    else EXPECT_TRUE(empty >= 3 && nonEmpty >= 3) << empty << " empty, " << nonEmpty << " not";
  }
}

TEST_F(FeaturesFilter, FilterBboxAndPagingTogetherWalkTheIntersectionOnce) {
  const json all = getJson("/collections/communities/items", {{"limit", "10000"}});
  const std::string filter = "population > 4500 OR name LIKE '%村'";
  const std::string bbox = "87.50,43.74,87.60,43.84";
  const std::set<std::string> expected =
      sqliteSelect(all, "id", "(\"population\" > 4500 OR \"name\" GLOB '*村') AND "
                              "ST_Intersects(geometry, BuildMbr(87.50, 43.74, 87.60, 43.84))");
  ASSERT_GT(expected.size(), 14u);  // more than two pages
  std::set<std::string> seen;
  std::string path = "/collections/communities/items";
  httplib::Params params = {{"filter", filter}, {"bbox", bbox}, {"limit", "7"}};
  int pages = 0;
  while (!path.empty() && pages < 100) {
    auto res = get(path, params);
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
    const json page = json::parse(res->body);
    EXPECT_EQ(page["numberMatched"].get<size_t>(), expected.size());
    for (const auto& f : page["features"]) EXPECT_TRUE(seen.insert(f["properties"]["id"].get<std::string>()).second);
    path.clear();
    params.clear();
    for (const auto& l : page["links"])
      if (l["rel"] == "next") path = l["href"].get<std::string>().substr(server().baseUrl().size());
    ++pages;
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, int((expected.size() + 6) / 7));
}

TEST_F(FeaturesFilter, PropertyParametersAndFilterCombine) {
  const json all = getJson("/collections/shelters/items", {{"limit", "10000"}});
  const json answer = getJson("/collections/shelters/items", {{"status", "open"}, {"filter", "capacity > 1000"}});
  EXPECT_EQ(ids(answer, "id"), sqliteSelect(all, "id", "\"status\" = 'open' AND \"capacity\" > 1000"));
}

TEST_F(FeaturesFilter, FilterCrsTakesLiteralsInGaussKruger) {
  // The same triangle written in CRS84 and in EPSG:4538 (northing, easting; coordinates from
  // gdaltransform) selects the same shelters.
  const std::vector<std::array<double, 2>> lonLat = {{87.50, 43.72}, {87.62, 43.72}, {87.56, 43.84}};
  const auto gk = gdaltransform(lonLat, "EPSG:4538");
  std::string wkt84 = "POLYGON((", wktGk = "POLYGON((";
  for (int i = 0; i <= 3; ++i) {
    const auto& p = lonLat[i % 3];
    const auto& q = gk[i % 3];
    wkt84 += (i ? ", " : "") + std::to_string(p[0]) + " " + std::to_string(p[1]);
    wktGk += (i ? ", " : "") + std::to_string(q[1]) + " " + std::to_string(q[0]);  // northing first
  }
  wkt84 += "))";
  wktGk += "))";
  const json in84 = getJson("/collections/shelters/items", {{"filter", "S_INTERSECTS(geometry, " + wkt84 + ")"}});
  const json inGk = getJson("/collections/shelters/items",
                            {{"filter", "S_INTERSECTS(geometry, " + wktGk + ")"},
                             {"filter-crs", "http://www.opengis.net/def/crs/EPSG/0/4538"}});
  EXPECT_GT(in84["numberMatched"].get<size_t>(), 0u);
  EXPECT_EQ(ids(inGk, "id"), ids(in84, "id"));
}

struct HostileCase {
  std::string name;
  std::string filter;
  int status;
  std::string code;
  std::string detail;  // a part the problem's detail must contain ("" when the URI limit answers)
};

void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.name; }

class FeaturesFilterHostile : public FeaturesFilter, public ::testing::WithParamInterface<HostileCase> {};

TEST_P(FeaturesFilterHostile, AnswersAProblemNamingThePositionAndKeepsServing) {
  const HostileCase& c = GetParam();
  auto res = get("/collections/shelters/items", {{"filter", c.filter}});
  ASSERT_TRUE(res) << "no answer";
  EXPECT_EQ(res->status, c.status) << res->body.substr(0, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  const json problem = json::parse(res->body);
  EXPECT_EQ(problem["code"], c.code);
  EXPECT_NE(problem["detail"].get<std::string>().find(c.detail), std::string::npos) << problem["detail"];
  auto health = get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FeaturesFilterHostile,
    ::testing::Values(
        // The deepest nesting a URI (8 KB, cpp-httplib's limit) can carry reaches the parser.
        HostileCase{"DeepParentheses", std::string(4000, '(') + "capacity = 1" + std::string(4000, ')'), 400,
                    "InvalidFilter", "nested deeper than 32 levels (parentheses and NOT) at character 34"},
        // 10,000 levels and a megabyte do not fit in a request line: refused before any parsing
        // (the parser's own bound is tested in tests/gis/cql2_text_parser_test.cpp).
        HostileCase{"TenThousandParentheses", std::string(10000, '(') + "capacity = 1" + std::string(10000, ')'), 414,
                    "UriTooLong", ""},
        HostileCase{"OneMegabyte", "name = '" + std::string(1 << 20, 'x') + "'", 414, "UriTooLong", ""},
        HostileCase{"UnknownProperty", "capacity > 100 AND colour = 'red'", 400, "UnknownProperty",
                    "\"colour\" is not a queryable of shelters"},
        HostileCase{"UnknownPropertyPosition", "capacity > 100 AND colour = 'red'", 400, "UnknownProperty",
                    "at character 20"},
        HostileCase{"TypeMismatch", "capacity = 'many'", 400, "InvalidFilter",
                    "type mismatch: capacity is a number, a string literal at character 12"},
        HostileCase{"UnterminatedString", "name = '八一公园", 400, "InvalidFilter", "unterminated string"},
        HostileCase{"UnterminatedStringPosition", "name = '八一公园", 400, "InvalidFilter", "at character 8"},
        HostileCase{"InvalidCoordinate", "S_INTERSECTS(geometry, POINT(90 180))", 400, "InvalidFilter",
                    "outside lon -180…180"},
        HostileCase{"Unsupported", "T_AFTER(built, TIMESTAMP('2020-01-01T00:00:00Z'))", 400, "InvalidFilter",
                    "not supported"}),
    [](const auto& info) { return info.param.name; });

TEST_F(FeaturesFilter, BadFilterParametersAreProblems) {
  const auto problem = [&](const httplib::Params& params) {
    auto res = get("/collections/shelters/items", params);
    EXPECT_TRUE(res);
    return res ? json::parse(res->body) : json();
  };
  json p = problem({{"filter", "capacity > 1"}, {"filter-lang", "ecql"}});
  EXPECT_EQ(p["code"], "InvalidParameter");
  EXPECT_NE(p["detail"].get<std::string>().find("cql2-text, cql2-json"), std::string::npos);
  p = problem({{"filter", "{\"op\": \"=\", \"args\": [1"}, {"filter-lang", "cql2-json"}});
  EXPECT_EQ(p["code"], "InvalidFilter");
  EXPECT_NE(p["detail"].get<std::string>().find("not valid JSON at byte"), std::string::npos);
  p = problem({{"filter", "S_INTERSECTS(geometry, POINT(1 2))"}, {"filter-crs", "EPSG:3857"}});
  EXPECT_EQ(p["code"], "InvalidCrs");
  EXPECT_EQ(p["status"], 400);
}

}  // namespace
}  // namespace eoc::testing::features_filter_test
