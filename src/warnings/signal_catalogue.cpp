#include "warnings/signal_catalogue.hpp"

#include <algorithm>
#include <climits>
#include <fstream>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "warnings/json_fields.hpp"

namespace eoc::warnings {

using detail::member;
using detail::text;
using nlohmann::json;

namespace {

LevelInfo parseLevelInfo(const json& j, const std::string& where) {
  LevelInfo l;
  l.key = text(j, "key", where);
  l.zh = text(j, "zh", where);
  l.en = text(j, "en", where);
  const auto& rank = member(j, "rank", where);
  if (!rank.is_number_integer()) throw EocError(ErrorCode::InvalidBody, where + "/rank: must be an integer");
  l.rank = rank.get<int>();
  l.severity = text(j, "severity", where);
  static const std::set<std::string> severities{"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
  if (!severities.count(l.severity)) throw EocError(ErrorCode::InvalidBody, where + "/severity: not a CAP severity");
  l.grade = text(j, "grade", where);
  l.gradeWords = text(j, "grade_words", where);
  l.urgency = text(j, "urgency", where);
  l.certainty = text(j, "certainty", where);
  l.responseType = text(j, "response_type", where);
  return l;
}

std::vector<std::string> parseGuidance(const json& j, const std::string& where) {
  const auto& g = member(j, "guidance", where);
  if (!g.is_array() || g.empty()) throw EocError(ErrorCode::InvalidBody, where + "/guidance: must be a non-empty array");
  std::vector<std::string> out;
  for (size_t i = 0; i < g.size(); ++i) {
    if (!g[i].is_string() || g[i].get_ref<const std::string&>().empty())
      throw EocError(ErrorCode::InvalidBody, where + "/guidance/" + std::to_string(i) + ": must be a non-empty string");
    out.push_back(g[i].get<std::string>());
  }
  return out;
}

Threshold parseThreshold(const json& j, const std::string& where) {
  Threshold t;
  t.quantity = text(j, "quantity", where);
  const auto& v = member(j, "value", where);
  const auto& h = member(j, "hours", where);
  if (!v.is_number() || v.get<double>() <= 0) throw EocError(ErrorCode::InvalidBody, where + "/value: must be > 0");
  if (!h.is_number_integer() || h.get<int>() <= 0)
    throw EocError(ErrorCode::InvalidBody, where + "/hours: must be a positive integer");
  t.value = v.get<double>();
  t.hours = h.get<int>();
  return t;
}

}  // namespace

const SignalLevel* SignalType::find(std::string_view level) const {
  for (auto& l : levels)
    if (l.level == level) return &l;
  return nullptr;
}

SignalCatalogue SignalCatalogue::fromJson(const json& doc, const std::string& origin) {
  SignalCatalogue c;
  const std::string root = origin + ": ";
  c.region_ = text(doc, "district_region", root);
  c.eventCodeScheme_ = text(doc, "event_code_scheme", root);

  const auto& levels = member(doc, "levels", root);
  if (!levels.is_array() || levels.empty()) throw EocError(ErrorCode::InvalidBody, root + "/levels: must be a non-empty array");
  for (size_t i = 0; i < levels.size(); ++i) {
    auto l = parseLevelInfo(levels[i], root + "/levels/" + std::to_string(i));
    if (c.findLevel(l.key)) throw EocError(ErrorCode::InvalidBody, root + "/levels/" + std::to_string(i) + ": duplicate level " + l.key);
    c.levels_.push_back(std::move(l));
  }
  std::sort(c.levels_.begin(), c.levels_.end(), [](auto& a, auto& b) { return a.rank < b.rank; });
  for (size_t i = 1; i < c.levels_.size(); ++i)
    if (c.levels_[i].rank == c.levels_[i - 1].rank)
      throw EocError(ErrorCode::InvalidBody, root + "/levels: two levels share rank " + std::to_string(c.levels_[i].rank));

  static const std::regex codePattern("11B[0-9]{2}");
  const auto& types = member(doc, "types", root);
  if (!types.is_array() || types.empty()) throw EocError(ErrorCode::InvalidBody, root + "/types: must be a non-empty array");
  for (size_t i = 0; i < types.size(); ++i) {
    const std::string where = root + "/types/" + std::to_string(i);
    SignalType t;
    t.key = text(types[i], "key", where);
    t.zh = text(types[i], "zh", where);
    t.en = text(types[i], "en", where);
    t.code = text(types[i], "code", where);
    if (!std::regex_match(t.code, codePattern))
      throw EocError(ErrorCode::InvalidBody, where + "/code: '" + t.code + "' is not an 11Bxx event code");
    if (c.findType(t.key)) throw EocError(ErrorCode::InvalidBody, where + "/key: duplicate type " + t.key);
    if (c.findByCode(t.code)) throw EocError(ErrorCode::InvalidBody, where + "/code: duplicate code " + t.code);
    if (auto rank = types[i].find("frequency_rank"); rank != types[i].end() && !rank->is_null()) {
      if (!rank->is_number_integer() || rank->get<long long>() < 1 || rank->get<long long>() > 1000)
        throw EocError(ErrorCode::InvalidBody, where + "/frequency_rank: must be an integer from 1 to 1000 or null");
      t.frequencyRank = rank->get<int>();
      for (const auto& other : c.types_)
        if (other.frequencyRank == t.frequencyRank)
          throw EocError(ErrorCode::InvalidBody, where + "/frequency_rank: " + std::to_string(*t.frequencyRank) +
                                                     " is also the rank of " + other.key);
    }
    if (auto here = types[i].find("occurs_here"); here != types[i].end()) {
      if (!here->is_boolean()) throw EocError(ErrorCode::InvalidBody, where + "/occurs_here: must be true or false");
      t.occursHere = here->get<bool>();
    }
    if (!t.occursHere && t.frequencyRank)
      throw EocError(ErrorCode::InvalidBody,
                     where + "/frequency_rank: a type that cannot occur here (occurs_here false) has no frequency");
    const auto& lv = member(types[i], "levels", where);
    if (!lv.is_object() || lv.empty()) throw EocError(ErrorCode::InvalidBody, where + "/levels: must be a non-empty object");
    for (auto& [key, body] : lv.items()) {
      if (!c.findLevel(key)) throw EocError(ErrorCode::InvalidBody, where + "/levels/" + key + ": unknown level");
      SignalLevel s;
      s.level = key;
      s.criteria = text(body, "criteria", where + "/levels/" + key);
      s.guidance = parseGuidance(body, where + "/levels/" + key);
      t.levels.push_back(std::move(s));
    }
    std::sort(t.levels.begin(), t.levels.end(),
              [&](auto& a, auto& b) { return c.findLevel(a.level)->rank < c.findLevel(b.level)->rank; });
    c.types_.push_back(std::move(t));
  }

  // Overrides of every region are validated, only the district's own region is applied.
  if (doc.contains("regional_overrides")) {
    const auto& regions = doc["regional_overrides"];
    if (!regions.is_object()) throw EocError(ErrorCode::InvalidBody, root + "/regional_overrides: must be an object");
    for (auto& [region, byType] : regions.items()) {
      const std::string rwhere = root + "/regional_overrides/" + region;
      if (!byType.is_object()) throw EocError(ErrorCode::InvalidBody, rwhere + ": must be an object");
      for (auto& [typeKey, byLevel] : byType.items()) {
        // A named copy: clang 14 cannot capture a structured binding in a lambda (C++20 allows it).
        const std::string wantedType = typeKey;
        auto typeIt = std::find_if(c.types_.begin(), c.types_.end(), [&](auto& t) { return t.key == wantedType; });
        if (typeIt == c.types_.end()) throw EocError(ErrorCode::InvalidBody, rwhere + "/" + typeKey + ": unknown type");
        if (!byLevel.is_object()) throw EocError(ErrorCode::InvalidBody, rwhere + "/" + typeKey + ": must be an object");
        for (auto& [levelKey, body] : byLevel.items()) {
          const std::string lwhere = rwhere + "/" + typeKey + "/" + levelKey;
          SignalLevel* target = nullptr;
          for (auto& l : typeIt->levels)
            if (l.level == levelKey) target = &l;
          if (!target) throw EocError(ErrorCode::InvalidBody, lwhere + ": " + typeKey + " has no level " + levelKey);
          std::string criteria = text(body, "criteria", lwhere);
          std::optional<Threshold> threshold;
          if (body.contains("threshold")) threshold = parseThreshold(body["threshold"], lwhere + "/threshold");
          if (body.contains("guidance")) {
            auto guidance = parseGuidance(body, lwhere);
            if (region == c.region_) target->guidance = std::move(guidance);
          }
          if (region == c.region_) {
            target->criteria = std::move(criteria);
            target->threshold = threshold;
          }
        }
      }
    }
  }
  return c;
}

SignalCatalogue SignalCatalogue::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw EocError(ErrorCode::InvalidBody, file.string() + ": cannot be read");
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) throw EocError(ErrorCode::InvalidJson, file.string() + ": is not valid JSON");
  return fromJson(doc, file.string());
}

