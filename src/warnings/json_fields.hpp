#pragma once
// Small helpers for strict reading of our JSON data files and request bodies: every failure
// throws EocError naming where (origin + JSON pointer) and what.
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace eoc::warnings::detail {

inline const nlohmann::json& member(const nlohmann::json& obj, const std::string& key, const std::string& where,
                                    ErrorCode code = ErrorCode::InvalidBody) {
  if (!obj.is_object()) throw EocError(code, where + ": must be an object");
  auto it = obj.find(key);
  if (it == obj.end()) throw EocError(code, where + "/" + key + ": is required");
  return *it;
}

inline std::string text(const nlohmann::json& obj, const std::string& key, const std::string& where,
                        ErrorCode code = ErrorCode::InvalidBody) {
  const auto& v = member(obj, key, where, code);
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    throw EocError(code, where + "/" + key + ": must be a non-empty string");
  return v.get<std::string>();
}

}  // namespace eoc::warnings::detail
