#include "http/plans_render.hpp"

#include <string>

namespace eoc::http {

using nlohmann::json;

json renderPlanList(const service::PlanList& list) {
  json out = json::array();
  if (list.plans)
    for (const auto& plan : *list.plans) out.push_back(plan.summary);
  return {{"plans", out}};
}

json renderPlan(const plans::Plan& plan) { return plan.document; }

json renderActivation(const service::ActivationView& view) {
  json body = view.record.body;
  if (view.dryRun) {
    body["dry_run"] = true;
    return body;
  }
  body["exercise"] = view.record.exercise;
  auto& actions = body["actions"];
  for (const auto& s : view.statuses) {
    if (!actions.is_array() || size_t(s.n) >= actions.size()) continue;
    auto& action = actions[size_t(s.n)];
    action["status"] = std::string(store::actionStateName(s.state));
    if (!s.note.empty()) action["note"] = s.note;
    if (!s.byActor.empty()) action["by"] = s.byActor;
    if (s.at) action["at"] = *s.at;
  }
  return body;
}

}  // namespace eoc::http
