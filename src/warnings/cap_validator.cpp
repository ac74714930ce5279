#include "warnings/cap_validator.hpp"

#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>

#include <libxml/xmlschemas.h>

#include "core/error.hpp"
#include "core/time.hpp"
#include "warnings/cap_xsd.hpp"
#include "warnings/xml_document.hpp"

namespace eoc::warnings {

using detail::isElement;
using detail::textOf;

namespace {

void collectError(void* userData, xmlErrorPtr error) {
  auto* out = static_cast<std::vector<std::string>*>(userData);
  std::string msg = error && error->message ? error->message : "schema error";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  out->push_back("schema (line " + std::to_string(error ? error->line : 0) + "): " + msg);
}

// The compiled schema, parsed once from the embedded bytes; read-only and shared afterwards.
class CompiledSchema {
 public:
  CompiledSchema() {
    xmlSchemaParserCtxtPtr ctxt = xmlSchemaNewMemParserCtxt(embedded::kCapXsd.data(), int(embedded::kCapXsd.size()));
    std::vector<std::string> errors;
    xmlSchemaSetParserStructuredErrors(ctxt, collectError, &errors);
    schema_ = xmlSchemaParse(ctxt);
    xmlSchemaFreeParserCtxt(ctxt);
    if (!schema_) throw EocError(ErrorCode::Internal, "embedded CAP 1.2 schema does not compile");
  }
  ~CompiledSchema() { xmlSchemaFree(schema_); }
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  std::vector<std::string> validate(xmlDoc* doc) const {
    std::vector<std::string> errors;
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema_);
    xmlSchemaSetValidStructuredErrors(v, collectError, &errors);
    int rc = xmlSchemaValidateDoc(v, doc);
    xmlSchemaFreeValidCtxt(v);
    if (rc != 0 && errors.empty()) errors.push_back("schema: document does not validate against CAP 1.2");
    return errors;
  }

 private:
  xmlSchemaPtr schema_ = nullptr;
};

const CompiledSchema& capSchema() {
  static const CompiledSchema schema;
  return schema;
}

std::vector<const xmlNode*> children(const xmlNode* parent, const char* name) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (isElement(c, name)) out.push_back(c);
  return out;
}
std::string childText(const xmlNode* parent, const char* name) {
  auto c = children(parent, name);
  return c.empty() ? std::string() : textOf(c.front());
}
std::vector<CapValue> values(const xmlNode* parent, const char* name) {
  std::vector<CapValue> out;
  for (auto* n : children(parent, name)) out.push_back({childText(n, "valueName"), childText(n, "value")});
  return out;
}
std::vector<std::string> texts(const xmlNode* parent, const char* name) {
  std::vector<std::string> out;
  for (auto* n : children(parent, name)) out.push_back(textOf(n));
  return out;
}

std::vector<std::string> splitSpaces(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

CapAlert extract(const xmlNode* root) {
  CapAlert a;
  a.identifier = childText(root, "identifier");
  a.sender = childText(root, "sender");
  a.sent = childText(root, "sent");
  a.status = childText(root, "status");
  a.msgType = childText(root, "msgType");
  a.source = childText(root, "source");
  a.scope = childText(root, "scope");
  a.codes = texts(root, "code");
  a.note = childText(root, "note");
  a.references = splitSpaces(childText(root, "references"));
  for (auto* i : children(root, "info")) {
    CapInfo info;
    info.language = childText(i, "language");
    info.categories = texts(i, "category");
    info.event = childText(i, "event");
    info.responseTypes = texts(i, "responseType");
    info.urgency = childText(i, "urgency");
    info.severity = childText(i, "severity");
    info.certainty = childText(i, "certainty");
    info.eventCodes = values(i, "eventCode");
    info.effective = childText(i, "effective");
    info.onset = childText(i, "onset");
    info.expires = childText(i, "expires");
    info.senderName = childText(i, "senderName");
    info.headline = childText(i, "headline");
    info.description = childText(i, "description");
    info.instruction = childText(i, "instruction");
    info.parameters = values(i, "parameter");
    for (auto* ar : children(i, "area")) {
      CapArea area;
      area.areaDesc = childText(ar, "areaDesc");
      area.polygons = texts(ar, "polygon");
      area.circles = texts(ar, "circle");
      area.geocodes = values(ar, "geocode");
      info.areas.push_back(std::move(area));
    }
    a.infos.push_back(std::move(info));
  }
  return a;
}

bool plainToken(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c == ' ' || c == ',' || c == '<' || c == '&' || c == '\t' || c == '\n' || c == '\r') return false;
  return true;
}

// Returns a violation text, or empty when `value` is a CAP time under the profile.
std::string timeProblem(const std::string& field, const std::string& value, const CapProfile& p) {
  static const std::regex shape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})");
  if (!value.empty() && value.back() == 'Z') return field + ": '" + value + "' uses Z; CAP times need a numeric offset";
  if (!std::regex_match(value, shape) || !parseIso8601(value))
    return field + ": '" + value + "' is not YYYY-MM-DDThh:mm:ss±hh:mm";
  if (p.requireBeijingOffset && !value.ends_with("+08:00")) return field + ": '" + value + "' is not Beijing time (+08:00)";
  return {};
}

