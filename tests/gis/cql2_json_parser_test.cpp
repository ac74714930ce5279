// The CQL2 JSON encoding: the same expressions as the text encoding, errors naming JSON pointers.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "gis/cql2/json_parser.hpp"
#include "gis/cql2/text_parser.hpp"

namespace eoc::gis::cql2::cql2_json_parser_test {
namespace {

std::string errorOf(const std::string& text) {
  try {
    parseJson(text);
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidFilter) << e.detail();
    return e.detail();
  }
  ADD_FAILURE() << "parsed without error: " << text.substr(0, 200);
  return {};
}

bool mentions(const std::string& detail, const std::string& part) { return detail.find(part) != std::string::npos; }

// Structural equality of two parsed expressions, ignoring where they were written.
void expectSame(const Node& a, const Node& b) {
  ASSERT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.negated, b.negated);
  EXPECT_EQ(a.comparison, b.comparison);
  ASSERT_EQ(a.operands.size(), b.operands.size());
  for (size_t i = 0; i < a.operands.size(); ++i) {
    EXPECT_EQ(a.operands[i].kind, b.operands[i].kind);
    EXPECT_EQ(a.operands[i].text, b.operands[i].text);
    EXPECT_EQ(a.operands[i].number, b.operands[i].number);
    EXPECT_EQ(a.operands[i].boolean, b.operands[i].boolean);
  }
  ASSERT_EQ(a.geometries.size(), b.geometries.size());
  for (size_t i = 0; i < a.geometries.size(); ++i) {
    EXPECT_EQ(a.geometries[i].isProperty, b.geometries[i].isProperty);
    EXPECT_EQ(a.geometries[i].literal.vertexCount(), b.geometries[i].literal.vertexCount());
  }
  ASSERT_EQ(a.children.size(), b.children.size());
  for (size_t i = 0; i < a.children.size(); ++i) expectSame(a.children[i], b.children[i]);
}

TEST(Cql2Json, ParsesTheSameTreeAsTheTextEncoding) {
  const std::pair<const char*, const char*> pairs[] = {
      {R"({"op": ">", "args": [{"property": "capacity"}, 3000]})", "capacity > 3000"},
      {R"({"op": "and", "args": [{"op": "=", "args": [{"property": "status"}, "open"]},
                                {"op": "not", "args": [{"op": "isNull", "args": [{"property": "monitor"}]}]}]})",
       "status = 'open' AND NOT monitor IS NULL"},
      {R"({"op": "or", "args": [{"op": "like", "args": [{"property": "name"}, "%公园"]},
                               {"op": "between", "args": [{"property": "capacity"}, 10, 20]},
                               {"op": "in", "args": [{"property": "class"}, ["I", "II"]]}]})",
       "name LIKE '%公园' OR capacity BETWEEN 10 AND 20 OR class IN ('I', 'II')"},
      {R"({"op": "s_intersects", "args": [{"property": "geometry"},
           {"type": "Polygon", "coordinates": [[[87.5, 43.7], [87.6, 43.7], [87.6, 43.8], [87.5, 43.7]]]}]})",
       "S_INTERSECTS(geometry, POLYGON((87.5 43.7, 87.6 43.7, 87.6 43.8, 87.5 43.7)))"},
      {R"({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [87.3, 43.5, 87.7, 43.9]}]})",
       "S_INTERSECTS(geometry, BBOX(87.3, 43.5, 87.7, 43.9))"},
      {R"({"op": "=", "args": [{"property": "open"}, true]})", "open = TRUE"},
      {"true", "TRUE"},
  };
  for (const auto& [json, text] : pairs) {
    SCOPED_TRACE(text);
    expectSame(parseJson(json), parseText(text));
  }
}

TEST(Cql2Json, GeoJsonGeometriesOfEveryType) {
  const auto literal = [](const std::string& geometry) {
    return parseJson(R"({"op": "s_intersects", "args": [{"property": "geometry"}, )" + geometry + "]}")
        .geometries[1]
        .literal;
  };
  EXPECT_EQ(literal(R"({"type": "Point", "coordinates": [87.58, 43.77]})").points.size(), 1u);
  EXPECT_EQ(literal(R"({"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]})").points.size(), 2u);
  EXPECT_EQ(literal(R"({"type": "LineString", "coordinates": [[1, 2], [3, 4]]})").lines.size(), 1u);
  EXPECT_EQ(literal(R"({"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]})").lines.size(), 2u);
  EXPECT_EQ(literal(R"({"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]})").polygons.size(), 1u);
  const auto collection = literal(R"({"type": "GeometryCollection", "geometries": [
      {"type": "Point", "coordinates": [1, 2]}, {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}]})");
  EXPECT_EQ(collection.points.size(), 1u);
  EXPECT_EQ(collection.lines.size(), 1u);
}

TEST(Cql2Json, ErrorsNameTheJsonPointer) {
  EXPECT_TRUE(mentions(errorOf(R"({"op": "and", "args": [{"op": "=", "args": [{"property": "a"}]}, true]})"),
                       "at JSON pointer /args/0/args"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "=", "args": [{"property": "a"}, null]})"), "at JSON pointer /args/1"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "t_after", "args": []})"), "/op"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "like", "args": [{"property": "a"}, {"casei": "x"}]})"), "casei"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "=", "args": [{"property": "a"}, {"timestamp": "2026-07-12T00:00:00Z"}]})"),
                       "timestamp"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "s_intersects", "args": [{"property": "geometry"},
      {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}]})"),
                       "/args/1/coordinates/0"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Circle", "coordinates": [1, 2]}]})"),
                       "\"Circle\""));
  EXPECT_TRUE(mentions(errorOf(R"({"property": "open"})"), "the top level"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "and", "args": [true]})"), "at least two"));
  EXPECT_TRUE(mentions(errorOf(R"({"op": "=", "args": [1, 2], "extra": 1})"), "/extra"));
}

TEST(Cql2Json, MalformedJsonNamesTheByte) {
  EXPECT_TRUE(mentions(errorOf(R"({"op": "=", "args": [)"), "not valid JSON at byte 22")) << errorOf(R"({"op": "=", "args": [)");
  EXPECT_TRUE(mentions(errorOf("{\"op\": \"=\", \"args\": [\"\xff\"]}"), "not valid UTF-8 at byte 23"));
  // Beyond double: nlohmann throws out_of_range, not parse_error (found by the fuzz target).
  EXPECT_TRUE(mentions(errorOf(R"({"op": ">", "args": [{"property": "capacity"}, 1e999]})"), "out of range"));
}

TEST(Cql2Json, DeepNestingStopsAtTheLimitWithoutRecursingFurther) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += R"({"op": "not", "args": [)";
  deep += "true";
  for (int i = 0; i < 10000; ++i) deep += "]}";
  EXPECT_TRUE(mentions(errorOf(deep), "nested deeper")) << errorOf(deep).substr(0, 200);
  // A megabyte of opening brackets: refused by the JSON depth limit, not parsed to the end.
  EXPECT_TRUE(mentions(errorOf(std::string(1 << 20, '[')), "nested deeper"));
  // Within the limits it parses: 32 levels of NOT.
  std::string ok;
  for (int i = 0; i < 32; ++i) ok += R"({"op": "not", "args": [)";
  ok += "true";
  for (int i = 0; i < 32; ++i) ok += "]}";
  EXPECT_EQ(parseJson(ok).kind, NodeKind::Not);
}

}  // namespace
}  // namespace eoc::gis::cql2::cql2_json_parser_test
