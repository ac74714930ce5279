#pragma once
// The items request of OGC API – Features, typed: Part 1 (bbox, limit, offset, property=value),
// Part 2 (crs, bbox-crs), Part 3 (filter, filter-lang, filter-crs) and the download formats
// (f=gpkg|kml|csv). Parsed and validated here once: syntax errors are 400 naming the parameter,
// a filter is parsed and bound to the layer (names and types checked) before any feature is
// looked at.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include "core/config.hpp"
#include "gis/crs.hpp"
#include "gis/feature_export.hpp"
#include "gis/feature_filter.hpp"
#include "gis/feature_selection.hpp"
#include "gis/layer.hpp"

namespace eoc::http {

struct ItemsRequest {
  size_t limit = 0;
  size_t offset = 0;
  bool limitGiven = false;
  gis::Crs crs = gis::Crs::Crs84;
  std::optional<gis::FileFormat> download;  // nullopt: GeoJSON
  std::optional<gis::SpatialArea> bbox;
  std::vector<std::pair<std::string, std::string>> propertyEquals;
  std::optional<gis::FeatureFilter> filter;
  // Every parameter but offset, for the next/prev links (which add their own offset).
  std::vector<std::pair<std::string, std::string>> echoed;

  gis::FeatureQuery query() const;
};

ItemsRequest parseItemsRequest(const httplib::Request& req, const gis::Layer& layer, const Limits& limits);

// crs= of a single feature (CRS84 when absent).
gis::Crs parseFeatureCrs(const httplib::Request& req);

// Query parameters with a meaning of their own; any other name is a property=value filter.
bool isReservedItemsParameter(const std::string& name);

}  // namespace eoc::http
