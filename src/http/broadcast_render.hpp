#pragma once
// The broadcast area at the HTTP edge, last step of the road: typed results → the JSON the API
// answers and the "escalation.*" events carry. The one renderer of the area's JSON (the ack
// link's phone page is http/ack_link_render).
#include <vector>

#include <nlohmann/json.hpp>

#include "service/broadcast_results.hpp"

namespace eoc::http {

nlohmann::json renderAckOutcome(const service::AckOutcome& outcome);        // POST /warnings/{id}/ack
nlohmann::json renderDeliveryReport(const service::DeliveryReport& report);  // GET /warnings/{id}/deliveries
nlohmann::json renderEscalation(const service::EscalationView& view);        // one escalation, events
// GET /escalations without the duty desk's "reports" (the route adds them).
nlohmann::json renderEscalationList(const std::vector<service::EscalationView>& list);

}  // namespace eoc::http
