#include "http/plans_requests.hpp"

#include "core/error.hpp"

namespace eoc::http {

plans::ActionStatusRequest parseActionStatusRequest(std::string activationId, int n, const nlohmann::json& body) {
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "body: expected an object {\"status\", \"note\"}");
  auto statusIt = body.find("status");
  if (statusIt == body.end() || !statusIt->is_string())
    throw EocError(ErrorCode::InvalidBody, "status: required, one of done, skipped, pending");
  plans::ActionStatusRequest request{std::move(activationId), n, statusIt->get<std::string>(), ""};
  if (auto it = body.find("note"); it != body.end()) {
    if (!it->is_string()) throw EocError(ErrorCode::InvalidBody, "note: expected a string");
    request.note = it->get<std::string>();
    if (request.note.size() > 2000) throw EocError(ErrorCode::InvalidBody, "note: longer than 2000 bytes");
  }
  return request;
}

}  // namespace eoc::http
