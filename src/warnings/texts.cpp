#include "core/enum_names.hpp"
#include "warnings/texts.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "warnings/json_fields.hpp"

namespace eoc::warnings {

using nlohmann::json;

namespace {

constexpr TextKind kKinds[] = {TextKind::Issue, TextKind::Upgrade, TextKind::Downgrade,
                               TextKind::Continue, TextKind::Lift, TextKind::FalseAlarm};

const std::set<std::string>& knownPlaceholders() {
  static const std::set<std::string> names{
      "station", "station_en", "yyyy", "MM", "M", "dd", "d", "H", "mm", "until_MM", "until_M", "until_dd",
      "until_d", "until_H", "until_mm", "type", "type_en", "colour", "colour_en", "old_colour", "old_colour_en",
      "content", "advice", "area", "area_en", "criteria", "reason", "grade", "grade_words", "grade_suffix",
      "items", "n", "item", "drill_id"};
  return names;
}

// Placeholder names used in `tmpl`; throws on an unbalanced brace.
std::vector<std::string> placeholders(const std::string& tmpl, const std::string& where) {
  std::vector<std::string> out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '}') throw EocError(ErrorCode::InvalidBody, where + ": unmatched '}'");
    if (tmpl[i] != '{') continue;
    auto close = tmpl.find('}', i);
    if (close == std::string::npos) throw EocError(ErrorCode::InvalidBody, where + ": unmatched '{'");
    out.push_back(tmpl.substr(i + 1, close - i - 1));
    i = close;
  }
  return out;
}

struct Civil {
  int year;
  unsigned month, day;
  long hour, minute;
};

Civil beijing(TimePoint t) {
  auto local = t + std::chrono::hours(8);
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::hh_mm_ss<std::chrono::seconds> tod(local - day);
  std::chrono::year_month_day ymd(day);
  return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), long(tod.hours().count()),
          long(tod.minutes().count())};
}

std::string twoDigits(long v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02ld", v);
  return buf;
}

void putTime(std::map<std::string, std::string>& v, const std::string& prefix, TimePoint t) {
  auto c = beijing(t);
  if (prefix.empty()) v["yyyy"] = std::to_string(c.year);
  v[prefix + "MM"] = twoDigits(c.month);
  v[prefix + "M"] = std::to_string(c.month);
  v[prefix + "dd"] = twoDigits(c.day);
  v[prefix + "d"] = std::to_string(c.day);
  v[prefix + "H"] = std::to_string(c.hour);
  v[prefix + "mm"] = twoDigits(c.minute);
}

}  // namespace

namespace {
constexpr EnumNames<TextKind, 6> kTextKinds{{{{TextKind::Issue, "issue"},
                                              {TextKind::Upgrade, "upgrade"},
                                              {TextKind::Downgrade, "downgrade"},
                                              {TextKind::Continue, "continue"},
                                              {TextKind::Lift, "lift"},
                                              {TextKind::FalseAlarm, "false_alarm"}}}};
}  // namespace

std::string_view textKindName(TextKind k) { return kTextKinds.name(k); }

WarningTexts WarningTexts::fromJson(const json& doc, const std::string& origin) {
  using detail::member;
  using detail::text;
  WarningTexts t;
  const std::string root = origin + ": ";
  t.station_ = text(doc, "station", root);
  t.stationEn_ = text(doc, "station_en", root);
  t.senderName_ = text(doc, "sender_name", root);
  t.district_ = text(doc, "district", root);
  t.districtEn_ = text(doc, "district_en", root);
  t.areaSeparator_ = text(doc, "area_separator", root);
  const auto& prefix = member(doc, "prefix", root);
  for (const char* s : {"Actual", "Exercise", "Test"}) {
    const auto& p = member(prefix, s, root + "/prefix");
    if (!p.is_string()) throw EocError(ErrorCode::InvalidBody, root + "/prefix/" + s + ": must be a string");
    t.prefix_[s] = p.get<std::string>();
  }
  // Hawaii 2018: an exercise must never look like the real thing.
  if (t.prefix_["Exercise"].empty() || t.prefix_["Test"].empty())
    throw EocError(ErrorCode::InvalidBody, root + "/prefix: Exercise and Test need a visible prefix");
  for (const char* level : {"blue", "yellow", "orange", "red"}) t.advice_[level] = text(member(doc, "advice", root), level, root + "/advice");

  const auto& templates = member(doc, "templates", root);
  for (const char* key : {"content", "guidance", "guidance_item", "guidance_separator", "grade_suffix",
                          "exercise_note", "cancel_note"})
    t.templates_[key] = text(templates, key, root + "/templates");
  for (auto kind : kKinds) {
    const std::string k(textKindName(kind));
    t.templates_[k] = text(templates, k, root + "/templates");
    for (const char* group : {"headline", "sms", "english"})
      t.templates_[std::string(group) + "." + k] = text(member(templates, group, root + "/templates"), k,
                                                        root + "/templates/" + group);
  }
  for (auto& [key, tmpl] : t.templates_)
    for (auto& name : placeholders(tmpl, root + "/templates/" + key))
      if (!knownPlaceholders().count(name))
        throw EocError(ErrorCode::InvalidBody, root + "/templates/" + key + ": unknown placeholder {" + name + "}");
  return t;
}

