#include "support/filter_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace eoc::testing {
namespace {

using nlohmann::json;

std::string quoteText(const std::string& value) {  // CQL2 and SQL both double the quote
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string number(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

std::string sqlName(const std::string& field) { return "\"" + field + "\""; }

std::string literal(const json& value, json& jsonOut) {
  jsonOut = value;
  if (value.is_string()) return quoteText(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "TRUE" : "FALSE";
  return number(value.get<double>());
}

std::string sqlLiteral(const json& value) {
  if (value.is_string()) return quoteText(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  return number(value.get<double>());
}

// Splits UTF-8 into characters (LIKE's "_" is one character).
std::vector<std::string> characters(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0) n = 4;
    else if (c >= 0xE0) n = 3;
    else if (c >= 0xC0) n = 2;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

FilterGenerator::FilterGenerator(const json& queryables, const json& features, unsigned seed)
    : random_(seed), features_(features) {
  for (const auto& [name, schema] : queryables["properties"].items()) {
    if (schema.contains("format")) {
      pointLayer_ = schema["format"] == "geometry-point";
      continue;
    }
    allFields_.push_back(name);
    const std::string type = schema["type"];
    if (type == "integer" || type == "number") numericFields_.push_back(name);
    if (type == "string") stringFields_.push_back(name);
  }
}

const json* FilterGenerator::valueOf(const std::string& field) {
  const auto& all = features_["features"];
  const size_t start = std::uniform_int_distribution<size_t>(0, all.size() - 1)(random_);
  for (size_t k = 0; k < all.size(); ++k) {
    const auto& properties = all[(start + k) % all.size()]["properties"];
    if (properties.contains(field) && !properties[field].is_null()) return &properties[field];
  }
  return nullptr;
}

GeneratedFilter FilterGenerator::comparison(const std::string& field, bool numeric) {
  static const char* kOps[] = {"=", "<>", "<", "<=", ">", ">="};
  const std::string op = kOps[std::uniform_int_distribution<int>(0, numeric ? 5 : 2)(random_)];
  const json* value = valueOf(field);
  if (!value) return isNull(field);
  json v = *value;
  if (numeric && random_() % 3 == 0) v = v.get<double>() + 0.5;  // between two existing values
  GeneratedFilter out;
  json literalJson;
  out.text = field + " " + op + " " + literal(v, literalJson);
  out.json = {{"op", op}, {"args", json::array({json{{"property", field}}, literalJson})}};
  out.sql = sqlName(field) + " " + op + " " + sqlLiteral(v);
  return out;
}

GeneratedFilter FilterGenerator::like(const std::string& field) {
  const json* value = valueOf(field);
  if (!value) return isNull(field);
  const std::vector<std::string> chars = characters(value->get<std::string>());
  // CQL2 pattern (% _ wildcards, \ escape) and the GLOB pattern SQLite matches case-sensitively
  // (* ? wildcards, [x] for a literal special character).
  std::string pattern, glob;
  const auto literalChar = [&](const std::string& c) {
    if (c == "%" || c == "_" || c == "\\") pattern += "\\" + c;
    else pattern += c;
    if (c == "*" || c == "?" || c == "[" || c == "]") glob += "[" + c + "]";
    else glob += c;
  };
  const int shape = std::uniform_int_distribution<int>(0, 3)(random_);
  if (chars.empty() || shape == 0) {  // prefix%
    if (!chars.empty()) literalChar(chars[0]);
    pattern += "%";
    glob += "*";
  } else if (shape == 1) {  // %suffix
    pattern += "%";
    glob += "*";
    for (size_t i = chars.size() > 2 ? chars.size() - 2 : 0; i < chars.size(); ++i) literalChar(chars[i]);
  } else if (shape == 2) {  // _rest (one character unknown)
    pattern += "_";
    glob += "?";
    for (size_t i = 1; i < chars.size(); ++i) literalChar(chars[i]);
  } else {  // %middle%
    pattern += "%";
    glob += "*";
    literalChar(chars[chars.size() / 2]);
    pattern += "%";
    glob += "*";
  }
  const bool negated = random_() % 4 == 0;
  GeneratedFilter out;
  out.text = field + (negated ? " NOT LIKE " : " LIKE ") + quoteText(pattern);
  json like = {{"op", "like"}, {"args", json::array({json{{"property", field}}, pattern})}};
  out.json = negated ? json{{"op", "not"}, {"args", json::array({like})}} : like;
  out.sql = sqlName(field) + (negated ? " NOT GLOB " : " GLOB ") + quoteText(glob);
  return out;
}

GeneratedFilter FilterGenerator::in(const std::string& field, bool numeric) {
  std::vector<json> values;
  const int count = std::uniform_int_distribution<int>(1, 4)(random_);
  for (int i = 0; i < count; ++i)
    if (const json* v = valueOf(field)) values.push_back(*v);
  values.push_back(numeric ? json(-987654.0) : json("不存在"));
  const bool negated = random_() % 3 == 0;
  GeneratedFilter out;
  std::string textList, sqlList;
  json jsonList = json::array();
  for (const auto& v : values) {
    json j;
    textList += (textList.empty() ? "" : ", ") + literal(v, j);
    sqlList += (sqlList.empty() ? "" : ", ") + sqlLiteral(v);
    jsonList.push_back(j);
  }
  out.text = field + (negated ? " NOT IN (" : " IN (") + textList + ")";
  json in = {{"op", "in"}, {"args", json::array({json{{"property", field}}, jsonList})}};
  out.json = negated ? json{{"op", "not"}, {"args", json::array({in})}} : in;
  out.sql = sqlName(field) + (negated ? " NOT IN (" : " IN (") + sqlList + ")";
  return out;
}

GeneratedFilter FilterGenerator::between(const std::string& field) {
  const json* a = valueOf(field);
  const json* b = valueOf(field);
  if (!a || !b) return isNull(field);
  double low = a->get<double>(), high = b->get<double>();
  if (low > high) std::swap(low, high);
  const bool negated = random_() % 4 == 0;
  GeneratedFilter out;
  out.text = field + (negated ? " NOT BETWEEN " : " BETWEEN ") + number(low) + " AND " + number(high);
  json between = {{"op", "between"}, {"args", json::array({json{{"property", field}}, low, high})}};
  out.json = negated ? json{{"op", "not"}, {"args", json::array({between})}} : between;
  out.sql = sqlName(field) + (negated ? " NOT BETWEEN " : " BETWEEN ") + number(low) + " AND " + number(high);
  return out;
}

GeneratedFilter FilterGenerator::isNull(const std::string& field) {
  const bool negated = random_() % 2 == 0;
  GeneratedFilter out;
  out.text = field + (negated ? " IS NOT NULL" : " IS NULL");
  json isNull = {{"op", "isNull"}, {"args", json::array({json{{"property", field}}})}};
  out.json = negated ? json{{"op", "not"}, {"args", json::array({isNull})}} : isNull;
  out.sql = sqlName(field) + (negated ? " IS NOT NULL" : " IS NULL");
  return out;
}

GeneratedFilter FilterGenerator::spatial() {
  // Around a random vertex of a random feature, at a size that catches a few neighbours; offsets
  // are irregular so that no edge falls exactly on a coordinate.
  const auto& all = features_["features"];
  const auto& feature = all[std::uniform_int_distribution<size_t>(0, all.size() - 1)(random_)];
  json position = feature["geometry"]["coordinates"];
  while (position[0].is_array()) position = position[0];
  const double lon = position[0].get<double>(), lat = position[1].get<double>();
  const double size = std::uniform_real_distribution<double>(0.003, 0.06)(random_);
  const double dx = std::uniform_real_distribution<double>(-0.7, 0.7)(random_) * size;
  const double dy = std::uniform_real_distribution<double>(-0.7, 0.7)(random_) * size;
  const double west = lon + dx - size, east = lon + dx + size * 1.13, south = lat + dy - size * 0.91, north = lat + dy + size;
  GeneratedFilter out;
  const int shape = std::uniform_int_distribution<int>(0, pointLayer_ ? 1 : 2)(random_);
  if (shape == 0) {
    out.text = "S_INTERSECTS(geometry, BBOX(" + number(west) + ", " + number(south) + ", " + number(east) + ", " +
               number(north) + "))";
    out.json = {{"op", "s_intersects"},
                {"args", json::array({json{{"property", "geometry"}}, json{{"bbox", json::array({west, south, east, north})}}})}};
    out.sql = "ST_Intersects(geometry, BuildMbr(" + number(west) + ", " + number(south) + ", " + number(east) + ", " +
              number(north) + "))";
  } else if (shape == 1) {  // a triangle
    const std::string wkt = "POLYGON((" + number(west) + " " + number(south) + ", " + number(east) + " " + number(south) +
                            ", " + number((west + east) / 2) + " " + number(north) + ", " + number(west) + " " +
                            number(south) + "))";
    out.text = "S_INTERSECTS(geometry, " + wkt + ")";
    const json ring = json::array({json::array({west, south}), json::array({east, south}),
                                   json::array({(west + east) / 2, north}), json::array({west, south})});
    const json polygon = {{"type", "Polygon"}, {"coordinates", json::array({ring})}};
    out.json = {{"op", "s_intersects"}, {"args", json::array({json{{"property", "geometry"}}, polygon})}};
    out.sql = "ST_Intersects(geometry, ST_GeomFromText('" + wkt + "'))";
  } else {  // a point, on polygon layers (inside or outside a polygon, never on an edge by chance)
    const std::string wkt = "POINT(" + number(lon + dx) + " " + number(lat + dy) + ")";
    out.text = "S_INTERSECTS(geometry, " + wkt + ")";
    const json point = {{"type", "Point"}, {"coordinates", json::array({lon + dx, lat + dy})}};
    out.json = {{"op", "s_intersects"}, {"args", json::array({json{{"property", "geometry"}}, point})}};
    out.sql = "ST_Intersects(geometry, MakePoint(" + number(lon + dx) + ", " + number(lat + dy) + "))";
  }
  return out;
}

GeneratedFilter FilterGenerator::predicate() {
  const int kind = std::uniform_int_distribution<int>(0, 9)(random_);
  const auto pick = [&](const std::vector<std::string>& fields) {
    return fields[std::uniform_int_distribution<size_t>(0, fields.size() - 1)(random_)];
  };
  if (kind <= 2 && !numericFields_.empty()) return comparison(pick(numericFields_), true);
  if (kind == 3 && !stringFields_.empty()) return comparison(pick(stringFields_), false);
  if (kind == 4 && !stringFields_.empty()) return like(pick(stringFields_));
  if (kind == 5 && !allFields_.empty()) {
    const std::string field = pick(allFields_);
    return in(field, std::find(numericFields_.begin(), numericFields_.end(), field) != numericFields_.end());
  }
  if (kind == 6 && !numericFields_.empty()) return between(pick(numericFields_));
  if (kind == 7 && !allFields_.empty()) return isNull(pick(allFields_));
  if (kind >= 8) return spatial();
  return stringFields_.empty() ? spatial() : comparison(pick(stringFields_), false);
}

GeneratedFilter FilterGenerator::expression(int depth) {
  const int kind = depth >= 2 ? 0 : std::uniform_int_distribution<int>(0, 4)(random_);
  if (kind <= 1) return predicate();
  if (kind == 2) {
    GeneratedFilter inner = expression(depth + 1);
    return {"NOT (" + inner.text + ")", json{{"op", "not"}, {"args", json::array({inner.json})}}, "NOT (" + inner.sql + ")"};
  }
  const bool conjunction = kind == 3;
  const int count = std::uniform_int_distribution<int>(2, 3)(random_);
  GeneratedFilter out;
  out.json = {{"op", conjunction ? "and" : "or"}, {"args", json::array()}};
  for (int i = 0; i < count; ++i) {
    GeneratedFilter part = expression(depth + 1);
    const char* joiner = conjunction ? " AND " : " OR ";
    out.text += (i ? joiner : "") + ("(" + part.text + ")");
    out.sql += (i ? joiner : "") + ("(" + part.sql + ")");
    out.json["args"].push_back(part.json);
  }
  return out;
}

GeneratedFilter FilterGenerator::next() { return expression(0); }

}  // namespace eoc::testing
