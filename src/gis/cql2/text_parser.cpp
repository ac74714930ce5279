#include "gis/cql2/text_parser.hpp"

#include <initializer_list>

#include "core/error.hpp"
#include "gis/cql2/lexer.hpp"
#include "gis/cql2/utf8.hpp"

namespace eoc::gis::cql2 {
namespace {

// CQL2 keywords eoc does not evaluate, with what they belong to: named in the error so that a
// client learns it hit an unsupported class rather than a typo.
struct Unsupported {
  std::string_view keyword;
  std::string_view what;
};
constexpr Unsupported kUnsupported[] = {
    {"CASEI", "case-insensitive comparison (CASEI)"},
    {"ACCENTI", "accent-insensitive comparison (ACCENTI)"},
    {"DATE", "temporal literals (DATE)"},
    {"TIMESTAMP", "temporal literals (TIMESTAMP)"},
    {"INTERVAL", "temporal literals (INTERVAL)"},
    {"S_EQUALS", "the spatial function S_EQUALS"},
    {"S_DISJOINT", "the spatial function S_DISJOINT"},
    {"S_TOUCHES", "the spatial function S_TOUCHES"},
    {"S_WITHIN", "the spatial function S_WITHIN"},
    {"S_OVERLAPS", "the spatial function S_OVERLAPS"},
    {"S_CROSSES", "the spatial function S_CROSSES"},
    {"S_CONTAINS", "the spatial function S_CONTAINS"},
    {"T_AFTER", "temporal functions"},      {"T_BEFORE", "temporal functions"},
    {"T_CONTAINS", "temporal functions"},   {"T_DISJOINT", "temporal functions"},
    {"T_DURING", "temporal functions"},     {"T_EQUALS", "temporal functions"},
    {"T_FINISHEDBY", "temporal functions"}, {"T_FINISHES", "temporal functions"},
    {"T_INTERSECTS", "temporal functions"}, {"T_MEETS", "temporal functions"},
    {"T_METBY", "temporal functions"},      {"T_OVERLAPPEDBY", "temporal functions"},
    {"T_OVERLAPS", "temporal functions"},   {"T_STARTEDBY", "temporal functions"},
    {"T_STARTS", "temporal functions"},     {"A_EQUALS", "array functions"},
    {"A_CONTAINS", "array functions"},      {"A_CONTAINEDBY", "array functions"},
    {"A_OVERLAPS", "array functions"},
};

constexpr std::string_view kTextSupportedNote =
    " is not supported (eoc evaluates Basic CQL2, LIKE/BETWEEN/IN and S_INTERSECTS)";

// Words that cannot be property names: a bare keyword where a value belongs is a syntax error.
constexpr std::string_view kReserved[] = {"AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL"};

class Parser {
 public:
  Parser(std::string_view text, const ParseLimits& limits, std::string_view parameter)
      : text_(text), limits_(limits), lexer_(text, parameter) {
    advance();
  }

  Expression parse() {
    if (token_.kind == TokenKind::End) fail("empty filter: expected a predicate");
    Expression expression = booleanExpression(0);
    if (token_.kind != TokenKind::End) failExpected("AND, OR or the end of the filter");
    return expression;
  }

 private:
  // ---- tokens --------------------------------------------------------------------------------
  void advance() { token_ = lexer_.next(); }
  Location here() const { return Location{utf8::characterNumber(text_, token_.offset), ""}; }
  [[noreturn]] void fail(const std::string& what) const { lexer_.fail(token_.offset, what); }
  [[noreturn]] void failExpected(const std::string& expected) const {
    // Quote the token itself, not the context: the context follows in the message.
    std::string found;
    switch (token_.kind) {
      case TokenKind::End: found = "the end of the filter"; break;
      case TokenKind::String: found = "a string"; break;
      case TokenKind::Number: found = "the number " + token_.text; break;
      default: found = "\"" + std::string(text_.substr(token_.offset, std::min<size_t>(token_.length, 40))) + "\"";
    }
    fail("expected " + expected + ", found " + found);
  }
  void expect(TokenKind kind, const char* what) {
    if (token_.kind != kind) failExpected(what);
    advance();
  }
  bool acceptKeyword(std::string_view keyword) {
    if (!isKeyword(token_, keyword)) return false;
    advance();
    return true;
  }
  void enter(size_t depth) const {
    if (depth > limits_.maxDepth)
      fail("nested deeper than " + std::to_string(limits_.maxDepth) + " levels (parentheses and NOT)");
  }
  void countPredicate() {
    if (++predicates_ > limits_.maxPredicates)
      fail("more than " + std::to_string(limits_.maxPredicates) + " predicates and list items");
  }
  void checkUnsupported() const {
    for (const auto& u : kUnsupported)
      if (isKeyword(token_, u.keyword)) fail(std::string(u.what) + std::string(kTextSupportedNote));
  }

