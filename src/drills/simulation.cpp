#include "drills/simulation.hpp"

#include <cmath>
#include <numbers>
#include <random>

#include "core/error.hpp"
#include "drills/rounding.hpp"
#include "gis/geodesy.hpp"

namespace eoc::drills {

namespace {

using nlohmann::json;

class Draws {
 public:
  explicit Draws(std::uint64_t seed) : engine_(seed) {}
  // Uniform in (0, 1): 53 random bits, never 0.
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double delay(const Delay& d) { return d.medianMin * std::exp(d.sigma * normal()); }

 private:
  std::mt19937_64 engine_;
};


double firstOffset(const std::vector<MselRow>& msel, const std::string& type, const std::string& to, double fallback) {
  for (const auto& r : msel)
    if (r.injectType == type && (to.empty() || r.to == to)) return r.offsetMin;
  return fallback;
}

Delay parseDelay(const json& body, const char* key, Delay d) {
  auto it = body.find(key);
  if (it == body.end()) return d;
  if (!it->is_object()) throw EocError(ErrorCode::InvalidBody, std::string("response.") + key + ": must be an object");
  for (auto [field, target, hi] : {std::tuple{"median_min", &d.medianMin, 1440.0}, std::tuple{"sigma", &d.sigma, 3.0}}) {
    auto v = it->find(field);
    if (v == it->end()) continue;
    if (!v->is_number() || v->get<double>() < 0 || v->get<double>() > hi)
      throw EocError(ErrorCode::InvalidBody, std::string("response.") + key + "." + field + ": must be a number from 0 to " +
                                                 json(hi).dump());
    *target = v->get<double>();
  }
  return d;
}

void parseNumber(const json& body, const char* key, double& target, double lo, double hi) {
  auto it = body.find(key);
  if (it == body.end()) return;
  if (!it->is_number() || it->get<double>() < lo || it->get<double>() > hi)
    throw EocError(ErrorCode::InvalidBody, std::string("response.") + key + ": must be a number from " + json(lo).dump() +
                                               " to " + json(hi).dump());
  target = it->get<double>();
}

json optionalMinutes(const std::optional<double>& v) { return v ? json(round2(*v)) : json(nullptr); }

}  // namespace

ResponseModel parseResponseModel(const json& body) {
  ResponseModel m;
  if (body.is_null()) return m;
  if (!body.is_object()) throw EocError(ErrorCode::InvalidBody, "response: must be an object");
  m.ack = parseDelay(body, "ack", m.ack);
  m.notified = parseDelay(body, "notified", m.notified);
  m.turnout = parseDelay(body, "turnout", m.turnout);
  parseNumber(body, "no_ack_probability", m.noAckProbability, 0, 1);
  parseNumber(body, "speed_kmh", m.speedKmh, 1, 200);
  parseNumber(body, "circuity", m.circuity, 1, 5);
  parseNumber(body, "travel_sigma", m.travelSigma, 0, 3);
  return m;
}

RunRecord simulateRun(const GeoPoint& scene, const std::vector<Participant>& committees,
                      const std::vector<TeamAtHome>& teams, const std::vector<MselRow>& msel,
                      const ResponseModel& model, std::uint64_t seed) {
  Draws draws(seed);
  RunRecord run;
  run.mode = "simulated";
  run.seed = seed;
  const double warned = firstOffset(msel, "warning", "", 0);
  for (const auto& c : committees) {
    CommitteeAck a{c.id, c.name, warned, std::nullopt};
    // Both draws happen for every committee so that the probability never shifts later draws.
    bool silent = draws.uniform() < model.noAckProbability;
    double delay = draws.delay(model.ack);
    if (!silent) a.ackMin = warned + delay;
    run.acks.push_back(std::move(a));
  }
  for (const auto& t : teams) {
    TeamTimes times;
    times.team = t.id;
    times.name = t.name;
    times.dispatchedMin = firstOffset(msel, "dispatch", t.name, 1);
    times.distanceKm = gis::haversineMeters(t.home, scene) / 1000.0;
    double notified = draws.delay(model.notified);
    double turnout = draws.delay(model.turnout);
    double travelMin = times.distanceKm * model.circuity / model.speedKmh * 60.0 * std::exp(model.travelSigma * draws.normal());
    times.notifiedMin = times.dispatchedMin + notified;
    times.enRouteMin = *times.notifiedMin + turnout;
    times.onSceneMin = *times.enRouteMin + travelMin;
    run.teams.push_back(std::move(times));
  }
  return run;
}

json toJson(const RunRecord& run) {
  json acks = json::array(), teams = json::array();
  for (const auto& a : run.acks)
    acks.push_back({{"committee", a.committee}, {"name", a.name}, {"warned_min", round2(a.warnedMin)},
                    {"ack_min", optionalMinutes(a.ackMin)},
                    {"latency_min", a.ackMin ? json(round2(*a.ackMin - a.warnedMin)) : json(nullptr)}});
  for (const auto& t : run.teams)
    teams.push_back({{"team", t.team}, {"name", t.name}, {"distance_km", round2(t.distanceKm)},
                     {"dispatched_min", round2(t.dispatchedMin)}, {"notified_min", optionalMinutes(t.notifiedMin)},
                     {"en_route_min", optionalMinutes(t.enRouteMin)}, {"on_scene_min", optionalMinutes(t.onSceneMin)}});
  json out = {{"mode", run.mode}, {"seed", run.seed}, {"acks", acks}, {"teams", teams}};
  if (run.live)
    out["live"] = {{"started_at", formatBeijing(run.live->startedAt)},
                   {"finished_at", run.live->finishedAt ? json(formatBeijing(*run.live->finishedAt)) : json(nullptr)},
                   {"controller", run.live->controller},
                   {"warning_id", run.live->warningId.empty() ? json(nullptr) : json(run.live->warningId)},
                   {"speed", run.live->speed}};
  return out;
}

namespace {

const json& field(const json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end()) throw EocError(ErrorCode::InvalidBody, path + key + ": required");
  return *it;
}

std::string text(const json& object, const char* key, const std::string& path) {
  const json& v = field(object, key, path);
  if (!v.is_string()) throw EocError(ErrorCode::InvalidBody, path + key + ": must be a string");
  return v.get<std::string>();
}

double minutesOf(const json& object, const char* key, const std::string& path) {
  const json& v = field(object, key, path);
  if (!v.is_number()) throw EocError(ErrorCode::InvalidBody, path + key + ": must be a number");
  return v.get<double>();
}

std::optional<double> optionalMinutesOf(const json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return minutesOf(object, key, path);
}

const json& arrayOf(const json& object, const char* key) {
  const json& v = field(object, key, "run.");
  if (!v.is_array()) throw EocError(ErrorCode::InvalidBody, std::string("run.") + key + ": must be an array");
  return v;
}

}  // namespace

