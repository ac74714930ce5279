#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace eoc::http {

void writeProblem(httplib::Response& res, ErrorCode code, const std::string& detail, const std::string& instance,
                  const std::string& requestId) {
  const auto& info = errorInfo(code);
  nlohmann::json body = {
      {"type", "https://eoc.shayibake.local/errors/" + std::string(info.name)},
      {"title", info.title},
      {"status", info.status},
      {"detail", detail},
      {"code", info.name},
      {"instance", instance},
  };
  if (!requestId.empty()) body["request_id"] = requestId;
  res.status = info.status;
  // The store is unreachable for a moment (PostgreSQL restarting, failing over, overloaded):
  // nothing was written, and a client should come back rather than give up. 5 s is about what a
  // failover to a standby or a server restart takes (docs/store-backends.md §4).
  if (code == ErrorCode::StorageUnavailable && !res.has_header("Retry-After")) res.set_header("Retry-After", "5");
  // Invalid UTF-8 from the client (echoed in detail) must not make rendering the error fail.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kProblemJson);
}

}  // namespace eoc::http
