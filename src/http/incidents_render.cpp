#include "http/incidents_render.hpp"

#include <cmath>

namespace eoc::http {

using json = nlohmann::json;

json renderIncident(const service::IncidentView& v) {
  json out = v.row.body.is_object() ? v.row.body : json::object();
  out["activation"] = v.row.activation;
  json dispatches = json::array();
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(); };
  for (const auto& d : v.dispatches) {
    const auto& r = d.record;
    dispatches.push_back({{"team", r.teamId},
                          {"name", d.teamName},
                          {"headcount", d.headcount},
                          {"dispatched_at", formatBeijing(r.dispatchedAt)},
                          {"by", r.byActor},
                          {"forced", r.forced},
                          {"reason", r.reason},
                          {"eta_s", r.etaSeconds ? json(std::round(*r.etaSeconds)) : json()},
                          {"eta_method", v.etaMethod},
                          {"notified_at", opt(r.notifiedAt)},
                          {"en_route_at", opt(r.enRouteAt)},
                          {"on_scene_at", opt(r.onSceneAt)}});
  }
  out["dispatches"] = dispatches;
  return out;
}

}  // namespace eoc::http
