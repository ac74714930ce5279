#pragma once
// The plans area at the HTTP edge, step one of the road: request bodies → the typed requests of
// plans/activation.hpp. Syntax only; every failure throws EocError naming the field.
#include <nlohmann/json.hpp>
#include <string>

#include "plans/activation.hpp"

namespace eoc::http {

// {"status": "done"|"skipped"|"pending", "note": "..."}
plans::ActionStatusRequest parseActionStatusRequest(std::string activationId, int n, const nlohmann::json& body);

}  // namespace eoc::http