  // ---- boolean structure ---------------------------------------------------------------------
  Expression booleanExpression(size_t depth) {
    enter(depth);
    Location at = here();
    Expression first = booleanTerm(depth);
    if (!isKeyword(token_, "OR")) return first;
    Expression node;
    node.kind = NodeKind::Or;
    node.at = at;
    node.children.push_back(std::move(first));
    while (acceptKeyword("OR")) node.children.push_back(booleanTerm(depth));
    return node;
  }

  Expression booleanTerm(size_t depth) {
    Location at = here();
    Expression first = booleanFactor(depth);
    if (!isKeyword(token_, "AND")) return first;
    Expression node;
    node.kind = NodeKind::And;
    node.at = at;
    node.children.push_back(std::move(first));
    while (acceptKeyword("AND")) node.children.push_back(booleanFactor(depth));
    return node;
  }

  Expression booleanFactor(size_t depth) {
    if (!isKeyword(token_, "NOT")) return booleanPrimary(depth);
    Expression node;
    node.kind = NodeKind::Not;
    node.at = here();
    advance();
    enter(depth + 1);
    node.children.push_back(booleanPrimary(depth + 1));
    return node;
  }

  Expression booleanPrimary(size_t depth) {
    if (token_.kind == TokenKind::LeftParen) {
      advance();
      Expression inner = booleanExpression(depth + 1);
      expect(TokenKind::RightParen, "\")\" or AND/OR");
      return inner;
    }
    if (isKeyword(token_, "S_INTERSECTS")) return spatialPredicate();
    checkUnsupported();
    if (isKeyword(token_, "TRUE") || isKeyword(token_, "FALSE")) {
      // A boolean literal on its own is a predicate; followed by an operator it is an operand
      // ("TRUE = flag"). One token of lookahead, on a copy of the lexer.
      Lexer lookahead = lexer_;
      const Token following = lookahead.next();
      const bool operand = isComparisonToken(following.kind) || isKeyword(following, "IS") ||
                           isKeyword(following, "IN") || isKeyword(following, "LIKE") ||
                           isKeyword(following, "BETWEEN") || isKeyword(following, "NOT");
      if (!operand) {
        Expression node;
        node.kind = NodeKind::Literal;
        node.at = here();
        node.value = isKeyword(token_, "TRUE");
        advance();
        return node;
      }
    }
    return comparisonPredicate();
  }

  static bool isComparisonToken(TokenKind kind) {
    return kind == TokenKind::Equal || kind == TokenKind::NotEqual || kind == TokenKind::Less ||
           kind == TokenKind::LessOrEqual || kind == TokenKind::Greater || kind == TokenKind::GreaterOrEqual;
  }
  // ---- predicates ----------------------------------------------------------------------------
  Scalar scalar(const char* expected) {
    Scalar value;
    value.at = here();
    switch (token_.kind) {
      case TokenKind::String:
        value.kind = ScalarKind::String;
        value.text = token_.text;
        break;
      case TokenKind::Number:
        value.kind = ScalarKind::Number;
        value.number = token_.number;
        break;
      case TokenKind::QuotedIdentifier:
        value.kind = ScalarKind::Property;
        value.text = token_.text;
        break;
      case TokenKind::Identifier: {
        checkUnsupported();
        if (isKeyword(token_, "TRUE") || isKeyword(token_, "FALSE")) {
          value.kind = ScalarKind::Boolean;
          value.boolean = isKeyword(token_, "TRUE");
          break;
        }
        for (std::string_view word : kReserved)
          if (isKeyword(token_, word)) failExpected(expected);
        Lexer lookahead = lexer_;
        if (lookahead.next().kind == TokenKind::LeftParen)
          fail("function " + token_.text + "()" + std::string(kTextSupportedNote));
        value.kind = ScalarKind::Property;
        value.text = token_.text;
        break;
      }
      default: failExpected(expected);
    }
    advance();
    return value;
  }

