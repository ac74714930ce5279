#pragma once
// A drill scenario (plans/drills/*.json or the body of POST /drills): what happens, where, how
// big, when the exercise starts, what the exercise must achieve and who takes part.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo_point.hpp"
#include "core/time.hpp"

namespace eoc::drills {

// Drill types: earthquake (evacuation), rainstorm (waterlogging), gas_leak (rescue), hazmat,
// grassland_fire, building_fire (evacuation), search_rescue (field search).
bool isDrillType(const std::string& type);

struct EarthquakeSize {
  double magnitude = 0;
  double depthKm = 10;
  double strikeDegrees = 0;         // azimuth of the fault strike, clockwise from north
  int shelterMaxDegree = 8;         // shelters in a higher degree are assumed unusable
};

struct RainstormSize {
  double rateMmPerHour = 0;
  double durationHours = 0;
  std::optional<double> radiusKm;   // around `location`; absent = the whole district
  double watchMmPerHour = 10;       // waterlogging points: watch / high / severe risk from these rates
  double highMmPerHour = 20;
  double severeMmPerHour = 30;
  double geohazardTotalMm = 25;     // accumulated rain from which geohazard points are at risk
  double affectedRadiusM = 500;     // communities this close to an at-risk point are affected
  std::string warningLevel = "orange";
};

// Gas leak, hazmat, fires, field search: an area around `location`.
struct RadiusSize {
  std::string size = "medium";                   // small | medium | large
  std::map<std::string, double> radiusBySize;    // metres per size (data)
  std::optional<double> radiusM;                 // explicit radius overrides the size table
  std::optional<double> windFromDegrees;         // fires, releases: where the wind comes from
  double windSpeedMs = 0;
  double downwindFactor = 1.0;                   // the area reaches this × radius downwind (±30°)
  double radius() const;
};

// The weather signal a live run issues as its CAP Exercise warning (checked against the signal
// catalogue by the service, which knows it). A rainstorm drill defaults to its own warning level.
struct DrillSignal {
  std::string type;   // signal key, e.g. "rainstorm", "forest_fire_risk"
  std::string level;  // blue | yellow | orange | red
};

enum class ObjectiveKind { AckWithin, FirstOnScene, AllOnScene };

struct Objective {
  std::string id;         // "O1"
  std::string text;       // "全部预警片区管委会10分钟内确认"
  ObjectiveKind kind = ObjectiveKind::AckWithin;
  int minutes = 0;
};

struct Scenario {
  std::string id;          // "earthquake-yamalik"
  std::string title;
  std::string type;
  GeoPoint location;
  TimePoint start{};
  std::optional<EarthquakeSize> earthquake;
  std::optional<RainstormSize> rainstorm;
  std::optional<RadiusSize> area;
  std::vector<Objective> objectives;
  std::vector<std::string> committees;  // participating committees (drill-flagged recipients)
  std::vector<std::string> teams;       // participating teams; empty = chosen by the plan's needs
  std::vector<std::string> units;       // other participating units, free text
  // Live runs: the warning rows issue this signal as a CAP Exercise warning; without one they
  // send a drill notice that committees acknowledge at POST /drills/{id}/ack.
  std::optional<DrillSignal> warning;
  nlohmann::json source;                // the scenario as given, kept for the record
};

// The one place that checks a scenario. Throws EocError(InvalidBody | InvalidCoordinate |
// InvalidTime | UnknownHazard) whose detail names the field ("scenario.earthquake.magnitude: ...").
Scenario parseScenario(const nlohmann::json& body);
const char* objectiveKindKey(ObjectiveKind kind);

// Reads every plans/drills/*.json; throws std::runtime_error naming the file on the first bad one.
std::vector<Scenario> loadScenarios(const std::string& directory);

}  // namespace eoc::drills
