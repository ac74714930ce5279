#pragma once
// Internal: reads the features of one vector file through OGR into eoc Features in WGS84 lon/lat,
// checking geometry type and declared fields as it goes. GDAL stays behind this function.
#include <filesystem>
#include <string>
#include <vector>

#include "gis/layer.hpp"

namespace eoc::gis::detail {

struct CrsChoice {
  std::string override;  // import --from-crs: wins over what the file declares
  std::string fallback;  // manifest "crs": used when the file declares none (see feature_reader.cpp)
};

// `label` names the file in error messages. Features come back with id, geometry, bbox and
// properties (every attribute of the file, typed); geometry validity, ids, counts and the district
// are checked by validateLayer (layer_validation.hpp).
std::vector<Feature> readFeatures(const std::filesystem::path& file, const std::string& label, const LayerSpec& spec,
                                  const CrsChoice& crs);

}  // namespace eoc::gis::detail
