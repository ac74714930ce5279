#pragma once
// CQL2 text encoding (filter-lang=cql2-text) → Expression, by recursive descent over the
// grammar of OGC 21-065r2 annex B:
//   booleanExpression = booleanTerm {OR booleanTerm}
//   booleanTerm       = booleanFactor {AND booleanFactor}
//   booleanFactor     = [NOT] booleanPrimary
//   booleanPrimary    = predicate | TRUE | FALSE | "(" booleanExpression ")"
// Nesting is bounded by ParseLimits::maxDepth, so no input recurses deeper than that. Every
// error is EocError InvalidFilter (400) naming the character where parsing stopped.
#include <string_view>

#include "gis/cql2/ast.hpp"

namespace eoc::gis::cql2 {

// `parameter` names the query parameter in errors ("filter").
Expression parseText(std::string_view text, const ParseLimits& limits = {}, std::string_view parameter = "filter");

}  // namespace eoc::gis::cql2