WarningTexts WarningTexts::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw EocError(ErrorCode::InvalidBody, file.string() + ": cannot be read");
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) throw EocError(ErrorCode::InvalidJson, file.string() + ": is not valid JSON");
  return fromJson(doc, file.string());
}

const std::string& WarningTexts::prefix(WarningStatus s) const { return prefix_.at(std::string(statusName(s))); }

std::string WarningTexts::render(const std::string& key, const std::map<std::string, std::string>& values) const {
  const std::string& tmpl = templates_.at(key);
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    auto close = tmpl.find('}', i);
    auto it = values.find(tmpl.substr(i + 1, close - i - 1));
    if (it != values.end()) out += it->second;  // placeholders were checked at load; absent = empty
    i = close;
  }
  return out;
}

TextKind WarningTexts::kindOf(const IssuedMessage& m, const SignalCatalogue& catalogue) {
  switch (m.msgType) {
    case MsgType::Alert: return TextKind::Issue;
    case MsgType::Cancel: return m.falseAlarm ? TextKind::FalseAlarm : TextKind::Lift;
    case MsgType::Update: {
      auto* now = catalogue.findLevel(m.level);
      auto* before = catalogue.findLevel(m.previousLevel);
      if (!now || !before || now->rank == before->rank) return TextKind::Continue;
      return now->rank > before->rank ? TextKind::Upgrade : TextKind::Downgrade;
    }
  }
  return TextKind::Issue;
}

RenderedTexts WarningTexts::render(const Warning& w, const IssuedMessage* message, const SignalCatalogue& catalogue,
                                   const std::vector<std::string>& areaNames) const {
  const std::string levelKey = message ? message->level : w.level;
  const auto& signal = catalogue.require(w.type, levelKey);
  const auto& type = *catalogue.findType(w.type);
  const auto& level = *catalogue.findLevel(levelKey);
  const TextKind kind = message ? kindOf(*message, catalogue) : TextKind::Issue;
  const TimePoint at = message ? message->sent : w.createdAt;
  const TimePoint until = message ? message->expires : w.expires;

  std::map<std::string, std::string> v;
  putTime(v, "", at);
  putTime(v, "until_", until);
  v["station"] = station_;
  v["station_en"] = stationEn_;
  v["type"] = type.zh;
  v["type_en"] = type.en;
  v["colour"] = level.zh;
  v["colour_en"] = level.en;
  if (message && !message->previousLevel.empty())
    if (auto* old = catalogue.findLevel(message->previousLevel)) {
      v["old_colour"] = old->zh;
      v["old_colour_en"] = old->en;
    }
  v["grade"] = level.grade;
  v["grade_words"] = level.gradeWords;
  v["grade_suffix"] = render("grade_suffix", v);
  v["advice"] = advice_.at(level.key);
  v["criteria"] = signal.criteria;
  v["area_en"] = districtEn_;
  std::string area;
  for (auto& n : areaNames) area += (area.empty() ? "" : areaSeparator_) + n;
  v["area"] = district_;
  v["content"] = w.description ? *w.description : render("content", v);
  v["area"] = area.empty() ? district_ : area;
  v["reason"] = message ? message->reason : "";
  v["drill_id"] = w.drillId.value_or("");

  const std::string& pre = prefix(w.status);
  const std::string k(textKindName(kind));
  RenderedTexts r;
  r.kind = kind;
  r.headline = pre + render("headline." + k, v);
  r.signal = pre + render(k, v);
  r.sms = pre + render("sms." + k, v);
  std::string english;
  if (w.status != WarningStatus::Actual) english.append("[").append(statusName(w.status)).append("] ");
  r.english = english + render("english." + k, v);
  if (kind != TextKind::Lift && kind != TextKind::FalseAlarm) {
    std::string items;
    for (size_t i = 0; i < signal.guidance.size(); ++i) {
      auto iv = v;
      iv["n"] = std::to_string(i + 1);
      iv["item"] = signal.guidance[i];
      items += (i ? templates_.at("guidance_separator") : "") + render("guidance_item", iv);
    }
    v["items"] = items;
    r.guidance = pre + render("guidance", v);
  }
  std::vector<std::string> notes;
  if (w.status == WarningStatus::Exercise) notes.push_back(render("exercise_note", v));
  if (message && message->msgType == MsgType::Cancel && !message->reason.empty())
    notes.push_back(render("cancel_note", v));
  for (auto& n : notes) r.note += (r.note.empty() ? "" : " ") + n;
  return r;
}

}  // namespace eoc::warnings
