#include "warnings/cap_reader.hpp"

#include <sstream>

#include "core/error.hpp"
#include "warnings/geocodes.hpp"

namespace eoc::warnings {

namespace {

const SignalType* mapType(const CapInfo& info, const SignalCatalogue& catalogue) {
  for (auto& code : info.eventCodes)
    if (auto* t = catalogue.findByCode(code.value)) return t;
  // Longest Chinese name wins, so that 沙尘暴 is not read as 沙尘.
  const SignalType* best = nullptr;
  for (auto& t : catalogue.types())
    if (info.event.find(t.zh) != std::string::npos && (!best || t.zh.size() > best->zh.size())) best = &t;
  return best;
}

const LevelInfo* mapLevel(const CapInfo& info, const SignalCatalogue& catalogue) {
  for (auto& p : info.parameters)
    if (p.valueName == "colour" || p.valueName == "color" || p.valueName == "颜色" || p.valueName == "预警颜色")
      for (auto& l : catalogue.levels())
        if (p.value == l.key || p.value.find(l.zh) != std::string::npos) return &l;
  for (auto& l : catalogue.levels())
    if (info.headline.find(l.zh) != std::string::npos) return &l;
  for (auto& l : catalogue.levels())
    if (info.severity == l.severity) return &l;
  return nullptr;
}

gis::Polygon toPolygon(const std::string& text) {
  gis::Polygon poly;
  std::istringstream in(text);
  for (std::string pair; in >> pair;) {
    auto comma = pair.find(',');
    double lat = std::stod(pair.substr(0, comma)), lon = std::stod(pair.substr(comma + 1));
    poly.outer().push_back(gis::Point(lon, lat));
  }
  gis::bg::correct(poly);
  return poly;
}

const CapInfo* chineseInfo(const CapAlert& a) {
  for (auto& i : a.infos)
    if (i.language == "zh-CN") return &i;
  return a.infos.empty() ? nullptr : &a.infos.front();
}

}  // namespace

IngestedCap readIngestCap(std::string_view xml, const SignalCatalogue& catalogue, const CapProfile& profile) {
  IngestedCap in;
  in.alert = parseCapXml(xml, profile);  // safe parse + schema + rules, or InvalidCap
  in.sent = *parseIso8601(in.alert.sent);
  for (auto& r : in.alert.references) {
    auto first = r.find(','), last = r.rfind(',');
    in.references.push_back({r.substr(0, first), r.substr(first + 1, last - first - 1), r.substr(last + 1)});
  }
  if (in.alert.msgType == "Ack" || in.alert.msgType == "Error") return in;

  const CapInfo* info = chineseInfo(in.alert);
  const bool cancel = in.alert.msgType == "Cancel";
  if (!info) {
    if (cancel) return in;
    throw EocError(ErrorCode::InvalidCap, "info: an " + in.alert.msgType + " without <info> names no signal");
  }
  const SignalType* type = mapType(*info, catalogue);
  const LevelInfo* level = mapLevel(*info, catalogue);
  if (!cancel) {
    if (!type)
      throw EocError(ErrorCode::InvalidCap, "info.event: '" + info->event + "' maps to no known signal type");
    if (!level) throw EocError(ErrorCode::InvalidCap, "info: no colour in parameter, headline or severity");
    if (!type->find(level->key))
      throw EocError(ErrorCode::InvalidCap, "info: " + type->zh + " has no " + level->zh + " signal");
  }
  if (type) in.type = type->key;
  if (level && type && type->find(level->key)) in.level = level->key;
  if (!info->onset.empty()) in.onset = parseIso8601(info->onset);
  if (!info->expires.empty()) in.expires = parseIso8601(info->expires);
  for (auto& area : info->areas) {
    for (auto& p : area.polygons) in.polygons.push_back(toPolygon(p));
    for (auto& g : area.geocodes)
      if (isDivisionCodeScheme(g.valueName)) in.geocodes.push_back(g.value);
  }
  return in;
}

}  // namespace eoc::warnings
