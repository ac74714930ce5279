#pragma once
// Persistence of the duty desk's day (应急值守): the roster's shifts, the duty log (append-only,
// like the audit log: the schema's triggers refuse UPDATE and DELETE), the reports sent upward
// (incident stages and zero reports), the escalations of reports that fell due, and handovers.
//
// Row types only: the duty domain (src/duty/) is above the store, so the service converts. Times
// are Beijing-time text in the tables (text order is time order). Writes take the caller's
// Transaction so that each change commits with its audit entry. Thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

struct ShiftRow {
  TimePoint start{};
  TimePoint end{};
  std::string label;
  std::string leader;
  nlohmann::json officers = nlohmann::json::array();  // [{"name", "phone"}]
  std::string phone;
  int64_t sourceRow = 0;
};

struct DutyLogRow {
  std::string id;
  int64_t seq = 0;  // set by the store: strictly increasing
  TimePoint at{};
  std::string author;
  std::string authorLabel;
  std::string kind;  // duty::logKindKey
  std::string from;
  std::string to;
  std::string content;
  std::optional<std::string> incidentId;
  std::optional<std::string> corrects;
};

struct DutyLogFilter {
  std::optional<TimePoint> since;  // inclusive
  std::optional<TimePoint> until;  // exclusive
  std::optional<std::string> kind;
  std::optional<std::string> incidentId;
  size_t limit = 100000;
};

struct ReportRow {
  std::string id;
  std::optional<std::string> incidentId;  // none: a zero report
  std::string stage;                      // duty::reportStageKey
  std::string channel;                    // duty::reportChannelKey
  std::string content;
  std::string to;
  TimePoint at{};
  std::string author;
  std::string authorLabel;
  std::optional<std::string> forDate;  // zero reports: "2026-12-02"
};

// A report that fell due without being made: raised once per deadline (its key, such as
// "report:i1a2b3:first:phone"), closed when a report meets it.
struct ReportEscalationRow {
  std::string key;
  std::optional<std::string> incidentId;
  std::string stage;
  std::string channel;
  TimePoint dueAt{};
  TimePoint raisedAt{};
  std::string state = "open";  // open, closed
  std::optional<TimePoint> closedAt;
  std::optional<std::string> reportId;
  std::string to;
};

struct HandoverRow {
  std::string id;
  TimePoint at{};
  std::string from;
  std::string fromLabel;
  std::string notes;
  nlohmann::json snapshot;  // as the outgoing officer saw it, never recomputed
  std::optional<TimePoint> acceptedAt;
  std::string acceptedBy;
};

class DutyRepository {
 public:
  virtual ~DutyRepository() = default;

  // --- roster ---------------------------------------------------------------------------------
  // Removes the stored shifts inside [from, to) and inserts `shifts` (one import, one transaction).
  virtual void replaceShifts(Transaction& tx, TimePoint from, TimePoint to, const std::vector<ShiftRow>& shifts) = 0;
  // Every stored shift, by start.
  virtual std::vector<ShiftRow> shifts() = 0;

  // --- duty log (append-only) -----------------------------------------------------------------
  // Returns the entry's seq. Throws EocError(Conflict) when the id exists.
  virtual int64_t appendLog(Transaction& tx, const DutyLogRow& entry) = 0;
  virtual std::optional<DutyLogRow> findLog(const std::string& id) = 0;
  // In seq order, at most filter.limit.
  virtual std::vector<DutyLogRow> log(const DutyLogFilter& filter) = 0;

  // --- reports upward -------------------------------------------------------------------------
  virtual void insertReport(Transaction& tx, const ReportRow& report) = 0;
  // An incident's reports in the order they were recorded.
  virtual std::vector<ReportRow> reports(const std::string& incidentId) = 0;
  // The reports of every open incident at once (one query, not one per incident), in order.
  virtual std::vector<ReportRow> reportsOfOpenIncidents() = 0;
  virtual std::vector<ReportRow> zeroReports() = 0;

  // --- escalations of reports that fell due ---------------------------------------------------
  // False when one with this key exists already (a deadline escalates once).
  virtual bool raiseEscalation(Transaction& tx, const ReportEscalationRow& escalation) = 0;
  // Closes the open escalation `key`; false when none is open.
  virtual bool closeEscalation(Transaction& tx, const std::string& key, TimePoint at,
                               const std::optional<std::string>& reportId) = 0;
  // By raised time.
  virtual std::vector<ReportEscalationRow> escalations(bool openOnly) = 0;

  // --- handovers ------------------------------------------------------------------------------
  virtual void insertHandover(Transaction& tx, const HandoverRow& handover) = 0;
  // Sets the acceptance once; false when it was accepted already (or no such handover).
  virtual bool acceptHandover(Transaction& tx, const std::string& id, const std::string& by, TimePoint at) = 0;
  virtual std::optional<HandoverRow> findHandover(const std::string& id) = 0;
  // Newest first.
  virtual std::vector<HandoverRow> handovers(size_t limit) = 0;
};

}  // namespace eoc::store
