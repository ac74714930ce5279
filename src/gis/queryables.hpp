#pragma once
// What a filter may name on a layer (OGC API – Features Part 3 "queryables"): the fields the
// layer's manifest entry declares and validates (geodata/layers.json), plus its geometry. Only
// these: an attribute a file happens to carry beyond its declaration is served but not filterable,
// because nothing guarantees its type.
#include <string>
#include <vector>

#include "gis/layer.hpp"

namespace eoc::gis {

inline constexpr const char* kGeometryQueryable = "geometry";

struct Queryable {
  std::string name;
  FieldType type = FieldType::String;  // ignored for the geometry
  bool isGeometry = false;
};

// Declared fields in manifest order, then the geometry.
std::vector<Queryable> queryables(const LayerSpec& spec);
const char* fieldTypeName(FieldType type);  // "string", "integer", "number", "boolean" (JSON Schema)

}  // namespace eoc::gis
