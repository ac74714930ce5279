#include "teams/eta.hpp"

#include <cstdio>

#include "gis/geodesy.hpp"

namespace eoc::teams {

std::string EtaModel::method() const {
  char text[96];
  std::snprintf(text, sizeof text, "turnout %g min + haversine × %g ÷ %g km/h", turnoutSeconds / 60, circuity,
                speedKmh);
  return text;
}

Eta estimateEta(GeoPoint from, GeoPoint to, const EtaModel& model) {
  Eta eta;
  eta.straightMeters = gis::haversineMeters(from, to);
  eta.roadMeters = eta.straightMeters * model.circuity;
  eta.seconds = model.turnoutSeconds + eta.roadMeters / (model.speedKmh / 3.6);
  return eta;
}

}  // namespace eoc::teams
