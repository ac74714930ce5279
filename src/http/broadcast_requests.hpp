#pragma once
// The broadcast area's requests as the HTTP edge reads them (syntax only: the body's JSON, its
// keys and types, the path's id); whether the caller may ack or close, and how long a note may be,
// is the use case's to decide (service/broadcast_service).
#include <string>

#include <nlohmann/json.hpp>

#include "service/broadcast_results.hpp"

namespace eoc::http {

// POST /warnings/{id}/ack: `body` is the parsed body ({} when empty): only an optional string "note".
service::AckRequest parseAckRequest(const std::string& warningId, const nlohmann::json& body);
// POST /escalations/{id}/close: a positive integer id, a body with a required non-empty "note".
service::CloseEscalationRequest parseCloseEscalation(const std::string& idText, const nlohmann::json& body);

}  // namespace eoc::http
