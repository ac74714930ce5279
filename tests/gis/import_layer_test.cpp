#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gis/chinese_datums.hpp"
#include "gis/geodesy.hpp"
#include "gis/layer_loader.hpp"
#include "gis/support/geodata_fixture.hpp"

namespace eoc::gis::import_layer_test {
namespace {

using ::testing::HasSubstr;
using testing::TempGeodata;

TEST(ImportLayer, GeoPackageInEpsg4538BecomesWgs84GeoJsonAndTheManifestFollows) {
  TempGeodata geodata;
  const auto before = loadCatalog(geodata.dir());
  EXPECT_EQ(importLayer(geodata.dir(), "geohazards", geodata.dir() / "geohazards-2points-epsg4538.gpkg", ""), 2u);

  ASSERT_TRUE(std::filesystem::exists(geodata.dir() / "geohazards.geojson"));
  const auto manifest = geodata.manifest();
  const auto& entry = manifest["layers"][3];
  EXPECT_EQ(entry["file"], "geohazards.geojson");
  EXPECT_FALSE(entry.contains("crs"));
  EXPECT_EQ(entry["title"], "地质灾害隐患点");      // the rest of the entry is kept
  EXPECT_EQ(manifest["layers"][2]["file"], "shelters-3points.geojson");  // and the other layers

  const auto after = loadCatalog(geodata.dir());
  const Layer& imported = after.require("geohazards");
  for (const Feature& old : before.require("geohazards").features()) {
    const Feature* now = imported.find(old.id);
    ASSERT_NE(now, nullptr) << old.id;
    EXPECT_LT(haversineMeters(now->location(), old.location()), 0.02) << old.id;  // 7 decimals ≈ 1 cm
    EXPECT_EQ(now->properties["threatened_people"], old.properties["threatened_people"]);
    EXPECT_EQ(now->properties["monitor"], old.properties["monitor"]);
  }
}

TEST(ImportLayer, Gcj02SourceIsShiftedBackToWgs84) {
  TempGeodata geodata;
  // Write the good shelters as GCJ-02, as a web map would hand them over.
  const auto catalog = loadCatalog(geodata.dir());
  std::string collection = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (const Feature& f : catalog.require("shelters").features()) {
    const GeoPoint gcj = wgs84ToGcj02(f.location());
    auto feature = nlohmann::json::parse(f.geojson);
    feature["geometry"]["coordinates"] = {gcj.lon, gcj.lat};
    collection += feature.dump() + ",";
  }
  collection.back() = ']';
  collection += "}";
  const auto source = geodata.dir() / "shelters-from-amap.geojson";
  std::ofstream(source) << collection;

  EXPECT_EQ(importLayer(geodata.dir(), "shelters", source, "gcj02"), 3u);
  const auto after = loadCatalog(geodata.dir());
  for (const Feature& old : catalog.require("shelters").features())
    EXPECT_LT(haversineMeters(after.require("shelters").find(old.id)->location(), old.location()), 0.02) << old.id;
  EXPECT_EQ(after.require("shelters").find("S01")->properties["open"], true);
}

TEST(ImportLayer, InvalidSourceIsRefusedAndNothingIsWritten) {
  TempGeodata geodata;
  const auto manifestBefore = geodata.manifest();
  try {
    importLayer(geodata.dir(), "shelters", testing::fixturePath("broken/shelters-3points-S03-outside-district.geojson"), "");
    FAIL() << "import accepted a point outside the district";
  } catch (const GisError& e) {
    EXPECT_THAT(e.what(), HasSubstr("shelters-3points-S03-outside-district.geojson: feature S03: lies"));
  }
  EXPECT_FALSE(std::filesystem::exists(geodata.dir() / "shelters.geojson"));
  EXPECT_EQ(geodata.manifest(), manifestBefore);
}

TEST(ImportLayer, UnknownLayerAndUnknownCrsAreRefused) {
  TempGeodata geodata;
  EXPECT_THROW(importLayer(geodata.dir(), "nope", geodata.dir() / "shelters-3points.geojson", ""), GisError);
  try {
    importLayer(geodata.dir(), "shelters", geodata.dir() / "shelters-3points.geojson", "wgs-84");
    FAIL() << "accepted an unknown CRS";
  } catch (const GisError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown CRS \"wgs-84\""));
  }
}

}  // namespace
}  // namespace eoc::gis::import_layer_test
