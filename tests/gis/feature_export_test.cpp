// Downloads written by GDAL's drivers, read back with GDAL/OGR directly (not with eoc's loader):
// what a GIS user opening the file would see.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cpl_vsi.h>

#include "core/error.hpp"
#include "gis/feature_export.hpp"
#include "gis/layer_loader.hpp"
#include "gis/support/geodata_fixture.hpp"

namespace eoc::gis::feature_export_test {
namespace {

const LayerCatalog& catalog() {
  static const LayerCatalog loaded = loadCatalog(testing::fixturePath("good"));
  return loaded;
}

std::vector<size_t> all(const Layer& layer) {
  std::vector<size_t> indexes(layer.features().size());
  for (size_t i = 0; i < indexes.size(); ++i) indexes[i] = i;
  return indexes;
}

// Opens the bytes with GDAL from a /vsimem/ file of its own (over a copy it keeps alive).
struct Opened {
  std::string bytes;
  std::string path;
  GDALDataset* dataset = nullptr;
  Opened(std::string content, const std::string& name) : bytes(std::move(content)), path("/vsimem/export-test-" + name) {
    VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(bytes.data()), bytes.size(), FALSE);
    VSIFCloseL(file);
    dataset = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY);
  }
  ~Opened() {
    if (dataset) GDALClose(dataset);
    VSIUnlink(path.c_str());
  }
  OGRLayer& layer() { return *dataset->GetLayer(0); }
};

TEST(FeatureExport, GeoPackageHoldsEveryFeatureWithTypedColumnsAndTheCrs) {
  const Layer& shelters = catalog().require("shelters");
  const std::string bytes = writeFeatures(shelters, all(shelters), FileFormat::GeoPackage, Crs::Crs84);
  ASSERT_EQ(bytes.substr(0, 16), std::string("SQLite format 3\0", 16));
  Opened file(bytes, "a.gpkg");
  ASSERT_TRUE(file.dataset);
  OGRLayer& layer = file.layer();
  EXPECT_STREQ(layer.GetName(), "shelters");
  EXPECT_EQ(layer.GetFeatureCount(), 3);
  const OGRFeatureDefn& definition = *layer.GetLayerDefn();
  EXPECT_EQ(definition.GetFieldDefn(definition.GetFieldIndex("capacity"))->GetType(), OFTInteger64);
  EXPECT_EQ(definition.GetFieldDefn(definition.GetFieldIndex("area_m2"))->GetType(), OFTReal);
  EXPECT_EQ(definition.GetFieldDefn(definition.GetFieldIndex("open"))->GetSubType(), OFSTBoolean);
  ASSERT_TRUE(layer.GetSpatialRef());
  EXPECT_STREQ(layer.GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
  std::unique_ptr<OGRFeature> first(layer.GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString("id"), "S01");
  EXPECT_STREQ(first->GetFieldAsString("name"), "西山公园");
  EXPECT_EQ(first->GetFieldAsInteger64("capacity"), 1200);
  EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("area_m2"), 4500.5);
  EXPECT_EQ(first->GetFieldAsInteger("open"), 1);
  const OGRPoint* point = first->GetGeometryRef()->toPoint();
  EXPECT_DOUBLE_EQ(point->getX(), 87.60);
  EXPECT_DOUBLE_EQ(point->getY(), 43.79);
  std::unique_ptr<OGRFeature> second(layer.GetNextFeature());
  EXPECT_TRUE(second->IsFieldNull(second->GetFieldIndex("note")));
}

TEST(FeatureExport, GeoPackageInGaussKrugerStoresEastingAsX) {
  const Layer& shelters = catalog().require("shelters");
  Opened file(writeFeatures(shelters, {0}, FileFormat::GeoPackage, Crs::Epsg4538), "gk.gpkg");
  ASSERT_TRUE(file.dataset);
  EXPECT_STREQ(file.layer().GetSpatialRef()->GetAuthorityCode(nullptr), "4538");
  std::unique_ptr<OGRFeature> feature(file.layer().GetNextFeature());
  const OGRPoint* point = feature->GetGeometryRef()->toPoint();
  // gdaltransform -s_srs EPSG:4490 -t_srs EPSG:4538 of 87.60 43.79: 548293.1679 4850664.2177
  EXPECT_NEAR(point->getX(), 548293.1679, 0.001);
  EXPECT_NEAR(point->getY(), 4850664.2177, 0.001);
}

