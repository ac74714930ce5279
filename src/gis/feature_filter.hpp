#pragma once
// A CQL2 expression bound to one layer: every name checked against the layer's queryables and
// resolved to the layer's column of that field, every comparison type-checked, LIKE patterns and
// spatial literals prepared, once per request; then matches() runs per feature index without
// allocating, reading the layer's dense columns and positions. Evaluation follows SQL's three-valued logic
// as CQL2 does: a comparison with a missing (null) property is unknown, NOT unknown is unknown,
// and only features for which the whole filter is true are selected.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/cql2/ast.hpp"
#include "gis/layer.hpp"

namespace eoc::gis {

// Moves the coordinates of a spatial literal from the filter's CRS into CRS84 lon/lat
// (gis/crs.hpp); empty when the filter is written in CRS84.
using LiteralTransform = std::function<void(cql2::GeometryLiteral&)>;

class FeatureFilter {
 public:
  // Throws EocError: UnknownProperty for a name that is not a queryable of the layer,
  // InvalidFilter for a type mismatch or an invalid literal — each naming where it was written.
  // The filter refers to `layer`'s columns: it must not outlive the layer.
  FeatureFilter(const cql2::Expression& expression, const Layer& layer, const LiteralTransform& toCrs84 = {},
                std::string parameter = "filter");
  ~FeatureFilter();
  FeatureFilter(FeatureFilter&&) noexcept;
  FeatureFilter& operator=(FeatureFilter&&) noexcept;

  bool matches(size_t featureIndex) const;
  // Boxes (CRS84) outside which no feature can match, for an R-tree query before matches();
  // nullopt when the filter does not restrict space. An empty list: nothing can match.
  const std::optional<std::vector<Box>>& candidateBoxes() const { return candidateBoxes_; }

  struct Node;  // the compiled tree; defined in feature_filter.cpp only

 private:
  std::unique_ptr<Node> root_;
  const Layer* layer_ = nullptr;
  std::optional<std::vector<Box>> candidateBoxes_;
};

}  // namespace eoc::gis
