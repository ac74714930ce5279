#include "gis/cql2/json_parser.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "gis/cql2/utf8.hpp"

namespace eoc::gis::cql2 {
namespace {

using nlohmann::json;

// A CQL2 operator object nests three JSON levels (object, "args" array, next object); GeoJSON
// polygons add four more below the deepest operator.
size_t jsonDepthLimit(const ParseLimits& limits) { return 3 * limits.maxDepth + 8; }

struct Comparator {
  std::string_view op;
  Comparison comparison;
};
constexpr Comparator kComparisons[] = {
    {"=", Comparison::Equal},     {"<>", Comparison::NotEqual},      {"<", Comparison::Less},
    {"<=", Comparison::LessOrEqual}, {">", Comparison::Greater}, {">=", Comparison::GreaterOrEqual},
};

constexpr std::string_view kJsonSupportedNote =
    " is not supported (eoc evaluates Basic CQL2, like/between/in and s_intersects)";

class Converter {
 public:
  Converter(const ParseLimits& limits, std::string_view parameter) : limits_(limits), parameter_(parameter) {}

  Expression boolean(const json& value, const std::string& pointer, size_t depth) {
    if (depth > limits_.maxDepth)
      fail(pointer, "operators nested deeper than " + std::to_string(limits_.maxDepth) + " levels");
    Expression node;
    node.at = at(pointer);
    if (value.is_boolean()) {
      node.kind = NodeKind::Literal;
      node.value = value.get<bool>();
      return node;
    }
    if (!value.is_object()) fail(pointer, "expected an operator object {\"op\": …, \"args\": […]} or true/false");
    const std::string op = operatorName(value, pointer);
    const json& args = arguments(value, pointer);
    const std::string argsPointer = pointer + "/args";
    const auto arg = [&](size_t i) { return argsPointer + "/" + std::to_string(i); };
    if (op == "and" || op == "or") {
      node.kind = op == "and" ? NodeKind::And : NodeKind::Or;
      if (args.size() < 2) fail(argsPointer, "\"" + op + "\" needs at least two arguments");
      for (size_t i = 0; i < args.size(); ++i) node.children.push_back(boolean(args[i], arg(i), depth + 1));
      return node;
    }
    if (op == "not") {
      node.kind = NodeKind::Not;
      arity(args, 1, argsPointer, op);
      node.children.push_back(boolean(args[0], arg(0), depth + 1));
      return node;
    }
    countPredicate(pointer);
    for (const auto& c : kComparisons) {
      if (op != c.op) continue;
      node.kind = NodeKind::Compare;
      node.comparison = c.comparison;
      arity(args, 2, argsPointer, op);
      node.operands = {scalar(args[0], arg(0)), scalar(args[1], arg(1))};
      return node;
    }
    if (op == "like") {
      node.kind = NodeKind::Like;
      arity(args, 2, argsPointer, op);
      node.operands.push_back(scalar(args[0], arg(0)));
      if (args[1].is_object() && (args[1].contains("casei") || args[1].contains("accenti")))
        fail(arg(1), std::string(args[1].contains("casei") ? "casei" : "accenti") + std::string(kJsonSupportedNote));
      if (!args[1].is_string()) fail(arg(1), "expected the pattern of like as a string");
      node.operands.push_back(scalar(args[1], arg(1)));
      return node;
    }
    if (op == "between") {
      node.kind = NodeKind::Between;
      arity(args, 3, argsPointer, op);
      for (size_t i = 0; i < 3; ++i) node.operands.push_back(scalar(args[i], arg(i)));
      return node;
    }
    if (op == "in") {
      node.kind = NodeKind::In;
      arity(args, 2, argsPointer, op);
      node.operands.push_back(scalar(args[0], arg(0)));
      if (!args[1].is_array() || args[1].empty()) fail(arg(1), "expected the list of in as a non-empty array");
      for (size_t i = 0; i < args[1].size(); ++i) {
        if (i > 0) countPredicate(arg(1) + "/" + std::to_string(i));
        node.operands.push_back(scalar(args[1][i], arg(1) + "/" + std::to_string(i)));
      }
      return node;
    }
    if (op == "isNull") {
      node.kind = NodeKind::IsNull;
      arity(args, 1, argsPointer, op);
      node.operands.push_back(scalar(args[0], arg(0)));
      return node;
    }
    if (op == "s_intersects") {
      node.kind = NodeKind::Intersects;
      arity(args, 2, argsPointer, op);
      node.geometries = {geometry(args[0], arg(0)), geometry(args[1], arg(1))};
      return node;
    }
    fail(pointer + "/op", "operator \"" + op + "\"" + std::string(kJsonSupportedNote));
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
    throw EocError(ErrorCode::InvalidFilter, std::string(parameter_) + ": " + what + " at " +
                                                 (pointer.empty() ? "the top level" : "JSON pointer " + pointer));
  }
  static Location at(const std::string& pointer) { return Location{0, pointer}; }

