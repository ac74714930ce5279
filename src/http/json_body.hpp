#pragma once
// Request and response bodies as JSON: the one place that parses a request body (depth-limited,
// syntax errors become InvalidJson), the field readers every area's request parser uses (each
// failure an EocError naming the field), and the one way handlers answer with JSON.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/time.hpp"
#include "http/route_table.hpp"

namespace eoc::http {

// An empty body reads as {}; invalid JSON or nesting deeper than limits.maxJsonDepth throws
// EocError(InvalidJson) saying which.
nlohmann::json parseJsonBody(const std::string& body, const Limits& limits);
nlohmann::json parseJsonBody(const httplib::Request& req, const Limits& limits);

// --- reading fields of a parsed body (`field` is the name as the client wrote it) ---
// InvalidBody unless `value` is an object; UnknownProperty naming `prefix` + the first key not in
// `known`.
void requireObject(const nlohmann::json& value, const std::string& field, std::initializer_list<std::string_view> known,
                   const std::string& prefix = "");
// A non-empty string (InvalidBody otherwise).
std::string nonEmptyString(const nlohmann::json& value, const std::string& field);
// Absent or null → nullopt; otherwise a non-empty string.
std::optional<std::string> optionalNonEmptyString(const nlohmann::json& object, const std::string& key,
                                                  const std::string& field);
// A required Beijing time ("2026-07-12T15:00:00+08:00"): InvalidTime when missing, not a string or
// not in that form.
TimePoint beijingTime(const nlohmann::json& object, const std::string& key);
// Invalid UTF-8 inside strings is replaced rather than failing the response.
void replyJson(RequestContext& ctx, const nlohmann::json& body, int status = 200);

}  // namespace eoc::http
