#pragma once
// The warnings area at the HTTP edge, step one of the road: request bodies → the typed requests of
// warnings/warning_request.hpp. Syntax only: JSON types, required and unknown keys, Beijing-time
// text, the shape of a GeoJSON Polygon and its vertex limit. What the values mean (a known signal,
// a committee of the district, times that make sense) is checked once, by the use case, in
// warnings::validate*(). Every failure throws EocError naming the field.
#include <nlohmann/json.hpp>
#include <string>

#include <httplib.h>

#include "core/config.hpp"
#include "warnings/warning_request.hpp"

namespace eoc::http {

warnings::DraftRequest parseDraftRequest(const nlohmann::json& body, const Limits& limits);
warnings::UpdateRequest parseUpdateRequest(std::string id, const nlohmann::json& body, const Limits& limits);
warnings::CancelRequest parseCancelRequest(std::string id, const nlohmann::json& body);

// GET /warnings and GET /warnings/stats query strings: status, from/to (Beijing time: "2026-07-12",
// "2026-07-12 15:00" or "2026-07-12T15:00:00+08:00"), type, level, state, active, limit, offset.
warnings::ListRequest parseListRequest(const httplib::Request& req);
warnings::StatsRequest parseStatsRequest(const httplib::Request& req);

// A GeoJSON Polygon (lon, lat) without holes → its outer ring as sent; at most
// limits.maxPolygonVertices positions, each two finite numbers.
warnings::RingInput parseAreaPolygon(const nlohmann::json& geojson, const Limits& limits,
                                     const std::string& field = "area.polygon");

}  // namespace eoc::http
