#pragma once
// What the incident use cases answer (service/incidents_service.hpp): the register's row (its
// stored document and activation), and each dispatch with the team's name and headcount.
// http/incidents_render.cpp renders them.
#include <string>
#include <vector>

#include "store/incident_repository.hpp"
#include "store/team_repository.hpp"

namespace eoc::service {

struct DispatchView {
  store::DispatchRecord record;
  std::string teamName;  // "" for a team no longer on the roster
  int headcount = 0;
};

struct IncidentView {
  store::IncidentRow row;
  std::vector<DispatchView> dispatches;
  std::string etaMethod;
};

}  // namespace eoc::service
