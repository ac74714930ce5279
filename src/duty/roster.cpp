#include "duty/roster.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "duty/calendar.hpp"

namespace eoc::duty {

std::string Shift::describe() const {
  const Date day = dateOf(start);
  std::string text = formatDate(day);
  // Appended piece by piece: GCC 12 reports a false -Wrestrict on `" " + std::string` in Release.
  if (!label.empty() && label.find(':') == std::string::npos) {
    text += ' ';
    text += label;
  }
  text += ' ';
  text += formatClock(minuteOfDay(start));
  text += "–";
  const Date endDay = dateOf(end);
  if (endDay != day) {
    const auto days = (std::chrono::sys_days(endDay) - std::chrono::sys_days(day)).count();
    text += days == 1 ? "次日" : formatChineseDate(endDay);
  }
  return text + formatClock(minuteOfDay(end));
}

const std::string& Shift::phoneOf(std::size_t i) const {
  if (i < officers.size() && !officers[i].phone.empty()) return officers[i].phone;
  return phone;
}

namespace {

std::string rowNote(const Shift& s) { return s.sourceRow ? " (row " + std::to_string(s.sourceRow) + ")" : ""; }

}  // namespace

Roster::Roster(std::vector<Shift> shifts) : shifts_(std::move(shifts)) {
  std::stable_sort(shifts_.begin(), shifts_.end(), [](const Shift& a, const Shift& b) { return a.start < b.start; });
  for (std::size_t i = 0; i < shifts_.size(); ++i) {
    if (shifts_[i].end <= shifts_[i].start)
      throw EocError(ErrorCode::InvalidBody,
                     "shift " + shifts_[i].describe() + rowNote(shifts_[i]) + " does not end after it starts");
    if (i > 0 && shifts_[i].start < shifts_[i - 1].end)
      throw EocError(ErrorCode::InvalidBody, "shifts overlap: " + shifts_[i - 1].describe() + rowNote(shifts_[i - 1]) +
                                                 " and " + shifts_[i].describe() + rowNote(shifts_[i]));
  }
}

const Shift* Roster::at(TimePoint t) const {
  // The last shift starting at or before t.
  auto it =
      std::upper_bound(shifts_.begin(), shifts_.end(), t, [](TimePoint v, const Shift& s) { return v < s.start; });
  if (it == shifts_.begin()) return nullptr;
  --it;
  return it->covers(t) ? &*it : nullptr;
}

const Shift* Roster::next(TimePoint t) const {
  auto it =
      std::upper_bound(shifts_.begin(), shifts_.end(), t, [](TimePoint v, const Shift& s) { return v < s.start; });
  return it == shifts_.end() ? nullptr : &*it;
}

const Shift* Roster::previous(TimePoint t) const {
  const Shift* found = nullptr;
  // Shifts do not overlap, so ends are sorted as starts are.
  auto it = std::upper_bound(shifts_.begin(), shifts_.end(), t, [](TimePoint v, const Shift& s) { return v < s.end; });
  if (it != shifts_.begin()) found = &*std::prev(it);
  return found;
}

std::vector<Shift> Roster::between(TimePoint from, TimePoint to) const {
  std::vector<Shift> out;
  for (const Shift& s : shifts_)
    if (s.start < to && s.end > from) out.push_back(s);
  return out;
}

std::vector<Gap> Roster::gaps(TimePoint from, TimePoint to) const {
  std::vector<Gap> out;
  TimePoint cursor = from;
  for (const Shift& s : shifts_) {
    if (s.end <= cursor) continue;
    if (s.start >= to) break;
    if (s.start > cursor) out.push_back({cursor, s.start});
    cursor = std::max(cursor, s.end);
  }
  if (cursor < to) out.push_back({cursor, to});
  return out;
}

DutyNow dutyAt(const Roster& roster, TimePoint at) {
  DutyNow now;
  now.at = at;
  if (const Shift* s = roster.at(at)) now.shift = *s;
  const Shift* next = roster.next(at);
  if (next) now.next = *next;
  if (!now.shift) {
    Gap gap;
    if (const Shift* before = roster.previous(at)) gap.from = before->end;
    if (next) gap.until = next->start;
    now.gap = gap;
  }
  return now;
}

Replacement planReplacement(const Roster& stored, const std::vector<Shift>& imported) {
  Replacement plan;
  if (imported.empty()) return plan;
  plan.from = imported.front().start;
  plan.to = imported.front().end;
  for (const Shift& s : imported) {
    plan.from = std::min(plan.from, s.start);
    plan.to = std::max(plan.to, s.end);
  }
  for (const Shift& s : stored.shifts()) {
    if (s.end <= plan.from || s.start >= plan.to) continue;
    if (s.start < plan.from || s.end > plan.to)
      throw EocError(ErrorCode::Conflict,
                     "the import covers " + formatBeijing(plan.from) + " to " + formatBeijing(plan.to) +
                         ", but the stored shift " + s.describe() +
                         " runs across its edge; import a roster that covers that shift whole, or none of it");
    plan.replaced.push_back(s);
  }
  return plan;
}

Roster applyReplacement(const Roster& stored, const std::vector<Shift>& imported) {
  const Replacement plan = planReplacement(stored, imported);
  std::vector<Shift> shifts;
  for (const Shift& s : stored.shifts())
    if (imported.empty() || s.end <= plan.from || s.start >= plan.to) shifts.push_back(s);
  shifts.insert(shifts.end(), imported.begin(), imported.end());
  return Roster(std::move(shifts));
}

}  // namespace eoc::duty
