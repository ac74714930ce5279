#include "plans/activation.hpp"

namespace eoc::plans {

using nlohmann::json;

namespace {

json point(const gis::Feature& f) { return json::array({f.point.x(), f.point.y()}); }

json property(const gis::Feature& f, const char* name) {
  const auto it = f.properties.find(name);
  return it != f.properties.end() ? *it : json();
}

json exposed(const ExposedFeature& e, std::initializer_list<const char*> fields) {
  json out = {{"id", e.feature->id}, {"name", property(*e.feature, "name")}, {"location", point(*e.feature)}};
  for (const char* field : fields) out[field] = property(*e.feature, field);
  if (e.distanceMeters) out["distance_m"] = std::round(*e.distanceMeters);
  out["because"] = e.because;
  return out;
}

}  // namespace

json toJson(const Activation& a) {
  json plans = json::array();
  for (const auto& p : a.plans)
    plans.push_back({{"id", p.id}, {"kind", p.kind}, {"title", p.title}, {"level", levelKey(p.level)},
                     {"level_name", levelName(p.level)}, {"because", p.because}});
  json actions = json::array();
  for (const auto& x : a.actions)
    actions.push_back({{"n", x.n}, {"plan", x.plan}, {"what", x.what}, {"unit", x.unit}, {"unit_name", x.unitName},
                       {"deadline_min", x.deadlineMin}, {"concerns", x.concerns.empty() ? json() : json(x.concerns)},
                       {"status", "pending"}, {"because", x.because}});
  json waterlogging = json::array(), geohazards = json::array(), shelters = json::array(), committees = json::array();
  for (const auto& e : a.waterlogging) waterlogging.push_back(exposed(e, {"cause", "road", "committee"}));
  for (const auto& e : a.geohazards) geohazards.push_back(exposed(e, {"type", "threatened_people", "committee"}));
  for (const auto& e : a.shelters) shelters.push_back(exposed(e, {"class", "capacity", "service_radius_m", "status", "committee"}));
  for (const auto& c : a.committees)
    committees.push_back({{"code", c.feature->id}, {"name", property(*c.feature, "name")},
                          {"population", property(*c.feature, "population")}, {"exposed_population", c.exposedPopulation}});
  json toOpen = json::array();
  for (const auto& s : a.sheltersToOpen)
    toOpen.push_back({{"id", s.feature->id}, {"name", property(*s.feature, "name")}, {"location", point(*s.feature)},
                      {"class", s.shelterClass}, {"capacity", s.capacity}, {"service_radius_m", s.serviceRadiusMeters},
                      {"people", s.people}, {"because", s.because}});
  json needs = json::array();
  for (const auto& n : a.teamNeeds) {
    json teams = json::array();
    long long covered = 0;
    for (const auto& t : n.teams) {
      teams.push_back({{"id", t.feature->id}, {"name", property(*t.feature, "name")}, {"headcount", t.headcount},
                       {"distance_m", std::round(t.distanceMeters)}});
      covered += t.headcount;
    }
    needs.push_back({{"specialty", n.specialty}, {"specialty_name", n.specialtyName}, {"people", n.people},
                     {"because", n.because}, {"teams", teams}, {"covered", covered},
                     {"uncovered", std::max(0LL, n.people - covered)}});
  }
  json out = {{"plans", plans},
              {"level", a.level ? json(levelKey(*a.level)) : json()},
              {"level_name", a.level ? json(levelName(*a.level)) : json()},
              {"actions", actions},
              {"exposed", {{"waterlogging", waterlogging},
                           {"geohazards", geohazards},
                           {"shelters", shelters},
                           {"committees", committees},
                           {"communities_population", a.communitiesPopulation}}},
              {"people_to_shelter", a.peopleToShelter},
              {"people_to_shelter_because", a.peopleToShelterBecause},
              {"shelters_to_open", toOpen},
              {"shortfall", a.shortfall},
              {"team_needs", needs}};
  if (a.radiusMeters > 0) out["radius_m"] = a.radiusMeters;
  return out;
}

std::map<std::string, std::vector<ExposedPoint>> exposedPoints(const json& stored) {
  std::map<std::string, std::vector<ExposedPoint>> out;
  auto section = stored.find("exposed");
  if (section == stored.end() || !section->is_object()) return out;
  for (const auto& [layer, points] : section->items()) {
    // Only the point layers: the exposed committees and communities carry no location.
    if (!points.is_array()) continue;
    for (const auto& point : points) {
      auto loc = point.find("location");
      if (loc == point.end() || !loc->is_array()) continue;
      const json& name = point.contains("name") && point["name"].is_string() ? point["name"] : json("");
      out[layer].push_back({point.at("id").get<std::string>(), name.get<std::string>(),
                            GeoPoint{loc->at(0).get<double>(), loc->at(1).get<double>()}});
    }
  }
  return out;
}

}  // namespace eoc::plans
