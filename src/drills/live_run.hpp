#pragma once
// Live run: real participants on the real clock. The MSEL's injects fire when their offset
// (divided by the run's speed) has passed; committees acknowledge and teams change status as
// they really do, and the run record is read from those facts when the controller ends the run.
// The state below is stored with the drill while it runs, so a restart resumes where it was
// and fires no inject twice.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo_point.hpp"
#include "core/time.hpp"
#include "drills/msel.hpp"
#include "drills/simulation.hpp"

namespace eoc::drills {

struct NoticeAck {
  TimePoint at{};
  std::string by;    // Principal::label() of the committee token
  std::string note;
};

struct LiveRun {
  double speed = 1;                            // drill minutes per real minute
  TimePoint startedAt{};
  std::string controller;                      // the person who started the run
  std::map<int, TimePoint> fired;              // MSEL seq -> when its inject fired
  std::optional<std::string> warningId;        // the CAP Exercise warning of the first warning row
  std::optional<TimePoint> warnedAt;           // when the committees were warned (warning or notice)
  std::map<std::string, TimePoint> dispatched; // team id -> when its dispatch inject fired
  std::map<std::string, NoticeAck> noticeAcks; // committee -> its ack of the drill notice
};

nlohmann::json toJson(const LiveRun& run);
// The inverse of toJson; throws EocError(InvalidBody) naming the field.
LiveRun parseLiveRun(const nlohmann::json& stored);

// Drill minutes between the start and `t` at the run's speed.
double drillMinutes(const LiveRun& run, TimePoint t);
TimePoint dueAt(const LiveRun& run, const MselRow& row);
// Rows not yet fired whose time has come, in MSEL order; and the earliest time still to come.
std::vector<MselRow> dueRows(const LiveRun& run, const std::vector<MselRow>& msel, TimePoint now);
std::optional<TimePoint> nextDue(const LiveRun& run, const std::vector<MselRow>& msel);

// What really happened, as the store recorded it.
struct AckFact {
  std::string committee;
  TimePoint at{};
};
struct StatusFact {
  std::string team;
  std::string to;  // notified | en_route | on_scene | ...
  TimePoint at{};
};

// The run record of a live run: each committee's ack (of the exercise warning, else of the drill
// notice) and each team's first notified / en route / on scene after its dispatch (after the
// start when no dispatch inject fired for it), all in drill minutes. Facts before the start are
// ignored, so an earlier real deployment never counts for the drill.
RunRecord liveRunRecord(const LiveRun& run, const GeoPoint& scene, const std::vector<Participant>& committees,
                        const std::vector<TeamAtHome>& teams, const std::vector<AckFact>& warningAcks,
                        const std::vector<StatusFact>& statusChanges);

}  // namespace eoc::drills
