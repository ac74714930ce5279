#include <cmath>
#include <map>

#include "drills/impact.hpp"

namespace eoc::drills {

namespace {

SiteIntensity measure(const IntensityField& field, const std::string& id, const std::string& name,
                      const std::string& committee, GeoPoint at) {
  double value = field.at(at);
  return SiteIntensity{id, name, committee, value, intensityDegree(value)};
}

std::vector<SiteIntensity> measureSites(const IntensityField& field, const std::vector<Site>& sites) {
  std::vector<SiteIntensity> out;
  out.reserve(sites.size());
  for (const auto& s : sites) out.push_back(measure(field, s.id, s.name, s.committee, s.at));
  return out;
}

long long ceilDiv(long long a, long long b) { return b <= 0 ? 0 : (a + b - 1) / b; }

}  // namespace

MinimumNeeds weeklyNeeds(long long displaced, const NeedsRates& rates) {
  MinimumNeeds n;
  n.riceKg = static_cast<double>(displaced) * rates.riceKg;
  n.drinkingWaterL = static_cast<double>(displaced) * rates.drinkingWaterL;
  n.cleanWaterL = static_cast<double>(displaced) * rates.cleanWaterL;
  n.familyKits = ceilDiv(displaced, rates.peoplePerFamilyKit);
  n.toilets = ceilDiv(displaced, rates.peoplePerToilet);
  return n;
}

PopulationByDegree exposedByDegree(const IntensityField& field, const std::vector<PopulationCell>& cells) {
  PopulationByDegree sums{};
  for (const auto& cell : cells) sums[static_cast<size_t>(intensityDegree(field.at(cell.at)))] += cell.population;
  return sums;
}

EarthquakeImpact assessEarthquake(const Scenario& scenario, const Exposure& exposure, const NeedsRates& rates) {
  EarthquakeImpact impact;
  impact.size = scenario.earthquake.value_or(EarthquakeSize{});
  impact.epicentre = scenario.location;
  IntensityField field(scenario.location, impact.size.magnitude, impact.size.strikeDegrees);
  impact.epicentralIntensity = epicentralIntensity(impact.size.magnitude);
  impact.peakIntensity = field.peak();

  impact.committees = measureSites(field, exposure.committees);
  impact.communities = measureSites(field, exposure.communities);
  impact.waterlogging = measureSites(field, exposure.waterlogging);
  impact.geohazards = measureSites(field, exposure.geohazards);
  for (const auto& s : exposure.shelters) impact.shelters.push_back(measure(field, s.id, s.name, s.committee, s.at));

  // Displaced people per committee come from its communities' degrees.
  std::map<std::string, long long> displacedBy;
  for (size_t i = 0; i < exposure.communities.size(); ++i) {
    const auto& c = exposure.communities[i];
    int degree = impact.communities[i].degree;
    impact.populationByDegree[static_cast<size_t>(degree)] += static_cast<double>(c.population);
    if (degree >= kDisplacedFromDegree) {
      impact.displaced += c.population;
      displacedBy[c.committee] += c.population;
    }
  }
  impact.needs = weeklyNeeds(impact.displaced, rates);

  for (const auto& g : impact.geohazards)
    if (g.degree >= kGeohazardTriggerDegree) impact.geohazardsTriggered.push_back(g.id);

  for (const auto& committee : exposure.committees) {
    CommitteeShelterBalance b;
    b.committee = committee.committee.empty() ? committee.id : committee.committee;
    b.name = committee.name;
    b.displaced = displacedBy[b.committee];
    for (size_t i = 0; i < exposure.shelters.size(); ++i) {
      const auto& s = exposure.shelters[i];
      if (s.committee != b.committee || !s.open || impact.shelters[i].degree > impact.size.shelterMaxDegree) continue;
      b.usableCapacity += s.capacity;
      b.usableShelters.push_back(s.id);
    }
    b.shortfall = std::max(0LL, b.displaced - b.usableCapacity);
    impact.shortfall += b.shortfall;
    impact.shelterBalance.push_back(std::move(b));
  }
  return impact;
}

}  // namespace eoc::drills
