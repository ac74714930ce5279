#pragma once
// Warning or incident in, activation out: which plans activate at which response level, the
// merged action checklist, the exposed assets, the shelters to open and the teams to call.
// Pure and deterministic: the same input over the same plans and layers gives the same output,
// and every item carries the rule that produced it ("because").
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/geo_point.hpp"
#include "core/time.hpp"
#include "gis/geometry.hpp"
#include "gis/layer.hpp"
#include "plans/plan_book.hpp"

namespace eoc::plans {

struct WarningInput {
  std::string type;                       // signal type key, "rainstorm"
  std::string level;                      // colour, "orange"
  std::vector<std::string> committees;    // GB/T 2260 codes of named committees
  std::optional<gis::MultiPolygon> polygon;
  std::optional<TimePoint> onset;
  std::optional<TimePoint> expires;
};

struct IncidentInput {
  std::string type;  // incident type key, "gas_leak"
  GeoPoint location;
  std::optional<double> magnitude;
  std::optional<double> depthKm;
  std::optional<std::string> size;  // "small" | "medium" | "large"; hazards.json default when absent
  int casualties = 0;
  int evacuated = 0;
  std::optional<double> areaKm2;  // observed affected area
};

using ActivationInput = std::variant<WarningInput, IncidentInput>;

class ActivationEngine;

// The one place that checks a POST /activations body ({"warning": {...}} or {"incident": {...}}),
// syntax and meaning. Throws EocError whose detail names the field:
//   UnknownHazard    warning.type / incident.type not known
//   UnknownLevel     warning.level not a colour the signal type has
//   UnknownCommittee warning.area.committees[i] not in the district
//   InvalidGeometry  polygon not closed, < 4 positions, self-intersecting, non-finite, too many vertices
//   InvalidCoordinate incident.location not [lon, lat]
//   OutsideDistrict  incident.location or the polygon outside the district
//   InvalidTime      onset/expires not ISO 8601 with offset, or expires before onset
//   InvalidBody      anything else (missing field, wrong type, magnitude outside 0–10, negative casualties…)
ActivationInput parseActivationRequest(const nlohmann::json& body, const ActivationEngine& engine, const Limits& limits);

// POST /activations as the use case receives it: the body as sent (checked there, once, by
// parseActivationRequest — syntax and meaning need the engine — and kept in the stored document
// under "input") and whether to store the result.
struct ActivationRequest {
  nlohmann::json body;
  bool dryRun = false;
};

// POST /activations/{id}/actions/{n}: action n (1-based, as numbered in the checklist) done,
// skipped (with a note saying why) or pending again.
struct ActionStatusRequest {
  std::string activationId;
  int n = 0;
  std::string status;  // "done" | "skipped" | "pending", checked by the use case
  std::string note;    // at most 2000 bytes
};

struct ActivatedPlan {
  std::string id;
  std::string kind;  // "overall" | "special"
  std::string title;
  Level level = Level::IV;
  std::string because;
};

struct ActionItem {
  int n = 0;  // 1-based position in the checklist
  std::string plan;
  std::string what;
  std::string unit;
  std::string unitName;
  int deadlineMin = 0;
  std::string concerns;  // layer id or resource, "" when none
  std::string because;
};

// Features are referenced, not copied: an Activation must be rendered while the LayerCatalog it
// was computed from lives (the service keeps one catalog for its whole life).
struct ExposedFeature {
  const gis::Feature* feature = nullptr;
  std::optional<double> distanceMeters;  // incidents: from the location
  std::string because;
};

struct ExposedCommittee {
  const gis::Feature* feature = nullptr;
  long long exposedPopulation = 0;  // of its communities inside the area
};

struct ShelterToOpen {
  const gis::Feature* feature = nullptr;
  std::string shelterClass;
  long long capacity = 0;
  double serviceRadiusMeters = 0;
  long long people = 0;  // assigned to it
  std::string because;
};

struct SuggestedTeam {
  const gis::Feature* feature = nullptr;
  long long headcount = 0;
  double distanceMeters = 0;  // from the area (0 inside)
};

struct TeamNeed {
  std::string specialty;
  std::string specialtyName;
  int people = 0;
  std::string because;
  std::vector<SuggestedTeam> teams;  // nearest first, until the headcount is covered
};

struct Activation {
  std::vector<ActivatedPlan> plans;  // highest level first, then id
  std::optional<Level> level;        // the highest; empty when no plan activates
  std::vector<ActionItem> actions;   // by deadline
  std::vector<ExposedFeature> waterlogging;
  std::vector<ExposedFeature> geohazards;
  std::vector<ExposedFeature> shelters;
  std::vector<ExposedCommittee> committees;
  long long communitiesPopulation = 0;
  long long peopleToShelter = 0;
  std::string peopleToShelterBecause;
  std::vector<ShelterToOpen> sheltersToOpen;
  long long shortfall = 0;
  std::vector<TeamNeed> teamNeeds;  // by specialty key
  double radiusMeters = 0;          // incidents: the affected circle
};

class ActivationEngine {
 public:
  // Indexes the layers it needs once: "committees" is required; "communities", "shelters",
  // "waterlogging", "geohazards", "teams" and "boundary" are used when present. Throws
  // std::invalid_argument when "committees" is missing.
  ActivationEngine(const PlanBook& book, const gis::LayerCatalog& layers);
  ~ActivationEngine();
  ActivationEngine(const ActivationEngine&) = delete;
  ActivationEngine& operator=(const ActivationEngine&) = delete;

  Activation activate(const ActivationInput& input) const;

  const PlanBook& book() const { return book_; }
  const gis::LayerCatalog& layers() const { return layers_; }
  bool isCommittee(const std::string& code) const;
  bool insideDistrict(GeoPoint p) const;
  bool touchesDistrict(const gis::MultiPolygon& area) const;

  struct Index;  // precomputed layer facts; public only so that helpers in the .cpp can name it

 private:
  const PlanBook& book_;
  const gis::LayerCatalog& layers_;
  std::unique_ptr<Index> index_;
};

// {"plans": [...], "level", "level_name", "actions": [...], "exposed": {...}, "shelters_to_open": [...],
//  "shortfall", "team_needs": [...]}; no id (the caller assigns it).
nlohmann::json toJson(const Activation& activation);

// A point an activation exposed, as read back from a stored activation document.
struct ExposedPoint {
  std::string id;
  std::string name;
  GeoPoint location;
};
// The exposed points of a stored activation document (as toJson wrote it), by layer
// ("waterlogging", "geohazards", "shelters"): the one reader of that part of the format, so that
// other areas get typed points. A layer without points is absent.
std::map<std::string, std::vector<ExposedPoint>> exposedPoints(const nlohmann::json& stored);

}  // namespace eoc::plans
