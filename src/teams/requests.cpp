#include "teams/requests.hpp"

#include <set>

#include "core/error.hpp"

namespace eoc::teams {

namespace {

using nlohmann::json;

constexpr size_t kMaxText = 2000;

[[noreturn]] void bad(const std::string& field, const std::string& why, ErrorCode code = ErrorCode::InvalidBody) {
  throw EocError(code, field + ": " + why);
}

void requireObject(const json& body, std::initializer_list<const char*> keys) {
  if (!body.is_object()) bad("body", "must be a JSON object");
  std::set<std::string> known(keys.begin(), keys.end());
  for (const auto& [key, value] : body.items())
    if (!known.count(key)) bad(key, "unknown field");
}

std::string optionalText(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string()) bad(field, "must be a string");
  auto text = it->get<std::string>();
  if (text.size() > kMaxText) bad(field, "longer than " + std::to_string(kMaxText) + " bytes");
  return text;
}

std::string requiredText(const json& body, const std::string& field, const json& value) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) bad(field, "must be a non-empty string");
  auto text = value.get<std::string>();
  if (text.size() > 64) bad(field, "is too long for an id");
  (void)body;
  return text;
}

}  // namespace

StatusRequest parseStatusRequest(const json& body) {
  requireObject(body, {"status", "note"});
  auto it = body.find("status");
  if (it == body.end() || !it->is_string()) bad("status", "required, one of the team statuses");
  auto status = parseStatus(it->get<std::string>());
  if (!status) {
    std::string names;
    for (auto s : allStatuses()) {
      if (!names.empty()) names += ", ";
      names += statusName(s);
    }
    const auto& given = it->get_ref<const std::string&>();
    bad("status", "\"" + given + "\" is not one of " + names, ErrorCode::InvalidParameter);
  }
  return {*status, optionalText(body, "note")};
}

DispatchRequest parseDispatchRequest(const json& body) {
  requireObject(body, {"teams", "force", "reason"});
  DispatchRequest r;
  auto teams = body.find("teams");
  if (teams == body.end() || !teams->is_array() || teams->empty()) bad("teams", "required, a non-empty array of team ids");
  std::set<std::string> seen;
  for (size_t i = 0; i < teams->size(); ++i) {
    std::string field = "teams[" + std::to_string(i) + "]";
    auto id = requiredText(body, field, (*teams)[i]);
    if (!seen.insert(id).second) bad(field, "\"" + id + "\" is listed twice");
    r.teams.push_back(id);
  }
  if (auto f = body.find("force"); f != body.end()) {
    if (!f->is_boolean()) bad("force", "must be true or false");
    r.force = f->get<bool>();
  }
  r.reason = optionalText(body, "reason");
  if (r.force && r.reason.empty()) bad("reason", "a forced dispatch must say why");
  return r;
}

PrepositionAccept parsePrepositionAccept(const json& body) {
  if (body.is_null()) return {};
  requireObject(body, {"assignments"});
  PrepositionAccept r;
  auto it = body.find("assignments");
  if (it == body.end()) return r;
  if (!it->is_array() || it->empty()) bad("assignments", "must be a non-empty array");
  r.assignments.emplace();
  std::set<std::string> points, teams;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& a = (*it)[i];
    std::string field = "assignments[" + std::to_string(i) + "]";
    if (!a.is_object() || !a.contains("point") || !a.contains("team") || a.size() != 2)
      bad(field, "must be {\"point\": id, \"team\": id}");
    auto point = requiredText(a, field + ".point", a["point"]);
    auto team = requiredText(a, field + ".team", a["team"]);
    if (!points.insert(point).second) bad(field + ".point", "\"" + point + "\" is covered twice");
    if (!teams.insert(team).second) bad(field + ".team", "\"" + team + "\" is assigned twice");
    r.assignments->emplace_back(point, team);
  }
  return r;
}

std::pair<json, std::string> splitIncidentNote(const json& body) {
  if (!body.is_object()) bad("body", "must be a JSON object");
  json incident = body;
  std::string note = optionalText(body, "note");
  incident.erase("note");
  if (!note.empty() && !incident.contains("description")) incident["description"] = note;
  return {json{{"incident", incident}}, note};
}

}  // namespace eoc::teams
