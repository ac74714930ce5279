#include "duty/roster_import.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "duty/calendar.hpp"
#include "duty/detail/json_read.hpp"

namespace eoc::duty {

using nlohmann::json;

namespace {

const char* const kColumnKeys[] = {"date", "shift", "leader", "officers", "phone"};

std::string trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  while (s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);  // U+3000
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return std::string(s);
}

// "08:00-20:00", "8:00～20:00", "08:00至20:00" → hours; nullopt if no such range.
std::optional<ShiftHours> parseRange(const std::string& text) {
  static const std::string_view dashes[] = {
      "-", "\xE2\x80\x93", "\xE2\x80\x94", "~", "\xEF\xBD\x9E", "\xE8\x87\xB3", "\xE5\x88\xB0"};  // - – — ~ ～ 至 到
  for (std::string_view dash : dashes) {
    const auto at = text.find(dash);
    if (at == std::string::npos) continue;
    auto start = parseClock(trimmed(std::string_view(text).substr(0, at)));
    auto end = parseClock(trimmed(std::string_view(text).substr(at + dash.size())));
    if (!start || !end || start->count() >= 24 * 60) return std::nullopt;
    return ShiftHours{*start, *end};
  }
  return std::nullopt;
}

struct Problems {
  std::vector<std::string> lines;
  std::size_t count = 0;
  std::size_t max;
  void add(std::string line) {
    if (++count <= max) lines.push_back(std::move(line));
  }
};

}  // namespace

RosterSettings RosterSettings::fromJson(const json& doc, const std::string& origin) {
  detail::JsonReader read(origin);
  read.onlyKeys(doc, "", {"schema", "description", "columns", "shifts", "separators", "max_span_days"});
  if (read.text(read.member(doc, "", "schema"), "/schema") != "eoc.duty-roster/1")
    read.fail("/schema", "must be \"eoc.duty-roster/1\"");
  RosterSettings settings;
  const json& columns = read.object(read.member(doc, "", "columns"), "/columns");
  read.onlyKeys(columns, "/columns", {"date", "shift", "leader", "officers", "phone"});
  for (const char* key : kColumnKeys) {
    const std::string pointer = detail::pointerTo("/columns", key);
    settings.columns.push_back({key, read.texts(read.member(columns, "/columns", key), pointer), true});
  }
  const json& shifts = read.object(read.member(doc, "", "shifts"), "/shifts");
  if (shifts.empty()) read.fail("/shifts", "must name at least one shift");
  for (auto it = shifts.begin(); it != shifts.end(); ++it) {
    const std::string pointer = detail::pointerTo("/shifts", it.key());
    auto hours = parseRange(read.text(it.value(), pointer));
    if (!hours) read.fail(pointer, "must be a range of times such as \"08:00-20:00\"");
    if (parseRange(it.key())) read.fail(pointer, "a shift's name may not itself be a range of times");
    settings.namedShifts[it.key()] = *hours;
  }
  settings.separators = read.texts(read.member(doc, "", "separators"), "/separators");
  if (doc.contains("max_span_days"))
    settings.maxSpanDays = static_cast<int>(read.integer(doc["max_span_days"], "/max_span_days", 1, 3660));
  return settings;
}

RosterSettings RosterSettings::load(const std::filesystem::path& file) {
  return fromJson(detail::readJsonFile(file.string()), file.filename().string());
}

std::vector<std::string> splitNames(const std::string& text, const std::vector<std::string>& separators) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size();) {
    std::size_t sepLength = 0;
    if (i < text.size())
      for (const std::string& sep : separators)
        if (text.compare(i, sep.size(), sep) == 0) {
          sepLength = sep.size();
          break;
        }
    if (i == text.size() || sepLength) {
      std::string part = trimmed(std::string_view(text).substr(start, i - start));
      if (!part.empty()) parts.push_back(std::move(part));
      i += sepLength ? sepLength : 1;
      start = i;
    } else {
      ++i;
    }
  }
  return parts;
}

bool isPhoneNumber(const std::string& text) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9')
      ++digits;
    else if (!(c == '-' || c == ' ' || c == '(' || c == ')' || (c == '+' && i == 0)))
      return false;
  }
  return digits >= 3 && digits <= 20;
}

