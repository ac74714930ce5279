#pragma once
// The plans use cases: browse the 12 plans, turn a warning or an incident into a stored plan
// activation, and tick its actions off. The activation engine is pure; this service adds ids,
// persistence (activation + audit entry in one transaction) and events.
#include <string>

#include <nlohmann/json.hpp>

#include "core/principal.hpp"
#include "plans/activation.hpp"
#include "plans/plan_book.hpp"
#include "service/service_context.hpp"
#include "store/activation_repository.hpp"

namespace eoc::service {

class PlansService {
 public:
  PlansService(ServiceContext& context, const plans::PlanBook& book, const plans::ActivationEngine& engine);

  nlohmann::json listPlans() const;
  nlohmann::json plan(const std::string& id) const;  // NotFound when unknown

  // POST /activations: parses and validates `body` (the one place: plans::parseActivationRequest),
  // computes the activation and, unless dryRun, stores it. Returns the activation with its id.
  nlohmann::json activate(const Principal& who, const nlohmann::json& body, bool dryRun,
                          const std::string& requestId);
  // The stored activation with each action's current status; NotFound when unknown.
  nlohmann::json activation(const std::string& id) const;
  // Marks action n (1-based, as numbered in the checklist) done / skipped / pending with a note; returns the updated activation.
  nlohmann::json setActionStatus(const Principal& who, const std::string& id, int n, const nlohmann::json& body,
                                 const std::string& requestId);

 private:
  ServiceContext& context_;
  const plans::PlanBook& book_;
  const plans::ActivationEngine& engine_;
  store::ActivationRepository& activations_;
};

}  // namespace eoc::service
