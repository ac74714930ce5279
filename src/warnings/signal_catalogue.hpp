#pragma once
// The weather warning signal catalogue (CMA Order No. 16; docs/design.md "Warnings"), loaded from plans/warning-signals.json and
// validated once at startup. Immutable after load, so safe to share between threads.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace eoc::warnings {

// A colour level with the CAP facts that follow from it.
struct LevelInfo {
  std::string key;            // "orange"
  std::string zh;             // "橙色"
  std::string en;             // "orange"
  int rank = 0;               // blue 1 … red 4: higher is more severe
  std::string severity;       // CAP severity: Minor | Moderate | Severe | Extreme
  std::string grade;          // "Ⅱ级"
  std::string gradeWords;     // "严重"
  std::string urgency;        // CAP urgency
  std::string certainty;      // CAP certainty
  std::string responseType;   // CAP responseType
};

struct Threshold {
  std::string quantity;  // "precipitation_mm"
  double value = 0;
  int hours = 0;
};

// What one type means at one level, regional overrides already applied.
struct SignalLevel {
  std::string level;                    // level key
  std::string criteria;                 // Chinese criterion text
  std::vector<std::string> guidance;    // 防御指南 items, in order
  std::optional<Threshold> threshold;   // only where a numeric override exists
};

struct SignalType {
  std::string key;     // "rainstorm"
  std::string zh;      // "暴雨"
  std::string en;      // "rainstorm"
  std::string code;    // "11B03"
  std::vector<SignalLevel> levels;  // ascending rank; only the levels the type really has
  // How often the district issues it: 1 is the most frequent; nullopt when unranked. Data
  // ("frequency_rank"), so that the draft form lists what the desk really issues first.
  std::optional<int> frequencyRank;
  bool occursHere = true;  // false: cannot happen in the district (typhoon inland), kept out of default lists
  const SignalLevel* find(std::string_view level) const;
};

class SignalCatalogue {
 public:
  // Validates everything (unique keys, 11Bxx codes, known levels, non-empty criteria/guidance,
  // overrides that name existing type × level) and applies the overrides of `district_region`.
  // Throws EocError(InvalidBody) naming `origin` and the JSON pointer of the bad field.
  static SignalCatalogue fromJson(const nlohmann::json& doc, const std::string& origin = "warning-signals.json");
  static SignalCatalogue load(const std::filesystem::path& file);

  const std::vector<SignalType>& types() const { return types_; }
  const std::vector<LevelInfo>& levels() const { return levels_; }  // ascending rank
  const std::string& districtRegion() const { return region_; }
  const std::string& eventCodeScheme() const { return eventCodeScheme_; }

  // Every type in the district's order: those that occur here by frequency rank (unranked ones
  // after the ranked, in file order), then those that cannot occur here.
  std::vector<const SignalType*> byFrequency() const;

  const SignalType* findType(std::string_view key) const;
  const SignalType* findByCode(std::string_view code) const;
  const LevelInfo* findLevel(std::string_view key) const;
  // The level keys `type` really has (empty for an unknown type).
  std::vector<std::string> levelsOf(std::string_view type) const;
  bool hasLevel(std::string_view type, std::string_view level) const;

  // Throws EocError(UnknownHazard / UnknownLevel) when the combination does not exist.
  const SignalLevel& require(std::string_view type, std::string_view level) const;

 private:
  std::vector<SignalType> types_;
  std::vector<LevelInfo> levels_;
  std::string region_;
  std::string eventCodeScheme_;
};

}  // namespace eoc::warnings
