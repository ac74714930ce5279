#pragma once
// JSON documents in TEXT columns: null JSON <-> SQL NULL, anything else as compact text.
// A column that does not parse means the file was edited behind eoc's back: that is a
// StorageError naming the column, not a client's mistake.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace eoc::store {

inline std::optional<std::string> toJsonColumn(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.dump();
}

inline nlohmann::json fromJsonColumn(const std::optional<std::string>& text, std::string_view column) {
  if (!text) return nullptr;
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    throw EocError(ErrorCode::StorageError, "column " + std::string(column) + " holds invalid JSON: " + e.what());
  }
}

}  // namespace eoc::store
