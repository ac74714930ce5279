#include "drills/live_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "gis/geodesy.hpp"

namespace eoc::drills {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& field, const std::string& what) {
  throw EocError(ErrorCode::InvalidBody, "run." + field + ": " + what);
}

TimePoint timeOf(const json& v, const std::string& field) {
  if (!v.is_string()) bad(field, "must be an ISO 8601 time");
  auto t = parseIso8601(v.get<std::string>());
  if (!t) bad(field, "must be an ISO 8601 time, got " + v.dump());
  return *t;
}

const json& member(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) bad(key, "required");
  return *it;
}

}  // namespace

json toJson(const LiveRun& run) {
  json fired = json::array(), dispatched = json::object(), acks = json::object();
  for (const auto& [seq, at] : run.fired) fired.push_back({{"seq", seq}, {"at", formatBeijing(at)}});
  for (const auto& [team, at] : run.dispatched) dispatched[team] = formatBeijing(at);
  for (const auto& [committee, a] : run.noticeAcks)
    acks[committee] = {{"at", formatBeijing(a.at)}, {"by", a.by}, {"note", a.note}};
  return {{"mode", "live"},
          {"speed", run.speed},
          {"started_at", formatBeijing(run.startedAt)},
          {"controller", run.controller},
          {"fired", fired},
          {"warning_id", run.warningId ? json(*run.warningId) : json(nullptr)},
          {"warned_at", run.warnedAt ? json(formatBeijing(*run.warnedAt)) : json(nullptr)},
          {"dispatched", dispatched},
          {"notice_acks", acks}};
}

LiveRun parseLiveRun(const json& stored) {
  if (!stored.is_object() || stored.value("mode", "") != "live") bad("mode", "not a live run");
  LiveRun run;
  const json& speed = member(stored, "speed");
  if (!speed.is_number() || !(speed.get<double>() > 0)) bad("speed", "must be a positive number");
  run.speed = speed.get<double>();
  run.startedAt = timeOf(member(stored, "started_at"), "started_at");
  if (auto it = stored.find("controller"); it != stored.end() && it->is_string()) run.controller = *it;
  const json& fired = member(stored, "fired");
  if (!fired.is_array()) bad("fired", "must be an array");
  for (size_t i = 0; i < fired.size(); ++i) {
    const auto& f = fired[i];
    std::string path = "fired[" + std::to_string(i) + "]";
    if (!f.is_object() || !f.contains("seq") || !f["seq"].is_number_integer()) bad(path + ".seq", "must be an integer");
    run.fired[f["seq"].get<int>()] = timeOf(member(f, "at"), path + ".at");
  }
  if (auto it = stored.find("warning_id"); it != stored.end() && it->is_string()) run.warningId = it->get<std::string>();
  if (auto it = stored.find("warned_at"); it != stored.end() && !it->is_null()) run.warnedAt = timeOf(*it, "warned_at");
  if (auto it = stored.find("dispatched"); it != stored.end() && it->is_object())
    for (const auto& [team, at] : it->items()) run.dispatched[team] = timeOf(at, "dispatched." + team);
  if (auto it = stored.find("notice_acks"); it != stored.end() && it->is_object())
    for (const auto& [committee, a] : it->items())
      run.noticeAcks[committee] = {timeOf(member(a, "at"), "notice_acks." + committee + ".at"), a.value("by", ""),
                                   a.value("note", "")};
  return run;
}

double drillMinutes(const LiveRun& run, TimePoint t) {
  return std::chrono::duration<double>(t - run.startedAt).count() / 60.0 * run.speed;
}

TimePoint dueAt(const LiveRun& run, const MselRow& row) {
  // Whole seconds (the clock's resolution), rounded up so that an inject never fires early.
  auto seconds = static_cast<long long>(std::ceil(row.offsetMin * 60.0 / run.speed));
  return run.startedAt + std::chrono::seconds(seconds);
}

std::vector<MselRow> dueRows(const LiveRun& run, const std::vector<MselRow>& msel, TimePoint now) {
  std::vector<MselRow> out;
  for (const auto& row : msel)
    if (!run.fired.count(row.seq) && dueAt(run, row) <= now) out.push_back(row);
  return out;
}

std::optional<TimePoint> nextDue(const LiveRun& run, const std::vector<MselRow>& msel) {
  std::optional<TimePoint> next;
  for (const auto& row : msel)
    if (!run.fired.count(row.seq) && (!next || dueAt(run, row) < *next)) next = dueAt(run, row);
  return next;
}

RunRecord liveRunRecord(const LiveRun& run, const GeoPoint& scene, const std::vector<Participant>& committees,
                        const std::vector<TeamAtHome>& teams, const std::vector<AckFact>& warningAcks,
                        const std::vector<StatusFact>& statusChanges) {
  RunRecord record;
  record.mode = "live";
  record.seed = 0;
  for (const auto& c : committees) {
    CommitteeAck a{c.id, c.name, run.warnedAt ? drillMinutes(run, *run.warnedAt) : 0.0, std::nullopt};
    if (run.warnedAt) {
      std::optional<TimePoint> acked;
      if (run.warningId) {
        for (const auto& f : warningAcks)
          if (f.committee == c.id && f.at >= run.startedAt && (!acked || f.at < *acked)) acked = f.at;
      } else if (auto it = run.noticeAcks.find(c.id); it != run.noticeAcks.end()) {
        acked = it->second.at;
      }
      if (acked) a.ackMin = std::max(drillMinutes(run, *acked), a.warnedMin);
    }
    record.acks.push_back(std::move(a));
  }
  for (const auto& t : teams) {
    TeamTimes times;
    times.team = t.id;
    times.name = t.name;
    times.distanceKm = gis::haversineMeters(t.home, scene) / 1000.0;
    TimePoint from = run.startedAt;
    if (auto it = run.dispatched.find(t.id); it != run.dispatched.end()) from = it->second;
    times.dispatchedMin = drillMinutes(run, from);
    auto firstTo = [&](const std::string& status) -> std::optional<double> {
      std::optional<TimePoint> first;
      for (const auto& f : statusChanges)
        if (f.team == t.id && f.to == status && f.at >= from && (!first || f.at < *first)) first = f.at;
      if (!first) return std::nullopt;
      return drillMinutes(run, *first);
    };
    times.notifiedMin = firstTo("notified");
    times.enRouteMin = firstTo("en_route");
    times.onSceneMin = firstTo("on_scene");
    record.teams.push_back(std::move(times));
  }
  return record;
}

}  // namespace eoc::drills
