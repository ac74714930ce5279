#include "http/incidents_requests.hpp"

#include <variant>

#include "core/error.hpp"
#include "teams/requests.hpp"

namespace eoc::http {

using json = nlohmann::json;

service::CreateIncidentRequest parseCreateIncident(json body, const plans::ActivationEngine& engine,
                                                   const Limits& limits) {
  service::CreateIncidentRequest r;
  if (body.is_object()) {
    if (auto it = body.find("first_known_at"); it != body.end()) {
      if (!it->is_string()) throw EocError(ErrorCode::InvalidTime, "first_known_at: must be an ISO 8601 time text");
      auto t = parseIso8601(it->get<std::string>());
      if (!t)
        throw EocError(ErrorCode::InvalidTime,
                       "first_known_at: \"" + it->get<std::string>() + "\" is not an ISO 8601 time with its offset");
      r.firstKnownAt = t;
      body.erase(it);
    }
    if (auto it = body.find("level"); it != body.end()) {
      if (!it->is_string()) throw EocError(ErrorCode::UnknownLevel, "level: must be one of I, II, III, IV");
      r.level = it->get<std::string>();
      body.erase(it);
    }
    if (auto it = body.find("time"); it != body.end() && it->is_string()) r.time = it->get<std::string>();
  }
  auto [request, note] = teams::splitIncidentNote(body);
  r.input = std::get<plans::IncidentInput>(plans::parseActivationRequest(request, engine, limits));
  r.note = note;
  return r;
}

service::DispatchIncidentRequest parseDispatchIncident(const std::string& incidentId, const json& body) {
  return service::DispatchIncidentRequest{incidentId, teams::parseDispatchRequest(body)};
}

}  // namespace eoc::http
