#include "duty/report_draft.hpp"

#include <set>

#include "core/error.hpp"
#include "duty/detail/json_read.hpp"

namespace eoc::duty {

using nlohmann::json;

namespace {

// The placeholders each template may use.
const std::set<std::string> kIncidentPlaceholders = {"unit",     "district", "stage",    "channel",    "type",
                                                     "level",    "time",     "place",    "casualties", "impact",
                                                     "measures", "next",     "reporter", "phone",      "now"};
const std::set<std::string> kZeroPlaceholders = {"unit", "district", "date", "now", "reporter", "phone"};

// The {names} used in `text`; nullopt if a brace is unbalanced.
std::optional<std::vector<std::string>> placeholders(const std::string& text) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') return std::nullopt;
    if (text[i] != '{') continue;
    const auto close = text.find('}', i);
    if (close == std::string::npos || text.find('{', i + 1) < close) return std::nullopt;
    names.push_back(text.substr(i + 1, close - i - 1));
    i = close;
  }
  return names;
}

std::string checkedTemplate(const detail::JsonReader& read, const json& value, const std::string& pointer,
                            const std::set<std::string>& allowed) {
  std::string text = read.text(value, pointer);
  auto names = placeholders(text);
  if (!names) read.fail(pointer, "unbalanced { or }");
  for (const std::string& name : *names)
    if (!allowed.count(name)) read.fail(pointer, "unknown placeholder {" + name + "}");
  return text;
}

std::map<std::string, std::string> textMap(const detail::JsonReader& read, const json& obj, const std::string& pointer,
                                           std::initializer_list<std::string_view> keys) {
  read.object(obj, pointer);
  read.onlyKeys(obj, pointer, keys);
  std::map<std::string, std::string> out;
  for (std::string_view key : keys)
    out[std::string(key)] = read.text(read.member(obj, pointer, key), detail::pointerTo(pointer, key));
  return out;
}

std::string joinList(const std::vector<std::string>& items, const std::string& separator, const std::string& end) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + std::to_string(i + 1) + "." + items[i];
  return out.empty() ? out : out + end;
}

}  // namespace

DraftTemplates DraftTemplates::fromJson(const json& doc, const std::string& origin, const std::string& pointer) {
  detail::JsonReader read(origin);
  read.onlyKeys(doc, pointer,
                {"unit", "district", "unknown", "exercise_prefix", "list_separator", "list_end", "stages", "channels",
                 "levels", "casualty_items", "no_casualties", "title", "lines", "zero_title", "zero_text"});
  auto at = [&](std::string_view key) { return detail::pointerTo(pointer, key); };
  DraftTemplates t;
  t.unit_ = read.text(read.member(doc, pointer, "unit"), at("unit"));
  t.district_ = read.text(read.member(doc, pointer, "district"), at("district"));
  t.unknown_ = read.text(read.member(doc, pointer, "unknown"), at("unknown"));
  t.exercisePrefix_ = read.text(read.member(doc, pointer, "exercise_prefix"), at("exercise_prefix"));
  t.listSeparator_ = read.text(read.member(doc, pointer, "list_separator"), at("list_separator"));
  t.listEnd_ = read.text(read.member(doc, pointer, "list_end"), at("list_end"));
  t.noCasualties_ = read.text(read.member(doc, pointer, "no_casualties"), at("no_casualties"));
  t.stages_ = textMap(read, read.member(doc, pointer, "stages"), at("stages"), {"first", "update", "final", "zero"});
  t.channels_ = textMap(read, read.member(doc, pointer, "channels"), at("channels"), {"phone", "written"});
  t.levels_ = textMap(read, read.member(doc, pointer, "levels"), at("levels"), {"I", "II", "III", "IV"});
  t.casualtyItems_ =
      textMap(read, read.member(doc, pointer, "casualty_items"), at("casualty_items"), {"dead", "missing", "injured"});
  for (const auto& [key, text] : t.casualtyItems_) {
    auto names = placeholders(text);
    if (!names || *names != std::vector<std::string>{"n"})
      read.fail(detail::pointerTo(at("casualty_items"), key), "must use {n} once and no other placeholder");
  }
  t.templates_["title"] = checkedTemplate(read, read.member(doc, pointer, "title"), at("title"), kIncidentPlaceholders);
  const json& lines = read.array(read.member(doc, pointer, "lines"), at("lines"));
  if (lines.empty()) read.fail(at("lines"), "must not be empty");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    t.lines_.push_back("line:" + std::to_string(i));
    t.templates_[t.lines_.back()] =
        checkedTemplate(read, lines[i], detail::pointerTo(at("lines"), i), kIncidentPlaceholders);
  }
  t.templates_["zero_title"] =
      checkedTemplate(read, read.member(doc, pointer, "zero_title"), at("zero_title"), kZeroPlaceholders);
  t.templates_["zero_text"] =
      checkedTemplate(read, read.member(doc, pointer, "zero_text"), at("zero_text"), kZeroPlaceholders);
  return t;
}

