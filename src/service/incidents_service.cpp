#include "service/incidents_service.hpp"

#include <memory>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "plans/levels.hpp"
#include "service/teams_service.hpp"
#include "store/activation_repository.hpp"

namespace eoc::service {

namespace {

using json = nlohmann::json;

// How far back the desk may say it first knew of an incident: further is a typo, and would put
// every deadline long past at once.
constexpr auto kMaxFirstKnownBack = std::chrono::hours(24 * 30);

// The audit entry of a registration: what the desk said and what eoc decided.
json auditOf(const store::IncidentRow& row) {
  return {{"type", row.type},
          {"location", json::array({row.lon, row.lat})},
          {"casualties", row.casualties},
          {"evacuated", row.evacuated},
          {"note", row.note},
          {"level", row.level ? json(*row.level) : json()},
          {"first_known_at", formatBeijing(row.firstKnownAt)},
          {"activation_id", row.activationId ? json(*row.activationId) : json()}};
}

}  // namespace

IncidentsService::IncidentsService(ServiceContext& context, const plans::ActivationEngine& engine, TeamsService& teams)
    : ctx_(context), engine_(engine), teams_(teams), repo_(context.store.incidents()) {}

void IncidentsService::setRegisteredListener(std::function<void(const std::string&)> listener) {
  registered_ = std::move(listener);
}

IncidentView IncidentsService::create(const Principal& who, const CreateIncidentRequest& request,
                                      const std::string& requestId) {
  TimePoint now = ctx_.clock.now();
  if (request.firstKnownAt) {
    if (*request.firstKnownAt > now) throw EocError(ErrorCode::InvalidTime, "first_known_at: is in the future");
    if (now - *request.firstKnownAt > kMaxFirstKnownBack)
      throw EocError(ErrorCode::InvalidTime, "first_known_at: more than 30 days ago");
  }
  if (request.level && !plans::parseLevel(*request.level))
    throw EocError(ErrorCode::UnknownLevel, "level: \"" + *request.level + "\" is not one of I, II, III, IV");

  json activation = plans::toJson(engine_.activate(plans::ActivationInput{request.input}));
  std::string id = "i" + randomHex(6);
  std::string activationId = "a" + randomHex(6);
  activation["id"] = activationId;
  std::optional<std::string> level = request.level;
  if (!level && activation.contains("level") && activation["level"].is_string())
    level = activation["level"].get<std::string>();

  const auto& in = request.input;
  store::IncidentRow row;
  row.id = id;
  row.createdAt = now;
  row.createdBy = who.label();
  row.type = in.type;
  row.lon = in.location.lon;
  row.lat = in.location.lat;
  row.casualties = in.casualties;
  row.evacuated = in.evacuated;
  row.note = request.note;
  row.magnitude = in.magnitude;
  row.depthKm = in.depthKm;
  row.size = in.size;
  row.areaKm2 = in.areaKm2;
  row.occurredAt = request.time;
  row.activationId = activationId;
  row.activation = activation;
  row.firstKnownAt = request.firstKnownAt.value_or(now);
  row.level = level;
  size_t actions = activation.contains("actions") ? activation["actions"].size() : 0;
  ctx_.db.write([&](store::Transaction& tx) {
    repo_.insert(tx, row);
    ctx_.store.activations().insert(tx, store::ActivationRecord{activationId, now, store::ActivationSource::Incident,
                                                                id, false, activation, actions});
    ctx_.audit.append(tx, {now, who.label(), "incident.create", id, nullptr, auditOf(row), requestId});
  });
  IncidentView view{row, {}, teams_.etaMethod()};
  Event created{"incident.created", "", false, nullptr};
  created.payload = std::make_shared<const IncidentView>(view);  // rendered as GET /incidents/{id} renders it
  ctx_.events.publish(std::move(created));
  if (registered_) registered_(id);
  return view;
}

IncidentView IncidentsService::incident(const std::string& id) const {
  auto row = repo_.find(id);
  if (!row) throw EocError(ErrorCode::NotFound, "no incident \"" + id + "\"");
  IncidentView view{std::move(*row), {}, teams_.etaMethod()};
  for (auto& d : ctx_.store.teams().dispatches(id)) {
    const auto* team = teams_.findTeam(d.teamId);
    view.dispatches.push_back({std::move(d), team ? team->name : "", team ? team->headcount : 0});
  }
  return view;
}

IncidentView IncidentsService::dispatch(const Principal& who, const DispatchIncidentRequest& request,
                                        const std::string& requestId) {
  if (who.role != Role::DutyOfficer) throw EocError(ErrorCode::Forbidden, "only a duty officer dispatches teams");
  auto row = repo_.find(request.incidentId);
  if (!row) throw EocError(ErrorCode::NotFound, "no incident \"" + request.incidentId + "\"");
  if (row->state != "open")
    throw EocError(ErrorCode::InvalidTransition, "incident " + request.incidentId + " is closed");
  GeoPoint scene{row->lon, row->lat};
  teams_.dispatchTo(who, request.incidentId, scene, request.teams, requestId);
  auto out = incident(request.incidentId);
  ctx_.events.publish(
      Event{"incident.dispatched", "", false, {{"incident", request.incidentId}, {"teams", request.teams.teams}}});
  return out;
}

}  // namespace eoc::service
