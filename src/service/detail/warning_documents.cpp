#include "service/detail/warning_documents.hpp"

#include "core/error.hpp"
#include "warnings/warning_json.hpp"

namespace eoc::service {

using nlohmann::json;
namespace w = eoc::warnings;

namespace {

[[noreturn]] void corrupt(const std::string& field, const std::string& why) {
  throw EocError(ErrorCode::StorageError, "stored warning: " + field + ": " + why);
}

std::string text(const json& doc, const char* key, const std::string& where) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) corrupt(where + "." + key, "missing or not a string");
  return it->get<std::string>();
}

std::optional<std::string> optionalText(const json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

TimePoint time(const json& doc, const char* key, const std::string& where) {
  auto t = parseIso8601(text(doc, key, where));
  if (!t) corrupt(where + "." + key, "not a time");
  return *t;
}

}  // namespace

json stepDocument(const WarningStep& s) {
  json doc = {{"at", formatBeijing(s.at)}, {"action", s.action}, {"actor", s.actor}, {"state", s.state}};
  if (s.person) doc["person"] = *s.person;
  if (s.identifier) doc["identifier"] = *s.identifier;
  if (s.source) doc["source"] = *s.source;
  return doc;
}

json historyDocument(const std::vector<WarningStep>& history) {
  json doc = json::array();
  for (const auto& step : history) doc.push_back(stepDocument(step));
  return doc;
}

std::vector<WarningStep> historyFromDocument(const json& doc) {
  std::vector<WarningStep> history;
  if (doc.is_null()) return history;
  if (!doc.is_array()) corrupt("history", "not an array");
  for (const auto& s : doc) {
    if (!s.is_object()) corrupt("history", "a step is not an object");
    history.push_back(WarningStep{time(s, "at", "history"), text(s, "action", "history"), text(s, "actor", "history"),
                                  optionalText(s, "person"), text(s, "state", "history"), optionalText(s, "identifier"),
                                  optionalText(s, "source")});
  }
  return history;
}

json proposalDocument(const RelayProposal& p, const std::string& warningId) {
  json body;
  if (p.update) {
    body = json::object();
    if (p.update->level) body["level"] = *p.update->level;
    if (p.update->expires) body["expires"] = formatBeijing(*p.update->expires);
    if (p.update->area) body["area"] = {{"committees", p.update->area->committees}};
  } else if (p.cancel) {
    body = {{"reason", p.cancel->reason}, {"false_alarm", p.cancel->falseAlarm}};
  }
  const char* action = p.update ? "update" : "cancel";
  return {{"action", action},
          {"path", "/warnings/" + warningId + "/" + action},
          {"body", body},
          {"source", p.source},
          {"received", formatBeijing(p.received)}};
}

std::optional<RelayProposal> proposalFromDocument(const json& doc) {
  if (doc.is_null()) return std::nullopt;
  if (!doc.is_object()) corrupt("proposal", "not an object");
  RelayProposal p;
  p.source = text(doc, "source", "proposal");
  p.received = time(doc, "received", "proposal");
  const auto action = text(doc, "action", "proposal");
  const auto& body = doc.contains("body") ? doc["body"] : json::object();
  if (action == "update") {
    w::UpdateRequest u;
    if (auto level = optionalText(body, "level")) u.level = level;
    if (body.contains("expires")) u.expires = time(body, "expires", "proposal.body");
    if (body.contains("area")) {
      w::AreaInput area;
      for (const auto& c : body["area"].value("committees", json::array()))
        if (c.is_string()) area.committees.push_back(c.get<std::string>());
      u.area = area;
    }
    p.update = std::move(u);
  } else if (action == "cancel") {
    p.cancel = w::CancelRequest{"", body.value("reason", ""), body.value("false_alarm", false)};
  } else {
    corrupt("proposal.action", "unknown '" + action + "'");
  }
  return p;
}

}  // namespace eoc::service