std::string DraftTemplates::stageName(ReportStage stage) const {
  return stages_.at(std::string(reportStageKey(stage)));
}
std::string DraftTemplates::channelName(ReportChannel channel) const {
  return channels_.at(std::string(reportChannelKey(channel)));
}
std::string DraftTemplates::levelText(plans::Level level) const {
  return levels_.at(std::string(plans::levelKey(level)));
}

std::string DraftTemplates::fill(const std::string& key, const std::map<std::string, std::string>& values) const {
  const std::string& text = templates_.at(key);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      out += text[i];
      continue;
    }
    const auto close = text.find('}', i);
    const std::string name = text.substr(i + 1, close - i - 1);
    auto it = values.find(name);
    out += it != values.end() && !it->second.empty() ? it->second : unknown_;
    i = close;
  }
  return out;
}

struct DraftRenderer {
  static std::string casualties(const DraftTemplates& t, const Casualties& c) {
    const std::pair<const char*, const std::optional<int>*> items[] = {
        {"dead", &c.dead}, {"missing", &c.missing}, {"injured", &c.injured}};
    std::vector<std::string> parts;
    bool anyKnown = false, anyNonZero = false;
    for (const auto& [key, value] : items) {
      if (!*value) continue;
      anyKnown = true;
      if (**value == 0) continue;
      anyNonZero = true;
      std::string item = t.casualtyItems_.at(key);
      item.replace(item.find("{n}"), 3, std::to_string(**value));
      parts.push_back(item);
    }
    if (!anyKnown) return "";  // the template's {casualties} then reads as unknown
    if (!anyNonZero) {
      const bool allKnown = c.dead && c.missing && c.injured;
      return allKnown ? t.noCasualties_ : "";
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "、" : "") + parts[i];
    return out + t.listEnd_;
  }
  static std::string list(const DraftTemplates& t, const std::vector<std::string>& items) {
    return joinList(items, t.listSeparator_, t.listEnd_);
  }
};

DraftText draftIncidentReport(const DraftFacts& facts, const DraftTemplates& t) {
  std::map<std::string, std::string> values = {
      {"unit", t.unit()},
      {"district", t.district()},
      {"stage", t.stageName(facts.stage)},
      {"type", facts.type},
      {"level", facts.level ? t.levelText(*facts.level) : ""},
      {"time", facts.occurredAt ? formatChineseTime(*facts.occurredAt) : ""},
      {"place", facts.place},
      {"casualties", DraftRenderer::casualties(t, facts.casualties)},
      {"impact", facts.impact},
      {"measures", DraftRenderer::list(t, facts.measures)},
      {"next", DraftRenderer::list(t, facts.nextSteps)},
      {"reporter", facts.reporter},
      {"phone", facts.phone},
      {"now", formatChineseTime(facts.now)},
  };
  const std::string prefix = facts.exercise ? t.exercisePrefix() : "";
  DraftText draft;
  draft.title = prefix + t.fill("title", values);
  for (std::size_t i = 0; i < t.lineCount(); ++i)
    draft.text += (i ? "\n" : prefix) + t.fill("line:" + std::to_string(i), values);
  return draft;
}

DraftText draftZeroReport(const ZeroDraftFacts& facts, const DraftTemplates& t) {
  std::map<std::string, std::string> values = {{"unit", t.unit()},
                                               {"district", t.district()},
                                               {"date", formatChineseDate(facts.date, true)},
                                               {"now", formatChineseTime(facts.now)},
                                               {"reporter", facts.reporter},
                                               {"phone", facts.phone}};
  const std::string prefix = facts.exercise ? t.exercisePrefix() : "";
  return {prefix + t.fill("zero_title", values), prefix + t.fill("zero_text", values)};
}

}  // namespace eoc::duty
