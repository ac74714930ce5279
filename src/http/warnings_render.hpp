#pragma once
// The warnings area at the HTTP edge, last step of the road: typed results → the JSON the API
// answers and the live event stream carries. The one renderer of the area.
#include <nlohmann/json.hpp>

#include "service/relay_service.hpp"
#include "service/warnings_results.hpp"

namespace eoc::http {

// GET /warnings/{id}, the answer of every change, and the data of every "warning.*" event.
nlohmann::json renderWarning(const service::WarningView& view);
// GET /warnings
nlohmann::json renderWarningList(const service::WarningList& list);
// GET /warnings/{id}/bulletin.html (http/warnings_bulletin.cpp): a standalone, printable zh-CN page.
std::string renderBulletinHtml(const service::WarningBulletin& bulletin);
// GET /warnings/stats
nlohmann::json renderWarningStats(const service::WarningStats& stats);
// GET /relay/feeds
nlohmann::json renderRelayStatus(const service::RelayStatus& status);
// GET /signals
nlohmann::json renderSignals(const service::SignalList& list);
// POST /cap/ingest
nlohmann::json renderIngest(const service::IngestResult& result);

}  // namespace eoc::http
