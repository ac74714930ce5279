#include "gis/cql2/ast.hpp"

namespace eoc::gis::cql2 {

std::string Location::describe() const {
  if (!pointer.empty()) return "JSON pointer " + pointer;
  if (character > 0) return "character " + std::to_string(character);
  return "the top level";  // the JSON document itself (pointer "")
}

size_t GeometryLiteral::vertexCount() const {
  size_t count = points.size() + 2 * boxes.size();
  for (const auto& line : lines) count += line.size();
  for (const auto& polygon : polygons) count += bg::num_points(polygon);
  return count;
}

const char* comparisonSymbol(Comparison comparison) {
  switch (comparison) {
    case Comparison::Equal: return "=";
    case Comparison::NotEqual: return "<>";
    case Comparison::Less: return "<";
    case Comparison::LessOrEqual: return "<=";
    case Comparison::Greater: return ">";
    case Comparison::GreaterOrEqual: return ">=";
  }
  return "?";
}

}  // namespace eoc::gis::cql2
