#include "gis/table_writer.hpp"

#include <cpl_vsi.h>

#include <atomic>
#include <set>

#include "core/error.hpp"
#include "gis/detail/gdal.hpp"

namespace eoc::gis {

namespace {

// Unlinks a /vsimem/ file when it goes out of scope, whatever happened to the dataset.
struct MemoryPath {
  std::string path;
  ~MemoryPath() { VSIUnlink(path.c_str()); }
};

}  // namespace

std::string writeTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       TableFormat format, const std::string& sheet) {
  std::set<std::string> seen;
  for (const std::string& name : header)
    if (name.empty() || !seen.insert(name).second)
      throw EocError(ErrorCode::InvalidParameter, "table header: empty or repeated column \"" + name + "\"");
  for (const auto& row : rows)
    if (row.size() > header.size()) throw EocError(ErrorCode::InvalidParameter, "table row longer than its header");

  detail::registerGdalDrivers();
  static std::atomic<unsigned long> counter{0};
  MemoryPath file{"/vsimem/eoc-table-out-" + std::to_string(++counter) + "." + std::string(tableFormatName(format))};
  detail::ErrorCapture errors;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format == TableFormat::Xlsx ? "XLSX" : "CSV");
  if (!driver) throw EocError(ErrorCode::Internal, "GDAL has no " + std::string(tableFormatName(format)) + " driver");
  {
    detail::DatasetPtr dataset(driver->Create(file.path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throw EocError(ErrorCode::Internal, "cannot create a table" + errors.suffix());
    OGRLayer* layer = dataset->CreateLayer(sheet.c_str(), nullptr, wkbNone, nullptr);
    if (!layer) throw EocError(ErrorCode::Internal, "cannot create sheet \"" + sheet + "\"" + errors.suffix());
    for (const std::string& name : header) {
      OGRFieldDefn field(name.c_str(), OFTString);
      if (layer->CreateField(&field) != OGRERR_NONE)
        throw EocError(ErrorCode::InvalidParameter, "table header: column \"" + name + "\"" + errors.suffix());
    }
    for (const auto& row : rows) {
      detail::FeaturePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (size_t i = 0; i < row.size(); ++i)
        if (!row[i].empty()) feature->SetField(static_cast<int>(i), row[i].c_str());
      if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
        throw EocError(ErrorCode::Internal, "cannot write a table row" + errors.suffix());
    }
  }  // closing the dataset writes the file
  vsi_l_offset length = 0;
  GByte* data = VSIGetMemFileBuffer(file.path.c_str(), &length, FALSE);
  if (!data) throw EocError(ErrorCode::Internal, "the written table is missing" + errors.suffix());
  return std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
}

}  // namespace eoc::gis
