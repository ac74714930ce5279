#include "plans/json_schema.hpp"

#include <cmath>
#include <set>
#include <stdexcept>

namespace eoc::plans {

using nlohmann::json;

namespace {

const std::set<std::string>& supportedKeywords() {
  static const std::set<std::string> keywords = {
      "type",     "required", "properties", "additionalProperties", "enum",      "const",
      "items",    "minItems", "maxItems",   "minimum",              "maximum",   "minLength",
      "pattern",  "$ref",     "oneOf",      "anyOf",                "$defs",     "$schema",
      "$id",      "title",    "description"};
  return keywords;
}

bool hasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (!value.is_number_float()) return false;
    const double d = value.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

// Length in Unicode code points, as JSON Schema counts it (UTF-8 continuation bytes skipped).
size_t codePoints(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string excerpt(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string joinTypes(const json& type) {
  if (type.is_string()) return type.get<std::string>();
  std::string out;
  for (const auto& t : type) out += (out.empty() ? "" : " or ") + t.get<std::string>();
  return out;
}

}  // namespace

std::string escapePointerToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

JsonSchema::JsonSchema(json schema) : schema_(std::move(schema)) { check(schema_, ""); }

void JsonSchema::check(const json& schema, const std::string& at) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) throw std::invalid_argument("schema " + at + ": expected an object");
  for (const auto& [key, value] : schema.items()) {
    if (!supportedKeywords().contains(key))
      throw std::invalid_argument("schema " + at + ": unsupported keyword \"" + key + "\"");
    const std::string here = at + "/" + escapePointerToken(key);
    if (key == "properties" || key == "$defs") {
      for (const auto& [name, sub] : value.items()) check(sub, here + "/" + escapePointerToken(name));
    } else if (key == "items" || key == "additionalProperties") {
      check(value, here);
    } else if (key == "oneOf" || key == "anyOf") {
      for (size_t i = 0; i < value.size(); ++i) check(value[i], here + "/" + std::to_string(i));
    } else if (key == "pattern") {
      const std::string source = value.get<std::string>();
      try {
        patterns_.emplace(source, std::regex(source, std::regex::ECMAScript));
      } catch (const std::regex_error& e) {
        throw std::invalid_argument("schema " + here + ": invalid pattern: " + e.what());
      }
    }
  }
  if (auto ref = schema.find("$ref"); ref != schema.end()) resolve(ref->get<std::string>());
}

const json& JsonSchema::resolve(const std::string& ref) const {
  const std::string prefix = "#/$defs/";
  if (ref.rfind(prefix, 0) != 0) throw std::invalid_argument("schema: unsupported $ref \"" + ref + "\"");
  const auto defs = schema_.find("$defs");
  if (defs == schema_.end() || !defs->contains(ref.substr(prefix.size())))
    throw std::invalid_argument("schema: unresolved $ref \"" + ref + "\"");
  return (*defs)[ref.substr(prefix.size())];
}

std::vector<SchemaViolation> JsonSchema::validate(const json& document) const {
  std::vector<SchemaViolation> out;
  validateAt(schema_, document, "", out);
  return out;
}

void JsonSchema::validateAt(const json& schema, const json& value, const std::string& pointer,
                            std::vector<SchemaViolation>& out) const {
  if (schema.is_boolean()) {
    if (!schema.get<bool>()) out.push_back({pointer, "no value is allowed here"});
    return;
  }
  if (auto ref = schema.find("$ref"); ref != schema.end()) validateAt(resolve(ref->get<std::string>()), value, pointer, out);

  if (auto type = schema.find("type"); type != schema.end()) {
    bool ok = false;
    if (type->is_string()) ok = hasType(value, type->get<std::string>());
    else for (const auto& t : *type) ok = ok || hasType(value, t.get<std::string>());
    if (!ok) {
      out.push_back({pointer, "expected " + joinTypes(*type) + ", got " + excerpt(value)});
      return;  // the remaining keywords would only repeat the type error
    }
  }
  if (auto e = schema.find("enum"); e != schema.end()) {
    bool found = false;
    for (const auto& candidate : *e) found = found || candidate == value;
    if (!found) {
      std::string allowed;
      for (const auto& candidate : *e) allowed += (allowed.empty() ? "" : ", ") + candidate.dump();
      out.push_back({pointer, excerpt(value) + " is not one of " + allowed});
    }
  }
  if (auto c = schema.find("const"); c != schema.end() && *c != value)
    out.push_back({pointer, "expected " + c->dump() + ", got " + excerpt(value)});

  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (auto m = schema.find("minLength"); m != schema.end() && codePoints(text) < m->get<size_t>())
      out.push_back({pointer, "shorter than " + m->dump() + " characters"});
    if (auto p = schema.find("pattern"); p != schema.end()) {
      const auto& regex = patterns_.at(p->get<std::string>());
      if (!std::regex_search(text, regex))
        out.push_back({pointer, excerpt(value) + " does not match pattern " + p->get<std::string>()});
    }
  }
  if (value.is_number()) {
    const double d = value.get<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && d < m->get<double>())
      out.push_back({pointer, excerpt(value) + " is less than the minimum " + m->dump()});
    if (auto m = schema.find("maximum"); m != schema.end() && d > m->get<double>())
      out.push_back({pointer, excerpt(value) + " is greater than the maximum " + m->dump()});
  }
  if (value.is_array()) {
    if (auto m = schema.find("minItems"); m != schema.end() && value.size() < m->get<size_t>())
      out.push_back({pointer, "expected at least " + m->dump() + " items, got " + std::to_string(value.size())});
    if (auto m = schema.find("maxItems"); m != schema.end() && value.size() > m->get<size_t>())
      out.push_back({pointer, "expected at most " + m->dump() + " items, got " + std::to_string(value.size())});
    if (auto items = schema.find("items"); items != schema.end())
      for (size_t i = 0; i < value.size(); ++i) validateAt(*items, value[i], pointer + "/" + std::to_string(i), out);
  }
  if (value.is_object()) {
    if (auto req = schema.find("required"); req != schema.end())
      for (const auto& name : *req)
        if (!value.contains(name.get<std::string>()))
          out.push_back({pointer, "missing required property " + name.dump()});
    const auto props = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (const auto& [name, member] : value.items()) {
      const std::string here = pointer + "/" + escapePointerToken(name);
      if (props != schema.end() && props->contains(name)) {
        validateAt((*props)[name], member, here, out);
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>())
          out.push_back({here, "unknown property \"" + name + "\""});
        else
          validateAt(*additional, member, here, out);
      }
    }
  }
  for (const char* keyword : {"oneOf", "anyOf"}) {
    const auto alternatives = schema.find(keyword);
    if (alternatives == schema.end()) continue;
    std::vector<std::vector<SchemaViolation>> results;
    size_t matches = 0;
    for (const auto& alternative : *alternatives) {
      results.emplace_back();
      validateAt(alternative, value, pointer, results.back());
      if (results.back().empty()) ++matches;
    }
    const bool exactlyOne = std::string(keyword) == "oneOf";
    if (matches == 0) {
      // Report the alternative that came closest: its errors name the real mistake (a bad
      // min_level), where "matches no alternative" would leave the author guessing.
      size_t best = 0;
      for (size_t i = 1; i < results.size(); ++i)
        if (results[i].size() < results[best].size()) best = i;
      out.insert(out.end(), results[best].begin(), results[best].end());
    } else if (exactlyOne && matches > 1) {
      out.push_back({pointer, "matches " + std::to_string(matches) + " alternatives of oneOf, expected exactly one"});
    }
  }
}

}  // namespace eoc::plans
