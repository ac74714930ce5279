#pragma once
// The duty log (值班日志): every call in and out, every piece of information and every instruction
// the desk handles, in the order it happened. Append-only: an entry is never changed or removed;
// a correction is a new entry that names the entry it corrects, and both stay visible.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace eoc::duty {

enum class LogKind { CallIn, CallOut, Info, Instruction, Other };

std::string_view logKindKey(LogKind kind);   // "call_in", "call_out", "info", "instruction", "other"
std::string_view logKindName(LogKind kind);  // 来电, 去电, 信息, 指示, 其他
std::optional<LogKind> parseLogKind(std::string_view key);
std::string logKindList();  // "call_in, call_out, info, instruction, other" (for messages)

struct LogLimits {
  std::size_t maxContentCodePoints = 4000;
  std::size_t maxPartyCodePoints = 200;  // from / to
  std::size_t maxQueryCodePoints = 200;  // q
  std::size_t maxPageSize = 5000;
};

// POST /duty/log as the edge parsed it (syntax only).
struct LogEntryRequest {
  std::string kind;
  std::optional<std::string> from;  // who called or sent it
  std::optional<std::string> to;    // whom the desk called or told
  std::string content;
  std::optional<std::string> incidentId;
  std::optional<std::string> corrects;  // the id of the entry this one corrects
};

// A request that means something: a known kind, content present and within limits.
struct LogEntryDraft {
  LogKind kind = LogKind::Other;
  std::string from;
  std::string to;
  std::string content;
  std::optional<std::string> incidentId;
  std::optional<std::string> corrects;
};

// Throws EocError naming the field: InvalidParameter for an unknown kind (listing the kinds),
// InvalidBody for empty content or a text over its limit.
LogEntryDraft validateLogEntry(const LogEntryRequest& request, const LogLimits& limits = {});

// A stored entry. The time is the server's when it was written, the author the token's person.
struct LogEntry {
  std::string id;
  std::int64_t seq = 0;  // the store's order: strictly increasing
  TimePoint at{};
  std::string author;       // the person (Principal::name), as on the token
  std::string authorLabel;  // "duty_officer" (Principal::label) for the audit trail
  LogKind kind = LogKind::Other;
  std::string from;
  std::string to;
  std::string content;
  std::optional<std::string> incidentId;
  std::optional<std::string> corrects;
};

// The correction rule: a correction names an entry that exists (`corrected`, null when the store
// has none: NotFound) and is earlier (it is: the store orders them); it keeps the corrected entry's
// incident unless it names one itself. Returns the draft with the incident filled in.
LogEntryDraft applyCorrectionRule(LogEntryDraft draft, const LogEntry* corrected);

// GET /duty/log?since=&until=&kind=&q=&limit= as the edge parsed it.
struct LogQueryRequest {
  std::optional<TimePoint> since;  // inclusive
  std::optional<TimePoint> until;  // exclusive
  std::optional<std::string> kind;
  std::optional<std::string> q;
  std::optional<std::string> incidentId;
  std::optional<std::size_t> limit;
};

struct LogQuery {
  std::optional<TimePoint> since;
  std::optional<TimePoint> until;
  std::optional<LogKind> kind;
  std::string q;  // substring of content, from or to; ASCII letters compared without case
  std::optional<std::string> incidentId;
  std::size_t limit = 1000;
};

// InvalidParameter naming kind, until (not after since) or limit; InvalidBody for a q over its limit.
LogQuery validateLogQuery(const LogQueryRequest& request, const LogLimits& limits = {});

bool matches(const LogEntry& entry, const LogQuery& query);

// An entry as listed: with the entries that correct it (ids, in order), so that a reader of the
// log sees at once that an entry was corrected.
struct LogLine {
  LogEntry entry;
  std::vector<std::string> correctedBy;
};
// `entries` in order; corrections found among them (a correction outside the list is not seen).
std::vector<LogLine> linkCorrections(const std::vector<LogEntry>& entries);

std::size_t codePoints(std::string_view utf8);

}  // namespace eoc::duty
