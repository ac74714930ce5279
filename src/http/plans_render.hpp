#pragma once
// The plans area at the HTTP edge: typed results → the JSON the API answers. The one renderer
// of the area (plan documents and summaries are served as the plan files give them).
#include <nlohmann/json.hpp>

#include "service/plans_results.hpp"

namespace eoc::http {

nlohmann::json renderPlanList(const service::PlanList& list);  // GET /plans
nlohmann::json renderPlan(const plans::Plan& plan);            // GET /plans/{id}
// GET /activations/{id} and the answers of POST /activations (dry runs included) and of an
// action's change: the stored document with "exercise" and each action's status.
nlohmann::json renderActivation(const service::ActivationView& view);

}  // namespace eoc::http
