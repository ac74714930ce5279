#include "gis/feature_export.hpp"

#include <atomic>
#include <map>

#include <cpl_vsi.h>

#include "core/error.hpp"
#include "gis/detail/crs_transform.hpp"
#include "gis/detail/gdal.hpp"

namespace eoc::gis {
namespace {

using nlohmann::json;

const std::vector<FileFormatInfo> kFormats = {
    {FileFormat::GeoPackage, "gpkg", "application/geopackage+sqlite3", ".gpkg"},
    {FileFormat::Kml, "kml", "application/vnd.google-earth.kml+xml", ".kml"},
    {FileFormat::Csv, "csv", "text/csv; charset=utf-8", ".csv"},
};

const char* driverName(FileFormat format) {
  switch (format) {
    case FileFormat::GeoPackage: return "GPKG";
    case FileFormat::Kml: return "KML";
    case FileFormat::Csv: return "CSV";
  }
  return "";
}

// How a column is typed: declared fields by the manifest, other attributes by their values
// (integers and reals together make a real column; anything else mixed makes text).
enum class ColumnKind { Integer, Real, Boolean, Text, Json };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::Text;
};

ColumnKind kindOf(const json& value) {
  if (value.is_boolean()) return ColumnKind::Boolean;
  if (value.is_number_integer()) return ColumnKind::Integer;
  if (value.is_number()) return ColumnKind::Real;
  if (value.is_string()) return ColumnKind::Text;
  return ColumnKind::Json;
}

ColumnKind merge(ColumnKind a, ColumnKind b) {
  if (a == b) return a;
  const auto numeric = [](ColumnKind k) { return k == ColumnKind::Integer || k == ColumnKind::Real; };
  if (numeric(a) && numeric(b)) return ColumnKind::Real;
  return ColumnKind::Text;
}

std::vector<Column> columnsOf(const Layer& layer, const std::vector<size_t>& indexes) {
  std::vector<Column> columns;
  std::map<std::string, size_t, std::less<>> position;
  for (const FieldSpec& field : layer.spec().fields) {
    ColumnKind kind = field.type == FieldType::Integer ? ColumnKind::Integer
                      : field.type == FieldType::Real  ? ColumnKind::Real
                      : field.type == FieldType::Boolean ? ColumnKind::Boolean
                                                         : ColumnKind::Text;
    position.emplace(field.name, columns.size());
    columns.push_back({field.name, kind});
  }
  const size_t declared = columns.size();
  for (size_t i : indexes) {
    for (const auto& [key, value] : layer.features()[i].properties.items()) {
      if (value.is_null()) continue;
      auto [it, inserted] = position.emplace(key, columns.size());
      if (inserted) {
        columns.push_back({key, kindOf(value)});
      } else if (it->second >= declared) {
        Column& column = columns[it->second];
        column.kind = merge(column.kind, kindOf(value));
      }
    }
  }
  return columns;
}

void createColumn(OGRLayer& layer, const Column& column, const detail::ErrorCapture& errors) {
  OGRFieldType type = OFTString;
  OGRFieldSubType subType = OFSTNone;
  switch (column.kind) {
    case ColumnKind::Integer: type = OFTInteger64; break;
    case ColumnKind::Real: type = OFTReal; break;
    case ColumnKind::Boolean: type = OFTInteger, subType = OFSTBoolean; break;
    case ColumnKind::Json: subType = OFSTJSON; break;
    case ColumnKind::Text: break;
  }
  OGRFieldDefn definition(column.name.c_str(), type);
  definition.SetSubType(subType);
  if (layer.CreateField(&definition) != OGRERR_NONE)
    throw EocError(ErrorCode::Internal, "cannot create column " + column.name + errors.suffix());
}

void setField(OGRFeature& out, int index, const Column& column, const json& value) {
  if (value.is_null()) {
    out.SetFieldNull(index);
    return;
  }
  switch (column.kind) {
    case ColumnKind::Integer:
      if (value.is_number_integer()) return out.SetField(index, static_cast<GIntBig>(value.get<std::int64_t>()));
      break;
    case ColumnKind::Real:
      if (value.is_number()) return out.SetField(index, value.get<double>());
      break;
    case ColumnKind::Boolean:
      if (value.is_boolean()) return out.SetField(index, value.get<bool>() ? 1 : 0);
      break;
    case ColumnKind::Text:
      if (value.is_string()) return out.SetField(index, value.get_ref<const std::string&>().c_str());
      break;
    case ColumnKind::Json: break;
  }
  out.SetField(index, value.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
}

// The geometry in `crs`, traditional GIS order (x = easting/longitude), as every one of these
// formats stores it.
std::unique_ptr<OGRGeometry> geometryOf(const Feature& feature, GeometryType type, Crs crs) {
  std::vector<double> x, y;
  if (type == GeometryType::Point) {
    x.push_back(feature.point.x());
    y.push_back(feature.point.y());
  } else {
    bg::for_each_point(feature.area, [&](const Point& p) {
      x.push_back(p.x());
      y.push_back(p.y());
    });
  }
  if (crs != Crs::Crs84) {
    std::vector<int> success(x.size(), 0);
    auto& transform = detail::crsTransform(crs, true, detail::AxisOrder::Traditional);
    if (!transform.Transform(x.size(), x.data(), y.data(), nullptr, success.data()))
      throw EocError(ErrorCode::Internal, "feature " + feature.id + ": cannot transform to " + crsInfo(crs).uri);
  }
  if (type == GeometryType::Point) return std::make_unique<OGRPoint>(x[0], y[0]);
  auto multi = std::make_unique<OGRMultiPolygon>();
  size_t i = 0;
  const auto ring = [&](const Polygon::ring_type& points) {
    auto out = std::make_unique<OGRLinearRing>();
    for (size_t k = 0; k < points.size(); ++k, ++i) out->addPoint(x[i], y[i]);
    return out;
  };
  for (const Polygon& polygon : feature.area) {
    OGRPolygon part;
    part.addRingDirectly(ring(polygon.outer()).release());
    for (const auto& hole : polygon.inners()) part.addRingDirectly(ring(hole).release());
    multi->addGeometry(&part);
  }
  return multi;
}

// A name no other request uses at the same time (the /vsimem/ namespace is process-wide).
std::string memoryPath(FileFormat format) {
  static std::atomic<unsigned long long> counter{0};
  return "/vsimem/eoc-download-" + std::to_string(++counter) + fileFormatInfo(format).extension;
}

// Removes the file and whatever the driver left beside it (an SQLite journal), even on errors.
struct MemoryFiles {
  std::string path;
  ~MemoryFiles() {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) VSIUnlink((path + suffix).c_str());
  }
};

}  // namespace

