#pragma once
// The plans use cases: browse the 12 plans, turn a warning or an incident into a stored plan
// activation, and tick its actions off. The activation engine is pure; this service adds ids,
// persistence (activation + audit entry in one transaction) and events. Answers are typed
// (service/plans_results.hpp).
#include <string>

#include "core/principal.hpp"
#include "plans/activation.hpp"
#include "plans/plan_book.hpp"
#include "service/plans_results.hpp"
#include "service/service_context.hpp"
#include "store/activation_repository.hpp"

namespace eoc::service {

class PlansService {
 public:
  PlansService(ServiceContext& context, const plans::PlanBook& book, const plans::ActivationEngine& engine);

  PlanList listPlans() const;
  const plans::Plan& plan(const std::string& id) const;  // NotFound when unknown

  // POST /activations: checks the body (the one place: plans::parseActivationRequest), computes
  // the activation and, unless dryRun, stores it with its audit entry.
  ActivationView activate(const Principal& who, const plans::ActivationRequest& request, const std::string& requestId);
  // The stored activation with each action's current status; NotFound when unknown.
  ActivationView activation(const std::string& id) const;
  // Marks an action done / skipped / pending with a note; returns the updated activation.
  ActivationView setActionStatus(const Principal& who, const plans::ActionStatusRequest& request,
                                 const std::string& requestId);

 private:
  ServiceContext& context_;
  const plans::PlanBook& book_;
  const plans::ActivationEngine& engine_;
  store::ActivationRepository& activations_;
};

}  // namespace eoc::service
