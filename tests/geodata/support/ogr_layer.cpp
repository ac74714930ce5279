#include "geodata/support/ogr_layer.hpp"

#include <stdexcept>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

namespace eoc::test {
namespace {

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};

std::unique_ptr<OGRSpatialReference> srsFromEpsg(int epsg) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->importFromEPSG(epsg) != OGRERR_NONE) {
    throw std::runtime_error("unknown EPSG code " + std::to_string(epsg));
  }
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

int fieldIndex(const OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  if (index < 0) {
    throw std::runtime_error(std::string("feature has no field ") + name);
  }
  return index;
}

}  // namespace

std::filesystem::path geodataDir() { return std::filesystem::path(EOC_SOURCE_DIR) / "geodata"; }

OgrLayerContents readLayer(const std::filesystem::path& file) {
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!dataset) {
    throw std::runtime_error("cannot open " + file.string());
  }
  OGRLayer* layer = dataset->GetLayer(0);
  if (layer == nullptr) {
    throw std::runtime_error(file.string() + " has no layer");
  }
  OgrLayerContents contents;
  if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
    contents.srs.reset(srs->Clone());
    contents.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  layer->ResetReading();
  while (OGRFeatureUniquePtr feature{layer->GetNextFeature()}) {
    contents.features.push_back(std::move(feature));
  }
  return contents;
}

std::string stringField(const OGRFeature& feature, const char* name) {
  return feature.GetFieldAsString(fieldIndex(feature, name));
}

long long integerField(const OGRFeature& feature, const char* name) {
  return feature.GetFieldAsInteger64(fieldIndex(feature, name));
}

double realField(const OGRFeature& feature, const char* name) {
  return feature.GetFieldAsDouble(fieldIndex(feature, name));
}

OGRGeometryUniquePtr reprojected(const OGRGeometry& geometry, const OGRSpatialReference* from,
                                 int toEpsg) {
  const auto wgs84 = srsFromEpsg(4326);
  const auto target = srsFromEpsg(toEpsg);
  std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> transform(
      OGRCreateCoordinateTransformation(from != nullptr ? from : wgs84.get(), target.get()));
  if (!transform) {
    throw std::runtime_error("no transformation to EPSG:" + std::to_string(toEpsg));
  }
  OGRGeometryUniquePtr copy(geometry.clone());
  if (copy->transform(transform.get()) != OGRERR_NONE) {
    throw std::runtime_error("reprojection to EPSG:" + std::to_string(toEpsg) + " failed");
  }
  return copy;
}

double areaSquareMeters(const OGRGeometry& wgs84) {
  // Where two polygons only touch, their intersection is a line or a point: no area at all.
  if (OGR_GT_IsSubClassOf(wgs84.getGeometryType(), wkbCurve) ||
      OGR_GT_IsSubClassOf(wgs84.getGeometryType(), wkbPoint) ||
      OGR_GT_IsSubClassOf(wgs84.getGeometryType(), wkbMultiCurve) ||
      OGR_GT_IsSubClassOf(wgs84.getGeometryType(), wkbMultiPoint)) {
    return 0.0;
  }
  const auto projected = reprojected(wgs84, nullptr, 4538);
  return OGR_G_Area(OGRGeometry::ToHandle(projected.get()));  // any surface or collection
}

}  // namespace eoc::test
