#include "warnings/cap_writer.hpp"

#include <cstdio>
#include <memory>

#include <libxml/tree.h>

#include "core/error.hpp"
#include "warnings/xml_document.hpp"

namespace eoc::warnings {

namespace {

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

// xmlNewTextChild escapes the text, so no content can break the document.
void add(xmlNode* parent, const char* name, const std::string& value) {
  xmlNewTextChild(parent, nullptr, x(name), x(value));
}
void addIf(xmlNode* parent, const char* name, const std::string& value) {
  if (!value.empty()) add(parent, name, value);
}
void addValue(xmlNode* parent, const char* name, const CapValue& v) {
  xmlNode* n = xmlNewChild(parent, nullptr, x(name), nullptr);
  add(n, "valueName", v.valueName);
  add(n, "value", v.value);
}

std::string dump(xmlDoc* doc) {
  xmlChar* buf = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &buf, &size, "UTF-8", 1);
  std::string out(reinterpret_cast<const char*>(buf), size_t(size));
  xmlFree(buf);
  return out;
}

nlohmann::json valuesJson(const std::vector<CapValue>& vs) {
  auto out = nlohmann::json::array();
  for (auto& v : vs) out.push_back({{"valueName", v.valueName}, {"value", v.value}});
  return out;
}

}  // namespace

std::string formatCapPolygon(const gis::Polygon::ring_type& ring) {
  if (ring.size() < 3) return {};
  std::string out;
  char buf[64];
  auto put = [&](const gis::Point& p) {
    std::snprintf(buf, sizeof buf, "%.6f,%.6f", p.y(), p.x());  // CAP wants latitude first
    if (!out.empty()) out += ' ';
    out += buf;
  };
  for (auto& p : ring) put(p);
  if (!gis::bg::equals(ring.front(), ring.back())) put(ring.front());
  return ring.size() + (gis::bg::equals(ring.front(), ring.back()) ? 0 : 1) >= 4 ? out : std::string();
}

CapAlert buildCapAlert(const Warning& w, const IssuedMessage& m, const SignalCatalogue& catalogue,
                       const WarningTexts& texts, const std::vector<CommitteeArea>& committees) {
  const auto& type = *catalogue.findType(w.type);
  const auto& level = *catalogue.findLevel(m.level);
  std::vector<std::string> names;
  std::vector<const CommitteeArea*> warned;
  for (auto& code : w.area.committees)
    for (auto& c : committees)
      if (c.code == code) {
        warned.push_back(&c);
        names.push_back(c.name);
      }
  auto rendered = texts.render(w, &m, catalogue, names);

  CapAlert a;
  a.identifier = m.identifier;
  a.sender = m.sender;
  a.sent = formatBeijing(m.sent);
  a.status = std::string(statusName(w.status));
  a.msgType = std::string(msgTypeName(m.msgType));
  if (w.source) a.source = *w.source;
  a.scope = "Public";
  a.note = rendered.note;
  a.references = m.references;

  CapInfo info;
  info.language = "zh-CN";
  info.categories = {"Met"};
  info.event = type.zh;
  const bool cancel = m.msgType == MsgType::Cancel;
  info.responseTypes = {cancel ? "AllClear" : level.responseType};
  info.urgency = cancel ? "Past" : level.urgency;
  info.severity = level.severity;
  info.certainty = level.certainty;
  info.eventCodes = {{catalogue.eventCodeScheme(), type.code}};
  info.effective = a.sent;
  if (!cancel) info.onset = formatBeijing(std::max(w.onset, m.sent));
  info.expires = formatBeijing(cancel ? std::max(m.expires, m.sent) : m.expires);
  info.senderName = texts.senderName();
  info.headline = rendered.headline;
  info.description = rendered.signal;
  info.instruction = rendered.guidance;
  info.parameters = {{"colour", level.key}, {"level", level.grade}};

  CapArea area;
  for (auto& n : names) area.areaDesc += (area.areaDesc.empty() ? "" : "、") + n;
  if (area.areaDesc.empty()) area.areaDesc = texts.station();
  if (w.area.polygon) {
    area.polygons.push_back(formatCapPolygon(w.area.polygon->outer()));
  } else {
    for (auto* c : warned)
      for (auto& poly : c->area)
        if (auto text = formatCapPolygon(poly.outer()); !text.empty()) area.polygons.push_back(text);
  }
  for (auto& code : w.area.committees) area.geocodes.push_back({"GB/T 2260", code});
  info.areas.push_back(std::move(area));
  a.infos.push_back(std::move(info));
  return a;
}

