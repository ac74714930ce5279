#pragma once
// Simulated run: an accelerated, reproducible rehearsal before anyone is called. Committees
// acknowledge and teams turn out after delays drawn from configurable log-normal distributions;
// teams travel at the ETA rule of docs/design.md "Teams" (haversine × circuity ÷ speed) with noise.
// The generator is std::mt19937_64 (fully specified by the standard) and the normal deviates are
// drawn by Box–Muller here, not by <random>'s distributions (whose output varies between
// standard libraries), so one seed gives one run everywhere.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo_point.hpp"
#include "core/time.hpp"
#include "drills/msel.hpp"

namespace eoc::drills {

// Minutes; sigma is of the natural log (0 = always the median).
struct Delay {
  double medianMin = 0;
  double sigma = 0;
};

struct ResponseModel {
  Delay ack{4.0, 0.6};            // warning received → committee acknowledges
  double noAckProbability = 0.0;  // a committee that never answers
  Delay notified{1.0, 0.3};       // dispatch → team acknowledges (status notified)
  Delay turnout{5.0, 0.4};        // notified → en route
  double speedKmh = 30;
  double circuity = 1.35;
  double travelSigma = 0.2;       // log-normal noise on the travel time
};
// {"ack": {"median_min", "sigma"}, "no_ack_probability", "notified": {...}, "turnout": {...},
//  "speed_kmh", "circuity", "travel_sigma"}; absent fields keep the defaults. EocError names the field.
ResponseModel parseResponseModel(const nlohmann::json& body);

struct TeamAtHome {
  std::string id;
  std::string name;
  GeoPoint home;
};

// Times in minutes after the drill start; nullopt = never happened.
struct CommitteeAck {
  std::string committee;
  std::string name;
  double warnedMin = 0;
  std::optional<double> ackMin;
};

struct TeamTimes {
  std::string team;
  std::string name;
  double distanceKm = 0;
  double dispatchedMin = 0;
  std::optional<double> notifiedMin;
  std::optional<double> enRouteMin;
  std::optional<double> onSceneMin;
};

// What the report says about a live run besides the times: when it really ran and who led it.
struct LiveFacts {
  TimePoint startedAt{};
  std::optional<TimePoint> finishedAt;
  std::string controller;
  std::string warningId;  // the CAP Exercise warning, "" when a drill notice went out instead
  double speed = 1;
};

struct RunRecord {
  std::string mode;  // "simulated" | "live"
  std::uint64_t seed = 0;
  std::optional<LiveFacts> live;  // live runs only
  std::vector<CommitteeAck> acks;
  std::vector<TeamTimes> teams;
};

// Warnings go out at the MSEL's first "warning" row, teams are dispatched at their "dispatch"
// rows (0 and 1 minute when the MSEL has none). Draws in a fixed order: committees as given,
// then teams as given (notified, turnout, travel), so adding a team never changes a committee.
RunRecord simulateRun(const GeoPoint& scene, const std::vector<Participant>& committees,
                      const std::vector<TeamAtHome>& teams, const std::vector<MselRow>& msel,
                      const ResponseModel& model, std::uint64_t seed);

nlohmann::json toJson(const RunRecord& run);
// The inverse of toJson (times as stored, to 0.01 min): a stored run renders its report again.
// Throws EocError(InvalidBody) naming the field.
RunRecord parseRunRecord(const nlohmann::json& stored);

}  // namespace eoc::drills
