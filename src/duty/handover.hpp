#pragma once
// Handover (交接班): the outgoing officer snapshots what is open — incidents and the reports they
// still owe, active warnings, open escalations, running drills, zero reports waiting — adds notes,
// and the incoming officer accepts it. A snapshot is what the outgoing officer saw; it is stored
// as it was and never recomputed.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "duty/reporting_rules.hpp"
#include "duty/roster.hpp"
#include "plans/levels.hpp"

namespace eoc::duty {

struct HandoverIncident {
  std::string id;
  std::string type;      // key
  std::string typeName;  // 燃气泄漏
  std::optional<plans::Level> level;
  TimePoint firstKnownAt{};
  std::vector<DueReport> pending;  // the reports it still owes (met ones left out)
};

struct HandoverWarning {
  std::string id;
  std::string type;
  std::string level;   // colour
  std::string status;  // Actual / Exercise
  std::string headline;
  std::optional<TimePoint> expires;
};

struct HandoverEscalation {
  std::string id;
  std::string kind;     // "ack" (a committee silent), "report" (a report overdue) …
  std::string subject;  // what it is about: warning id, incident id
  std::string summary;
  TimePoint since{};
};

struct HandoverDrill {
  std::string id;
  std::string name;
  std::string state;
};

struct HandoverSnapshot {
  TimePoint at{};
  std::optional<Shift> outgoing;  // the shift on duty at `at`
  std::optional<Shift> incoming;  // the next shift
  std::vector<HandoverIncident> incidents;
  std::vector<HandoverWarning> warnings;
  std::vector<HandoverEscalation> escalations;
  std::vector<HandoverDrill> drills;
  std::vector<ZeroReportDue> zeroReports;  // waiting ones
};

// POST /duty/handover {notes}.
struct HandoverRequest {
  std::string notes;
};

struct Handover {
  std::string id;
  TimePoint at{};
  std::string from;       // the outgoing person
  std::string fromLabel;  // for the audit trail
  std::string notes;
  HandoverSnapshot snapshot;
  std::optional<TimePoint> acceptedAt;
  std::string acceptedBy;
};

// Notes may be empty (nothing to add) but not longer than `maxNotesCodePoints`: InvalidBody.
std::string validateHandoverNotes(const HandoverRequest& request, std::size_t maxNotesCodePoints = 4000);

// The incoming officer accepts: not the person who handed over (Forbidden), and only once
// (Conflict naming who accepted it and when).
void checkCanAccept(const Handover& handover, const std::string& person);

}  // namespace eoc::duty
