#pragma once
// The Warning aggregate: one warning signal through its life (draft → issued → updated →
// cancelled | expired) and the CAP messages issued for it. Plain data; the transitions live in
// lifecycle.hpp and are the only code that changes a Warning.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "gis/geometry.hpp"

namespace eoc::warnings {

// Fixed when the draft is made; no transition ever changes it (Hawaii 2018: docs/design.md, the
// lessons under "Warnings").
enum class WarningStatus { Actual, Exercise, Test };
enum class WarningState { Draft, Issued, Updated, Cancelled, Expired };
enum class MsgType { Alert, Update, Cancel };

std::string_view statusName(WarningStatus s);   // "Actual" — as in CAP
std::optional<WarningStatus> parseStatus(std::string_view s);
std::string_view stateName(WarningState s);     // "draft", "issued", …
std::optional<WarningState> parseState(std::string_view s);
std::string_view msgTypeName(MsgType m);        // "Alert", "Update", "Cancel"
std::optional<MsgType> parseMsgType(std::string_view m);

struct WarningArea {
  std::vector<std::string> committees;     // 9-digit GB/T 2260 codes, unique, request order
  std::optional<gis::Polygon> polygon;     // refined area inside the district, if given
  bool operator==(const WarningArea& o) const;
};

// One issued CAP message. Frozen: identifier, sender and sent never change once written.
struct IssuedMessage {
  std::string identifier;
  std::string sender;
  TimePoint sent;
  MsgType msgType = MsgType::Alert;
  std::vector<std::string> references;  // "sender,identifier,sent" of every earlier message
  std::string level;                    // the warning's level this message announced
  std::string previousLevel;            // Update: the level before (for 升级/降级 wording)
  TimePoint expires;                    // the warning's expiry as announced by this message
  std::string actor;                    // person who issued it
  std::string reason;                   // Cancel: why
  bool falseAlarm = false;              // Cancel: pre-worded false-alarm withdrawal

  // "sender,identifier,sent" as CAP references want it.
  std::string referenceTriple() const;
};

struct Warning {
  std::string id;                        // eoc's own id (not the CAP identifier)
  std::string type;                      // signal type key
  std::string level;                     // current level key
  WarningStatus status = WarningStatus::Actual;
  WarningArea area;
  TimePoint onset;
  TimePoint expires;
  std::optional<std::string> description;  // replaces the catalogue criterion text
  std::string author;                    // person who drafted
  std::string approver;                  // person who issued the first message (Actual: ≠ author)
  WarningState state = WarningState::Draft;
  TimePoint createdAt;
  std::optional<std::string> drillId;    // Exercise only
  std::optional<std::string> source;     // ingest relay: upstream "sender,identifier,sent"
  std::vector<IssuedMessage> messages;   // in issue order

  bool isLive() const { return state == WarningState::Issued || state == WarningState::Updated; }
  const IssuedMessage* lastMessage() const { return messages.empty() ? nullptr : &messages.back(); }
  // When the warning stopped being in force: cancel time or expiry; nullopt while live or draft.
  std::optional<TimePoint> endedAt() const;
};

}  // namespace eoc::warnings
