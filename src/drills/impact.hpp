#pragma once
// Impact models of the drill scenarios. Pure: scenario + exposure in, figures out; the same input
// always gives the same output (lists in layer order unless stated).
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drills/exposure.hpp"
#include "drills/intensity.hpp"
#include "drills/scenario.hpp"
#include "gis/layer.hpp"

namespace eoc::drills {

// Minimum needs per displaced person per week (InaSAFE defaults, docs/design.md "Drills").
struct NeedsRates {
  double riceKg = 2.8;
  double drinkingWaterL = 17.5;
  double cleanWaterL = 67;
  int peoplePerFamilyKit = 5;
  int peoplePerToilet = 20;
};

struct MinimumNeeds {
  double riceKg = 0;
  double drinkingWaterL = 0;
  double cleanWaterL = 0;
  long long familyKits = 0;  // rounded up
  long long toilets = 0;     // rounded up
};
MinimumNeeds weeklyNeeds(long long displaced, const NeedsRates& rates = {});

inline constexpr int kDisplacedFromDegree = 6;   // intensity ≥ VI → displaced (InaSAFE default)
inline constexpr int kGeohazardTriggerDegree = 7;  // geohazard points likely triggered from VII

struct SiteIntensity {
  std::string id;
  std::string name;
  std::string committee;
  double intensity = 0;
  int degree = 0;
};

struct CommitteeShelterBalance {
  std::string committee;
  std::string name;
  long long displaced = 0;
  long long usableCapacity = 0;
  long long shortfall = 0;
  std::vector<std::string> usableShelters;
};

struct PopulationCell {
  GeoPoint at;
  double population = 0;
};
using PopulationByDegree = std::array<double, 13>;  // index = degree 0..XII
// The bulk path (benchmarked over 1,000,000 cells): population summed per intensity degree.
PopulationByDegree exposedByDegree(const IntensityField& field, const std::vector<PopulationCell>& cells);

struct EarthquakeImpact {
  EarthquakeSize size;
  GeoPoint epicentre;
  double epicentralIntensity = 0;  // 1.4347·M − 0.675
  double peakIntensity = 0;        // the field at R = 0
  std::vector<SiteIntensity> committees, communities, shelters, waterlogging, geohazards;
  PopulationByDegree populationByDegree{};
  long long displaced = 0;
  MinimumNeeds needs;
  std::vector<std::string> geohazardsTriggered;
  std::vector<CommitteeShelterBalance> shelterBalance;  // committees in layer order
  long long shortfall = 0;
};
EarthquakeImpact assessEarthquake(const Scenario& scenario, const Exposure& exposure, const NeedsRates& rates = {});

enum class RainRisk { None, Watch, High, Severe };
const char* rainRiskKey(RainRisk risk);

struct PointAtRisk {
  std::string id;
  std::string name;
  std::string committee;
  std::string layer;  // "waterlogging" | "geohazards"
  RainRisk risk = RainRisk::None;
  std::string because;
};

struct RainstormImpact {
  RainstormSize size;
  double totalMm = 0;
  std::vector<PointAtRisk> atRisk;       // waterlogging first, then geohazards, layer order
  std::vector<std::string> committees;   // affected, ascending code
  long long population = 0;              // residents of communities near an at-risk point + threatened people
};
RainstormImpact assessRainstorm(const Scenario& scenario, const Exposure& exposure);

struct Distanced {
  std::string id;
  std::string name;
  double meters = 0;
  long long amount = 0;  // population / capacity / headcount
};

// Gas leak, hazmat, fires and field search: an evacuation area around the location.
struct AreaImpact {
  double radiusM = 0;
  double downwindRadiusM = 0;          // = radiusM when there is no wind
  std::optional<double> downwindDegrees;  // where the wind blows to
  std::vector<Distanced> communities;  // inside, nearest first
  long long population = 0;
  std::vector<Distanced> sheltersInside;  // not to be used
  std::vector<Distanced> safeShelters;    // nearest open shelters outside the area (up to 3)
  std::string specialty;                  // the team specialty the type needs
  std::vector<Distanced> teams;           // nearest teams with that specialty (up to 5)
};
AreaImpact assessArea(const Scenario& scenario, const Exposure& exposure);
// Whether `p` lies in the evacuation area (circle, stretched downwind within ±30°).
bool insideArea(const AreaImpact& impact, GeoPoint centre, GeoPoint p);
std::string specialtyFor(const std::string& drillType);

struct Impact {
  std::string type;
  std::optional<EarthquakeImpact> earthquake;
  std::optional<RainstormImpact> rainstorm;
  std::optional<AreaImpact> area;
};
Impact assess(const Scenario& scenario, const Exposure& exposure);

nlohmann::json toJson(const Impact& impact);
// Zones as layer features (GeoJSON rendered once): intensity zones (one per degree ≥ V, an
// ellipse ring), or the evacuation area, or circles around points at risk.
std::vector<gis::Feature> zoneFeatures(const Scenario& scenario, const Impact& impact, const Exposure& exposure);

// Headline figures the after-action report cites: hazard points not covered, shortfall, needs.
struct ImpactHeadlines {
  std::vector<std::string> hazardPoints;  // ids at risk / triggered
  long long shortfall = 0;
  long long displaced = 0;
  MinimumNeeds needs;
};
ImpactHeadlines headlines(const Impact& impact);

}  // namespace eoc::drills
