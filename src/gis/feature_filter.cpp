#include "gis/feature_filter.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "gis/cql2/like_pattern.hpp"
#include "gis/queryables.hpp"
#include "gis/spatial_area.hpp"

namespace eoc::gis {
namespace {

using cql2::Comparison;
using cql2::NodeKind;
using cql2::ScalarKind;
using nlohmann::json;

enum class Truth { False, True, Unknown };

Truth truth(bool value) { return value ? Truth::True : Truth::False; }
Truth negate(Truth t) { return t == Truth::Unknown ? t : t == Truth::True ? Truth::False : Truth::True; }

// The three value classes CQL2 compares; integers and reals are both numbers.
enum class ValueClass { Text, Number, Boolean, Geometry };

const char* className(ValueClass c) {
  switch (c) {
    case ValueClass::Text: return "a string";
    case ValueClass::Number: return "a number";
    case ValueClass::Boolean: return "a boolean";
    case ValueClass::Geometry: return "a geometry";
  }
  return "?";
}

struct Operand {
  bool isProperty = false;
  ValueClass valueClass = ValueClass::Text;
  std::string name;  // property name or text literal
  double number = 0;
  bool boolean = false;
  const FieldColumn* column = nullptr;  // properties other than the geometry
  cql2::Location at;
};

// A value read from a feature: null when the property is missing, null, or (data not matching
// its declaration) of another class.
struct Value {
  bool isNull = true;
  double number = 0;
  std::string_view text;
  bool boolean = false;
};

Value fetch(const Operand& operand, size_t index) {
  Value value;
  if (!operand.isProperty) {
    value.isNull = false;
    value.number = operand.number;
    value.text = operand.name;
    value.boolean = operand.boolean;
    return value;
  }
  if (!operand.column) {  // the geometry: every feature has one
    value.isNull = false;
    return value;
  }
  const FieldColumn& column = *operand.column;
  switch (operand.valueClass) {
    case ValueClass::Text:
      if (const std::string* text = column.strings[index]) {
        value.isNull = false;
        value.text = *text;
      }
      break;
    case ValueClass::Number:
      value.number = column.numbers[index];
      value.isNull = std::isnan(value.number);
      break;
    case ValueClass::Boolean:
      value.isNull = column.booleans[index] < 0;
      value.boolean = column.booleans[index] > 0;
      break;
    case ValueClass::Geometry: value.isNull = false; break;
  }
  return value;
}

template <typename T>
bool compare(const T& a, const T& b, Comparison c) {
  switch (c) {
    case Comparison::Equal: return a == b;
    case Comparison::NotEqual: return a != b;
    case Comparison::Less: return a < b;
    case Comparison::LessOrEqual: return a <= b;
    case Comparison::Greater: return a > b;
    case Comparison::GreaterOrEqual: return a >= b;
  }
  return false;
}

Truth compareValues(const Value& a, const Value& b, ValueClass valueClass, Comparison c) {
  if (a.isNull || b.isNull) return Truth::Unknown;
  switch (valueClass) {
    case ValueClass::Number: return truth(compare(a.number, b.number, c));
    case ValueClass::Text: return truth(compare(a.text, b.text, c));
    case ValueClass::Boolean: return truth(compare(a.boolean, b.boolean, c));
    case ValueClass::Geometry: break;
  }
  return Truth::Unknown;
}

double totalArea(const std::vector<Box>& boxes) {
  double area = 0;
  for (const Box& box : boxes) area += bg::area(box);
  return area;
}

}  // namespace

struct FeatureFilter::Node {
  NodeKind kind = NodeKind::Literal;
  bool value = false;
  bool negated = false;
  Comparison comparison = Comparison::Equal;
  ValueClass valueClass = ValueClass::Text;
  std::vector<Node> children;
  std::vector<Operand> operands;
  cql2::LikePattern pattern;
  SpatialArea area;
  std::optional<std::vector<Box>> bounds;  // see candidateBoxes()

