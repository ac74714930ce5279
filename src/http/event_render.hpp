#pragma once
// The data of a live event as GET /events streams it. An area that publishes typed events puts
// its result in Event::payload; it is rendered here with that area's renderer, the same one its
// routes use (one renderer per area). Areas that still publish JSON put it in Event::data.
#include <nlohmann/json.hpp>

#include "core/events.hpp"

namespace eoc::http {

nlohmann::json renderEventData(const Event& event);

}  // namespace eoc::http
