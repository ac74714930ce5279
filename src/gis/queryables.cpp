#include "gis/queryables.hpp"

namespace eoc::gis {

std::vector<Queryable> queryables(const LayerSpec& spec) {
  std::vector<Queryable> out;
  out.reserve(spec.fields.size() + 1);
  for (const FieldSpec& field : spec.fields) out.push_back({field.name, field.type, false});
  out.push_back({kGeometryQueryable, FieldType::String, true});
  return out;
}

const char* fieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::String: return "string";
    case FieldType::Integer: return "integer";
    case FieldType::Real: return "number";
    case FieldType::Boolean: return "boolean";
  }
  return "string";
}

}  // namespace eoc::gis
