#pragma once
// Chinese (and one English) texts of a warning, rendered from the templates of
// plans/warning-texts.json (docs/design.md "Warnings"): wording is data, not code. Immutable after load.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "warnings/signal_catalogue.hpp"
#include "warnings/warning.hpp"

namespace eoc::warnings {

// Which wording a message needs.
enum class TextKind { Issue, Upgrade, Downgrade, Continue, Lift, FalseAlarm };
std::string_view textKindName(TextKind k);  // "issue", "upgrade", … (the template keys)

struct RenderedTexts {
  TextKind kind = TextKind::Issue;
  std::string headline;     // with grade suffix "[Ⅱ级/严重]" (not on lift/false alarm)
  std::string signal;       // the signal text (CAP description)
  std::string guidance;     // "防御指南：1.…；2.…。" (CAP instruction); empty on lift/false alarm
  std::string sms;          // district relay SMS, the signal within its first 70 code points
  std::string english;      // English summary
  std::string note;         // CAP note: drill id for exercises, reason for cancels (may be empty)
};

class WarningTexts {
 public:
  // Validates that every template exists and uses only known placeholders. Throws
  // EocError(InvalidBody) naming origin and key.
  static WarningTexts fromJson(const nlohmann::json& doc, const std::string& origin = "warning-texts.json");
  static WarningTexts load(const std::filesystem::path& file);

  // Texts for `message` of `w` (nullptr: the draft as it would be issued). `areaNames` are the
  // warned committees' names. Every text of an Exercise/Test starts with its prefix (【演练】).
  RenderedTexts render(const Warning& w, const IssuedMessage* message, const SignalCatalogue& catalogue,
                       const std::vector<std::string>& areaNames) const;

  static TextKind kindOf(const IssuedMessage& m, const SignalCatalogue& catalogue);

  const std::string& senderName() const { return senderName_; }
  const std::string& station() const { return station_; }
  const std::string& prefix(WarningStatus s) const;

 private:
  std::string render(const std::string& key, const std::map<std::string, std::string>& values) const;

  std::map<std::string, std::string> templates_;  // flattened: "sms.issue", "headline.lift", …
  std::map<std::string, std::string> advice_;     // level → 建议防范
  std::map<std::string, std::string> prefix_;     // status → prefix
  std::string station_, stationEn_, senderName_, district_, districtEn_, areaSeparator_;
};

}  // namespace eoc::warnings
