#include "plans/plan_book.hpp"

namespace eoc::plans {

PlanBook::PlanBook(std::vector<Plan> plans, std::map<std::string, std::string> units,
                   std::map<std::string, std::string> specialties, Hazards hazards, KnownNames known)
    : plans_(std::move(plans)),
      units_(std::move(units)),
      specialties_(std::move(specialties)),
      hazards_(std::move(hazards)),
      known_(std::move(known)) {}

const Plan* PlanBook::find(const std::string& id) const {
  for (const auto& plan : plans_)
    if (plan.id == id) return &plan;
  return nullptr;
}

std::string PlanBook::unitName(const std::string& key) const {
  const auto it = units_.find(key);
  return it == units_.end() ? key : it->second;
}

nlohmann::json PlanBook::summaryJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& plan : plans_) list.push_back(plan.summary);
  return {{"plans", list}};
}

const nlohmann::json* PlanBook::planJson(const std::string& id) const {
  const Plan* plan = find(id);
  return plan ? &plan->document : nullptr;
}

}  // namespace eoc::plans
