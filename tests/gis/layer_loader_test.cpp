#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "gis/geodesy.hpp"
#include "gis/layer_loader.hpp"
#include "gis/support/geodata_fixture.hpp"

namespace eoc::gis::layer_loader_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::TempGeodata;

std::string loadError(const TempGeodata& geodata) {
  try {
    loadCatalog(geodata.dir());
  } catch (const GisError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "error must be one line: " << message;
    return message;
  }
  ADD_FAILURE() << "loadCatalog accepted invalid data";
  return "";
}

TEST(LayerLoader, LoadsEveryLayerOfTheGoodFixtureInManifestOrder) {
  const LayerCatalog catalog = loadCatalog(testing::fixturePath("good"));
  ASSERT_EQ(catalog.layers().size(), 4u);
  EXPECT_EQ(catalog.layers()[0].id(), "boundary");
  EXPECT_EQ(catalog.layers()[2].id(), "shelters");
  EXPECT_EQ(catalog.require("shelters").features().size(), 3u);
  EXPECT_EQ(catalog.require("committees").features().size(), 2u);
  EXPECT_EQ(catalog.find("nonexistent"), nullptr);
  EXPECT_THROW(catalog.require("nonexistent"), EocError);
}

TEST(LayerLoader, ReprojectsGaussKrugerEpsg4538ToLonLat) {
  const LayerCatalog catalog = loadCatalog(testing::fixturePath("good"));
  const Feature* g01 = catalog.require("geohazards").find("G01");
  ASSERT_NE(g01, nullptr);
  // The fixture stores E 548293, N 4850664 in EPSG:4538, which is 87.60 E 43.79 N.
  EXPECT_LT(haversineMeters(g01->location(), {87.60, 43.79}), 1.0);
}

TEST(LayerLoader, KeepsTypedPropertiesAndRendersGeoJsonWithSevenDecimals) {
  const LayerCatalog catalog = loadCatalog(testing::fixturePath("good"));
  const Feature& s03 = *catalog.require("shelters").find("S03");
  EXPECT_EQ(s03.properties["capacity"], 450);
  EXPECT_EQ(s03.properties["open"], true);
  EXPECT_EQ(s03.properties["area_m2"], 2100.25);
  EXPECT_EQ(s03.properties["note"], "操场");  // undeclared attributes are kept too
  const auto rendered = nlohmann::json::parse(s03.geojson);
  EXPECT_EQ(rendered["type"], "Feature");
  EXPECT_EQ(rendered["id"], "S03");
  EXPECT_EQ(rendered["geometry"]["type"], "Point");
  EXPECT_THAT(s03.geojson, HasSubstr("[87.6212346,43.83]"));  // 87.62123456789 rounded to 7 decimals
  EXPECT_EQ(rendered["properties"]["name"], "红庙子小学");
  EXPECT_TRUE(nlohmann::json::parse(catalog.require("shelters").find("S02")->geojson)["properties"]["note"].is_null());
}

TEST(LayerLoader, StoresPolygonsAsCounterClockwiseMultiPolygons) {
  const LayerCatalog catalog = loadCatalog(testing::fixturePath("good"));
  const Layer& committees = catalog.require("committees");
  // The west committee's ring is clockwise in the file: the loader corrects it (RFC 7946).
  const Feature& west = *committees.find("650103001");
  EXPECT_GT(bg::area(west.area), 0);
  EXPECT_EQ(nlohmann::json::parse(west.geojson)["geometry"]["type"], "MultiPolygon");
  EXPECT_EQ(committees.find("650103002")->area.size(), 2u);
}

TEST(LayerLoader, BooleanDeclaredFieldAcceptsZeroOneIntegersOfAShapefile) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-no-prj.shp");
  geodata.editManifest([](auto& m) { m["layers"][2]["crs"] = "EPSG:4326"; });
  const LayerCatalog catalog = loadCatalog(geodata.dir());
  EXPECT_EQ(catalog.require("shelters").find("S02")->properties["open"], false);
  EXPECT_EQ(catalog.require("shelters").find("S01")->properties["open"], true);
}

TEST(LayerLoader, MissingRequiredFieldNamesFileFeatureAndField) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-S02-without-capacity.geojson");
  EXPECT_THAT(loadError(geodata),
              AllOf(HasSubstr("shelters-3points-S02-without-capacity.geojson: feature S02: field capacity: missing")));
}