  Truth evaluate(const Layer& layer, size_t i) const {
    switch (kind) {
      case NodeKind::Literal: return truth(value);
      case NodeKind::And: {
        Truth result = Truth::True;
        for (const Node& child : children) {
          const Truth t = child.evaluate(layer, i);
          if (t == Truth::False) return t;
          if (t == Truth::Unknown) result = t;
        }
        return result;
      }
      case NodeKind::Or: {
        Truth result = Truth::False;
        for (const Node& child : children) {
          const Truth t = child.evaluate(layer, i);
          if (t == Truth::True) return t;
          if (t == Truth::Unknown) result = t;
        }
        return result;
      }
      case NodeKind::Not: return negate(children.front().evaluate(layer, i));
      case NodeKind::Compare:
        return compareValues(fetch(operands[0], i), fetch(operands[1], i),
                             valueClass, comparison);
      case NodeKind::Like: {
        const Value v = fetch(operands[0], i);
        if (v.isNull) return Truth::Unknown;
        const Truth t = truth(pattern.matches(v.text));
        return negated ? negate(t) : t;
      }
      case NodeKind::Between: {
        const Value v = fetch(operands[0], i);
        const Value low = fetch(operands[1], i);
        const Value high = fetch(operands[2], i);
        if (v.isNull || low.isNull || high.isNull) return Truth::Unknown;
        const Truth t = truth(v.number >= low.number && v.number <= high.number);
        return negated ? negate(t) : t;
      }
      case NodeKind::In: {
        const Value v = fetch(operands[0], i);
        if (v.isNull) return Truth::Unknown;
        Truth t = Truth::False;
        for (size_t k = 1; k < operands.size() && t != Truth::True; ++k) {
          const Truth equal = compareValues(v, fetch(operands[k], i), valueClass, Comparison::Equal);
          if (equal != Truth::False) t = equal;
        }
        return negated ? negate(t) : t;
      }
      case NodeKind::IsNull: {
        const bool isNull = fetch(operands[0], i).isNull;
        return truth(negated ? !isNull : isNull);
      }
      case NodeKind::Intersects: return truth(area.intersects(layer, i));
    }
    return Truth::Unknown;
  }
};

namespace {

class Binder {
 public:
  Binder(const Layer& layer, const LiteralTransform& toCrs84, const std::string& parameter)
      : layer_(layer), spec_(layer.spec()), toCrs84_(toCrs84), parameter_(parameter), queryables_(queryables(spec_)) {}

  FeatureFilter::Node bind(const cql2::Node& source) {
    FeatureFilter::Node node;
    node.kind = source.kind;
    node.value = source.value;
    node.negated = source.negated;
    node.comparison = source.comparison;
    switch (source.kind) {
      case NodeKind::Literal:
        if (!source.value) node.bounds = std::vector<Box>{};  // FALSE: nothing can match
        break;
      case NodeKind::And:
      case NodeKind::Or:
      case NodeKind::Not:
        for (const cql2::Node& child : source.children) node.children.push_back(bind(child));
        node.bounds = combineBounds(node);
        break;
      case NodeKind::Compare: bindCompare(source, node); break;
      case NodeKind::Like: bindLike(source, node); break;
      case NodeKind::Between: bindBetween(source, node); break;
      case NodeKind::In: bindIn(source, node); break;
      case NodeKind::IsNull:
        node.operands.push_back(operand(source.operands[0]));
        node.valueClass = node.operands[0].valueClass;
        break;
      case NodeKind::Intersects: bindIntersects(source, node); break;
    }
    return node;
  }

 private:
  [[noreturn]] void fail(ErrorCode code, const cql2::Location& at, const std::string& what) const {
    throw EocError(code, parameter_ + ": " + what + " at " + at.describe());
  }

  std::string queryableNames() const {
    std::string names;
    for (const Queryable& q : queryables_) names += (names.empty() ? "" : ", ") + q.name;
    return names;
  }

  Operand operand(const cql2::Scalar& scalar) const {
    Operand out;
    out.at = scalar.at;
    switch (scalar.kind) {
      case ScalarKind::Property: {
        out.isProperty = true;
        out.name = scalar.text;
        const auto it = std::find_if(queryables_.begin(), queryables_.end(),
                                     [&](const Queryable& q) { return q.name == scalar.text; });
        if (it == queryables_.end())
          fail(ErrorCode::UnknownProperty, scalar.at,
               "\"" + scalar.text + "\" is not a queryable of " + spec_.id + " (queryables: " + queryableNames() + ")");
        out.valueClass = it->isGeometry                         ? ValueClass::Geometry
                         : it->type == FieldType::String        ? ValueClass::Text
                         : it->type == FieldType::Boolean       ? ValueClass::Boolean
                                                                : ValueClass::Number;
        if (!it->isGeometry) out.column = layer_.column(scalar.text);
        break;
      }
      case ScalarKind::String:
        out.valueClass = ValueClass::Text;
        out.name = scalar.text;
        break;
      case ScalarKind::Number:
        out.valueClass = ValueClass::Number;
        out.number = scalar.number;
        break;
      case ScalarKind::Boolean:
        out.valueClass = ValueClass::Boolean;
        out.boolean = scalar.boolean;
        break;
    }
    return out;
  }

  static std::string describe(const Operand& o) {
    return o.isProperty ? o.name + " is " + className(o.valueClass) : std::string(className(o.valueClass)) + " literal";
  }

  void requireNotGeometry(const Operand& o) const {
    if (o.valueClass == ValueClass::Geometry)
      fail(ErrorCode::InvalidFilter, o.at, "the geometry can only be tested with S_INTERSECTS");
  }

  void requireSameClass(const Operand& a, const Operand& b) const {
    requireNotGeometry(a);
    requireNotGeometry(b);
    if (a.valueClass != b.valueClass)
      fail(ErrorCode::InvalidFilter, b.at, "type mismatch: " + describe(a) + ", " + describe(b));
  }