  void countPredicate(const std::string& pointer) {
    if (++predicates_ > limits_.maxPredicates)
      fail(pointer, "more than " + std::to_string(limits_.maxPredicates) + " predicates and list items");
  }

  std::string operatorName(const json& object, const std::string& pointer) const {
    auto op = object.find("op");
    if (op == object.end() || !op->is_string()) {
      if (object.contains("property") || object.contains("function"))
        fail(pointer, "expected a predicate, found a value (a property is not true or false by itself)");
      fail(pointer, "expected a member \"op\" naming the operator");
    }
    return op->get<std::string>();
  }

  const json& arguments(const json& object, const std::string& pointer) const {
    auto args = object.find("args");
    if (args == object.end() || !args->is_array()) fail(pointer, "expected a member \"args\" with an array");
    for (const auto& [key, value] : object.items())
      if (key != "op" && key != "args") fail(pointer + "/" + key, "unexpected member \"" + key + "\"");
    return *args;
  }

  void arity(const json& args, size_t count, const std::string& pointer, const std::string& op) const {
    if (args.size() != count)
      fail(pointer, "\"" + op + "\" takes " + std::to_string(count) + " argument" + (count == 1 ? "" : "s") + ", got " +
                        std::to_string(args.size()));
  }

  Scalar scalar(const json& value, const std::string& pointer) {
    Scalar out;
    out.at = at(pointer);
    if (value.is_string()) {
      out.kind = ScalarKind::String;
      out.text = value.get<std::string>();
      return out;
    }
    if (value.is_boolean()) {
      out.kind = ScalarKind::Boolean;
      out.boolean = value.get<bool>();
      return out;
    }
    if (value.is_number()) {
      out.kind = ScalarKind::Number;
      out.number = value.get<double>();
      if (!std::isfinite(out.number)) fail(pointer, "number out of range");
      return out;
    }
    if (value.is_object()) {
      if (auto property = value.find("property"); property != value.end()) {
        if (!property->is_string() || property->get_ref<const std::string&>().empty() || value.size() != 1)
          fail(pointer, "expected {\"property\": \"<name>\"}");
        out.kind = ScalarKind::Property;
        out.text = property->get<std::string>();
        return out;
      }
      for (const char* unsupported : {"casei", "accenti", "timestamp", "date", "interval", "function"})
        if (value.contains(unsupported)) fail(pointer, std::string("\"") + unsupported + "\"" + std::string(kJsonSupportedNote));
      if (value.contains("op")) fail(pointer, "expected a value, found an operator (arithmetic" + std::string(kJsonSupportedNote) + ")");
    }
    if (value.is_null()) fail(pointer, "null is not a literal (test for it with isNull)");
    fail(pointer, "expected a property {\"property\": …}, a string, a number or a boolean");
  }

  // ---- geometry ------------------------------------------------------------------------------
  GeometryOperand geometry(const json& value, const std::string& pointer) {
    GeometryOperand out;
    out.at = at(pointer);
    if (!value.is_object()) fail(pointer, "expected a GeoJSON geometry, {\"bbox\": […]} or {\"property\": …}");
    if (auto property = value.find("property"); property != value.end()) {
      if (!property->is_string()) fail(pointer + "/property", "expected a property name");
      out.isProperty = true;
      out.property = property->get<std::string>();
      return out;
    }
    if (auto box = value.find("bbox"); box != value.end() && !value.contains("type")) {
      bbox(*box, pointer + "/bbox", out.literal);
      return out;
    }
    geoJson(value, pointer, out.literal, true);
    return out;
  }

  void bbox(const json& values, const std::string& pointer, GeometryLiteral& out) {
    if (!values.is_array() || (values.size() != 4 && values.size() != 6))
      fail(pointer, "expected 4 or 6 numbers");
    std::vector<double> v;
    for (size_t i = 0; i < values.size(); ++i) v.push_back(number(values[i], pointer + "/" + std::to_string(i)));
    const size_t half = v.size() / 2;  // elevations are dropped: eoc is 2D
    out.boxes.emplace_back(Point(v[0], v[1]), Point(v[half], v[half + 1]));
    countVertices(2, pointer);
  }

  double number(const json& value, const std::string& pointer) const {
    if (!value.is_number() || !std::isfinite(value.get<double>())) fail(pointer, "expected a number");
    return value.get<double>();
  }

  void countVertices(size_t count, const std::string& pointer) {
    vertices_ += count;
    if (vertices_ > limits_.maxVertices)
      fail(pointer, "geometry literals hold more than " + std::to_string(limits_.maxVertices) + " coordinates");
  }

  Point position(const json& value, const std::string& pointer) {
    if (!value.is_array() || value.size() < 2 || value.size() > 3) fail(pointer, "expected a position [x, y]");
    countVertices(1, pointer);
    return Point(number(value[0], pointer + "/0"), number(value[1], pointer + "/1"));
  }