TEST(LayerLoader, WrongFieldTypeNamesFileFeatureFieldAndValue) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-S03-capacity-text.geojson");
  // GeoJSON with mixed types makes the whole column a string column: every feature is wrong, the
  // first one is reported.
  EXPECT_THAT(loadError(geodata),
              HasSubstr("shelters-3points-S03-capacity-text.geojson: feature S01: field capacity: expected integer, got \"1200\""));
}

TEST(LayerLoader, WrongGeometryTypeNamesFileFeatureAndBothTypes) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-S02-linestring.geojson");
  EXPECT_THAT(loadError(geodata), HasSubstr("shelters-3points-S02-linestring.geojson: feature S02: expected Point geometry, got LineString"));
}

TEST(LayerLoader, UnreadableFileNamesTheFile) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-garbage.geojson");
  EXPECT_THAT(loadError(geodata), HasSubstr("shelters-garbage.geojson: cannot open"));
}

TEST(LayerLoader, MissingFileNamesTheFile) {
  TempGeodata geodata;
  geodata.editManifest([](auto& m) { m["layers"][2]["file"] = "no-such-file.geojson"; });
  EXPECT_THAT(loadError(geodata), HasSubstr("no-such-file.geojson: cannot open"));
}

TEST(LayerLoader, ShapefileWithoutPrjAndNoManifestCrsIsRefused) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-no-prj.shp");
  EXPECT_THAT(loadError(geodata),
              HasSubstr("shelters-3points-no-prj.shp: no CRS declared and none given in layers.json"));
}

TEST(LayerLoader, PointOutsideTheDistrictNamesFileAndFeature) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-S03-outside-district.geojson");
  // 87.70 E is 0.04° (≈3.2 km) east of the fixture district's 87.66 E edge.
  EXPECT_THAT(loadError(geodata), AllOf(HasSubstr("shelters-3points-S03-outside-district.geojson: feature S03: lies 32"),
                                        HasSubstr("m outside the district boundary (tolerance 200 m)")));
}

TEST(LayerLoader, PointJustOutsideButWithinToleranceIsAccepted) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-S03-outside-district.geojson");
  geodata.editManifest([](auto& m) { m["district"]["tolerance_m"] = 3500; });
  EXPECT_NO_THROW(loadCatalog(geodata.dir()));
}

TEST(LayerLoader, DuplicateIdNamesFileAndFeature) {
  TempGeodata geodata;
  geodata.useBrokenFile("shelters", "shelters-3points-S02-twice.geojson");
  EXPECT_THAT(loadError(geodata), HasSubstr("shelters-3points-S02-twice.geojson: feature S02: duplicate id (also feature #2)"));
}

TEST(LayerLoader, WrongFeatureCountNamesFileAndBothCounts) {
  TempGeodata geodata;
  geodata.editManifest([](auto& m) { m["layers"][2]["count"] = 27; });
  EXPECT_THAT(loadError(geodata), HasSubstr("shelters-3points.geojson: expected 27 features, found 3"));
}

TEST(LayerLoader, UnknownManifestKeyNamesManifestLayerAndKey) {
  TempGeodata geodata;
  geodata.editManifest([](auto& m) { m["layers"][2]["fields"][2]["requierd"] = false; });
  EXPECT_THAT(loadError(geodata), HasSubstr("layers.json: layers[2].fields[2]: unknown key \"requierd\""));
}

TEST(LayerLoader, UnknownTopLevelAndDistrictKeysAreErrors) {
  TempGeodata geodata;
  geodata.editManifest([](auto& m) { m["district"]["tolerance"] = 200; });
  EXPECT_THAT(loadError(geodata), HasSubstr("layers.json: district: unknown key \"tolerance\""));
  geodata.editManifest([](auto& m) {
    m["district"].erase("tolerance");
    m["version"] = 2;
  });
  EXPECT_THAT(loadError(geodata), HasSubstr("layers.json: top level: unknown key \"version\""));
}

TEST(LayerLoader, OptionalFieldMayBeNullButRequiredMayNot) {
  TempGeodata geodata;
  // G02's monitor is null in the fixture: fine while optional, an error once required.
  geodata.editManifest([](auto& m) { m["layers"][3]["fields"][2]["required"] = true; });
  EXPECT_THAT(loadError(geodata), HasSubstr("geohazards-2points-epsg4538.gpkg: feature G02: field monitor: missing"));
}

}  // namespace
}  // namespace eoc::gis::layer_loader_test
