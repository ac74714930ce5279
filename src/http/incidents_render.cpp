#include "http/incidents_render.hpp"

#include <cmath>

namespace eoc::http {

using json = nlohmann::json;

json renderIncidentRecord(const store::IncidentRow& r) {
  json out = {{"id", r.id},
              {"type", r.type},
              {"location", json::array({r.lon, r.lat})},
              {"casualties", r.casualties},
              {"evacuated", r.evacuated},
              {"note", r.note},
              {"created_at", formatBeijing(r.createdAt)},
              {"created_by", r.createdBy},
              {"activation_id", r.activationId ? json(*r.activationId) : json()}};
  // What the desk gave only when it gave it, as the registration carried it.
  if (r.magnitude) out["magnitude"] = *r.magnitude;
  if (r.depthKm) out["depth_km"] = *r.depthKm;
  if (r.size) out["size"] = *r.size;
  if (r.areaKm2) out["area_km2"] = *r.areaKm2;
  if (r.occurredAt) out["time"] = *r.occurredAt;
  return out;
}

json renderIncident(const service::IncidentView& v) {
  json out = renderIncidentRecord(v.row);
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
