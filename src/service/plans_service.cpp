#include "service/plans_service.hpp"

#include <variant>

#include "core/error.hpp"
#include "core/random_id.hpp"

namespace eoc::service {

PlansService::PlansService(ServiceContext& context, const plans::PlanBook& book, const plans::ActivationEngine& engine)
    : context_(context), book_(book), engine_(engine), activations_(context.store.activations()) {}

PlanList PlansService::listPlans() const { return {&book_.plans()}; }

const plans::Plan& PlansService::plan(const std::string& id) const {
  const auto* plan = book_.find(id);
  if (!plan) throw EocError(ErrorCode::NotFound, "no plan \"" + id + "\"");
  return *plan;
}

ActivationView PlansService::activate(const Principal& who, const plans::ActivationRequest& request,
                                      const std::string& requestId) {
  const nlohmann::json& body = request.body;
  auto input = plans::parseActivationRequest(body, engine_, context_.config.limits);
  auto result = plans::toJson(engine_.activate(input));
  bool fromIncident = std::holds_alternative<plans::IncidentInput>(input);
  auto now = context_.clock.now();
  // Appended piece by piece: `"A" + std::string&&` trips GCC 12's -Wrestrict in Release (bug 105329).
  std::string id = "A";
  id += formatBeijingCompact(now);
  id += "-";
  id += randomHex(3);
  result["id"] = id;
  result["created_at"] = formatBeijing(now);
  result["source"] = fromIncident ? "incident" : "warning";
  result["input"] = body;
  store::ActivationRecord record;
  record.id = id;
  record.createdAt = now;
  record.source = fromIncident ? store::ActivationSource::Incident : store::ActivationSource::Warning;
  record.body = result;
  record.actionCount = result.value("actions", nlohmann::json::array()).size();
  if (request.dryRun) return {record, {}, true};
  context_.db.write([&](store::Transaction& tx) {
    activations_.insert(tx, record);
    context_.audit.append(tx, store::AuditEntry{now, who.label(), "activation.create", id, nullptr,
                                                {{"plans", result["plans"]}, {"level", result.value("level", "")}},
                                                requestId});
  });
  context_.events.publish(Event{"activation.created", "", false,
                                {{"id", id}, {"plans", result["plans"]}, {"level", result.value("level", "")}}});
  return activation(id);
}

ActivationView PlansService::activation(const std::string& id) const {
  auto record = activations_.find(id);
  if (!record) throw EocError(ErrorCode::NotFound, "no activation \"" + id + "\"");
  return {*record, activations_.actionStatuses(id), false};
}

ActivationView PlansService::setActionStatus(const Principal& who, const plans::ActionStatusRequest& request,
                                             const std::string& requestId) {
  const std::string& id = request.activationId;
  const int n = request.n;
  const std::string& note = request.note;
  auto state = store::parseActionState(request.status);
  if (!state)
    throw EocError(ErrorCode::InvalidBody, "status: \"" + request.status + "\" is not one of done, skipped, pending");
  if (*state == store::ActionState::Skipped && note.empty())
    throw EocError(ErrorCode::InvalidBody, "note: say why the action is skipped");
  auto now = context_.clock.now();
  bool found = activations_.find(id).has_value();
  if (!found) throw EocError(ErrorCode::NotFound, "no activation \"" + id + "\"");
  context_.db.write([&](store::Transaction& tx) {
    // The checklist numbers actions from 1; the store indexes them from 0.
    if (n < 1 || !activations_.setActionStatus(tx, id, n - 1, *state, note, who.label(), now))
      throw EocError(ErrorCode::NotFound, "activation " + id + " has no action " + std::to_string(n));
    context_.audit.append(tx, store::AuditEntry{now, who.label(), "activation.action", id + "#" + std::to_string(n),
                                                nullptr,
                                                {{"status", std::string(store::actionStateName(*state))}, {"note", note}},
                                                requestId});
  });
  context_.events.publish(Event{"activation.action", "", false,
                                {{"id", id}, {"n", n}, {"status", std::string(store::actionStateName(*state))}}});
  return activation(id);
}

}  // namespace eoc::service
