#include "service/incidents_service.hpp"

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

// The incident as stored and served: what the desk said, validated by the plans module.
json document(const CreateIncidentRequest& r) {
  const auto& in = r.input;
  json doc = {{"type", in.type},
              {"location", json::array({in.location.lon, in.location.lat})},
              {"casualties", in.casualties},
              {"evacuated", in.evacuated},
              {"note", r.note}};
  if (in.magnitude) doc["magnitude"] = *in.magnitude;
  if (in.depthKm) doc["depth_km"] = *in.depthKm;
  if (in.size) doc["size"] = *in.size;
  if (in.areaKm2) doc["area_km2"] = *in.areaKm2;
  if (r.time) doc["time"] = *r.time;
  return doc;
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

  store::IncidentRow row;
  row.id = id;
  row.createdAt = now;
  row.createdBy = who.label();
  row.body = document(request);
  row.body["id"] = id;
  row.body["created_at"] = formatBeijing(now);
  row.body["created_by"] = who.label();
  row.body["activation_id"] = activationId;
  row.activation = activation;
  row.firstKnownAt = request.firstKnownAt.value_or(now);
  row.type = request.input.type;
  row.level = level;
  size_t actions = activation.contains("actions") ? activation["actions"].size() : 0;
  ctx_.db.write([&](store::Transaction& tx) {
    repo_.insert(tx, row);
    ctx_.store.activations().insert(tx, store::ActivationRecord{activationId, now, store::ActivationSource::Incident,
                                                                id, false, activation, actions});
    ctx_.audit.append(tx, {now, who.label(), "incident.create", id, nullptr, row.body, requestId});
  });
  ctx_.events.publish(Event{"incident.created", "", false, row.body});
  if (registered_) registered_(id);
  return IncidentView{row, {}, teams_.etaMethod()};
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
  const json& loc = row->body.at("location");
  GeoPoint scene{loc.at(0).get<double>(), loc.at(1).get<double>()};
  teams_.dispatchTo(who, request.incidentId, scene, request.teams, requestId);
  auto out = incident(request.incidentId);
  ctx_.events.publish(
      Event{"incident.dispatched", "", false, {{"incident", request.incidentId}, {"teams", request.teams.teams}}});
  return out;
}

}  // namespace eoc::service