std::vector<const SignalType*> SignalCatalogue::byFrequency() const {
  std::vector<const SignalType*> out;
  for (const auto& t : types_) out.push_back(&t);
  // Stable: unranked types keep the file's order among themselves.
  std::stable_sort(out.begin(), out.end(), [](const SignalType* a, const SignalType* b) {
    if (a->occursHere != b->occursHere) return a->occursHere;
    const int ra = a->frequencyRank.value_or(INT_MAX), rb = b->frequencyRank.value_or(INT_MAX);
    return ra < rb;
  });
  return out;
}

const SignalType* SignalCatalogue::findType(std::string_view key) const {
  for (auto& t : types_)
    if (t.key == key) return &t;
  return nullptr;
}

const SignalType* SignalCatalogue::findByCode(std::string_view code) const {
  for (auto& t : types_)
    if (t.code == code) return &t;
  return nullptr;
}

const LevelInfo* SignalCatalogue::findLevel(std::string_view key) const {
  for (auto& l : levels_)
    if (l.key == key) return &l;
  return nullptr;
}

std::vector<std::string> SignalCatalogue::levelsOf(std::string_view type) const {
  std::vector<std::string> out;
  if (auto* t = findType(type))
    for (auto& l : t->levels) out.push_back(l.level);
  return out;
}

bool SignalCatalogue::hasLevel(std::string_view type, std::string_view level) const {
  auto* t = findType(type);
  return t && t->find(level);
}

const SignalLevel& SignalCatalogue::require(std::string_view type, std::string_view level) const {
  auto* t = findType(type);
  if (!t) throw EocError(ErrorCode::UnknownHazard, "type: unknown signal type '" + std::string(type) + "'");
  auto* l = t->find(level);
  if (!l) {
    std::string have;
    for (auto& x : t->levels) have += (have.empty() ? "" : ", ") + x.level;
    throw EocError(ErrorCode::UnknownLevel, "level: " + t->key + " has no level '" + std::string(level) +
                                                "' (it has " + have + ")");
  }
  return *l;
}

}  // namespace eoc::warnings
