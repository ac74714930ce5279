#pragma once
// ETA without a road graph (docs/design.md, "Teams"): turnout time, then the great-circle distance
// stretched by a circuity factor (Urumqi's streets wind round hills) at an assumed road speed.
// Every ETA carries the label of the method that produced it, so a screen never shows a guess
// as if it were a routed time.
#include <string>

#include "core/geo_point.hpp"

namespace eoc::teams {

struct EtaModel {
  double turnoutSeconds = 300;  // from notification to wheels rolling
  double circuity = 1.35;
  double speedKmh = 30;

  // "turnout 5 min + haversine × 1.35 ÷ 30 km/h"
  std::string method() const;
};

struct Eta {
  double seconds = 0;
  double straightMeters = 0;
  double roadMeters = 0;  // straight × circuity
};

Eta estimateEta(GeoPoint from, GeoPoint to, const EtaModel& model);

}  // namespace eoc::teams