  Expression comparisonPredicate() {
    countPredicate();
    Expression node;
    node.at = here();
    node.operands.push_back(scalar("a property name or a literal"));
    const auto comparison = [&](Comparison c) {
      advance();
      node.kind = NodeKind::Compare;
      node.comparison = c;
      node.operands.push_back(scalar("a property name or a literal after the comparison operator"));
      return std::move(node);
    };
    switch (token_.kind) {
      case TokenKind::Equal: return comparison(Comparison::Equal);
      case TokenKind::NotEqual: return comparison(Comparison::NotEqual);
      case TokenKind::Less: return comparison(Comparison::Less);
      case TokenKind::LessOrEqual: return comparison(Comparison::LessOrEqual);
      case TokenKind::Greater: return comparison(Comparison::Greater);
      case TokenKind::GreaterOrEqual: return comparison(Comparison::GreaterOrEqual);
      default: break;
    }
    if (acceptKeyword("IS")) {
      node.kind = NodeKind::IsNull;
      node.negated = acceptKeyword("NOT");
      if (!acceptKeyword("NULL")) failExpected("NULL after IS");
      return node;
    }
    node.negated = acceptKeyword("NOT");
    if (acceptKeyword("LIKE")) {
      node.kind = NodeKind::Like;
      if (isKeyword(token_, "CASEI") || isKeyword(token_, "ACCENTI")) checkUnsupported();
      if (token_.kind != TokenKind::String) failExpected("a quoted pattern after LIKE");
      node.operands.push_back(scalar("a pattern"));
      return node;
    }
    if (acceptKeyword("BETWEEN")) {
      node.kind = NodeKind::Between;
      node.operands.push_back(scalar("the lower bound after BETWEEN"));
      if (!acceptKeyword("AND")) failExpected("AND between the two bounds of BETWEEN");
      node.operands.push_back(scalar("the upper bound of BETWEEN"));
      return node;
    }
    if (acceptKeyword("IN")) {
      node.kind = NodeKind::In;
      expect(TokenKind::LeftParen, "\"(\" after IN");
      node.operands.push_back(scalar("a literal in the IN list"));
      while (token_.kind == TokenKind::Comma) {
        advance();
        countPredicate();
        node.operands.push_back(scalar("a literal in the IN list"));
      }
      expect(TokenKind::RightParen, "\",\" or \")\" in the IN list");
      return node;
    }
    failExpected(node.negated ? "LIKE, BETWEEN or IN after NOT"
                              : "a comparison operator (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL");
  }

  Expression spatialPredicate() {
    countPredicate();
    Expression node;
    node.kind = NodeKind::Intersects;
    node.at = here();
    advance();
    expect(TokenKind::LeftParen, "\"(\" after S_INTERSECTS");
    node.geometries.push_back(geometryOperand());
    expect(TokenKind::Comma, "\",\" between the two geometries of S_INTERSECTS");
    node.geometries.push_back(geometryOperand());
    expect(TokenKind::RightParen, "\")\" closing S_INTERSECTS");
    return node;
  }

  // ---- geometry literals (WKT and BBOX) ------------------------------------------------------
  GeometryOperand geometryOperand() {
    GeometryOperand operand;
    operand.at = here();
    if (token_.kind == TokenKind::QuotedIdentifier) {
      operand.isProperty = true;
      operand.property = token_.text;
      advance();
      return operand;
    }
    if (token_.kind != TokenKind::Identifier) failExpected("a geometry property or a geometry literal (POINT, POLYGON, BBOX, …)");
    if (isKeyword(token_, "BBOX")) {
      advance();
      bbox(operand.literal);
    } else if (isKeyword(token_, "GEOMETRYCOLLECTION")) {
      advance();
      acceptKeyword("Z");
      if (!acceptEmpty()) {
        expect(TokenKind::LeftParen, "\"(\" after GEOMETRYCOLLECTION");
        do {
          if (!geometryLiteral(operand.literal)) failExpected("a geometry literal inside GEOMETRYCOLLECTION");
        } while (acceptComma());
        expect(TokenKind::RightParen, "\",\" or \")\" in GEOMETRYCOLLECTION");
      }
    } else if (!geometryLiteral(operand.literal)) {
      checkUnsupported();
      Lexer lookahead = lexer_;
      if (lookahead.next().kind == TokenKind::LeftParen)
        fail("function " + token_.text + "()" + std::string(kTextSupportedNote));
      operand.isProperty = true;
      operand.property = token_.text;
      advance();
    }
    return operand;
  }

  void countVertices(size_t count) {
    vertices_ += count;
    if (vertices_ > limits_.maxVertices)
      fail("geometry literals hold more than " + std::to_string(limits_.maxVertices) + " coordinates");
  }

  bool acceptComma() {
    if (token_.kind != TokenKind::Comma) return false;
    advance();
    return true;
  }
  bool acceptEmpty() { return acceptKeyword("EMPTY"); }

