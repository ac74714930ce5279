#pragma once
// The office's roster spreadsheet (read by gis/table_reader.hpp) → shifts. The columns are found
// by their Chinese headers, as the office writes them:
//   日期      2026-12-02, 2026/12/2, 2026年12月2日 or a date cell; empty: the date of the row above
//             (how a date merged down over the day's shifts reads)
//   班次      a configured shift name (白班, 夜班 …) or a range such as 08:00-20:00; a shift whose
//             end is not after its start runs past midnight
//   带班领导  the leader on duty; empty: the leader of the row above on the same date (merged)
//   值班员    one or more officers, separated by 、 or , (and the other configured separators)
//   电话      one number for the shift, or one per officer in the same order
// Which headers name which column, the shift names and their hours and the separators are data
// (plans/duty-roster.json), not code.
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "duty/roster.hpp"
#include "gis/table_reader.hpp"

namespace eoc::duty {

struct ShiftHours {
  std::chrono::minutes start{0};  // since midnight of the roster date
  std::chrono::minutes end{0};    // not after start: the next day; equal: 24 hours
};

struct RosterSettings {
  std::vector<gis::ColumnSpec> columns;           // keys: date, shift, leader, officers, phone
  std::map<std::string, ShiftHours> namedShifts;  // "白班" → 08:00–20:00
  std::vector<std::string> separators;            // between officers and between phones
  int maxSpanDays = 366;                          // an import covering more than this is refused (a mistyped year)
  std::size_t maxProblems = 20;                   // problems listed in one refusal

  // Throws EocError(InvalidBody) "<origin>: <pointer>: <what>".
  static RosterSettings fromJson(const nlohmann::json& doc, const std::string& origin = "duty-roster.json");
  static RosterSettings load(const std::filesystem::path& file);
};

struct RosterImport {
  std::vector<Shift> shifts;  // sorted, non-overlapping
  TimePoint from{};           // the first start
  TimePoint to{};             // the last end
  std::vector<Gap> gaps;      // uncovered stretches between `from` and `to` (shown, not refused)
  std::size_t header = 0;     // the header's row number
};

// Reads every row below the header. Throws EocError(InvalidBody) "<label>: row 7, column 日期 (A):
// …; row 9, column 班次 (B): …" listing every bad row (up to maxProblems), or naming two shifts
// that overlap; nothing is returned unless every row is good.
RosterImport readRoster(const gis::Table& table, const RosterSettings& settings, const std::string& label);

// Splits "李娜、王强" / "赵敏,钱程" at the configured separators; trims; drops empty parts.
std::vector<std::string> splitNames(const std::string& text, const std::vector<std::string>& separators);

// A phone number as offices write them: digits with +, -, spaces or parentheses, 3 to 20 digits.
bool isPhoneNumber(const std::string& text);

}  // namespace eoc::duty
