#pragma once
// Internal to gis/: RAII over GDAL/OGR handles and GDAL's error reporting. Never include this from
// a public header: GDAL stays inside src/gis/.
#include <filesystem>
#include <memory>
#include <string>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace eoc::gis::detail {

void registerGdalDrivers();  // idempotent, thread-safe

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
struct FeatureDeleter {
  void operator()(OGRFeature* feature) const { OGRFeature::DestroyFeature(feature); }
};
struct GeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
struct TransformationDeleter {
  void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;
using TransformationPtr = std::unique_ptr<OGRCoordinateTransformation, TransformationDeleter>;

// While alive, GDAL errors raised on this thread are captured here instead of printed to stderr
// (GDAL's handler stack is per thread). Callers turn a failed call plus lastError() into a
// GisError that names the file.
class ErrorCapture {
 public:
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  // The last CE_Failure/CE_Fatal message, or "" if none.
  const std::string& lastError() const { return lastError_; }
  // ": <last error>" or "" — for appending to a message.
  std::string suffix() const { return lastError_.empty() ? "" : ": " + lastError_; }

 private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char* message);
  std::string lastError_;
};

// Opens a vector dataset read-only; throws GisError "<label>: cannot open: <gdal message>".
DatasetPtr openVector(const std::filesystem::path& file, const std::string& label);

}  // namespace eoc::gis::detail