RosterImport readRoster(const gis::Table& table, const RosterSettings& settings, const std::string& label) {
  const gis::TableHeader header = gis::findHeader(table, settings.columns, label);
  auto column = [&](const char* key) { return *header.column(key); };
  auto where = [&](const gis::TableRow& row, const char* key) {
    return "row " + std::to_string(row.number) + ", column " + header.describe(key, table) + ": ";
  };
  std::string shiftNames;
  for (const auto& [name, hours] : settings.namedShifts) shiftNames += (shiftNames.empty() ? "" : ", ") + name;

  Problems problems{{}, 0, settings.maxProblems};
  std::vector<Shift> shifts;
  std::optional<Date> lastDate;
  std::string lastLeader;
  std::optional<Date> lastLeaderDate;
  for (const gis::TableRow* row : gis::rowsBelow(table, header)) {
    bool good = true;
    auto problem = [&](const char* key, const std::string& message) {
      problems.add(where(*row, key) + message);
      good = false;
    };
    // 日期
    std::optional<Date> date;
    const std::string& dateText = row->cell(column("date"));
    if (dateText.empty()) {
      if (lastDate)
        date = lastDate;
      else
        problem("date", "empty, and no date above it to continue");
    } else if (!(date = parseDate(dateText))) {
      problem("date", "\"" + dateText + "\" is not a date (write 2026-12-02 or 2026/12/2)");
    }
    if (date) lastDate = date;
    // 班次
    std::optional<ShiftHours> hours;
    const std::string& shiftText = row->cell(column("shift"));
    if (shiftText.empty()) {
      problem("shift", "empty");
    } else if (auto named = settings.namedShifts.find(shiftText); named != settings.namedShifts.end()) {
      hours = named->second;
    } else if (!(hours = parseRange(shiftText))) {
      problem("shift", "\"" + shiftText + "\" is neither a shift of the roster settings (" + shiftNames +
                           ") nor a range of times such as 08:00-20:00");
    }
    // 带班领导
    std::string leader = row->cell(column("leader"));
    if (leader.empty()) {
      if (date && lastLeaderDate == date && !lastLeader.empty())
        leader = lastLeader;
      else
        problem("leader", "empty (the leader on duty is required)");
    }
    if (date && !leader.empty()) lastLeader = leader, lastLeaderDate = date;
    // 值班员 and 电话
    const std::vector<std::string> names = splitNames(row->cell(column("officers")), settings.separators);
    if (names.empty()) problem("officers", "no officer named");
    const std::vector<std::string> phones = splitNames(row->cell(column("phone")), settings.separators);
    if (phones.empty()) problem("phone", "empty (a phone to reach the shift is required)");
    for (const std::string& phone : phones)
      if (!isPhoneNumber(phone)) problem("phone", "\"" + phone + "\" is not a phone number");
    if (phones.size() > 1 && !names.empty() && phones.size() != names.size())
      problem("phone", std::to_string(phones.size()) + " numbers for " + std::to_string(names.size()) +
                           " officers (give one for the shift, or one per officer in the same order)");
    if (!good) continue;

    Shift shift;
    shift.start = atMinute(*date, hours->start);
    shift.end = atMinute(*date, hours->end);
    if (shift.end <= shift.start) shift.end += std::chrono::hours(24);  // past midnight, or 24 hours
    shift.label = shiftText;
    shift.leader = leader;
    for (std::size_t i = 0; i < names.size(); ++i)
      shift.officers.push_back({names[i], phones.size() == names.size() && phones.size() > 1 ? phones[i] : ""});
    if (phones.size() == 1) shift.phone = phones.front();
    shift.sourceRow = row->number;
    shifts.push_back(std::move(shift));
  }
  if (problems.count == 0 && shifts.empty())
    problems.add("no shifts below the header (row " + std::to_string(header.row) + ")");
  if (problems.count) {
    std::string detail = label + ": ";
    for (std::size_t i = 0; i < problems.lines.size(); ++i) detail += (i ? "; " : "") + problems.lines[i];
    if (problems.count > problems.lines.size())
      detail += "; and " + std::to_string(problems.count - problems.lines.size()) + " more";
    throw EocError(ErrorCode::InvalidBody, detail);
  }

  Roster roster;
  try {
    roster = Roster(std::move(shifts));
  } catch (const EocError& e) {
    throw EocError(e.code(), label + ": " + e.detail());
  }
  RosterImport out;
  out.header = header.row;
  out.shifts = roster.shifts();
  out.from = out.shifts.front().start;
  out.to = out.shifts.back().end;
  if (out.to - out.from > std::chrono::hours(24) * settings.maxSpanDays)
    throw EocError(ErrorCode::InvalidBody, label + ": the roster runs from " + formatDate(dateOf(out.from)) + " to " +
                                               formatDate(dateOf(out.to)) + ", more than " +
                                               std::to_string(settings.maxSpanDays) + " days (a mistyped year?)");
  out.gaps = roster.gaps(out.from, out.to);
  return out;
}

}  // namespace eoc::duty