  // One tagged geometry (not BBOX, not GEOMETRYCOLLECTION); false when the token is no WKT tag.
  bool geometryLiteral(GeometryLiteral& out) {
    if (acceptKeyword("POINT")) {
      acceptKeyword("Z");
      if (!acceptEmpty()) out.points.push_back(pointText());
    } else if (acceptKeyword("LINESTRING")) {
      acceptKeyword("Z");
      if (!acceptEmpty()) out.lines.push_back(lineStringText());
    } else if (acceptKeyword("POLYGON")) {
      acceptKeyword("Z");
      if (!acceptEmpty()) out.polygons.push_back(polygonText());
    } else if (acceptKeyword("MULTIPOINT")) {
      acceptKeyword("Z");
      if (!acceptEmpty()) {
        expect(TokenKind::LeftParen, "\"(\" after MULTIPOINT");
        // Both MULTIPOINT((1 2), (3 4)) (the CQL2 BNF) and MULTIPOINT(1 2, 3 4) (common WKT).
        do {
          out.points.push_back(token_.kind == TokenKind::LeftParen ? pointText() : point());
        } while (acceptComma());
        expect(TokenKind::RightParen, "\",\" or \")\" in MULTIPOINT");
      }
    } else if (acceptKeyword("MULTILINESTRING")) {
      acceptKeyword("Z");
      if (!acceptEmpty()) {
        expect(TokenKind::LeftParen, "\"(\" after MULTILINESTRING");
        do out.lines.push_back(lineStringText());
        while (acceptComma());
        expect(TokenKind::RightParen, "\",\" or \")\" in MULTILINESTRING");
      }
    } else if (acceptKeyword("MULTIPOLYGON")) {
      acceptKeyword("Z");
      if (!acceptEmpty()) {
        expect(TokenKind::LeftParen, "\"(\" after MULTIPOLYGON");
        do out.polygons.push_back(polygonText());
        while (acceptComma());
        expect(TokenKind::RightParen, "\",\" or \")\" in MULTIPOLYGON");
      }
    } else {
      return false;
    }
    return true;
  }

  double coordinate() {
    if (token_.kind != TokenKind::Number) failExpected("a coordinate (number)");
    const double value = token_.number;
    advance();
    return value;
  }

  Point point() {
    const double x = coordinate();
    const double y = coordinate();
    if (token_.kind == TokenKind::Number) advance();  // a Z value: eoc is 2D
    countVertices(1);
    return Point(x, y);
  }

  Point pointText() {
    expect(TokenKind::LeftParen, "\"(\" before the coordinates of a point");
    Point p = point();
    expect(TokenKind::RightParen, "\")\" after the coordinates of a point");
    return p;
  }

  LineString lineStringText() {
    LineString line;
    expect(TokenKind::LeftParen, "\"(\" before the points of a line");
    do line.push_back(point());
    while (acceptComma());
    expect(TokenKind::RightParen, "\",\" or \")\" in a list of points");
    return line;
  }

  Polygon polygonText() {
    Polygon polygon;
    expect(TokenKind::LeftParen, "\"(\" before the rings of a polygon");
    bool outer = true;
    do {
      const size_t ringStart = token_.offset;
      LineString points = lineStringText();
      if (points.size() < 4 || !bg::equals(points.front(), points.back()))
        lexer_.fail(ringStart, "a polygon ring needs at least 4 points and must end where it starts");
      auto& ring = outer ? polygon.outer() : polygon.inners().emplace_back();
      ring.assign(points.begin(), points.end());
      outer = false;
    } while (acceptComma());
    expect(TokenKind::RightParen, "\",\" or \")\" after the rings of a polygon");
    return polygon;
  }

  void bbox(GeometryLiteral& out) {
    expect(TokenKind::LeftParen, "\"(\" after BBOX");
    std::vector<double> values;
    do values.push_back(coordinate());
    while (acceptComma() && values.size() < 7);
    if (values.size() != 4 && values.size() != 6) failExpected("BBOX with 4 or 6 numbers");
    expect(TokenKind::RightParen, "\")\" closing BBOX");
    // BBOX(min1, min2, [minZ,] max1, max2 [, maxZ]): elevations are dropped (eoc is 2D).
    const size_t half = values.size() / 2;
    out.boxes.emplace_back(Point(values[0], values[1]), Point(values[half], values[half + 1]));
    countVertices(2);
  }

  std::string_view text_;
  ParseLimits limits_;
  Lexer lexer_;
  Token token_;
  size_t predicates_ = 0;
  size_t vertices_ = 0;
};

}  // namespace

Expression parseText(std::string_view text, const ParseLimits& limits, std::string_view parameter) {
  if (auto bad = utf8::firstInvalid(text)) {
    const std::string detail = std::string(parameter) + ": not valid UTF-8 at character " +
                               std::to_string(utf8::characterNumber(text, *bad)) + " (byte " +
                               std::to_string(*bad + 1) + ")";
    throw EocError(ErrorCode::InvalidFilter, detail);
  }
  return Parser(text, limits, parameter).parse();
}

}  // namespace eoc::gis::cql2
