#pragma once
// Reading and writing the column types every SQLite repository shares, written once:
// - times: fixed-width Beijing-time text ("2026-07-12T15:00:00+08:00"), so text order is time
//   order and an index on the column serves ranges;
// - JSON documents in TEXT columns: JSON null <-> SQL NULL, anything else compact text;
// - rows: one reader per row type turns a statement's current row into a struct.
// A column that does not read back means the file was edited behind eoc's back: that is a
// StorageError naming table.column, not a client's mistake.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/sqlite/statement.hpp"

namespace eoc::store::sqlite {

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

inline nlohmann::json jsonAt(const Statement& s, int column, std::string_view name) {
  return fromJsonColumn(s.optionalText(column), name);
}

inline std::string timeText(TimePoint t) { return formatBeijing(t); }

inline std::optional<std::string> timeText(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return formatBeijing(*t);
}

inline TimePoint timeAt(const Statement& s, int column, std::string_view name) {
  auto t = parseIso8601(s.text(column));
  if (!t) throw EocError(ErrorCode::StorageError, "column " + std::string(name) + " holds an unreadable time");
  return *t;
}

inline std::optional<TimePoint> optionalTimeAt(const Statement& s, int column, std::string_view name) {
  if (s.isNull(column)) return std::nullopt;
  return timeAt(s, column, name);
}

// Every remaining row of `s`, each read by `read(const Statement&)`.
template <class Read>
auto allRows(Statement& s, Read read) -> std::vector<decltype(read(std::declval<const Statement&>()))> {
  std::vector<decltype(read(std::declval<const Statement&>()))> rows;
  while (s.step()) rows.push_back(read(s));
  return rows;
}

// The next row of `s`, if any.
template <class Read>
auto firstRow(Statement& s, Read read) -> std::optional<decltype(read(std::declval<const Statement&>()))> {
  if (!s.step()) return std::nullopt;
  return read(s);
}

}  // namespace eoc::store::sqlite
