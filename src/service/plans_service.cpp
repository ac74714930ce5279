#include "service/plans_service.hpp"

#include <variant>

#include "core/error.hpp"
#include "core/random_id.hpp"

namespace eoc::service {

PlansService::PlansService(ServiceContext& context, const plans::PlanBook& book, const plans::ActivationEngine& engine)
    : context_(context), book_(book), engine_(engine), activations_(context.store.activations()) {}

nlohmann::json PlansService::listPlans() const { return book_.summaryJson(); }

nlohmann::json PlansService::plan(const std::string& id) const {
  const auto* plan = book_.planJson(id);
  if (!plan) throw EocError(ErrorCode::NotFound, "no plan \"" + id + "\"");
  return *plan;
}

nlohmann::json PlansService::activate(const Principal& who, const nlohmann::json& body, bool dryRun,
                                      const std::string& requestId) {
  auto input = plans::parseActivationRequest(body, engine_, context_.config.limits);
  auto result = plans::toJson(engine_.activate(input));
  bool fromIncident = std::holds_alternative<plans::IncidentInput>(input);
  auto now = context_.clock.now();
  std::string id = "A" + formatBeijingCompact(now) + "-" + randomHex(3);
  result["id"] = id;
  result["created_at"] = formatBeijing(now);
  result["source"] = fromIncident ? "incident" : "warning";
  result["input"] = body;
  if (dryRun) {
    result["dry_run"] = true;
    return result;
  }
  store::ActivationRecord record;
  record.id = id;
  record.createdAt = now;
  record.source = fromIncident ? store::ActivationSource::Incident : store::ActivationSource::Warning;
  record.body = result;
  record.actionCount = result.value("actions", nlohmann::json::array()).size();
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

nlohmann::json PlansService::activation(const std::string& id) const {
  auto record = activations_.find(id);
  if (!record) throw EocError(ErrorCode::NotFound, "no activation \"" + id + "\"");
  auto body = record->body;
  body["exercise"] = record->exercise;
  auto statuses = activations_.actionStatuses(id);
  auto& actions = body["actions"];
  for (const auto& s : statuses) {
    if (!actions.is_array() || size_t(s.n) >= actions.size()) continue;
    auto& action = actions[size_t(s.n)];
    action["status"] = std::string(store::actionStateName(s.state));
    if (!s.note.empty()) action["note"] = s.note;
    if (!s.byActor.empty()) action["by"] = s.byActor;
    if (s.at) action["at"] = *s.at;
  }
  return body;
}

nlohmann::json PlansService::setActionStatus(const Principal& who, const std::string& id, int n,
                                             const nlohmann::json& body, const std::string& requestId) {
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "body: expected an object {\"status\", \"note\"}");
  auto statusIt = body.find("status");
  if (statusIt == body.end() || !statusIt->is_string())
    throw EocError(ErrorCode::InvalidBody, "status: required, one of done, skipped, pending");
  auto state = store::parseActionState(statusIt->get<std::string>());
  if (!state)
    throw EocError(ErrorCode::InvalidBody,
                   "status: \"" + statusIt->get<std::string>() + "\" is not one of done, skipped, pending");
  std::string note;
  if (auto it = body.find("note"); it != body.end()) {
    if (!it->is_string()) throw EocError(ErrorCode::InvalidBody, "note: expected a string");
    note = it->get<std::string>();
    if (note.size() > 2000) throw EocError(ErrorCode::InvalidBody, "note: longer than 2000 bytes");
  }
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
