#pragma once
// A small JSON Schema validator for exactly the keywords plans/schema.json uses (draft 2020-12
// subset): type, required, properties, additionalProperties, enum, const, items, minItems,
// maxItems, minimum, maximum, minLength, pattern, $ref to "#/$defs/...", oneOf, anyOf.
// Debian ships no C++ JSON Schema validator; a keyword the validator does not know is refused
// when the schema is loaded, so a schema can never be silently half-checked.
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace eoc::plans {

struct SchemaViolation {
  std::string pointer;  // RFC 6901 JSON pointer of the failing value in the document ("" = root)
  std::string message;  // what is wrong, e.g. "missing required property \"title\""
};

// RFC 6901 escaping of one reference token ("a/b" -> "a~1b").
std::string escapePointerToken(const std::string& token);

class JsonSchema {
 public:
  // Throws std::invalid_argument naming the schema pointer of an unsupported keyword, a bad
  // $ref or an invalid regular expression.
  explicit JsonSchema(nlohmann::json schema);

  // Every violation, in document order. Empty when the document is valid.
  std::vector<SchemaViolation> validate(const nlohmann::json& document) const;

 private:
  void check(const nlohmann::json& schema, const std::string& schemaPointer) ;
  void validateAt(const nlohmann::json& schema, const nlohmann::json& value, const std::string& pointer,
                  std::vector<SchemaViolation>& out) const;
  const nlohmann::json& resolve(const std::string& ref) const;

  nlohmann::json schema_;
  std::map<std::string, std::regex> patterns_;
};

}  // namespace eoc::plans
