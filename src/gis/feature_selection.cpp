#include "gis/feature_selection.hpp"

#include <algorithm>
#include <numeric>

namespace eoc::gis {
namespace {

using nlohmann::json;

bool propertyEquals(const json& properties, const std::string& name, const std::string& wanted) {
  auto it = properties.find(name);
  if (it == properties.end()) return false;
  const json& value = *it;
  if (value.is_string()) return value.get_ref<const std::string&>() == wanted;
  if (value.is_boolean()) return (value.get<bool>() ? "true" : "false") == wanted;
  if (value.is_number_integer()) return std::to_string(value.get<long long>()) == wanted;
  if (value.is_number_float()) {
    try {
      size_t used = 0;
      const double number = std::stod(wanted, &used);
      return used == wanted.size() && value.get<double>() == number;
    } catch (...) {
      return false;
    }
  }
  return false;
}

double area(const std::vector<Box>& boxes) {
  double total = 0;
  for (const Box& box : boxes) total += bg::area(box);
  return total;
}

std::vector<size_t> candidates(const Layer& layer, const std::vector<Box>& boxes) {
  if (boxes.size() == 1) return layer.intersecting(boxes.front());
  std::vector<size_t> all;
  for (const Box& box : boxes) {
    std::vector<size_t> some = layer.intersecting(box);
    all.insert(all.end(), some.begin(), some.end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

}  // namespace

std::vector<size_t> selectFeatures(const Layer& layer, const FeatureQuery& query) {
  std::optional<std::vector<Box>> bound;
  if (query.bbox) bound = query.bbox->envelopes();
  if (query.filter && query.filter->candidateBoxes()) {
    const auto& boxes = *query.filter->candidateBoxes();
    if (!bound || area(boxes) < area(*bound)) bound = boxes;
  }
  std::vector<size_t> indexes;
  if (bound) {
    indexes = candidates(layer, *bound);
  } else {
    indexes.resize(layer.features().size());
    std::iota(indexes.begin(), indexes.end(), size_t{0});
  }
  if (!query.bbox && query.propertyEquals.empty() && !query.filter) return indexes;

  const auto& features = layer.features();
  std::vector<size_t> kept;
  kept.reserve(indexes.size());
  for (size_t i : indexes) {
    if (query.bbox && !query.bbox->intersects(layer, i)) continue;
    bool equal = true;
    for (const auto& [name, value] : query.propertyEquals) equal = equal && propertyEquals(features[i].properties, name, value);
    if (!equal) continue;
    if (query.filter && !query.filter->matches(i)) continue;
    kept.push_back(i);
  }
  return kept;
}

}  // namespace eoc::gis
