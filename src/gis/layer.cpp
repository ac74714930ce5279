#include "gis/layer.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include <boost/function_output_iterator.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "core/error.hpp"
#include "gis/geodesy.hpp"

namespace eoc::gis {
namespace {

namespace bgi = boost::geometry::index;
using BoxEntry = std::pair<Box, size_t>;
using BoxTree = bgi::rtree<BoxEntry, bgi::rstar<16>>;

bool nearerFirst(const Neighbour& a, const Neighbour& b) {
  return a.meters < b.meters || (a.meters == b.meters && a.index < b.index);
}

std::vector<GeoPoint> locations(const std::vector<Feature>& features) {
  std::vector<GeoPoint> points;
  points.reserve(features.size());
  for (const Feature& f : features) points.push_back(f.location());
  return points;
}

std::vector<BoxEntry> boxEntries(const std::vector<Feature>& features) {
  std::vector<BoxEntry> entries;
  entries.reserve(features.size());
  for (size_t i = 0; i < features.size(); ++i) entries.emplace_back(features[i].bbox, i);
  return entries;
}

FieldColumn columnOf(const FieldSpec& field, const std::vector<Feature>& features) {
  FieldColumn column;
  column.type = field.type;
  const auto each = [&](auto&& take) {
    for (const Feature& f : features) {
      auto it = f.properties.find(field.name);
      take(it == f.properties.end() ? nullptr : &*it);
    }
  };
  switch (field.type) {
    case FieldType::Integer:
    case FieldType::Real:
      column.numbers.reserve(features.size());
      each([&](const nlohmann::json* v) {
        column.numbers.push_back(v && v->is_number() ? v->get<double>() : std::numeric_limits<double>::quiet_NaN());
      });
      break;
    case FieldType::Boolean:
      column.booleans.reserve(features.size());
      each([&](const nlohmann::json* v) {
        column.booleans.push_back(v && v->is_boolean() ? static_cast<signed char>(v->get<bool>()) : -1);
      });
      break;
    case FieldType::String:
      column.strings.reserve(features.size());
      each([&](const nlohmann::json* v) {
        column.strings.push_back(v && v->is_string() ? &v->get_ref<const std::string&>() : nullptr);
      });
      break;
  }
  return column;
}

}  // namespace

struct Layer::Index {
  std::optional<PointIndex> points;  // Point layers only
  BoxTree boxes;
  std::map<std::string, size_t, std::less<>> byId;
};

Layer::Layer(LayerSpec spec, std::vector<Feature> features)
    : spec_(std::move(spec)), features_(std::move(features)), index_(std::make_unique<Index>()) {
  if (spec_.geometryType == GeometryType::Point) {
    index_->points.emplace(locations(features_));
    positions_.reserve(features_.size());
    for (const Feature& f : features_) positions_.push_back(f.point);
  }
  index_->boxes = BoxTree(boxEntries(features_));
  // Pointers into features_' JSON stay valid: features_ is never modified, and moving the Layer
  // moves the vector's buffer, not its elements.
  for (const FieldSpec& field : spec_.fields) columns_.emplace(field.name, columnOf(field, features_));
  bg::assign_inverse(extent_);
  for (size_t i = 0; i < features_.size(); ++i) {
    bg::expand(extent_, features_[i].bbox);
    index_->byId.emplace(features_[i].id, i);
  }
}

Layer::~Layer() = default;
Layer::Layer(Layer&&) noexcept = default;
Layer& Layer::operator=(Layer&&) noexcept = default;

std::optional<size_t> Layer::indexOf(const std::string& featureId) const {
  auto it = index_->byId.find(featureId);
  if (it == index_->byId.end()) return std::nullopt;
  return it->second;
}

const Feature* Layer::find(const std::string& featureId) const {
  auto index = indexOf(featureId);
  return index ? &features_[*index] : nullptr;
}

const FieldColumn* Layer::column(const std::string& field) const {
  auto it = columns_.find(field);
  return it == columns_.end() ? nullptr : &it->second;
}

std::vector<size_t> Layer::intersecting(const Box& box) const {
  std::vector<size_t> indexes;
  index_->boxes.query(bgi::intersects(box),
                      boost::make_function_output_iterator([&](const BoxEntry& hit) { indexes.push_back(hit.second); }));
  // Layer order for stable paging. Many hits (a filter over a large part of a big layer): a bit per
  // feature, then one pass over the bits, beats sorting (1,000,000 features are 125 KB of bits).
  if (indexes.size() > features_.size() / 32) {
    std::vector<std::uint64_t> bits((features_.size() + 63) / 64, 0);
    for (size_t i : indexes) bits[i / 64] |= std::uint64_t{1} << (i % 64);
    indexes.clear();
    for (size_t word = 0; word < bits.size(); ++word)
      for (std::uint64_t w = bits[word]; w != 0; w &= w - 1) indexes.push_back(word * 64 + static_cast<size_t>(__builtin_ctzll(w)));
  } else {
    std::sort(indexes.begin(), indexes.end());
  }
  return indexes;
}

std::vector<Neighbour> Layer::nearest(GeoPoint from, size_t k, const std::function<bool(size_t)>& accept) const {
  if (index_->points) return index_->points->nearest(from, k, accept);
  // Polygon layers are small (tens of features): a scan is simpler and fast enough.
  std::vector<Neighbour> found;
  for (size_t i = 0; i < features_.size(); ++i)
    if (!accept || accept(i)) found.push_back(Neighbour{i, distanceMeters(from, features_[i].area)});
  std::sort(found.begin(), found.end(), nearerFirst);
  if (found.size() > k) found.resize(k);
  return found;
}

std::vector<Neighbour> Layer::withinRadius(GeoPoint from, double meters) const {
  if (index_->points) return index_->points->withinRadius(from, meters);
  std::vector<Neighbour> found;
  for (size_t i : intersecting(boxAround(from, meters))) {
    const double d = distanceMeters(from, features_[i].area);
    if (d <= meters) found.push_back(Neighbour{i, d});
  }
  std::sort(found.begin(), found.end(), nearerFirst);
  return found;
}

std::vector<size_t> Layer::containing(GeoPoint p) const {
  std::vector<size_t> found;
  if (spec_.geometryType != GeometryType::Polygon) return found;
  const Point point = toPoint(p);
  for (size_t i : intersecting(Box(point, point)))
    if (bg::covered_by(point, features_[i].area)) found.push_back(i);
  return found;
}

std::vector<size_t> Layer::intersectingArea(const MultiPolygon& area) const {
  std::vector<size_t> found;
  if (area.empty()) return found;
  for (size_t i : intersecting(bg::return_envelope<Box>(area))) {
    const bool hit = spec_.geometryType == GeometryType::Point ? bg::covered_by(features_[i].point, area)
                                                                : bg::intersects(features_[i].area, area);
    if (hit) found.push_back(i);
  }
  return found;
}

LayerCatalog::LayerCatalog(std::vector<Layer> layers) : layers_(std::move(layers)) {
  for (size_t i = 0; i < layers_.size(); ++i) byId_.emplace(layers_[i].id(), i);
}

const Layer* LayerCatalog::find(const std::string& id) const {
  auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : &layers_[it->second];
}

const Layer& LayerCatalog::require(const std::string& id) const {
  if (const Layer* layer = find(id)) return *layer;
  throw EocError(ErrorCode::UnknownCollection, "no layer \"" + id + "\"");
}

}  // namespace eoc::gis
