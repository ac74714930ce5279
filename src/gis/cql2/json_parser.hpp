#pragma once
// CQL2 JSON encoding (filter-lang=cql2-json, OGC 21-065r2 clause 8.3 and its JSON schema) →
// Expression: {"op": "and", "args": [...]}, {"property": "name"}, GeoJSON geometries and
// {"bbox": [...]}. JSON nesting is bounded while parsing (nlohmann's parser is iterative; its
// depth callback stops it), operator nesting by ParseLimits::maxDepth. Every error is EocError
// InvalidFilter naming the JSON pointer (or the byte, for malformed JSON) where it failed.
#include <string_view>

#include "gis/cql2/ast.hpp"

namespace eoc::gis::cql2 {

Expression parseJson(std::string_view text, const ParseLimits& limits = {}, std::string_view parameter = "filter");

}  // namespace eoc::gis::cql2
