#pragma once
// Independent references for the OGC API tests: GDAL's command line tools and its SQLite SQL
// dialect (with SpatiaLite), never eoc's own evaluator or transformations.
#include <array>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace eoc::testing {

// stdout and stderr of a shell command (bounded by the tools' own timeouts).
std::string runCommand(const std::string& command);

// The values of `idField` of the features that `where` (SQLite dialect, SpatiaLite functions;
// the layer is named "layer", its geometry "geometry") selects from a GeoJSON FeatureCollection.
// Throws std::runtime_error with GDAL's message when the SQL fails.
std::set<std::string> sqliteSelect(const nlohmann::json& featureCollection, const std::string& idField,
                                   const std::string& where);

// gdaltransform -s_srs EPSG:4326 -t_srs <target> over lon/lat pairs; returns x, y in GDAL's
// traditional order (easting, northing; for geographic targets longitude, latitude).
std::vector<std::array<double, 2>> gdaltransform(const std::vector<std::array<double, 2>>& lonLat,
                                                 const std::string& target);

// Every coordinate pair of a GeoJSON geometry (Point, MultiPolygon, …), in document order.
std::vector<std::array<double, 2>> coordinatesOf(const nlohmann::json& geometry);

}  // namespace eoc::testing
