#pragma once
// Reads geodata/layers.json and every layer file through GDAL/OGR: any vector format GDAL reads,
// declared or manifest CRS reprojected to WGS84 lon/lat, geometry type, required fields and their
// types, unique ids, expected counts and position inside the district boundary all validated.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "gis/layer.hpp"

namespace eoc::gis {

// Thrown for every invalid input; what() is one line naming file, feature id and field, e.g.
// "geodata/shelters.geojson: feature S07: field capacity: expected integer, got \"many\"".
class GisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

LayerCatalog loadCatalog(const std::filesystem::path& geodataDir);

// eoc import LAYER FILE [--from-crs EPSG:nnnn|gcj02|bd09]: reads FILE with GDAL, converts to WGS84,
// validates it against the manifest entry of LAYER and writes it over the layer's file (GeoJSON).
// Returns the number of features written.
size_t importLayer(const std::filesystem::path& geodataDir, const std::string& layerId,
                   const std::filesystem::path& source, const std::string& fromCrs);

}  // namespace eoc::gis
