#pragma once
// Internal to gis/: the per-thread OGRCoordinateTransformation cache behind crs.hpp, also used
// by the file writers (which want traditional GIS order: GeoPackage stores x = easting/longitude
// whatever the CRS says, and CSV columns are named X and Y).
#include <ogr_spatialref.h>

#include "gis/crs.hpp"

namespace eoc::gis::detail {

enum class AxisOrder { Authority, Traditional };

// From CRS84 to `target` (forward) or back; owned by the calling thread, valid for its lifetime.
OGRCoordinateTransformation& crsTransform(Crs crs, bool fromCrs84, AxisOrder order);
// A new spatial reference of `crs` (EPSG codes; CRS84 as EPSG:4326 in traditional order, which is
// how GeoPackage and KML record lon/lat) with the given axis mapping.
OGRSpatialReference spatialReference(Crs crs, AxisOrder order);

}  // namespace eoc::gis::detail
