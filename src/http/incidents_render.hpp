#pragma once
// The one JSON shape of an incident with its activation and dispatch times.
#include <nlohmann/json.hpp>

#include "service/incidents_results.hpp"

namespace eoc::http {

// The register's row as served: type, location [lon, lat], casualties, evacuated, note, what else
// the desk gave (magnitude, depth_km, size, area_km2, time), created_at/by, activation_id.
nlohmann::json renderIncidentRecord(const store::IncidentRow& row);
nlohmann::json renderIncident(const service::IncidentView& incident);

}  // namespace eoc::http