const std::vector<FileFormatInfo>& fileFormats() { return kFormats; }

const FileFormatInfo& fileFormatInfo(FileFormat format) { return kFormats[static_cast<size_t>(format)]; }

std::optional<FileFormat> parseFileFormat(std::string_view name) {
  for (const FileFormatInfo& info : kFormats)
    if (name == info.name) return info.format;
  return std::nullopt;
}

void checkFormatAcceptsCrs(FileFormat format, Crs crs) {
  if (format == FileFormat::Kml && crs != Crs::Crs84)
    throw EocError(ErrorCode::InvalidCrs, std::string("crs: KML holds WGS 84 longitude, latitude only (OGC KML 2.2); ") +
                                              "ask for f=kml without crs, or with " + crsInfo(Crs::Crs84).uri +
                                              ", or choose f=gpkg or f=csv for " + crsInfo(crs).uri);
}

std::string writeFeatures(const Layer& layer, const std::vector<size_t>& indexes, FileFormat format, Crs crs) {
  checkFormatAcceptsCrs(format, crs);
  detail::registerGdalDrivers();
  detail::ErrorCapture errors;
  const LayerSpec& spec = layer.spec();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName(format));
  if (!driver) throw EocError(ErrorCode::Internal, std::string("GDAL has no ") + driverName(format) + " driver");

  MemoryFiles files{memoryPath(format)};
  const std::vector<Column> columns = columnsOf(layer, indexes);
  {
    CPLStringList datasetOptions;
    if (format == FileFormat::Kml) {
      bool hasName = false;
      for (const Column& c : columns) hasName = hasName || c.name == "name";
      datasetOptions.SetNameValue("NameField", hasName ? "name" : spec.idField.c_str());
    }
    detail::DatasetPtr dataset(driver->Create(files.path.c_str(), 0, 0, 0, GDT_Unknown, datasetOptions.List()));
    if (!dataset) throw EocError(ErrorCode::Internal, "cannot create the download" + errors.suffix());

    CPLStringList layerOptions;
    if (format == FileFormat::Csv) {
      layerOptions.SetNameValue("GEOMETRY", spec.geometryType == GeometryType::Point ? "AS_XY" : "AS_WKT");
      layerOptions.SetNameValue("WRITE_BOM", "YES");
      layerOptions.SetNameValue("LINEFORMAT", "CRLF");
    }
    if (format == FileFormat::GeoPackage) {
      layerOptions.SetNameValue("IDENTIFIER", spec.title.c_str());
      layerOptions.SetNameValue("DESCRIPTION", spec.description.c_str());
    }
    OGRSpatialReference reference = detail::spatialReference(crs, detail::AxisOrder::Traditional);
    OGRLayer* out = dataset->CreateLayer(spec.id.c_str(), &reference,
                                         spec.geometryType == GeometryType::Point ? wkbPoint : wkbMultiPolygon,
                                         layerOptions.List());
    if (!out) throw EocError(ErrorCode::Internal, "cannot create the layer of the download" + errors.suffix());
    for (const Column& column : columns) createColumn(*out, column, errors);
    // Drivers may keep a column out of their schema (KML writes its NameField as <name>, not as
    // data) or rename it: values go by the index the layer reports, not by position.
    const OGRFeatureDefn* definition = out->GetLayerDefn();
    std::vector<int> fieldIndex;
    for (const Column& column : columns) fieldIndex.push_back(definition->GetFieldIndex(column.name.c_str()));
    // One transaction: the GeoPackage driver otherwise commits (and syncs its VFS) per feature.
    const bool transaction = out->StartTransaction() == OGRERR_NONE;
    for (size_t i : indexes) {
      const Feature& feature = layer.features()[i];
      OGRFeature row(const_cast<OGRFeatureDefn*>(definition));
      for (size_t c = 0; c < columns.size(); ++c) {
        if (fieldIndex[c] < 0) continue;
        auto value = feature.properties.find(columns[c].name);
        if (value != feature.properties.end()) setField(row, fieldIndex[c], columns[c], *value);
      }
      row.SetGeometryDirectly(geometryOf(feature, spec.geometryType, crs).release());
      if (out->CreateFeature(&row) != OGRERR_NONE)
        throw EocError(ErrorCode::Internal, "cannot write feature " + feature.id + errors.suffix());
    }
    if (transaction && out->CommitTransaction() != OGRERR_NONE)
      throw EocError(ErrorCode::Internal, "cannot finish the download" + errors.suffix());
  }  // closing the dataset writes the file out
  if (!errors.lastError().empty()) throw EocError(ErrorCode::Internal, "download: " + errors.lastError());

  vsi_l_offset length = 0;
  GByte* bytes = VSIGetMemFileBuffer(files.path.c_str(), &length, FALSE);
  if (!bytes) throw EocError(ErrorCode::Internal, "the download was not written");
  return std::string(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
}

}  // namespace eoc::gis
