#include "drills/exposure.hpp"

#include <algorithm>
#include <sstream>

namespace eoc::drills {

namespace {

std::string text(const nlohmann::json& props, const char* key) {
  auto it = props.find(key);
  return it != props.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long integer(const nlohmann::json& props, const char* key) {
  auto it = props.find(key);
  return it != props.end() && it->is_number() ? it->get<long long>() : 0;
}

Site site(const gis::Feature& f, const char* populationKey) {
  Site s;
  s.id = f.id;
  s.name = text(f.properties, "name");
  s.committee = text(f.properties, "committee");
  s.at = f.location();
  s.population = populationKey ? integer(f.properties, populationKey) : 0;
  s.status = text(f.properties, "status");
  return s;
}

std::vector<std::string> splitList(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

bool TeamSite::has(const std::string& specialty) const {
  return std::find(specialties.begin(), specialties.end(), specialty) != specialties.end();
}

Exposure exposureFrom(const gis::LayerCatalog& layers) {
  Exposure e;
  if (const auto* l = layers.find("committees"))
    for (const auto& f : l->features()) {
      Site s = site(f, "population");
      s.committee = f.id;
      auto lon = f.properties.find("office_lon"), lat = f.properties.find("office_lat");
      if (lon != f.properties.end() && lat != f.properties.end() && lon->is_number() && lat->is_number())
        s.at = GeoPoint{lon->get<double>(), lat->get<double>()};
      else
        s.at = gis::toGeoPoint(gis::Point((f.bbox.min_corner().x() + f.bbox.max_corner().x()) / 2,
                                          (f.bbox.min_corner().y() + f.bbox.max_corner().y()) / 2));
      e.committees.push_back(std::move(s));
    }
  if (const auto* l = layers.find("communities"))
    for (const auto& f : l->features()) e.communities.push_back(site(f, "population"));
  if (const auto* l = layers.find("shelters"))
    for (const auto& f : l->features()) {
      ShelterSite s;
      s.id = f.id;
      s.name = text(f.properties, "name");
      s.committee = text(f.properties, "committee");
      s.at = f.location();
      s.capacity = integer(f.properties, "capacity");
      s.shelterClass = text(f.properties, "class");
      s.open = text(f.properties, "status") != "closed";
      e.shelters.push_back(std::move(s));
    }
  if (const auto* l = layers.find("waterlogging"))
    for (const auto& f : l->features()) e.waterlogging.push_back(site(f, nullptr));
  if (const auto* l = layers.find("geohazards"))
    for (const auto& f : l->features()) e.geohazards.push_back(site(f, "threatened_people"));
  if (const auto* l = layers.find("teams"))
    for (const auto& f : l->features()) {
      TeamSite t;
      t.id = f.id;
      t.name = text(f.properties, "name");
      t.at = f.location();
      t.headcount = integer(f.properties, "headcount");
      t.specialties = splitList(text(f.properties, "specialties"));
      e.teams.push_back(std::move(t));
    }
  return e;
}

}  // namespace eoc::drills