  void bindCompare(const cql2::Node& source, FeatureFilter::Node& node) const {
    node.operands = {operand(source.operands[0]), operand(source.operands[1])};
    requireSameClass(node.operands[0], node.operands[1]);
    node.valueClass = node.operands[0].valueClass;
    if (node.valueClass == ValueClass::Boolean && source.comparison != Comparison::Equal &&
        source.comparison != Comparison::NotEqual)
      fail(ErrorCode::InvalidFilter, source.at,
           std::string("booleans compare only with = and <>, not ") + cql2::comparisonSymbol(source.comparison));
  }

  void bindLike(const cql2::Node& source, FeatureFilter::Node& node) const {
    node.operands = {operand(source.operands[0])};
    const Operand& value = node.operands[0];
    requireNotGeometry(value);
    if (value.valueClass != ValueClass::Text)
      fail(ErrorCode::InvalidFilter, value.at, "type mismatch: LIKE needs a string, " + describe(value));
    node.valueClass = ValueClass::Text;
    node.pattern = cql2::LikePattern(source.operands[1].text);
  }

  void bindBetween(const cql2::Node& source, FeatureFilter::Node& node) const {
    for (const cql2::Scalar& s : source.operands) {
      node.operands.push_back(operand(s));
      const Operand& o = node.operands.back();
      requireNotGeometry(o);
      if (o.valueClass != ValueClass::Number)
        fail(ErrorCode::InvalidFilter, o.at, "type mismatch: BETWEEN needs numbers, " + describe(o));
    }
    node.valueClass = ValueClass::Number;
  }

  void bindIn(const cql2::Node& source, FeatureFilter::Node& node) const {
    for (const cql2::Scalar& s : source.operands) node.operands.push_back(operand(s));
    for (size_t i = 1; i < node.operands.size(); ++i) requireSameClass(node.operands[0], node.operands[i]);
    node.valueClass = node.operands[0].valueClass;
  }

  void bindIntersects(const cql2::Node& source, FeatureFilter::Node& node) const {
    const cql2::GeometryOperand* literal = nullptr;
    size_t properties = 0;
    for (const cql2::GeometryOperand& g : source.geometries) {
      if (!g.isProperty) {
        literal = &g;
        continue;
      }
      ++properties;
      if (g.property != kGeometryQueryable) {
        const bool known = std::any_of(queryables_.begin(), queryables_.end(),
                                       [&](const Queryable& q) { return q.name == g.property; });
        fail(known ? ErrorCode::InvalidFilter : ErrorCode::UnknownProperty, g.at,
             known ? "type mismatch: " + g.property + " is not a geometry (the geometry is \"" +
                         std::string(kGeometryQueryable) + "\")"
                   : "\"" + g.property + "\" is not a queryable of " + spec_.id + " (queryables: " + queryableNames() + ")");
      }
    }
    if (properties != 1)
      fail(ErrorCode::InvalidFilter, source.at,
           "S_INTERSECTS compares the geometry with one literal, e.g. S_INTERSECTS(geometry, POINT(87.58 43.77))");
    cql2::GeometryLiteral coordinates = literal->literal;
    if (toCrs84_) toCrs84_(coordinates);
    node.area = SpatialArea::fromLiteral(std::move(coordinates), parameter_, literal->at.describe());
    node.bounds = node.area.envelopes();
  }

  static std::optional<std::vector<Box>> combineBounds(const FeatureFilter::Node& node) {
    if (node.kind == NodeKind::And) {  // any bounded child bounds the conjunction: take the smallest
      std::optional<std::vector<Box>> best;
      for (const auto& child : node.children)
        if (child.bounds && (!best || totalArea(*child.bounds) < totalArea(*best))) best = child.bounds;
      return best;
    }
    if (node.kind == NodeKind::Or) {  // bounded only when every alternative is
      std::vector<Box> all;
      for (const auto& child : node.children) {
        if (!child.bounds) return std::nullopt;
        all.insert(all.end(), child.bounds->begin(), child.bounds->end());
      }
      return all;
    }
    return std::nullopt;  // NOT: the complement of a bounded set is not bounded
  }

  const Layer& layer_;
  const LayerSpec& spec_;
  const LiteralTransform& toCrs84_;
  const std::string& parameter_;
  std::vector<Queryable> queryables_;
};

}  // namespace

FeatureFilter::FeatureFilter(const cql2::Expression& expression, const Layer& layer,
                             const LiteralTransform& toCrs84, std::string parameter)
    : layer_(&layer) {
  root_ = std::make_unique<Node>(Binder(layer, toCrs84, parameter).bind(expression));
  candidateBoxes_ = root_->bounds;
}

FeatureFilter::~FeatureFilter() = default;
FeatureFilter::FeatureFilter(FeatureFilter&&) noexcept = default;
FeatureFilter& FeatureFilter::operator=(FeatureFilter&&) noexcept = default;

bool FeatureFilter::matches(size_t featureIndex) const {
  return root_->evaluate(*layer_, featureIndex) == Truth::True;
}

}  // namespace eoc::gis
