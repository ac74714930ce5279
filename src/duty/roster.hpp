#pragma once
// The duty roster (值班表): who is on duty when. A shift has a start and an end in Beijing time (a
// night shift runs past midnight), the leader on duty (带班领导), one or more officers (值班员) and
// their phones. A Roster keeps its shifts sorted and never overlapping; a time no shift covers is
// a gap, which the desk must see.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace eoc::duty {

struct Officer {
  std::string name;
  std::string phone;  // "" when the row gives one number for the whole shift (Shift::phone)
};

struct Shift {
  TimePoint start{};
  TimePoint end{};     // after start
  std::string label;   // as the roster wrote it: "白班", "夜班", "08:00-20:00"
  std::string leader;  // 带班领导
  std::vector<Officer> officers;
  std::string phone;          // the shift's phone when the row gives one number for everyone
  std::size_t sourceRow = 0;  // the spreadsheet row it came from (0: not from a spreadsheet)

  bool covers(TimePoint t) const { return start <= t && t < end; }
  // "2026-12-02 白班 08:00–20:00" / "2026-12-02 夜班 20:00–次日08:00", for messages and pages.
  std::string describe() const;
  // The phone to call for officer `i`: their own, else the shift's.
  const std::string& phoneOf(std::size_t i) const;
};

// A stretch of time no shift covers. A missing end (or start) means the roster ends (or starts)
// there: nothing is known beyond it.
struct Gap {
  std::optional<TimePoint> from;
  std::optional<TimePoint> until;
};

class Roster {
 public:
  Roster() = default;
  // Sorts the shifts; throws EocError(InvalidBody) naming the first two that overlap or a shift
  // that does not end after it starts.
  explicit Roster(std::vector<Shift> shifts);

  const std::vector<Shift>& shifts() const { return shifts_; }
  bool empty() const { return shifts_.empty(); }

  const Shift* at(TimePoint t) const;        // the shift covering t, or null
  const Shift* next(TimePoint t) const;      // the first shift starting after t, or null
  const Shift* previous(TimePoint t) const;  // the last shift ending at or before t, or null
  // Shifts overlapping [from, to), in order.
  std::vector<Shift> between(TimePoint from, TimePoint to) const;
  // The uncovered stretches within [from, to), in order (each clipped to the range).
  std::vector<Gap> gaps(TimePoint from, TimePoint to) const;

 private:
  std::vector<Shift> shifts_;  // sorted by start, non-overlapping
};

// GET /duty/now: the shift on duty at `at`, or the gap `at` falls in (with the shift before and
// the next one, so that the desk sees how long nobody is on duty).
struct DutyNow {
  TimePoint at{};
  std::optional<Shift> shift;
  std::optional<Gap> gap;  // set exactly when `shift` is not
  std::optional<Shift> next;
};
DutyNow dutyAt(const Roster& roster, TimePoint at);

// An import replaces the time it covers, [from, to) from its first start to its last end. A
// stored shift that runs across either edge would be cut in two: refused with EocError(Conflict)
// naming it. Returns the stored shifts the import replaces (those inside the range).
struct Replacement {
  TimePoint from{};
  TimePoint to{};
  std::vector<Shift> replaced;
};
Replacement planReplacement(const Roster& stored, const std::vector<Shift>& imported);

// The roster after the import: the stored shifts outside the range and the imported ones.
Roster applyReplacement(const Roster& stored, const std::vector<Shift>& imported);

}  // namespace eoc::duty
