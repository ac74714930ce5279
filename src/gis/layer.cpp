#include "gis/layer.hpp"

#include <algorithm>
#include <utility>

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

}  // namespace

struct Layer::Index {
  std::optional<PointIndex> points;  // Point layers only
  BoxTree boxes;
  std::map<std::string, size_t, std::less<>> byId;
};

Layer::Layer(LayerSpec spec, std::vector<Feature> features)
    : spec_(std::move(spec)), features_(std::move(features)), index_(std::make_unique<Index>()) {
  if (spec_.geometryType == GeometryType::Point) index_->points.emplace(locations(features_));
  index_->boxes = BoxTree(boxEntries(features_));
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

std::vector<size_t> Layer::intersecting(const Box& box) const {
  std::vector<BoxEntry> hits;
  index_->boxes.query(bgi::intersects(box), std::back_inserter(hits));
  std::vector<size_t> indexes;
  indexes.reserve(hits.size());
  for (const auto& hit : hits) indexes.push_back(hit.second);
  std::sort(indexes.begin(), indexes.end());
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
