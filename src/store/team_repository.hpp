#pragma once
// Persistence of the response teams' live side: current status, status history, position fixes
// (latest per team plus a bounded track), and their dispatches to incidents with the times the
// after-action report needs (the incidents themselves: store/incident_repository.hpp). The roster
// itself is data (geodata/teams), not stored here.
//
// Writes take the caller's Transaction so that each change commits with its audit entry.
// Thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace eoc::store {

struct TeamStateRecord {
  std::string teamId;
  std::string status;  // teams::statusName
  TimePoint since;
  std::string byActor;
  std::string note;
  std::optional<std::string> incidentId;
};

struct StatusChange {
  std::string teamId;
  std::string from;
  std::string to;
  TimePoint at;
  std::string byActor;
  std::string note;
  std::optional<std::string> incidentId;
};

struct StatusHistoryRecord {
  int64_t seq = 0;
  StatusChange change;
};

struct PositionRecord {
  std::string teamId;
  double lon = 0;
  double lat = 0;
  TimePoint fixTime;
  TimePoint receivedAt;
  std::optional<double> accuracy;
  std::optional<double> speed;
  std::optional<double> heading;
  std::optional<double> battery;
  std::string flags;  // comma-separated, "" when clean
};

enum class DispatchMilestone { Notified, EnRoute, OnScene };

struct DispatchRecord {
  std::string incidentId;
  std::string teamId;
  TimePoint dispatchedAt;
  std::string byActor;
  bool forced = false;
  std::string reason;
  std::optional<double> etaSeconds;
  std::optional<std::string> notifiedAt;  // Beijing time text, set once
  std::optional<std::string> enRouteAt;
  std::optional<std::string> onSceneAt;
};

class TeamRepository {
 public:
  virtual ~TeamRepository() = default;

  // Sets the team's current status and appends the change to its history.
  virtual void recordStatus(Transaction& tx, const StatusChange& change) = 0;
  // Appends a fix and trims the team's track to its newest `keepPerTeam` fixes.
  virtual void appendPosition(Transaction& tx, const PositionRecord& fix, size_t keepPerTeam) = 0;
  // Throws EocError(Conflict) when the team is already dispatched to this incident.
  virtual void insertDispatch(Transaction& tx, const DispatchRecord& dispatch) = 0;
  // Records the first time the team reached `milestone` on that incident; later calls keep the
  // first time. False when there is no such dispatch.
  virtual bool markMilestone(Transaction& tx, const std::string& incidentId, const std::string& teamId,
                             DispatchMilestone milestone, TimePoint at) = 0;

  virtual std::vector<TeamStateRecord> states() = 0;
  // The newest fix of each team that reported.
  virtual std::vector<PositionRecord> latestPositions() = 0;
  // Newest first.
  virtual std::vector<StatusHistoryRecord> history(const std::string& teamId, size_t limit) = 0;
  // Every status change at or after `since`, all teams, oldest first (one query: the drill report
  // reads all its teams at once).
  virtual std::vector<StatusHistoryRecord> historySince(TimePoint since) = 0;
  // Newest first.
  virtual std::vector<PositionRecord> track(const std::string& teamId, size_t limit) = 0;
  // In dispatch order.
  virtual std::vector<DispatchRecord> dispatches(const std::string& incidentId) = 0;
};

}  // namespace eoc::store
