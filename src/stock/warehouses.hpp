#pragma once
// The warehouses stock is kept in: the features of the `relief_stock` layer, built once at
// startup and immutable afterwards.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/geo_point.hpp"
#include "gis/layer.hpp"

namespace eoc::stock {

struct Warehouse {
  std::string id;         // "R02"
  std::string name;       // "雅山救灾物资储备点"
  std::string committee;  // GB/T 2260 code of the committee it lies in
  GeoPoint location;
};

class Warehouses {
 public:
  explicit Warehouses(std::vector<Warehouse> list);
  // From the layer's features, in layer order. Throws EocError(InvalidParameter) naming the layer
  // and feature when the layer is not a point layer or an id repeats.
  static Warehouses fromLayer(const gis::Layer& layer);

  const std::vector<Warehouse>& list() const { return list_; }
  size_t size() const { return list_.size(); }
  const Warehouse& operator[](size_t i) const { return list_[i]; }
  const Warehouse* find(const std::string& id) const;
  std::optional<size_t> indexOf(const std::string& id) const;

 private:
  std::vector<Warehouse> list_;
  std::unordered_map<std::string, size_t> byId_;
};

}  // namespace eoc::stock
