#pragma once
// Which features of a layer an items request selects: the bbox, the property=value parameters
// and the CQL2 filter together (all must hold). The R-tree narrows the candidates first, using
// whichever of the bbox and the filter's own spatial bound covers less.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/feature_filter.hpp"
#include "gis/layer.hpp"
#include "gis/spatial_area.hpp"

namespace eoc::gis {

struct FeatureQuery {
  std::optional<SpatialArea> bbox;  // in CRS84 (a box, or the outline of a box given in another CRS)
  // "status=open", "capacity=1333": OGC API – Features Part 1 equality parameters on queryables,
  // compared by the value's text.
  std::vector<std::pair<std::string, std::string>> propertyEquals;
  const FeatureFilter* filter = nullptr;
};

// Indexes of the selected features, ascending (layer order: stable paging).
std::vector<size_t> selectFeatures(const Layer& layer, const FeatureQuery& query);

}  // namespace eoc::gis
