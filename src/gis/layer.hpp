#pragma once
// A loaded, validated, indexed vector layer, immutable after load and safe to read from any
// thread. Every feature carries its pre-rendered GeoJSON so that serving never re-serialises.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo_point.hpp"
#include "gis/geometry.hpp"
#include "gis/point_index.hpp"

namespace eoc::gis {

enum class FieldType { String, Integer, Real, Boolean };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::String;
  bool required = true;
};

// One entry of geodata/layers.json.
struct LayerSpec {
  std::string id;                      // "shelters"
  std::string title;                   // "应急避难场所"
  std::string description;
  std::filesystem::path file;          // relative to the geodata folder
  GeometryType geometryType = GeometryType::Point;
  std::string idField;                 // property holding the feature id
  std::vector<FieldSpec> fields;
  std::string sourceCrs;               // "" (declared by the file), "EPSG:4538", "gcj02", "bd09"
  bool insideDistrict = true;          // validate that every feature lies in the boundary
  std::optional<size_t> expectedCount; // e.g. exactly 27 shelters
};

// One declared field of every feature, in layer order, for filters: a dense array read per
// candidate instead of a lookup in each feature's JSON (the difference between one cache miss and
// four when a filter tests 100,000 scattered features). A value whose JSON does not have the
// declared type counts as null.
struct FieldColumn {
  FieldType type = FieldType::String;
  std::vector<double> numbers;              // Integer, Real: NaN when null
  std::vector<signed char> booleans;        // Boolean: -1 when null
  std::vector<const std::string*> strings;  // String: into the feature's properties; null when null
};

struct Feature {
  std::string id;
  Point point;                 // Point layers
  MultiPolygon area;           // Polygon layers
  Box bbox;
  nlohmann::json properties;   // validated against the spec's fields
  std::string geojson;         // the full GeoJSON Feature, rendered once at load
  GeoPoint location() const { return toGeoPoint(point); }
};

class Layer {
 public:
  Layer(LayerSpec spec, std::vector<Feature> features);
  ~Layer();
  Layer(Layer&&) noexcept;
  Layer& operator=(Layer&&) noexcept;

  const LayerSpec& spec() const { return spec_; }
  const std::string& id() const { return spec_.id; }
  const std::vector<Feature>& features() const { return features_; }
  const Feature* find(const std::string& featureId) const;
  std::optional<size_t> indexOf(const std::string& featureId) const;
  Box extent() const { return extent_; }

  // Features whose bbox intersects `box`, in layer order (stable paging).
  std::vector<size_t> intersecting(const Box& box) const;
  // Point layers: k nearest by great-circle distance; Polygon layers: distance to the nearest
  // edge, 0 inside.
  std::vector<Neighbour> nearest(GeoPoint from, size_t k, const std::function<bool(size_t)>& accept = {}) const;
  std::vector<Neighbour> withinRadius(GeoPoint from, double meters) const;
  // Declared fields (geodata/layers.json) as columns; null for a name the layer does not declare.
  const FieldColumn* column(const std::string& field) const;
  // Point layers: the features' positions, densely, in layer order.
  const std::vector<Point>& positions() const { return positions_; }

  // Polygon layers: features containing the point (boundary counts as inside).
  std::vector<size_t> containing(GeoPoint p) const;
  // Point layers: points inside `area`; Polygon layers: polygons intersecting it. Layer order.
  std::vector<size_t> intersectingArea(const MultiPolygon& area) const;

 private:
  LayerSpec spec_;
  std::vector<Feature> features_;
  std::map<std::string, FieldColumn, std::less<>> columns_;
  std::vector<Point> positions_;
  Box extent_;
  struct Index;
  std::unique_ptr<Index> index_;
};

// All layers of geodata/, in manifest order.
class LayerCatalog {
 public:
  LayerCatalog() = default;
  explicit LayerCatalog(std::vector<Layer> layers);
  const Layer* find(const std::string& id) const;
  const Layer& require(const std::string& id) const;  // throws EocError(UnknownCollection)
  const std::vector<Layer>& layers() const { return layers_; }

 private:
  std::vector<Layer> layers_;
  std::map<std::string, size_t, std::less<>> byId_;
};

}  // namespace eoc::gis
