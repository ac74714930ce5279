#include "http/event_render.hpp"

#include <memory>

#include "http/warnings_render.hpp"

namespace eoc::http {

nlohmann::json renderEventData(const Event& event) {
  if (const auto* warning = std::any_cast<std::shared_ptr<const service::WarningView>>(&event.payload))
    return renderWarning(**warning);
  return event.data;
}

}  // namespace eoc::http
