#pragma once
// The drills area at the edge, last step of the road: typed results → the JSON the API answers
// and the command line prints. The one renderer of the area.
#include <nlohmann/json.hpp>

#include "drills/report.hpp"
#include "service/drills_results.hpp"

namespace eoc::http {

// GET /drills/scenarios: {"scenarios": [{id, title, type, location, start, objectives, warning,
// committees, teams, units}]}
nlohmann::json renderScenarioLibrary(const service::ScenarioLibrary& library);
// GET /drills/{id} and the answer of every change
nlohmann::json renderDrill(const service::DrillView& view);
// GET /drills
nlohmann::json renderDrillList(const service::DrillList& list);
// POST /drills/{id}/ack
nlohmann::json renderNoticeAck(const service::NoticeAckResult& result);
// GET /drills/{id}/report (JSON)
nlohmann::json renderReport(const drills::AfterActionReport& report);

}  // namespace eoc::http
