#pragma once
// The parsed form of a CQL2 filter (OGC 21-065r2), shared by the text and the JSON encoding. It
// says only what was written: names are not yet checked against a layer, geometry coordinates are
// still in the filter's CRS and axis order. gis/feature_filter.hpp binds it to a layer.
//
// The subset eoc evaluates (its conformance classes): Basic CQL2 (AND, OR, NOT, =, <>, <, <=, >,
// >=, IS [NOT] NULL), Advanced Comparison Operators ([NOT] LIKE, [NOT] BETWEEN, [NOT] IN) and
// Basic Spatial Functions with every spatial literal (S_INTERSECTS with POINT, LINESTRING,
// POLYGON, their MULTI forms, GEOMETRYCOLLECTION and BBOX). Everything else CQL2 defines is
// refused by the parsers with the position where it appears.
#include <string>
#include <vector>

#include "gis/geometry.hpp"

namespace eoc::gis::cql2 {

// Where a part of the filter was written: a 1-based character number in the text encoding, a
// JSON pointer in the JSON encoding. Every error names it.
struct Location {
  size_t character = 0;
  std::string pointer;
  std::string describe() const;  // "character 17" or "JSON pointer /args/0"
};

enum class ScalarKind { Property, String, Number, Boolean };

struct Scalar {
  ScalarKind kind = ScalarKind::Property;
  std::string text;  // the property name, or the string value
  double number = 0;
  bool boolean = false;
  Location at;
};

enum class Comparison { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual };

// A spatial literal, flattened: a GEOMETRYCOLLECTION or MULTI* contributes all its parts.
// Coordinates are x = the CRS's first axis, y = its second, as written.
struct GeometryLiteral {
  std::vector<Point> points;
  std::vector<LineString> lines;
  std::vector<Polygon> polygons;  // rings as written (orientation is corrected when bound)
  std::vector<Box> boxes;         // BBOX(min1, min2, max1, max2); elevations dropped
  size_t vertexCount() const;
};

struct GeometryOperand {
  bool isProperty = false;
  std::string property;  // when isProperty
  GeometryLiteral literal;
  Location at;
};

enum class NodeKind { And, Or, Not, Literal, Compare, Like, Between, In, IsNull, Intersects };

struct Node {
  NodeKind kind = NodeKind::Literal;
  Location at;
  std::vector<Node> children;  // And, Or (two or more), Not (one)
  bool value = false;          // Literal: TRUE or FALSE
  bool negated = false;        // NOT LIKE, NOT BETWEEN, NOT IN, IS NOT NULL
  Comparison comparison = Comparison::Equal;
  // Compare: [left, right]; Like: [value, pattern]; Between: [value, low, high];
  // In: [value, item, item, ...]; IsNull: [value].
  std::vector<Scalar> operands;
  std::vector<GeometryOperand> geometries;  // Intersects: two
};

using Expression = Node;

// Bounds every filter so that no request can make the parser recurse without end or the
// evaluator spend seconds per feature (a filter arrives in a URI of at most a few KB anyway).
struct ParseLimits {
  size_t maxDepth = 32;         // nested parentheses / NOT / JSON operator objects
  size_t maxPredicates = 1000;  // comparisons, spatial predicates and IN list items together
  size_t maxVertices = 10000;   // coordinates over all geometry literals
};

const char* comparisonSymbol(Comparison comparison);

}  // namespace eoc::gis::cql2
