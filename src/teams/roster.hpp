#pragma once
// The response teams as the office registered them: built once at startup from the `teams`
// layer (one home-base point per team) and immutable afterwards. What changes (status,
// position) lives elsewhere.
#include <chrono>
#include <string>
#include <vector>

#include "core/geo_point.hpp"
#include "gis/layer.hpp"
#include "teams/specialties.hpp"

namespace eoc::teams {

struct Team {
  std::string id;  // "T07"
  std::string name;
  std::string unit;       // owning committee code or department key
  std::string committee;  // committee the home base lies in
  int headcount = 0;
  SpecialtyMask specialties = 0;
  std::vector<std::string> equipment;
  int vehicles = 0;
  GeoPoint home;
  std::string leader;
  std::string phone;                   // as registered; never logged or published unmasked
  std::chrono::seconds reportInterval{300};  // expected rhythm of position reports

  bool has(SpecialtyMask wanted) const { return (specialties & wanted) == wanted; }
};

// Builds the roster from the layer's features, in layer order. Throws EocError(InvalidParameter)
// naming the layer, feature and field when a specialty key is unknown, the list is empty, the
// headcount or interval is not positive, or a team id repeats.
std::vector<Team> buildRoster(const gis::Layer& layer);

// "13312345678" -> "133****5678": keeps the first 3 and last 4 characters, masks the rest.
// Short numbers are masked entirely. Idempotent on an already-masked number.
std::string maskPhone(const std::string& phone);

}  // namespace eoc::teams
