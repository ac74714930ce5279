#pragma once
// The incident register's use cases: register an incident (its plan activation, when the desk
// first knew of it, its level), read it with its dispatches, and dispatch teams to it. The teams'
// side of a dispatch (availability, status, ETA, their live state) stays with TeamsService
// (dispatchTo); the reports upward and deadlines are DutyService's.
//
// Contract: one Database::write per change with its audit entry; events after the commit
// (`incident.created`, `incident.dispatched`); after a registration commits, the registered
// listener runs (the duty desk arms the incident's deadlines).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "plans/activation.hpp"
#include "service/incidents_results.hpp"
#include "service/service_context.hpp"
#include "teams/requests.hpp"

namespace eoc::service {

class TeamsService;

// POST /incidents, as the edge read it (the plans module's incident checks included).
struct CreateIncidentRequest {
  plans::IncidentInput input;
  std::string note;
  std::optional<std::string> time;          // when it happened, as given
  std::optional<TimePoint> firstKnownAt;    // default: now
  std::optional<std::string> level;         // "I".."IV"; default: the activation's
};

// POST /incidents/{id}/dispatch.
struct DispatchIncidentRequest {
  std::string incidentId;
  teams::DispatchRequest teams;
};

class IncidentsService {
 public:
  IncidentsService(ServiceContext& context, const plans::ActivationEngine& engine, TeamsService& teams);

  const plans::ActivationEngine& engine() const { return engine_; }
  void setRegisteredListener(std::function<void(const std::string& incidentId)> listener);

  // Throws InvalidTime for a first_known_at in the future or more than 30 days back, UnknownLevel.
  IncidentView create(const Principal& who, const CreateIncidentRequest& request, const std::string& requestId);
  IncidentView incident(const std::string& id) const;  // NotFound
  // Only a duty officer (Forbidden); a closed incident gets no more teams (InvalidTransition).
  IncidentView dispatch(const Principal& who, const DispatchIncidentRequest& request, const std::string& requestId);

 private:
  ServiceContext& ctx_;
  const plans::ActivationEngine& engine_;
  TeamsService& teams_;
  store::IncidentRepository& repo_;
  std::function<void(const std::string&)> registered_;
};

}  // namespace eoc::service
