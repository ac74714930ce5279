#pragma once
// The district's plans, loaded once at startup from plans/: schema.json, units.json,
// hazards.json and one file per plan. Everything a plan names (unit, specialty, layer, signal
// type and level, incident type, other plan) must exist; the loader collects every problem and
// throws one PlanBookError whose lines read "plans/flood.json: /response/levels/2/actions/4/unit:
// unknown unit \"区水务局\"". Immutable after load; safe to read from any thread.
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plans/plan.hpp"

namespace eoc::plans {

// Names defined outside plans/ (by geodata/layers.json and plans/warning-signals.json), handed
// in by the caller so that this module never parses another module's files.
struct KnownNames {
  std::set<std::string> layerIds;
  std::map<std::string, std::vector<std::string>> signalLevels;  // type -> the colours it has
};

struct IncidentType {
  std::string key;
  std::string name;
  std::map<std::string, double> radiusBySize;  // "small" -> metres
  std::string defaultSize;
  // Earthquakes: radius grows with magnitude; ascending min_magnitude, first entry 0.
  std::vector<std::pair<double, double>> radiusByMagnitude;
  double shelterShare = 0;  // share of the affected population to shelter
};

// Which hazard points a warning or incident type exposes.
struct ExposureRule {
  std::vector<std::string> waterloggingCauses;  // "rainstorm", "snowmelt"
  bool geohazards = false;
};

struct Hazards {
  std::map<std::string, IncidentType> incidents;
  std::map<std::string, double> warningShelterShare;  // signal type -> share
  double defaultWarningShelterShare = 0;
  std::map<std::string, ExposureRule> warningExposure;
  std::map<std::string, ExposureRule> incidentExposure;
};

class PlanBookError : public std::runtime_error {
 public:
  explicit PlanBookError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

class PlanBook {
 public:
  PlanBook(std::vector<Plan> plans, std::map<std::string, std::string> units,
           std::map<std::string, std::string> specialties, Hazards hazards, KnownNames known);

  const std::vector<Plan>& plans() const { return plans_; }  // id order
  const Plan* find(const std::string& id) const;
  const std::map<std::string, std::string>& units() const { return units_; }              // key -> 中文名
  const std::map<std::string, std::string>& specialties() const { return specialties_; }  // key -> 中文名
  const Hazards& hazards() const { return hazards_; }
  const KnownNames& known() const { return known_; }
  std::string unitName(const std::string& key) const;  // the key itself when unknown

  nlohmann::json summaryJson() const;                   // GET /plans: {"plans": [summary...]}
  const nlohmann::json* planJson(const std::string& id) const;  // GET /plans/{id}; null if unknown

 private:
  std::vector<Plan> plans_;
  std::map<std::string, std::string> units_;
  std::map<std::string, std::string> specialties_;
  Hazards hazards_;
  KnownNames known_;
};

// Skips plans/warning-signals.json (another module's), schema.json, units.json, hazards.json,
// every file tagged with a top-level "schema": "eoc.<format>/<n>" (other modules' data, e.g.
// warning-texts.json) and every subfolder (plans/drills/ ...).
PlanBook loadPlanBook(const std::filesystem::path& plansDir, const KnownNames& known);

}  // namespace eoc::plans
