#include "http/drills_render.hpp"

#include <string>

#include "core/time.hpp"

namespace eoc::http {

using nlohmann::json;

namespace {

json renderScenario(const drills::Scenario& s) {
  json objectives = json::array();
  for (const auto& o : s.objectives)
    objectives.push_back({{"id", o.id}, {"text", o.text}, {"kind", drills::objectiveKindKey(o.kind)}, {"minutes", o.minutes}});
  return {{"id", s.id},
          {"title", s.title},
          {"type", s.type},
          {"location", {s.location.lon, s.location.lat}},
          {"start", formatBeijing(s.start)},
          {"objectives", objectives},
          {"warning", s.warning ? json{{"type", s.warning->type}, {"level", s.warning->level}} : json(nullptr)},
          {"committees", s.committees},
          {"teams", s.teams},
          {"units", s.units}};
}

}  // namespace

json renderScenarioLibrary(const service::ScenarioLibrary& library) {
  json out = json::array();
  for (const auto& s : library.scenarios) out.push_back(renderScenario(s));
  return {{"scenarios", out}};
}

json renderDrill(const service::DrillView& view) {
  const auto& r = view.record;
  json committees = json::array(), teams = json::array();
  for (const auto& c : view.committees) committees.push_back({{"code", c.id}, {"name", c.name}});
  for (const auto& t : view.teams) teams.push_back({{"id", t.id}, {"name", t.name}, {"home", {t.home.lon, t.home.lat}}});
  json out = {{"id", r.id},
              {"exercise", true},
              {"status", "Exercise"},
              {"state", std::string(store::drillStateName(r.state))},
              {"created_at", formatBeijing(r.createdAt)},
              {"created_by", r.createdBy},
              {"updated_at", formatBeijing(r.updatedAt)},
              {"scenario", r.scenario},
              {"impact", r.impact},
              {"participants", {{"committees", committees}, {"teams", teams}}},
              {"msel", r.msel},
              {"activation_id", r.activationId ? json(*r.activationId) : json(nullptr)},
              {"zones_collection", view.zonesCollection},
              {"run", r.run}};
  if (view.activation) out["team_needs"] = plans::toJson(*view.activation).value("team_needs", json::array());
  if (!r.report.is_null()) out["report"] = "/drills/" + r.id + "/report";
  return out;
}

json renderDrillList(const service::DrillList& list) {
  json out = json::array();
  for (const auto& d : list.drills)
    out.push_back({{"id", d.id},
                   {"title", d.title},
                   {"type", d.type},
                   {"state", std::string(store::drillStateName(d.state))},
                   {"mode", d.mode.empty() ? json(nullptr) : json(d.mode)},
                   {"exercise", true},
                   {"created_at", formatBeijing(d.createdAt)},
                   {"created_by", d.createdBy},
                   {"updated_at", formatBeijing(d.updatedAt)}});
  return {{"drills", out}};
}

json renderNoticeAck(const service::NoticeAckResult& result) {
  return {{"drill", result.drillId},      {"committee", result.committee}, {"acked_at", formatBeijing(result.ack.at)},
          {"acked_by", result.ack.by},    {"note", result.ack.note},       {"duplicate", result.duplicate},
          {"exercise", true}};
}

json renderReport(const drills::AfterActionReport& report) { return drills::toJson(report); }

}  // namespace eoc::http