RunRecord parseRunRecord(const json& stored) {
  if (!stored.is_object()) throw EocError(ErrorCode::InvalidBody, "run: must be an object");
  RunRecord run;
  run.mode = text(stored, "mode", "run.");
  const json& seed = field(stored, "seed", "run.");
  if (!seed.is_number_unsigned()) throw EocError(ErrorCode::InvalidBody, "run.seed: must be a non-negative integer");
  run.seed = seed.get<std::uint64_t>();
  const json& acks = arrayOf(stored, "acks");
  for (size_t i = 0; i < acks.size(); ++i) {
    std::string path = "run.acks[" + std::to_string(i) + "].";
    const json& a = acks[i];
    if (!a.is_object()) throw EocError(ErrorCode::InvalidBody, path + ": must be an object");
    run.acks.push_back({text(a, "committee", path), text(a, "name", path), minutesOf(a, "warned_min", path),
                        optionalMinutesOf(a, "ack_min", path)});
  }
  if (auto live = stored.find("live"); live != stored.end() && live->is_object()) {
    LiveFacts facts;
    auto when = [&](const char* key) -> std::optional<TimePoint> {
      auto it = live->find(key);
      if (it == live->end() || it->is_null()) return std::nullopt;
      auto t = it->is_string() ? parseIso8601(it->get<std::string>()) : std::nullopt;
      if (!t) throw EocError(ErrorCode::InvalidBody, std::string("run.live.") + key + ": must be an ISO 8601 time");
      return t;
    };
    auto started = when("started_at");
    if (!started) throw EocError(ErrorCode::InvalidBody, "run.live.started_at: required");
    facts.startedAt = *started;
    facts.finishedAt = when("finished_at");
    if (auto c = live->find("controller"); c != live->end() && c->is_string()) facts.controller = *c;
    if (auto w = live->find("warning_id"); w != live->end() && w->is_string()) facts.warningId = *w;
    if (auto v = live->find("speed"); v != live->end() && v->is_number()) facts.speed = v->get<double>();
    run.live = facts;
  }
  const json& teams = arrayOf(stored, "teams");
  for (size_t i = 0; i < teams.size(); ++i) {
    std::string path = "run.teams[" + std::to_string(i) + "].";
    const json& t = teams[i];
    if (!t.is_object()) throw EocError(ErrorCode::InvalidBody, path + ": must be an object");
    run.teams.push_back({text(t, "team", path), text(t, "name", path), minutesOf(t, "distance_km", path),
                         minutesOf(t, "dispatched_min", path), optionalMinutesOf(t, "notified_min", path),
                         optionalMinutesOf(t, "en_route_min", path), optionalMinutesOf(t, "on_scene_min", path)});
  }
  return run;
}

}  // namespace eoc::drills
