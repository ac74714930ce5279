#pragma once
// Position reports from team trackers: the JSON body of POST /teams/{id}/position, the
// OsmAnd-style query that ordinary phone tracker apps send, and the checks every fix passes.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo_point.hpp"
#include "core/time.hpp"

namespace eoc::teams {

struct PositionFix {
  GeoPoint point;
  TimePoint time;                   // when the tracker took the fix
  std::optional<double> accuracy;   // metres
  std::optional<double> speed;      // metres per second
  std::optional<double> heading;    // degrees clockwise from north, [0, 360)
  std::optional<double> battery;    // percent, [0, 100]
};

// {"lon", "lat", "time" (ISO 8601 with offset; optional, default `now`), "accuracy", "speed"
// (m/s), "heading", "battery"}. Throws EocError naming the field: InvalidCoordinate, InvalidTime,
// InvalidBody (wrong type, negative accuracy or speed, heading outside 0–360, battery outside
// 0–100, unknown field).
PositionFix parsePositionJson(const nlohmann::json& body, TimePoint now);

// OsmAnd / Traccar-client query: id, timestamp (Unix seconds, or milliseconds when above 1e11,
// or ISO 8601), lat, lon, speed (knots, as those apps send it), bearing, accuracy, batt.
// `id` is returned in `deviceId` for the caller to compare with the path. Same errors as above.
struct OsmAndReport {
  std::string deviceId;
  PositionFix fix;
};
OsmAndReport parseOsmAndQuery(const std::multimap<std::string, std::string>& params, TimePoint now);

struct PositionRules {
  std::chrono::seconds maxFuture{120};           // tracker clocks drift; more is a wrong clock
  std::chrono::seconds maxAge{24 * 3600};        // older fixes are useless for dispatch
  double maxSpeedMps = 250.0 / 3.6;              // no ground team moves faster
  double flagOutsideMeters = 2000;               // beyond this from the district: kept but flagged
};

// Rejects (EocError InvalidTime / InvalidParameter naming the reason) a fix in the future, a fix
// older than maxAge, a reported speed above the limit, or an implied speed from `previous` above
// the limit (ignoring jumps within the two fixes' accuracy). Returns the flags of a kept fix:
// "outside_district" when `metersOutsideDistrict` exceeds the limit.
std::vector<std::string> checkFix(const PositionFix& fix, TimePoint now, const std::optional<PositionFix>& previous,
                                  double metersOutsideDistrict, const PositionRules& rules = {});

nlohmann::json toJson(const PositionFix& fix);

}  // namespace eoc::teams
