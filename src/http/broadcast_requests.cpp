#include "http/broadcast_requests.hpp"

#include <cstdint>

#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"

namespace eoc::http {

namespace {

// The note of either body: absent means "" (the use cases decide whether that is allowed).
std::string noteOf(const nlohmann::json& body) {
  requireObject(body, "body", {"note"});
  auto it = body.find("note");
  if (it == body.end()) return "";
  if (!it->is_string()) throw EocError(ErrorCode::InvalidBody, "note: must be a string");
  return it->get<std::string>();
}

}  // namespace

service::AckRequest parseAckRequest(const std::string& warningId, const nlohmann::json& body) {
  return service::AckRequest{warningId, noteOf(body)};
}

service::CloseEscalationRequest parseCloseEscalation(const std::string& idText, const nlohmann::json& body) {
  service::CloseEscalationRequest request;
  request.id = parseInteger("id", idText, 1, INT64_MAX);
  request.note = noteOf(body);
  if (request.note.empty()) throw EocError(ErrorCode::InvalidBody, "note: required");
  return request;
}

}  // namespace eoc::http
