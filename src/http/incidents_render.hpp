#pragma once
// The one JSON shape of an incident with its activation and dispatch times.
#include <nlohmann/json.hpp>

#include "service/incidents_results.hpp"

namespace eoc::http {

nlohmann::json renderIncident(const service::IncidentView& incident);

}  // namespace eoc::http
