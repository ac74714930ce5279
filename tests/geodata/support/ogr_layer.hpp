#pragma once
// Reads geodata/ files with GDAL/OGR directly, independent of eoc's own layer loader, so the
// data tests check the files themselves and not the code that will consume them.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace eoc::test {

std::filesystem::path geodataDir();

// Every feature of a file's first layer plus the layer's declared CRS (null when none).
struct OgrLayerContents {
  std::vector<OGRFeatureUniquePtr> features;
  std::unique_ptr<OGRSpatialReference> srs;
};

// Throws std::runtime_error naming the file when it cannot be opened or has no layer.
OgrLayerContents readLayer(const std::filesystem::path& file);

std::string stringField(const OGRFeature& feature, const char* name);
long long integerField(const OGRFeature& feature, const char* name);
double realField(const OGRFeature& feature, const char* name);

// A copy of `geometry` reprojected from `from` (WGS84 lon/lat when null) to `toEpsg`, both with
// traditional GIS axis order (lon, lat).
OGRGeometryUniquePtr reprojected(const OGRGeometry& geometry, const OGRSpatialReference* from,
                                 int toEpsg);

// Planar area after projecting a WGS84 geometry to EPSG:4538 (Gauss-Krüger CM 87E, which
// passes through the district, so scale error is < 0.01 %).
double areaSquareMeters(const OGRGeometry& wgs84);

}  // namespace eoc::test
