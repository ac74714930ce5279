#include "gis/detail/gdal.hpp"

#include <mutex>

#include <cpl_error.h>

#include "gis/layer_loader.hpp"

namespace eoc::gis::detail {

void registerGdalDrivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

ErrorCapture::ErrorCapture() { CPLPushErrorHandlerEx(&ErrorCapture::handle, this); }
ErrorCapture::~ErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL ErrorCapture::handle(CPLErr level, CPLErrorNum, const char* message) {
  // Warnings (e.g. a GeoJSON property with mixed types) are not errors for us: the validation
  // that follows reports what actually matters, with file, feature and field.
  if (level != CE_Failure && level != CE_Fatal) return;
  auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
  if (!self) return;
  self->lastError_ = message ? message : "unknown GDAL error";
  // Our errors are one line each.
  for (char& c : self->lastError_)
    if (c == '\n' || c == '\r') c = ' ';
}

DatasetPtr openVector(const std::filesystem::path& file, const std::string& label) {
  registerGdalDrivers();
  ErrorCapture errors;
  DatasetPtr dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset) throw GisError(label + ": cannot open" + errors.suffix());
  return dataset;
}

}  // namespace eoc::gis::detail
