#pragma once
// Parsing of query-string values: the one place that turns text into numbers, coordinates and
// boxes, with errors that name the parameter and the offending text.
//
// Every query parameter of eoc takes one value, in UTF-8: the server refuses a request that
// repeats a parameter or sends invalid UTF-8 (checkQueryString) before any route sees it, so
// queryValue never has to choose between two values.
#include <optional>
#include <string>

#include <httplib.h>

#include "core/geo_point.hpp"
#include "gis/geometry.hpp"

namespace eoc::http {

// InvalidParameter naming the first parameter that is given more than once or whose name or
// value is not valid UTF-8.
void checkQueryString(const httplib::Request& req);
std::optional<std::string> queryValue(const httplib::Request& req, const std::string& name);
double parseNumber(const std::string& name, const std::string& text);
long long parseInteger(const std::string& name, const std::string& text, long long min, long long max);
bool parseBoolean(const std::string& name, const std::string& text);
// lon= and lat= both required, finite, in range.
GeoPoint parseLonLat(const httplib::Request& req);
// "minLon,minLat,maxLon,maxLat" in CRS84.
gis::Box parseBbox(const std::string& text);

}  // namespace eoc::http
