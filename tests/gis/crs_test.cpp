// The served CRSs: identifiers, axis order, transformation through PROJ, and per-thread use.
// Reference figures come from GDAL's own command line tool, independent of eoc:
//   echo 87.60 43.79 | gdaltransform -s_srs EPSG:4490 -t_srs EPSG:4538
//   → 548293.167903092 4850664.21767453   (easting, northing: gdaltransform's traditional order)
#include <gtest/gtest.h>

#include <thread>

#include "core/error.hpp"
#include "gis/crs.hpp"
#include "gis/feature_geojson.hpp"

namespace eoc::gis::crs_test {
namespace {

constexpr double kEasting = 548293.167903092;
constexpr double kNorthing = 4850664.21767453;

TEST(Crs, SupportedListStartsWithCrs84AndHasTheChineseSystems) {
  const auto& all = supportedCrs();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_STREQ(all[0].uri, "http://www.opengis.net/def/crs/OGC/1.3/CRS84");
  EXPECT_STREQ(all[1].uri, "http://www.opengis.net/def/crs/EPSG/0/4326");
  EXPECT_STREQ(all[2].uri, "http://www.opengis.net/def/crs/EPSG/0/4490");
  EXPECT_STREQ(all[3].uri, "http://www.opengis.net/def/crs/EPSG/0/4538");
}

TEST(Crs, IdentifiersInEveryCommonSpelling) {
  EXPECT_EQ(parseCrs("http://www.opengis.net/def/crs/OGC/1.3/CRS84"), Crs::Crs84);
  EXPECT_EQ(parseCrs("https://www.opengis.net/def/crs/OGC/1.3/CRS84"), Crs::Crs84);
  EXPECT_EQ(parseCrs("OGC:CRS84"), Crs::Crs84);
  EXPECT_EQ(parseCrs("http://www.opengis.net/def/crs/EPSG/0/4538"), Crs::Epsg4538);
  EXPECT_EQ(parseCrs("EPSG:4538"), Crs::Epsg4538);
  EXPECT_EQ(parseCrs("[EPSG:4490]"), Crs::Epsg4490);
  EXPECT_EQ(parseCrs("urn:ogc:def:crs:EPSG::4326"), Crs::Epsg4326);
  EXPECT_EQ(parseCrs("epsg:4326"), Crs::Epsg4326);
  EXPECT_FALSE(parseCrs("EPSG:3857"));
  EXPECT_FALSE(parseCrs("http://www.opengis.net/def/crs/EPSG/0/45380"));
  EXPECT_FALSE(parseCrs(""));
}

TEST(Crs, UnknownCrsNamesTheSupportedOnes) {
  try {
    requireCrs("crs", "EPSG:3857");
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidCrs);
    EXPECT_NE(e.detail().find("crs: \"EPSG:3857\" is not supported"), std::string::npos) << e.detail();
    for (const CrsInfo& info : supportedCrs()) EXPECT_NE(e.detail().find(info.uri), std::string::npos) << e.detail();
  }
}

TEST(Crs, GaussKrugerComesOutNorthingThenEastingAsEpsgDefinesIt) {
  std::vector<double> x{87.60}, y{43.79};
  fromCrs84(Crs::Epsg4538, x, y);
  EXPECT_NEAR(x[0], kNorthing, 0.001);
  EXPECT_NEAR(y[0], kEasting, 0.001);
}

TEST(Crs, GeographicSystemsComeOutLatitudeFirst) {
  for (Crs crs : {Crs::Epsg4326, Crs::Epsg4490}) {
    std::vector<double> x{87.60}, y{43.79};
    fromCrs84(crs, x, y);
    EXPECT_NEAR(x[0], 43.79, 1e-9) << crsInfo(crs).uri;
    EXPECT_NEAR(y[0], 87.60, 1e-9) << crsInfo(crs).uri;
  }
  std::vector<double> x{87.60}, y{43.79};
  fromCrs84(Crs::Crs84, x, y);
  EXPECT_EQ(x[0], 87.60);
}

TEST(Crs, BackToCrs84RoundTripsBelowAMillimetre) {
  std::vector<double> x{kNorthing}, y{kEasting};
  toCrs84(Crs::Epsg4538, x, y, "bbox-crs");
  EXPECT_NEAR(x[0], 87.60, 1e-8);  // 1e-8 degrees ≈ 1 mm
  EXPECT_NEAR(y[0], 43.79, 1e-8);
}

TEST(Crs, BoxInAnotherCrsBecomesAnOutlineAroundTheSamePlace) {
  const Polygon outline = boxInCrs84(Crs::Epsg4538, Box(Point(kNorthing - 100, kEasting - 100), Point(kNorthing + 100, kEasting + 100)), "bbox");
  EXPECT_TRUE(bg::covered_by(Point(87.60, 43.79), outline));
  EXPECT_FALSE(bg::covered_by(Point(87.60, 43.80), outline));  // 1.1 km north
  EXPECT_GT(outline.outer().size(), 200u);                     // densified
}

TEST(Crs, FilterLiteralsMoveIntoCrs84) {
  cql2::GeometryLiteral literal;
  literal.points.emplace_back(kNorthing, kEasting);
  literal.boxes.emplace_back(Point(kNorthing - 10, kEasting - 10), Point(kNorthing + 10, kEasting + 10));
  literalTransform(Crs::Epsg4538)(literal);
  ASSERT_EQ(literal.points.size(), 1u);
  EXPECT_NEAR(literal.points[0].x(), 87.60, 1e-8);
  EXPECT_NEAR(literal.points[0].y(), 43.79, 1e-8);
  EXPECT_TRUE(literal.boxes.empty());
  ASSERT_EQ(literal.polygons.size(), 1u);
  EXPECT_TRUE(bg::covered_by(Point(87.60, 43.79), literal.polygons[0]));
  EXPECT_FALSE(literalTransform(Crs::Crs84));
}

TEST(Crs, RenderedFeatureCarriesCoordinatesInTheCrsAxisOrder) {
  Feature f;
  f.id = "S01";
  f.point = Point(87.60, 43.79);
  f.properties = {{"id", "S01"}, {"name", "西山公园"}};
  f.geojson = "pre-rendered";
  EXPECT_EQ(renderFeature(f, GeometryType::Point, Crs::Crs84), "pre-rendered");
  const auto gk = nlohmann::json::parse(renderFeature(f, GeometryType::Point, Crs::Epsg4538));
  EXPECT_EQ(gk["id"], "S01");
  EXPECT_EQ(gk["properties"]["name"], "西山公园");
  EXPECT_NEAR(gk["geometry"]["coordinates"][0].get<double>(), kNorthing, 0.001);
  EXPECT_NEAR(gk["geometry"]["coordinates"][1].get<double>(), kEasting, 0.001);
  const auto latLon = nlohmann::json::parse(renderFeature(f, GeometryType::Point, Crs::Epsg4490));
  EXPECT_EQ(latLon["geometry"]["coordinates"], nlohmann::json::parse("[43.79, 87.6]"));
}

TEST(Crs, RenderedPolygonsKeepRingsAndHoles) {
  Feature f;
  f.id = "Z";
  f.area.resize(1);
  for (auto [x, y] : {std::pair{87.5, 43.7}, {87.6, 43.7}, {87.6, 43.8}, {87.5, 43.8}, {87.5, 43.7}})
    bg::append(f.area[0].outer(), Point(x, y));
  f.area[0].inners().resize(1);
  for (auto [x, y] : {std::pair{87.52, 43.72}, {87.52, 43.74}, {87.54, 43.74}, {87.54, 43.72}, {87.52, 43.72}})
    bg::append(f.area[0].inners()[0], Point(x, y));
  f.properties = nlohmann::json::object();
  const auto out = nlohmann::json::parse(renderFeature(f, GeometryType::Polygon, Crs::Epsg4326));
  EXPECT_EQ(out["geometry"]["type"], "MultiPolygon");
  const auto& rings = out["geometry"]["coordinates"][0];
  ASSERT_EQ(rings.size(), 2u);
  EXPECT_EQ(rings[0].size(), 5u);
  EXPECT_EQ(rings[1][2], nlohmann::json::parse("[43.74, 87.54]"));
}

TEST(Crs, NumbersAreRoundedAndShortest) {
  std::string out;
  appendNumber(out, 548293.167903092, 3);
  out += ' ';
  appendNumber(out, 87.600000000001, 7);
  out += ' ';
  appendNumber(out, -0.00000001, 7);
  EXPECT_EQ(out, "548293.168 87.6 0");
}

TEST(Crs, EveryThreadTransformsWithItsOwnTransformation) {
  std::vector<std::thread> threads;
  std::vector<double> northings(8, 0);
  for (size_t t = 0; t < northings.size(); ++t)
    threads.emplace_back([t, &northings] {
      for (int i = 0; i < 200; ++i) {
        std::vector<double> x{87.60}, y{43.79};
        fromCrs84(Crs::Epsg4538, x, y);
        northings[t] = x[0];
      }
    });
  for (auto& thread : threads) thread.join();
  for (double n : northings) EXPECT_NEAR(n, kNorthing, 0.001);
}

}  // namespace
}  // namespace eoc::gis::crs_test
