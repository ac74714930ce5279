#include "stock/warehouses.hpp"

#include "core/error.hpp"

namespace eoc::stock {

Warehouses::Warehouses(std::vector<Warehouse> list) : list_(std::move(list)) {
  for (size_t i = 0; i < list_.size(); ++i) byId_.emplace(list_[i].id, i);
}

Warehouses Warehouses::fromLayer(const gis::Layer& layer) {
  if (layer.spec().geometryType != gis::GeometryType::Point)
    throw EocError(ErrorCode::InvalidParameter, "layer " + layer.id() + ": warehouses must be points");
  std::vector<Warehouse> list;
  std::unordered_map<std::string, size_t> seen;
  for (const auto& f : layer.features()) {
    if (!seen.emplace(f.id, list.size()).second)
      throw EocError(ErrorCode::InvalidParameter, "layer " + layer.id() + ": feature " + f.id + ": id repeats an earlier warehouse");
    Warehouse w;
    w.id = f.id;
    w.name = f.properties.value("name", f.id);
    w.committee = f.properties.value("committee", "");
    w.location = f.location();
    list.push_back(std::move(w));
  }
  return Warehouses(std::move(list));
}

const Warehouse* Warehouses::find(const std::string& id) const {
  const auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : &list_[it->second];
}

std::optional<size_t> Warehouses::indexOf(const std::string& id) const {
  const auto it = byId_.find(id);
  if (it == byId_.end()) return std::nullopt;
  return it->second;
}

}  // namespace eoc::stock