std::string polygonProblem(const std::string& where, const std::string& polygon) {
  auto pairs = splitSpaces(polygon);
  if (pairs.size() < 4) return where + ": a polygon needs at least 4 lat,lon pairs";
  for (auto& pair : pairs) {
    auto comma = pair.find(',');
    char* end = nullptr;
    if (comma == std::string::npos) return where + ": '" + pair + "' is not lat,lon";
    std::string latText = pair.substr(0, comma), lonText = pair.substr(comma + 1);
    double lat = std::strtod(latText.c_str(), &end);
    if (latText.empty() || *end) return where + ": '" + pair + "' is not lat,lon";
    double lon = std::strtod(lonText.c_str(), &end);
    if (lonText.empty() || *end) return where + ": '" + pair + "' is not lat,lon";
    if (!std::isfinite(lat) || !std::isfinite(lon) || std::fabs(lat) > 90 || std::fabs(lon) > 180)
      return where + ": '" + pair + "' is out of range (CAP pairs are lat,lon, latitude first)";
  }
  if (pairs.front() != pairs.back()) return where + ": polygon is not closed (first and last pairs differ)";
  return {};
}

}  // namespace

std::vector<std::string> checkCapRules(const CapAlert& a, const CapProfile& p) {
  std::vector<std::string> v;
  auto add = [&](std::string s) {
    if (!s.empty()) v.push_back(std::move(s));
  };
  if (!plainToken(a.identifier)) v.push_back("identifier: must be non-empty without spaces, commas, '<' or '&'");
  if (!plainToken(a.sender)) v.push_back("sender: must be non-empty without spaces, commas, '<' or '&'");
  add(timeProblem("sent", a.sent, p));
  auto sent = parseIso8601(a.sent);
  const bool needsReferences = a.msgType == "Update" || a.msgType == "Cancel" || a.msgType == "Ack" || a.msgType == "Error";
  if (needsReferences && a.references.empty()) v.push_back("references: a " + a.msgType + " must reference the earlier messages");
  for (auto& r : a.references) {
    auto first = r.find(','), last = r.rfind(',');
    if (first == std::string::npos || first == last) {
      v.push_back("references: '" + r + "' is not sender,identifier,sent");
      continue;
    }
    if (!plainToken(r.substr(0, first)) || !plainToken(r.substr(first + 1, last - first - 1)))
      v.push_back("references: '" + r + "' has an empty or invalid sender/identifier");
    // Referenced messages may come from other senders, so only the shape of their time counts.
    CapProfile any = p;
    any.requireBeijingOffset = false;
    add(timeProblem("references", r.substr(last + 1), any));
  }
  for (size_t i = 0; i < a.infos.size(); ++i) {
    const auto& info = a.infos[i];
    const std::string where = "info[" + std::to_string(i) + "]";
    if (info.language != "zh-CN") v.push_back(where + ".language: must be zh-CN, got '" + info.language + "'");
    for (auto [name, value] : {std::pair{"effective", &info.effective}, {"onset", &info.onset}, {"expires", &info.expires}}) {
      if (value->empty()) continue;
      auto problem = timeProblem(where + "." + name, *value, p);
      if (!problem.empty()) {
        v.push_back(problem);
        continue;
      }
      if (sent && *parseIso8601(*value) < *sent) v.push_back(where + "." + name + ": is before sent");
    }
    if (!info.onset.empty() && !info.expires.empty()) {
      auto on = parseIso8601(info.onset), ex = parseIso8601(info.expires);
      if (on && ex && *ex <= *on) v.push_back(where + ".expires: is not after onset");
    }
    for (size_t k = 0; k < info.areas.size(); ++k) {
      const auto& area = info.areas[k];
      const std::string awhere = where + ".area[" + std::to_string(k) + "]";
      for (auto& poly : area.polygons) add(polygonProblem(awhere + ".polygon", poly));
      for (auto& circle : area.circles) {
        auto parts = splitSpaces(circle);
        if (parts.size() != 2) {
          v.push_back(awhere + ".circle: '" + circle + "' is not 'lat,lon radius_km'");
          continue;
        }
        add(polygonProblem(awhere + ".circle", parts[0] + " " + parts[0] + " " + parts[0] + " " + parts[0]));
        char* end = nullptr;
        double radius = std::strtod(parts[1].c_str(), &end);
        if (*end || !(radius >= 0)) v.push_back(awhere + ".circle: radius '" + parts[1] + "' is not kilometres >= 0");
      }
    }
  }
  return v;
}

namespace {
std::vector<std::string> validateDoc(xmlDoc* doc, const CapProfile& profile, CapAlert* out) {
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (!root) return {"document has no root element"};
  const char* ns = root->ns && root->ns->href ? reinterpret_cast<const char*>(root->ns->href) : "";
  if (!isElement(root, "alert") || std::strcmp(ns, kCapNamespace) != 0)
    return {std::string("root element must be <alert> in namespace ") + kCapNamespace + ", got <" +
            reinterpret_cast<const char*>(root->name) + "> in '" + ns + "'"};
  auto violations = capSchema().validate(doc);
  CapAlert alert = extract(root);
  auto rules = checkCapRules(alert, profile);
  violations.insert(violations.end(), rules.begin(), rules.end());
  if (out) *out = std::move(alert);
  return violations;
}
}  // namespace

std::vector<std::string> validateCapXml(std::string_view xml, const CapProfile& profile) {
  auto doc = detail::parseUntrustedXml(xml, profile.maxBytes);
  return validateDoc(doc.get(), profile, nullptr);
}

CapAlert parseCapXml(std::string_view xml, const CapProfile& profile) {
  auto doc = detail::parseUntrustedXml(xml, profile.maxBytes);
  CapAlert alert;
  auto violations = validateDoc(doc.get(), profile, &alert);
  if (!violations.empty()) {
    std::string all;
    for (auto& s : violations) all += (all.empty() ? "" : "; ") + s;
    throw EocError(ErrorCode::InvalidCap, all);
  }
  return alert;
}

}  // namespace eoc::warnings
