#include "http/teams_render.hpp"

#include <cmath>
#include <string>

#include "teams/specialties.hpp"

namespace eoc::http {

using nlohmann::json;

namespace {

json lonLat(GeoPoint p) { return json::array({p.lon, p.lat}); }

json etaJson(const teams::Eta& eta, const std::string& method) {
  return {{"eta_s", std::round(eta.seconds)},
          {"eta_min", std::round(eta.seconds / 6) / 10},
          {"distance_m", std::round(eta.straightMeters)},
          {"road_m_estimated", std::round(eta.roadMeters)},
          {"eta_method", method}};
}

json headCount(const service::HeadCount& c, bool withAvailable) {
  json out = {{"teams", c.teams}, {"people", c.people}};
  if (withAvailable) {
    out["available_teams"] = c.availableTeams;
    out["available_people"] = c.availablePeople;
  }
  return out;
}

}  // namespace

json renderTeam(const service::TeamView& view) {
  const teams::Team& t = view.team;
  const service::TeamLive& l = view.live;
  json allowed = json::array();
  for (auto s : view.allowedNext) allowed.push_back(teams::statusName(s));
  json position = nullptr;
  if (l.fix) {
    position = teams::toJson(*l.fix);
    position["flags"] = l.flags.empty() ? json::array() : json::array({l.flags});
  }
  return {{"id", t.id},
          {"name", t.name},
          {"unit", t.unit},
          {"committee", t.committee},
          {"headcount", t.headcount},
          {"specialties", teams::specialtyNames(t.specialties)},
          {"equipment", t.equipment},
          {"vehicles", t.vehicles},
          {"home", lonLat(t.home)},
          {"leader", t.leader},
          {"phone", view.phoneVisible ? t.phone : teams::maskPhone(t.phone)},
          {"report_interval_s", t.reportInterval.count()},
          {"status", teams::statusName(l.status)},
          {"status_since", l.since ? json(formatBeijing(*l.since)) : json()},
          {"status_by", l.byActor},
          {"note", l.note},
          {"incident", l.incidentId ? json(*l.incidentId) : json()},
          {"allowed_next", allowed},
          {"position", position},
          {"freshness", teams::freshnessName(l.freshness)}};
}

json renderTeamList(const service::TeamList& list) {
  json teams = json::array();
  for (const auto& t : list.teams) teams.push_back(renderTeam(t));
  return {{"teams", teams}, {"count", list.teams.size()}};
}

json renderTeamHistory(const service::TeamHistory& history) {
  json changes = json::array();
  for (const auto& h : history.statusHistory)
    changes.push_back({{"seq", h.seq},
                       {"from", h.change.from},
                       {"to", h.change.to},
                       {"at", formatBeijing(h.change.at)},
                       {"by", h.change.byActor},
                       {"note", h.change.note},
                       {"incident", h.change.incidentId ? json(*h.change.incidentId) : json()}});
  json track = json::array();
  for (const auto& p : history.track) {
    json fix = teams::toJson(teams::PositionFix{{p.lon, p.lat}, p.fixTime, p.accuracy, p.speed, p.heading, p.battery});
    fix["received_at"] = formatBeijing(p.receivedAt);
    fix["flags"] = p.flags;
    track.push_back(fix);
  }
  return {{"team", history.teamId}, {"status_history", changes}, {"track", track}};
}

json renderTeamSummary(const service::TeamSummary& summary) {
  json byStatus = json::object(), bySpecialty = json::object();
  for (const auto& [status, count] : summary.byStatus) byStatus[status] = headCount(count, false);
  for (const auto& [specialty, count] : summary.bySpecialty) bySpecialty[specialty] = headCount(count, true);
  return {{"teams", summary.teams}, {"people", summary.people}, {"by_status", byStatus}, {"by_specialty", bySpecialty}};
}

json renderPositionResult(const service::PositionResult& result) {
  json position = teams::toJson(result.fix);
  position["flags"] = result.flags;
  return {{"team", result.teamId}, {"accepted", true},    {"latest", result.latest},
          {"flags", result.flags}, {"position", position}, {"freshness", teams::freshnessName(result.freshness)}};
}

json renderRecommendation(const service::Recommendation& r) {
  json list = json::array();
  for (const auto& c : r.teams) {
    const auto& t = c.team;
    json item = {{"id", t.id},
                 {"name", t.name},
                 {"unit", t.unit},
                 {"headcount", t.headcount},
                 {"cumulative_headcount", c.cumulativeHeadcount},
                 {"specialties", teams::specialtyNames(t.specialties)},
                 {"from", c.fromLastPosition ? "last_position" : "home_base"}};
    item.update(etaJson(c.eta, r.etaMethod));
    list.push_back(item);
  }
  return {{"target", lonLat(r.target)},
          {"specialty", r.specialty ? json(*r.specialty) : json()},
          {"people", r.people},
          {"covered_people", r.coveredPeople},
          {"covered", r.coveredPeople >= r.people},
          {"eta_method", r.etaMethod},
          {"teams", list}};
}

json renderPrepositionProposal(const service::PrepositionProposal& p) {
  json assigned = json::array(), uncovered = json::array();
  size_t covered = 0;
  for (const auto& item : p.items) {
    json row = {{"point", item.point}, {"layer", item.layer}, {"name", item.name},
                {"specialty", item.specialty}, {"location", lonLat(item.location)}};
    if (!item.team) {
      row["reason"] = "no available team with specialty " + item.specialty + " left";
      uncovered.push_back(row);
      continue;
    }
    ++covered;
    row["team"] = item.team->id;
    row["team_name"] = item.team->name;
    row["headcount"] = item.team->headcount;
    row["eta_s"] = std::round(item.etaSeconds);
    row["eta_method"] = p.etaMethod;
    assigned.push_back(row);
  }
  return {{"activation", p.activationId},
          {"method", "minimum total ETA, each point covered once (Hungarian assignment)"},
          {"eta_method", p.etaMethod},
          {"points", p.items.size()},
          {"covered", covered},
          {"total_eta_s", std::round(p.totalEtaSeconds)},
          {"greedy_total_eta_s", std::round(p.greedyTotalEtaSeconds)},
          {"assignments", assigned},
          {"uncovered", uncovered}};
}

json renderPrepositionAccepted(const service::PrepositionAccepted& accepted) {
  json list = json::array();
  for (const auto& [point, team] : accepted.accepted)
    list.push_back({{"point", point}, {"team", team}, {"status", "notified"}});
  return {{"activation", accepted.activationId}, {"accepted", list}};
}

}  // namespace eoc::http
