// The CQL2 text encoding: structure, precedence, literals, and errors that name the character.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "gis/cql2/text_parser.hpp"

namespace eoc::gis::cql2::cql2_text_parser_test {
namespace {

// Throws unless parsing fails with InvalidFilter; returns the detail.
std::string errorOf(const std::string& text, const ParseLimits& limits = {}) {
  try {
    parseText(text, limits);
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidFilter) << e.detail();
    return e.detail();
  }
  ADD_FAILURE() << "parsed without error: " << text.substr(0, 200);
  return {};
}

bool mentions(const std::string& detail, const std::string& part) { return detail.find(part) != std::string::npos; }

TEST(Cql2Text, ComparisonHasPropertyOperatorAndLiteral) {
  const Expression e = parseText("capacity >= 3000");
  ASSERT_EQ(e.kind, NodeKind::Compare);
  EXPECT_EQ(e.comparison, Comparison::GreaterOrEqual);
  ASSERT_EQ(e.operands.size(), 2u);
  EXPECT_EQ(e.operands[0].kind, ScalarKind::Property);
  EXPECT_EQ(e.operands[0].text, "capacity");
  EXPECT_EQ(e.operands[1].kind, ScalarKind::Number);
  EXPECT_EQ(e.operands[1].number, 3000);
  EXPECT_EQ(e.operands[1].at.character, 13u);
}

TEST(Cql2Text, EveryComparisonOperatorIsRecognised) {
  const std::pair<const char*, Comparison> cases[] = {
      {"a = 1", Comparison::Equal},        {"a <> 1", Comparison::NotEqual}, {"a < 1", Comparison::Less},
      {"a <= 1", Comparison::LessOrEqual}, {"a > 1", Comparison::Greater},   {"a >= 1", Comparison::GreaterOrEqual}};
  for (const auto& [text, comparison] : cases) EXPECT_EQ(parseText(text).comparison, comparison) << text;
}

TEST(Cql2Text, AndBindsTighterThanOrAndNotTighterThanAnd) {
  const Expression e = parseText("a = 1 OR NOT b = 2 AND c = 3");
  ASSERT_EQ(e.kind, NodeKind::Or);
  ASSERT_EQ(e.children.size(), 2u);
  EXPECT_EQ(e.children[0].kind, NodeKind::Compare);
  const Node& conjunction = e.children[1];
  ASSERT_EQ(conjunction.kind, NodeKind::And);
  ASSERT_EQ(conjunction.children.size(), 2u);
  EXPECT_EQ(conjunction.children[0].kind, NodeKind::Not);
  EXPECT_EQ(conjunction.children[0].children[0].operands[0].text, "b");
  EXPECT_EQ(conjunction.children[1].operands[0].text, "c");
}

TEST(Cql2Text, ChainsOfTheSameOperatorAreOneNodeAndParenthesesGroup) {
  const Expression flat = parseText("a = 1 AND b = 2 AND c = 3 AND d = 4");
  ASSERT_EQ(flat.kind, NodeKind::And);
  EXPECT_EQ(flat.children.size(), 4u);
  const Expression grouped = parseText("(a = 1 OR b = 2) AND c = 3");
  ASSERT_EQ(grouped.kind, NodeKind::And);
  EXPECT_EQ(grouped.children[0].kind, NodeKind::Or);
}

TEST(Cql2Text, KeywordsAreCaseInsensitive) {
  const Expression e = parseText("a = 1 and not b is null or c like 'x%'");
  EXPECT_EQ(e.kind, NodeKind::Or);
  EXPECT_EQ(e.children[0].kind, NodeKind::And);
  EXPECT_EQ(e.children[1].kind, NodeKind::Like);
}

TEST(Cql2Text, StringsKeepQuotesChineseAndSpaces) {
  EXPECT_EQ(parseText("name = 'O''Brien'").operands[1].text, "O'Brien");
  EXPECT_EQ(parseText("name = 'O\\'Brien'").operands[1].text, "O'Brien");
  EXPECT_EQ(parseText("name = '八一 公园'").operands[1].text, "八一 公园");
  EXPECT_EQ(parseText("name = ''").operands[1].text, "");
}

TEST(Cql2Text, NumbersTakeSignsDecimalsAndExponents) {
  EXPECT_EQ(parseText("a = -3.5").operands[1].number, -3.5);
  EXPECT_EQ(parseText("a = +2").operands[1].number, 2);
  EXPECT_EQ(parseText("a = .25").operands[1].number, 0.25);
  EXPECT_EQ(parseText("a = 1.5E3").operands[1].number, 1500);
  EXPECT_EQ(parseText("a = 7e-1").operands[1].number, 0.7);
}

TEST(Cql2Text, QuotedAndChinesePropertyNames) {
  EXPECT_EQ(parseText("\"class\" = 'II'").operands[0].text, "class");
  const Expression e = parseText("名称 = '八一'");
  EXPECT_EQ(e.operands[0].kind, ScalarKind::Property);
  EXPECT_EQ(e.operands[0].text, "名称");
}

TEST(Cql2Text, AdvancedComparisonOperators) {
  const Expression like = parseText("name NOT LIKE '%公园_'");
  EXPECT_EQ(like.kind, NodeKind::Like);
  EXPECT_TRUE(like.negated);
  EXPECT_EQ(like.operands[1].text, "%公园_");

  const Expression between = parseText("capacity BETWEEN 100 AND 3000 AND status = 'open'");
  ASSERT_EQ(between.kind, NodeKind::And);  // the AND inside BETWEEN belongs to BETWEEN
  ASSERT_EQ(between.children.size(), 2u);
  EXPECT_EQ(between.children[0].kind, NodeKind::Between);
  EXPECT_EQ(between.children[0].operands[2].number, 3000);

  const Expression in = parseText("class NOT IN ('I', 'II', 'III')");
  EXPECT_EQ(in.kind, NodeKind::In);
  EXPECT_TRUE(in.negated);
  EXPECT_EQ(in.operands.size(), 4u);

  const Expression isNull = parseText("monitor IS NOT NULL");
  EXPECT_EQ(isNull.kind, NodeKind::IsNull);
  EXPECT_TRUE(isNull.negated);
}

TEST(Cql2Text, BooleanLiteralsStandAloneOrCompare) {
  EXPECT_EQ(parseText("TRUE").kind, NodeKind::Literal);
  EXPECT_TRUE(parseText("true").value);
  EXPECT_FALSE(parseText("FALSE").value);
  const Expression e = parseText("open = TRUE");
  EXPECT_EQ(e.operands[1].kind, ScalarKind::Boolean);
  EXPECT_EQ(parseText("TRUE = open").operands[0].kind, ScalarKind::Boolean);
}

TEST(Cql2Text, SpatialLiteralsOfEveryType) {
  const Expression point = parseText("S_INTERSECTS(geometry, POINT(87.58 43.77))");
  ASSERT_EQ(point.kind, NodeKind::Intersects);
  EXPECT_TRUE(point.geometries[0].isProperty);
  EXPECT_EQ(point.geometries[0].property, "geometry");
  ASSERT_EQ(point.geometries[1].literal.points.size(), 1u);
  EXPECT_EQ(point.geometries[1].literal.points[0].x(), 87.58);

  const auto literal = [](const std::string& wkt) { return parseText("S_INTERSECTS(geometry," + wkt + ")").geometries[1].literal; };
  EXPECT_EQ(literal("POINT Z(1 2 3)").points.size(), 1u);
  EXPECT_EQ(literal("LINESTRING(0 0, 1 1, 2 0)").lines[0].size(), 3u);
  const auto polygon = literal("POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))");
  ASSERT_EQ(polygon.polygons.size(), 1u);
  EXPECT_EQ(polygon.polygons[0].inners().size(), 1u);
  EXPECT_EQ(literal("MULTIPOINT((1 2), (3 4))").points.size(), 2u);
  EXPECT_EQ(literal("MULTIPOINT(1 2, 3 4, 5 6)").points.size(), 3u);
  EXPECT_EQ(literal("MULTILINESTRING((0 0, 1 1), (2 2, 3 3))").lines.size(), 2u);
  EXPECT_EQ(literal("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))").polygons.size(), 2u);
  const auto collection = literal("GEOMETRYCOLLECTION(POINT(1 2), POLYGON((0 0, 1 0, 1 1, 0 0)))");
  EXPECT_EQ(collection.points.size(), 1u);
  EXPECT_EQ(collection.polygons.size(), 1u);
  const auto box = literal("BBOX(87.3, 43.5, 87.7, 43.9)");
  ASSERT_EQ(box.boxes.size(), 1u);
  EXPECT_EQ(box.boxes[0].max_corner().y(), 43.9);
  const auto box3d = literal("BBOX(87.3, 43.5, 0, 87.7, 43.9, 100)");
  EXPECT_EQ(box3d.boxes[0].max_corner().x(), 87.7);
  EXPECT_EQ(literal("POINT EMPTY").vertexCount(), 0u);
  // Literal first, property second is the same predicate.
  EXPECT_TRUE(parseText("S_INTERSECTS(BBOX(0,0,1,1), geometry)").geometries[1].isProperty);
}

TEST(Cql2Text, ErrorsNameTheCharacterWhereParsingStopped) {
  EXPECT_TRUE(mentions(errorOf("name = 'open"), "unterminated string")) << errorOf("name = 'open");
  EXPECT_TRUE(mentions(errorOf("name = 'open"), "at character 8"));
  EXPECT_TRUE(mentions(errorOf("(a = 1"), "expected \")\"")) << errorOf("(a = 1");
  EXPECT_TRUE(mentions(errorOf("(a = 1"), "at character 7"));
  EXPECT_TRUE(mentions(errorOf("a = 1 b = 2"), "at character 7")) << errorOf("a = 1 b = 2");
  EXPECT_TRUE(mentions(errorOf("a == 1"), "at character 4")) << errorOf("a == 1");
  EXPECT_TRUE(mentions(errorOf(""), "empty filter"));
  EXPECT_TRUE(mentions(errorOf("a = 1 AND"), "the end of the filter"));
  EXPECT_TRUE(mentions(errorOf("capacity"), "comparison operator"));
  EXPECT_TRUE(mentions(errorOf("a BETWEEN 1 OR 2"), "AND between the two bounds"));
  EXPECT_TRUE(mentions(errorOf("a = 3000AND b = 1"), "after a number"));
  // Positions count characters, not bytes: 八一 are 2 characters (6 bytes).
  EXPECT_TRUE(mentions(errorOf("name = '八一' AND )"), "at character 17")) << errorOf("name = '八一' AND )");
}

TEST(Cql2Text, ErrorContextShowsWhatCameBefore) {
  const std::string detail = errorOf("status = 'open' AND capacity >");
  EXPECT_TRUE(mentions(detail, "after \"…")) << detail;
  EXPECT_TRUE(mentions(detail, "capacity >")) << detail;
}

TEST(Cql2Text, PolygonRingsMustCloseAndBboxNeedsFourOrSixNumbers) {
  EXPECT_TRUE(mentions(errorOf("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))"), "must end where it starts"));
  EXPECT_TRUE(mentions(errorOf("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 0 0)))"), "at least 4 points"));
  EXPECT_TRUE(mentions(errorOf("S_INTERSECTS(geometry, BBOX(1, 2, 3))"), "4 or 6 numbers"));
  EXPECT_TRUE(mentions(errorOf("S_INTERSECTS(geometry, BBOX(1, 2, 3, 4, 5))"), "4 or 6 numbers"));
  EXPECT_TRUE(mentions(errorOf("S_INTERSECTS(geometry, POINT(1))"), "coordinate"));
  EXPECT_TRUE(mentions(errorOf("S_INTERSECTS(geometry)"), "\",\""));
}

TEST(Cql2Text, UnsupportedPartsOfCql2AreNamed) {
  EXPECT_TRUE(mentions(errorOf("CASEI(name) = 'abc'"), "CASEI")) << errorOf("CASEI(name) = 'abc'");
  EXPECT_TRUE(mentions(errorOf("name LIKE CASEI('a%')"), "CASEI"));
  EXPECT_TRUE(mentions(errorOf("T_AFTER(t, TIMESTAMP('2026-07-12T00:00:00Z'))"), "temporal"));
  EXPECT_TRUE(mentions(errorOf("t > DATE('2026-07-12')"), "DATE"));
  EXPECT_TRUE(mentions(errorOf("S_WITHIN(geometry, POINT(1 2))"), "S_WITHIN"));
  EXPECT_TRUE(mentions(errorOf("upper(name) = 'A'"), "function upper()"));
  EXPECT_TRUE(mentions(errorOf("a = 1 + 2"), "at character 7"));
}

TEST(Cql2Text, TenThousandNestedParenthesesStopAtTheDepthLimit) {
  const std::string text = std::string(10000, '(') + "a = 1" + std::string(10000, ')');
  const std::string detail = errorOf(text);
  EXPECT_TRUE(mentions(detail, "nested deeper than 32 levels")) << detail.substr(0, 300);
  EXPECT_TRUE(mentions(detail, "at character 34")) << detail.substr(0, 300);
  // Exactly at the limit it parses.
  const std::string deepest = std::string(32, '(') + "a = 1" + std::string(32, ')');
  EXPECT_EQ(parseText(deepest).kind, NodeKind::Compare);
  // NOT counts as a level too.
  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "NOT (";
  EXPECT_TRUE(mentions(errorOf(nots + "a = 1" + std::string(200, ')')), "nested deeper"));
}

TEST(Cql2Text, OneMegabyteExpressionsAreBoundedAndNamePositions) {
  // A 1 MB string literal is one predicate: accepted.
  const std::string big(1 << 20, 'x');
  EXPECT_EQ(parseText("name = '" + big + "'").operands[1].text.size(), big.size());
  // 1 MB of predicates: refused at the first predicate beyond the limit, with its position.
  std::string many;
  while (many.size() < (1u << 20)) many += "a = 1 OR ";
  many += "a = 1";
  const std::string detail = errorOf(many);
  EXPECT_TRUE(mentions(detail, "more than 1000 predicates")) << detail;
  EXPECT_TRUE(mentions(detail, "at character " + std::to_string(1000 * 9 + 1))) << detail;
  // 1 MB with an unterminated string at its end: the position is near the end.
  const std::string tail = "name = '" + big + "' AND note = 'oops";
  EXPECT_TRUE(mentions(errorOf(tail), "at character " + std::to_string(8 + big.size() + 1 + 5 + 7 + 1))) << errorOf(tail).substr(0, 200);
}

TEST(Cql2Text, GeometryLiteralsAreBoundedInCoordinates) {
  std::string polygon = "S_INTERSECTS(geometry, POLYGON((0 0";
  for (int i = 1; i <= 11000; ++i) polygon += ", " + std::to_string(i % 7) + " " + std::to_string(i % 5);
  polygon += ", 0 0)))";
  EXPECT_TRUE(mentions(errorOf(polygon), "more than 10000 coordinates"));
}

TEST(Cql2Text, InvalidUtf8IsRefusedWithItsPosition) {
  EXPECT_TRUE(mentions(errorOf("name = 'a\xff'"), "not valid UTF-8 at character 10"));
  EXPECT_TRUE(mentions(errorOf("name = '\xc0\x80'"), "not valid UTF-8"));  // overlong NUL
  EXPECT_TRUE(mentions(errorOf("name = '\xed\xa0\x80'"), "not valid UTF-8"));  // surrogate
}

TEST(Cql2Text, WhitespaceIncludesTabsNewlinesAndTheIdeographicSpace) {
  EXPECT_EQ(parseText("\ta\n=\r\n1 ").kind, NodeKind::Compare);
  EXPECT_EQ(parseText("a\xe3\x80\x80=\xe3\x80\x80" "1").kind, NodeKind::Compare);
}

}  // namespace
}  // namespace eoc::gis::cql2::cql2_text_parser_test
