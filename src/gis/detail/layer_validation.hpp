#pragma once
// Internal: the checks on a layer that need no GDAL — geometry validity, unique ids, expected
// count, position inside the district — and the final touches (bbox, pre-rendered GeoJSON).
#include <string>
#include <vector>

#include "gis/layer.hpp"

namespace eoc::gis::detail {

struct District {
  MultiPolygon area;
  double toleranceMeters = 0;
};

// Corrects ring orientation, validates, fills bbox and geojson. Throws GisError naming `label`
// and the feature. `district` may be null (the boundary layer itself, or a layer that opts out).
void finishLayer(const std::string& label, const LayerSpec& spec, std::vector<Feature>& features,
                 const District* district);

// {"type":"Feature","id":…,"geometry":…,"properties":…}; coordinates rounded to 7 decimals (≈1 cm).
std::string renderFeature(const Feature& feature, GeometryType type, bool withId = true);

}  // namespace eoc::gis::detail