TEST(FeatureExport, PolygonsSurviveAsMultiPolygons) {
  const Layer& committees = catalog().require("committees");
  Opened file(writeFeatures(committees, all(committees), FileFormat::GeoPackage, Crs::Epsg4490), "c.gpkg");
  ASSERT_TRUE(file.dataset);
  EXPECT_EQ(file.layer().GetFeatureCount(), 2);
  std::unique_ptr<OGRFeature> feature(file.layer().GetNextFeature());
  EXPECT_EQ(wkbFlatten(feature->GetGeometryRef()->getGeometryType()), wkbMultiPolygon);
  OGREnvelope envelope;
  feature->GetGeometryRef()->getEnvelope(&envelope);
  const Box expected = committees.features()[0].bbox;
  EXPECT_NEAR(envelope.MinX, expected.min_corner().x(), 1e-9);  // lon as X, whatever EPSG's axis order
  EXPECT_NEAR(envelope.MaxY, expected.max_corner().y(), 1e-9);
}

TEST(FeatureExport, KmlNamesPlacemarksAndRefusesProjectedCrs) {
  const Layer& shelters = catalog().require("shelters");
  const std::string kml = writeFeatures(shelters, all(shelters), FileFormat::Kml, Crs::Crs84);
  EXPECT_NE(kml.find("<kml"), std::string::npos);
  EXPECT_NE(kml.find("<name>西山公园</name>"), std::string::npos) << kml.substr(0, 800);
  EXPECT_NE(kml.find("<coordinates>87.6,43.79</coordinates>"), std::string::npos) << kml.substr(0, 2000);
  Opened file(kml, "s.kml");
  ASSERT_TRUE(file.dataset);
  EXPECT_EQ(file.layer().GetFeatureCount(), 3);
  try {
    writeFeatures(shelters, all(shelters), FileFormat::Kml, Crs::Epsg4538);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidCrs);
    EXPECT_NE(e.detail().find("KML"), std::string::npos);
  }
}

TEST(FeatureExport, CsvHasABomCrlfLinesAndXyColumnsFirst) {
  const Layer& shelters = catalog().require("shelters");
  const std::string csv = writeFeatures(shelters, all(shelters), FileFormat::Csv, Crs::Epsg4538);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::string header = csv.substr(3, csv.find("\r\n") - 3);
  EXPECT_EQ(header.substr(0, 7), "X,Y,id,") << header;
  EXPECT_NE(header.find("capacity"), std::string::npos);
  EXPECT_NE(csv.find("548293.1679"), std::string::npos) << csv;
  EXPECT_NE(csv.find("西山公园"), std::string::npos);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);  // header and three rows
}

TEST(FeatureExport, CsvOfPolygonsCarriesWkt) {
  const Layer& committees = catalog().require("committees");
  const std::string csv = writeFeatures(committees, all(committees), FileFormat::Csv, Crs::Crs84);
  EXPECT_NE(csv.find("WKT"), std::string::npos);
  EXPECT_NE(csv.find("MULTIPOLYGON"), std::string::npos);
}

TEST(FeatureExport, AnEmptySelectionIsAValidEmptyFile) {
  const Layer& shelters = catalog().require("shelters");
  Opened file(writeFeatures(shelters, {}, FileFormat::GeoPackage, Crs::Crs84), "empty.gpkg");
  ASSERT_TRUE(file.dataset);
  EXPECT_EQ(file.layer().GetFeatureCount(), 0);
  EXPECT_GE(file.layer().GetLayerDefn()->GetFieldCount(), 6);  // declared columns all the same
}

TEST(FeatureExport, NothingIsLeftInMemoryFiles) {
  const Layer& shelters = catalog().require("shelters");
  for (const auto& format : fileFormats()) writeFeatures(shelters, all(shelters), format.format, Crs::Crs84);
  char** left = VSIReadDir("/vsimem/");
  int count = 0;
  for (char** entry = left; entry && *entry; ++entry)
    if (std::string(*entry).rfind("eoc-download", 0) == 0) ++count;
  CSLDestroy(left);
  EXPECT_EQ(count, 0);
}

TEST(FeatureExport, FormatsByName) {
  EXPECT_EQ(parseFileFormat("gpkg"), FileFormat::GeoPackage);
  EXPECT_EQ(parseFileFormat("kml"), FileFormat::Kml);
  EXPECT_EQ(parseFileFormat("csv"), FileFormat::Csv);
  EXPECT_FALSE(parseFileFormat("shp"));
  EXPECT_STREQ(fileFormatInfo(FileFormat::GeoPackage).mediaType, "application/geopackage+sqlite3");
}

}  // namespace
}  // namespace eoc::gis::feature_export_test
