#include "http/event_render.hpp"

#include <memory>

#include "http/broadcast_render.hpp"
#include "http/incidents_render.hpp"
#include "http/stock_render.hpp"
#include "http/teams_render.hpp"
#include "http/warnings_render.hpp"

namespace eoc::http {

nlohmann::json renderEventData(const Event& event) {
  if (const auto* warning = std::any_cast<std::shared_ptr<const service::WarningView>>(&event.payload))
    return renderWarning(**warning);
  if (const auto* movement = std::any_cast<std::shared_ptr<const service::MovementResult>>(&event.payload))
    return renderMovement(**movement);
  if (const auto* alert = std::any_cast<std::shared_ptr<const service::StockAlertView>>(&event.payload))
    return renderStockAlert(**alert);
  if (const auto* team = std::any_cast<std::shared_ptr<const service::TeamView>>(&event.payload))
    return renderTeam(**team);
  if (const auto* incident = std::any_cast<std::shared_ptr<const service::IncidentView>>(&event.payload))
    return renderIncident(**incident);
  if (const auto* escalation = std::any_cast<std::shared_ptr<const service::EscalationView>>(&event.payload))
    return renderEscalation(**escalation);
  return event.data;
}

}  // namespace eoc::http
