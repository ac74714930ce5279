#pragma once
// Downloads of selected features as files, written by GDAL's own drivers: GeoPackage (GPKG), KML
// and CSV. Written entirely in memory (GDAL's /vsimem/ file system, which the GPKG driver's SQLite
// VFS, KML and CSV all support), so a download never touches the disk.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/crs.hpp"
#include "gis/layer.hpp"

namespace eoc::gis {

enum class FileFormat { GeoPackage, Kml, Csv };

struct FileFormatInfo {
  FileFormat format;
  const char* name;       // the f= value: "gpkg", "kml", "csv"
  const char* mediaType;  // "application/geopackage+sqlite3", …
  const char* extension;  // ".gpkg"
};

const std::vector<FileFormatInfo>& fileFormats();
const FileFormatInfo& fileFormatInfo(FileFormat format);
std::optional<FileFormat> parseFileFormat(std::string_view name);

// Throws EocError(InvalidCrs) when the format cannot hold `crs`: KML is WGS 84 longitude,
// latitude by definition (OGC KML 2.2), so it takes CRS84 only.
void checkFormatAcceptsCrs(FileFormat format, Crs crs);

// The file's bytes: the layer's features at `indexes`, every property as a typed column (declared
// fields with their manifest types first, then any other attribute, typed from its values),
// geometry in `crs`.
//  - GeoPackage: one table named after the layer, CRS recorded, spatial index.
//  - KML: placemarks named by the layer's "name" field (else its id field), the rest as
//    ExtendedData.
//  - CSV: UTF-8 with a byte order mark (spreadsheet programs then read Chinese correctly), CRLF
//    lines; point layers get X and Y columns first (X = easting or longitude), polygon layers a
//    WKT column.
std::string writeFeatures(const Layer& layer, const std::vector<size_t>& indexes, FileFormat format, Crs crs);

}  // namespace eoc::gis
