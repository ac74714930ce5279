#pragma once
// Request and response bodies as JSON: the one place that parses a request body (depth-limited,
// syntax errors become InvalidJson) and the one way handlers answer with JSON.
#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "http/route_table.hpp"

namespace eoc::http {

// An empty body reads as {}; invalid JSON or nesting deeper than limits.maxJsonDepth throws
// EocError(InvalidJson) saying which.
nlohmann::json parseJsonBody(const httplib::Request& req, const Limits& limits);
// Invalid UTF-8 inside strings is replaced rather than failing the response.
void replyJson(RequestContext& ctx, const nlohmann::json& body, int status = 200);

}  // namespace eoc::http