  LineString positions(const json& value, const std::string& pointer, size_t minimum) {
    if (!value.is_array() || value.size() < minimum)
      fail(pointer, "expected an array of at least " + std::to_string(minimum) + " positions");
    LineString out;
    for (size_t i = 0; i < value.size(); ++i) out.push_back(position(value[i], pointer + "/" + std::to_string(i)));
    return out;
  }

  Polygon polygon(const json& value, const std::string& pointer) {
    if (!value.is_array() || value.empty()) fail(pointer, "expected an array of linear rings");
    Polygon out;
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string ringPointer = pointer + "/" + std::to_string(i);
      LineString ring = positions(value[i], ringPointer, 4);
      if (!bg::equals(ring.front(), ring.back())) fail(ringPointer, "a linear ring must end where it starts");
      auto& target = i == 0 ? out.outer() : out.inners().emplace_back();
      target.assign(ring.begin(), ring.end());
    }
    return out;
  }

  void geoJson(const json& value, const std::string& pointer, GeometryLiteral& out, bool collectionAllowed) {
    auto type = value.find("type");
    if (type == value.end() || !type->is_string()) fail(pointer, "expected a GeoJSON geometry with a \"type\"");
    const std::string& name = type->get_ref<const std::string&>();
    if (name == "GeometryCollection") {
      if (!collectionAllowed) fail(pointer, "a GeometryCollection cannot contain another");
      auto members = value.find("geometries");
      if (members == value.end() || !members->is_array()) fail(pointer, "expected \"geometries\": […]");
      for (size_t i = 0; i < members->size(); ++i) {
        const std::string memberPointer = pointer + "/geometries/" + std::to_string(i);
        if (!(*members)[i].is_object()) fail(memberPointer, "expected a GeoJSON geometry");
        geoJson((*members)[i], memberPointer, out, false);
      }
      return;
    }
    auto coordinates = value.find("coordinates");
    if (coordinates == value.end()) fail(pointer, "expected \"coordinates\"");
    const std::string at = pointer + "/coordinates";
    const json& c = *coordinates;
    const auto each = [&](size_t minimum, auto&& add) {
      if (!c.is_array() || c.size() < minimum) fail(at, "expected an array");
      for (size_t i = 0; i < c.size(); ++i) add(c[i], at + "/" + std::to_string(i));
    };
    if (name == "Point") {
      out.points.push_back(position(c, at));
    } else if (name == "MultiPoint") {
      each(1, [&](const json& p, const std::string& where) { out.points.push_back(position(p, where)); });
    } else if (name == "LineString") {
      out.lines.push_back(positions(c, at, 2));
    } else if (name == "MultiLineString") {
      each(1, [&](const json& l, const std::string& where) { out.lines.push_back(positions(l, where, 2)); });
    } else if (name == "Polygon") {
      out.polygons.push_back(polygon(c, at));
    } else if (name == "MultiPolygon") {
      each(1, [&](const json& p, const std::string& where) { out.polygons.push_back(polygon(p, where)); });
    } else {
      fail(pointer + "/type", "\"" + name + "\" is not a GeoJSON geometry type");
    }
  }

  ParseLimits limits_;
  std::string_view parameter_;
  size_t predicates_ = 0;
  size_t vertices_ = 0;
};

}  // namespace

Expression parseJson(std::string_view text, const ParseLimits& limits, std::string_view parameter) {
  if (auto bad = utf8::firstInvalid(text))
    throw EocError(ErrorCode::InvalidFilter,
                   std::string(parameter) + ": not valid UTF-8 at byte " + std::to_string(*bad + 1));
  const size_t depthLimit = jsonDepthLimit(limits);
  json document;
  try {
    // The callback stops the parser at the first level too deep (nothing deeper is ever built).
    document = json::parse(
        text.begin(), text.end(),
        [&](int depth, json::parse_event_t, json&) {
          if (static_cast<size_t>(depth) > depthLimit)
            throw EocError(ErrorCode::InvalidFilter,
                           std::string(parameter) + ": JSON nested deeper than " + std::to_string(depthLimit) + " levels");
          return true;
        },
        true);
  } catch (const json::parse_error& e) {
    throw EocError(ErrorCode::InvalidFilter, std::string(parameter) + ": not valid JSON at byte " +
                                                 std::to_string(e.byte) + " (filter-lang=cql2-json)");
  } catch (const json::out_of_range&) {  // a number beyond double, e.g. 1e999 (found by fuzzing)
    throw EocError(ErrorCode::InvalidFilter, std::string(parameter) + ": a number is out of range (filter-lang=cql2-json)");
  }
  return Converter(limits, parameter).boolean(document, "", 0);
}

}  // namespace eoc::gis::cql2