std::string writeCapXml(const CapAlert& a) {
  detail::XmlDoc doc(xmlNewDoc(x("1.0")));
  xmlNode* root = xmlNewDocNode(doc.get(), nullptr, x("alert"), nullptr);
  xmlDocSetRootElement(doc.get(), root);
  xmlSetNs(root, xmlNewNs(root, x(kCapNamespace), nullptr));
  add(root, "identifier", a.identifier);
  add(root, "sender", a.sender);
  add(root, "sent", a.sent);
  add(root, "status", a.status);
  add(root, "msgType", a.msgType);
  addIf(root, "source", a.source);
  add(root, "scope", a.scope);
  for (auto& c : a.codes) add(root, "code", c);
  addIf(root, "note", a.note);
  std::string refs;
  for (auto& r : a.references) refs += (refs.empty() ? "" : " ") + r;
  addIf(root, "references", refs);
  for (auto& info : a.infos) {
    xmlNode* i = xmlNewChild(root, nullptr, x("info"), nullptr);
    add(i, "language", info.language);
    for (auto& c : info.categories) add(i, "category", c);
    add(i, "event", info.event);
    for (auto& r : info.responseTypes) add(i, "responseType", r);
    add(i, "urgency", info.urgency);
    add(i, "severity", info.severity);
    add(i, "certainty", info.certainty);
    for (auto& e : info.eventCodes) addValue(i, "eventCode", e);
    addIf(i, "effective", info.effective);
    addIf(i, "onset", info.onset);
    addIf(i, "expires", info.expires);
    addIf(i, "senderName", info.senderName);
    addIf(i, "headline", info.headline);
    addIf(i, "description", info.description);
    addIf(i, "instruction", info.instruction);
    for (auto& p : info.parameters) addValue(i, "parameter", p);
    for (auto& area : info.areas) {
      xmlNode* ar = xmlNewChild(i, nullptr, x("area"), nullptr);
      add(ar, "areaDesc", area.areaDesc);
      for (auto& p : area.polygons) add(ar, "polygon", p);
      for (auto& c : area.circles) add(ar, "circle", c);
      for (auto& g : area.geocodes) addValue(ar, "geocode", g);
    }
  }
  return dump(doc.get());
}

nlohmann::json capToJson(const CapAlert& a) {
  nlohmann::json j{{"identifier", a.identifier}, {"sender", a.sender}, {"sent", a.sent}, {"status", a.status},
                   {"msgType", a.msgType}, {"scope", a.scope}, {"references", a.references}};
  if (!a.source.empty()) j["source"] = a.source;
  if (!a.note.empty()) j["note"] = a.note;
  if (!a.codes.empty()) j["code"] = a.codes;
  j["info"] = nlohmann::json::array();
  for (auto& info : a.infos) {
    nlohmann::json ji{{"language", info.language}, {"category", info.categories}, {"event", info.event},
                      {"responseType", info.responseTypes}, {"urgency", info.urgency}, {"severity", info.severity},
                      {"certainty", info.certainty}, {"eventCode", valuesJson(info.eventCodes)},
                      {"senderName", info.senderName}, {"headline", info.headline},
                      {"description", info.description}, {"instruction", info.instruction},
                      {"parameter", valuesJson(info.parameters)}};
    for (auto [k, v] : {std::pair{"effective", &info.effective}, {"onset", &info.onset}, {"expires", &info.expires}})
      if (!v->empty()) ji[k] = *v;
    ji["area"] = nlohmann::json::array();
    for (auto& area : info.areas)
      ji["area"].push_back({{"areaDesc", area.areaDesc}, {"polygon", area.polygons}, {"circle", area.circles},
                            {"geocode", valuesJson(area.geocodes)}});
    j["info"].push_back(std::move(ji));
  }
  return j;
}

bool belongsInFeed(const Warning& w, TimePoint now, std::chrono::hours keepEnded) {
  if (w.status != WarningStatus::Actual || w.messages.empty()) return false;
  if (w.isLive()) return true;
  auto ended = w.endedAt();
  return ended && now - *ended <= keepEnded;
}

std::string writeAtomFeed(const std::vector<FeedEntry>& entries, const std::string& baseUrl, const std::string& title,
                          TimePoint updated) {
  detail::XmlDoc doc(xmlNewDoc(x("1.0")));
  xmlNode* feed = xmlNewDocNode(doc.get(), nullptr, x("feed"), nullptr);
  xmlDocSetRootElement(doc.get(), feed);
  xmlSetNs(feed, xmlNewNs(feed, x("http://www.w3.org/2005/Atom"), nullptr));
  add(feed, "id", baseUrl + "/cap/feed.atom");
  add(feed, "title", title);
  add(feed, "updated", formatBeijing(updated));
  xmlNode* self = xmlNewChild(feed, nullptr, x("link"), nullptr);
  xmlNewProp(self, x("rel"), x("self"));
  xmlNewProp(self, x("href"), x(baseUrl + "/cap/feed.atom"));
  for (auto& e : entries) {
    if (e.alert.status != "Actual" || e.alert.scope != "Public") continue;  // never an exercise in public
    xmlNode* entry = xmlNewChild(feed, nullptr, x("entry"), nullptr);
    add(entry, "id", "urn:cap:" + e.alert.sender + ":" + e.alert.identifier);
    const CapInfo* info = e.alert.infos.empty() ? nullptr : &e.alert.infos.front();
    add(entry, "title", info ? info->headline : e.alert.identifier);
    add(entry, "updated", e.alert.sent);
    xmlNode* author = xmlNewChild(entry, nullptr, x("author"), nullptr);
    add(author, "name", info && !info->senderName.empty() ? info->senderName : e.alert.sender);
    xmlNode* link = xmlNewChild(entry, nullptr, x("link"), nullptr);
    xmlNewProp(link, x("rel"), x("alternate"));
    xmlNewProp(link, x("type"), x("application/cap+xml"));
    xmlNewProp(link, x("href"), x(baseUrl + "/warnings/" + e.warningId + "/cap.xml"));
    if (info) add(entry, "summary", info->description);
  }
  return dump(doc.get());
}

}  // namespace eoc::warnings
