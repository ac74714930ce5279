#pragma once
// The facts an impact model needs, copied out of the GIS layers into plain values so that the
// models are pure functions and tests can state a tiny world by hand.
#include <string>
#include <vector>

#include "core/geo_point.hpp"
#include "gis/layer.hpp"

namespace eoc::drills {

struct Site {
  std::string id;
  std::string name;
  std::string committee;    // GB/T 2260 code of the committee it belongs to ("" when unknown)
  GeoPoint at;
  long long population = 0;  // communities: residents; committees: residents; geohazards: threatened people
  std::string status;        // shelters/waterlogging/geohazards: the layer's status field
};

struct ShelterSite {
  std::string id;
  std::string name;
  std::string committee;
  GeoPoint at;
  long long capacity = 0;
  std::string shelterClass;
  bool open = true;  // status other than "closed"
};

struct TeamSite {
  std::string id;
  std::string name;
  GeoPoint at;
  long long headcount = 0;
  std::vector<std::string> specialties;
  bool has(const std::string& specialty) const;
};

struct Exposure {
  std::vector<Site> committees;  // `at` = the committee office
  std::vector<Site> communities;
  std::vector<ShelterSite> shelters;
  std::vector<Site> waterlogging;
  std::vector<Site> geohazards;
  std::vector<TeamSite> teams;
};

// Reads the "committees", "communities", "shelters", "waterlogging", "geohazards" and "teams"
// layers when present (missing layers give empty lists).
Exposure exposureFrom(const gis::LayerCatalog& layers);

}  // namespace eoc::drills
