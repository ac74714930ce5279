#pragma once
// What the plans use cases answer: typed results, rendered to JSON only at the HTTP edge
// (http/plans_render.hpp).
#include <vector>

#include "plans/plan.hpp"
#include "store/activation_repository.hpp"

namespace eoc::service {

// GET /plans (summaries) and GET /plans/{id} (the document) read the loaded plans.
struct PlanList {
  const std::vector<plans::Plan>* plans = nullptr;  // the plan book's, id order; lives as long as eoc
};

// GET /activations/{id}, and the answer of POST /activations and of an action's change.
struct ActivationView {
  store::ActivationRecord record;              // the activation document as stored (or computed)
  std::vector<store::ActionStatus> statuses;   // each action's current status, in order of n
  bool dryRun = false;                         // computed, not stored
};

}  // namespace eoc::service
