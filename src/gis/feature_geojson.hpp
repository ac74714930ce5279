#pragma once
// GeoJSON of features in a served CRS other than CRS84 (OGC API – Features Part 2). CRS84 answers
// use the Feature's pre-rendered text; this renders anew, with coordinates transformed in one
// batch per feature and written in the CRS's axis order (gis/crs.hpp).
#include <string>

#include "gis/crs.hpp"
#include "gis/layer.hpp"

namespace eoc::gis {

// {"type":"Feature","id":…,"geometry":{…},"properties":{…}} with coordinates in `crs`, rounded
// to the CRS's decimals (7 for degrees ≈ 1 cm, 3 for metres). For Crs84: feature.geojson itself.
std::string renderFeature(const Feature& feature, GeometryType type, Crs crs);

// Appends `value` rounded to `decimals`, in the shortest form that reads back the same.
void appendNumber(std::string& out, double value, int decimals);

}  // namespace eoc::gis
