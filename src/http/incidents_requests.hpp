#pragma once
// The incident register's requests as the HTTP edge reads them. The incident itself is checked by
// the plans module (type, location inside the district, size, casualties: the one place that
// checks an incident, plans::parseActivationRequest); first_known_at and level are the register's.
#include <nlohmann/json.hpp>
#include <string>

#include "core/config.hpp"
#include "plans/activation.hpp"
#include "service/incidents_service.hpp"

namespace eoc::http {

service::CreateIncidentRequest parseCreateIncident(nlohmann::json body, const plans::ActivationEngine& engine,
                                                   const Limits& limits);
service::DispatchIncidentRequest parseDispatchIncident(const std::string& incidentId, const nlohmann::json& body);

}  // namespace eoc::http
