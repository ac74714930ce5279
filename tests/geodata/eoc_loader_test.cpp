// The bundled files as eoc itself sees them: the manifest format agrees with eoc's reader, and
// the boundary is what eoc's own GCJ-02 converter makes of the source outline, so regenerating
// with `--boundary-from` after `eoc import boundary ... --from-crs gcj02` changes nothing.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "geodata/support/ogr_layer.hpp"
#include "gis/chinese_datums.hpp"
#include "gis/layer_loader.hpp"

namespace eoc::test::eoc_loader_test {
namespace {

TEST(GeodataThroughEoc, EveryBundledLayerLoadsAndValidatesThroughEocsLayerLoader) {
  const gis::LayerCatalog catalog = gis::loadCatalog(geodataDir());
  ASSERT_EQ(catalog.layers().size(), 8u);
  EXPECT_EQ(catalog.require("committees").features().size(), 18u);
  EXPECT_EQ(catalog.require("geohazards").features().size(), 5u);
}

TEST(GeodataThroughEoc, EachCommitteeContainsItsOwnOfficeWhenLoadedByEoc) {
  const gis::LayerCatalog catalog = gis::loadCatalog(geodataDir());
  const gis::Layer& committees = catalog.require("committees");
  for (size_t i = 0; i < committees.features().size(); ++i) {
    const auto& properties = committees.features()[i].properties;
    const GeoPoint office{properties.at("office_lon").get<double>(),
                          properties.at("office_lat").get<double>()};
    EXPECT_EQ(committees.containing(office), std::vector<size_t>{i}) << committees.features()[i].id;
  }
}

TEST(GeodataThroughEoc, GeohazardsAreReprojectedFromGaussKrugerToTheSamePlaceOgrPutsThem) {
  const gis::LayerCatalog catalog = gis::loadCatalog(geodataDir());
  const gis::Layer& loaded = catalog.require("geohazards");
  const auto file = readLayer(geodataDir() / "geohazards.gpkg");
  ASSERT_EQ(loaded.features().size(), file.features.size());
  for (size_t i = 0; i < file.features.size(); ++i) {
    const auto wgs84 = reprojected(*file.features[i]->GetGeometryRef(), file.srs.get(), 4326);
    const auto* expected = wgs84->toPoint();
    EXPECT_NEAR(loaded.features()[i].location().lon, expected->getX(), 1e-7);
    EXPECT_NEAR(loaded.features()[i].location().lat, expected->getY(), 1e-7);
  }
}

TEST(GeodataThroughEoc, BoundaryEqualsTheGcj02SourceConvertedByEocsConverter) {
  const auto source = readLayer(geodataDir() / "sources" / "shayibake-boundary-gcj02.geojson");
  const auto bundled = readLayer(geodataDir() / "boundary.geojson");
  const auto* gcj = source.features.at(0)->GetGeometryRef()->toMultiPolygon();
  const auto* wgs = bundled.features.at(0)->GetGeometryRef()->toMultiPolygon();
  ASSERT_EQ(gcj->getNumGeometries(), wgs->getNumGeometries());
  const OGRLinearRing* sourceRing = gcj->getGeometryRef(0)->getExteriorRing();
  const OGRLinearRing* bundledRing = wgs->getGeometryRef(0)->getExteriorRing();
  const int n = sourceRing->getNumPoints();
  ASSERT_EQ(bundledRing->getNumPoints(), n);
  // The generator may write the ring reversed (RFC 7946 orientation); both start and end at
  // the same closing vertex.
  const bool reversed = std::abs(sourceRing->getX(1) - bundledRing->getX(1)) > 0.01 ||
                        std::abs(sourceRing->getY(1) - bundledRing->getY(1)) > 0.01;
  for (int i = 0; i < n; ++i) {
    const int j = reversed ? n - 1 - i : i;
    const GeoPoint converted = gis::gcj02ToWgs84({sourceRing->getX(i), sourceRing->getY(i)});
    EXPECT_NEAR(bundledRing->getX(j), converted.lon, 1e-6) << "vertex " << i;  // ~0.1 m
    EXPECT_NEAR(bundledRing->getY(j), converted.lat, 1e-6) << "vertex " << i;
  }
}

}  // namespace
}  // namespace eoc::test::eoc_loader_test
