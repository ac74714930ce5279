#pragma once
// The coordinate reference systems eoc serves (OGC API – Features Part 2, "CRS by reference").
// Features are held in CRS84 (WGS84 lon/lat; CGCS2000 is treated as equal at district scale, as
// PROJ's own CGCS2000↔WGS84 transformation does). On request they are transformed through
// GDAL/PROJ into:
//   EPSG:4326  WGS 84                                   axes: latitude, longitude
//   EPSG:4490  CGCS2000 (China Geodetic Coordinate System 2000)    latitude, longitude
//   EPSG:4538  CGCS2000 / 3-degree Gauss-Kruger CM 87E  axes: northing (X), easting (Y), metres
// Coordinates always come out in the axis order the CRS defines (EPSG's definitions above, as
// Part 2 requires); CRS84 is longitude, latitude.
//
// Concurrency: GDAL's OGRCoordinateTransformation is not thread-safe (it carries a PROJ context
// and caches). Each thread creates its own transformation per CRS and direction on first use and
// keeps it for its lifetime (thread_local): never shared, never locked, so reprojected requests
// run on all HTTP threads in parallel. Creation happens once per thread, CRS and direction:
// ≈2 ms each, except the very first in the process (≈80 ms: PROJ opens its database), measured
// in a Release build on the 2-core development machine.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/cql2/ast.hpp"
#include "gis/geometry.hpp"

namespace eoc::gis {

enum class Crs { Crs84, Epsg4326, Epsg4490, Epsg4538 };

struct CrsInfo {
  Crs crs;
  const char* uri;   // "http://www.opengis.net/def/crs/EPSG/0/4538"
  int epsg;          // 0 for CRS84
  const char* name;  // "CGCS2000 / 3-degree Gauss-Kruger CM 87E"
  bool geographic;   // degrees (else metres)
  int decimals;      // rendered decimals: 7 for degrees (≈1 cm), 3 for metres (1 mm)
};

const std::vector<CrsInfo>& supportedCrs();  // CRS84 first (the default of Part 1)
const CrsInfo& crsInfo(Crs crs);

// Accepts the OGC URI (http:// or https://www.opengis.net/def/crs/...), the safe CURIE
// "[EPSG:4538]", "EPSG:4538", "urn:ogc:def:crs:EPSG::4538", "OGC:CRS84"; nullopt otherwise.
std::optional<Crs> parseCrs(std::string_view text);
// As parseCrs, or EocError(InvalidCrs) "<parameter>: "X" is not supported; supported: …".
Crs requireCrs(std::string_view parameter, std::string_view text);

// In place: CRS84 lon/lat → `target`, in the target's axis order (x = first axis). Throws
// EocError(Internal) when PROJ cannot transform (never for coordinates inside the district).
void fromCrs84(Crs target, std::vector<double>& x, std::vector<double>& y);
// In place: `source` (its axis order) → CRS84 lon/lat. Throws EocError(InvalidCrs) naming
// `parameter` when a coordinate cannot be transformed.
void toCrs84(Crs source, std::vector<double>& x, std::vector<double>& y, std::string_view parameter);

// A box written in `source` (min/max of its first and second axis) as an area in CRS84: its
// outline densified (a straight edge in metres is a slight curve in degrees), so that testing
// against it is exact to well under a centimetre at district scale.
Polygon boxInCrs84(Crs source, const Box& box, std::string_view parameter);

// For FeatureFilter: moves a spatial literal written in `source` (filter-crs) into CRS84.
// Boxes become polygons (see boxInCrs84). Empty for CRS84.
std::function<void(cql2::GeometryLiteral&)> literalTransform(Crs source, std::string parameter = "filter-crs");

}  // namespace eoc::gis
