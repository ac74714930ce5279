#include "warnings/warning_json.hpp"

#include "core/error.hpp"
#include "warnings/national_identifier.hpp"

namespace eoc::warnings {

using nlohmann::json;

namespace {

[[noreturn]] void corrupt(const std::string& field, const std::string& why) {
  throw EocError(ErrorCode::StorageError, "stored warning: " + field + ": " + why);
}

const json& need(const json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end()) corrupt(key, "missing");
  return *it;
}

std::string str(const json& doc, const char* key) {
  const auto& v = need(doc, key);
  if (!v.is_string()) corrupt(key, "not a string");
  return v.get<std::string>();
}

std::optional<std::string> optStr(const json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) corrupt(key, "not a string");
  return it->get<std::string>();
}

TimePoint time(const json& doc, const char* key) {
  auto t = parseIso8601(str(doc, key));
  if (!t) corrupt(key, "not a time");
  return *t;
}

WarningState stateOf(const std::string& s) {
  if (auto state = parseState(s)) return *state;
  corrupt("state", "unknown '" + s + "'");
}

MsgType msgTypeOf(const std::string& s) {
  if (auto type = parseMsgType(s)) return *type;
  corrupt("msg_type", "unknown '" + s + "'");
}

json polygonToJson(const gis::Polygon& p) {
  json ring = json::array();
  for (const auto& pt : p.outer()) ring.push_back({pt.x(), pt.y()});
  return {{"type", "Polygon"}, {"coordinates", json::array({ring})}};
}

gis::Polygon polygonFromJson(const json& g) {
  gis::Polygon p;
  if (!g.is_object() || !g.contains("coordinates") || !g["coordinates"].is_array() || g["coordinates"].empty())
    corrupt("area.polygon", "not a GeoJSON polygon");
  for (const auto& pos : g["coordinates"][0]) {
    if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
      corrupt("area.polygon", "bad position");
    p.outer().push_back(gis::Point(pos[0].get<double>(), pos[1].get<double>()));
  }
  return p;
}

IssuedMessage messageFromJson(const json& doc) {
  IssuedMessage m;
  m.identifier = str(doc, "identifier");
  m.sender = str(doc, "sender");
  m.sent = time(doc, "sent");
  m.msgType = msgTypeOf(str(doc, "msg_type"));
  for (const auto& r : need(doc, "references")) m.references.push_back(r.get<std::string>());
  m.level = str(doc, "level");
  m.previousLevel = optStr(doc, "previous_level").value_or("");
  m.expires = time(doc, "expires");
  m.actor = str(doc, "actor");
  m.reason = optStr(doc, "reason").value_or("");
  m.falseAlarm = doc.value("false_alarm", false);
  return m;
}

}  // namespace

json areaToJson(const WarningArea& area) {
  json a = {{"committees", area.committees}};
  if (area.polygon) a["polygon"] = polygonToJson(*area.polygon);
  return a;
}

json toJson(const IssuedMessage& m) {
  json doc = {{"identifier", m.identifier}, {"sender", m.sender},         {"sent", formatBeijing(m.sent)},
              {"msg_type", msgTypeName(m.msgType)}, {"references", m.references}, {"level", m.level},
              {"expires", formatBeijing(m.expires)}, {"actor", m.actor}};
  if (!m.previousLevel.empty()) doc["previous_level"] = m.previousLevel;
  if (m.msgType == MsgType::Cancel) {
    doc["reason"] = m.reason;
    doc["false_alarm"] = m.falseAlarm;
  }
  return doc;
}

json toJson(const Warning& w) {
  json messages = json::array();
  for (const auto& m : w.messages) messages.push_back(toJson(m));
  json doc = {{"id", w.id},
              {"type", w.type},
              {"level", w.level},
              {"status", statusName(w.status)},
              {"state", stateName(w.state)},
              {"area", areaToJson(w.area)},
              {"onset", formatBeijing(w.onset)},
              {"expires", formatBeijing(w.expires)},
              {"author", w.author},
              {"created_at", formatBeijing(w.createdAt)},
              {"messages", messages}};
  if (!w.approver.empty()) doc["approver"] = w.approver;
  if (w.description) doc["description"] = *w.description;
  if (w.drillId) doc["drill_id"] = *w.drillId;
  if (w.source) {
    doc["source"] = *w.source;
    // The upstream message a relay warning came from, its national identifier read out.
    // Derived from "source" on every write; warningFromJson ignores it.
    if (auto upstream = parseUpstreamReference(*w.source)) doc["upstream"] = toJson(*upstream);
  }
  return doc;
}

Warning warningFromJson(const json& doc) {
  if (!doc.is_object()) corrupt("body", "not an object");
  Warning w;
  w.id = str(doc, "id");
  w.type = str(doc, "type");
  w.level = str(doc, "level");
  auto status = parseStatus(str(doc, "status"));
  if (!status) corrupt("status", "unknown");
  w.status = *status;
  w.state = stateOf(str(doc, "state"));
  const auto& area = need(doc, "area");
  for (const auto& c : need(area, "committees")) w.area.committees.push_back(c.get<std::string>());
  if (area.contains("polygon")) w.area.polygon = polygonFromJson(area["polygon"]);
  w.onset = time(doc, "onset");
  w.expires = time(doc, "expires");
  w.author = str(doc, "author");
  w.approver = optStr(doc, "approver").value_or("");
  w.createdAt = time(doc, "created_at");
  w.description = optStr(doc, "description");
  w.drillId = optStr(doc, "drill_id");
  w.source = optStr(doc, "source");
  for (const auto& m : need(doc, "messages")) w.messages.push_back(messageFromJson(m));
  return w;
}

}  // namespace eoc::warnings
