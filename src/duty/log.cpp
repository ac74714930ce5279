#include "duty/log.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "duty/detail/text.hpp"

namespace eoc::duty {

namespace {

struct KindName {
  LogKind kind;
  std::string_view key;
  std::string_view name;
};
constexpr KindName kKinds[] = {{LogKind::CallIn, "call_in", "来电"},
                               {LogKind::CallOut, "call_out", "去电"},
                               {LogKind::Info, "info", "信息"},
                               {LogKind::Instruction, "instruction", "指示"},
                               {LogKind::Other, "other", "其他"}};

const KindName& entryOf(LogKind kind) {
  for (const KindName& k : kKinds)
    if (k.kind == kind) return k;
  throw std::logic_error("LogKind without a name");
}

std::string checkedText(const std::optional<std::string>& value, const char* field, std::size_t limit) {
  if (!value) return {};
  if (codePoints(*value) > limit)
    throw EocError(ErrorCode::InvalidBody,
                   std::string(field) + ": longer than " + std::to_string(limit) + " characters");
  return *value;
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::string_view logKindKey(LogKind kind) { return entryOf(kind).key; }
std::string_view logKindName(LogKind kind) { return entryOf(kind).name; }

std::optional<LogKind> parseLogKind(std::string_view key) {
  for (const KindName& k : kKinds)
    if (k.key == key) return k.kind;
  return std::nullopt;
}

std::string logKindList() {
  std::string out;
  for (const KindName& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.key);
  return out;
}

std::size_t codePoints(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

LogEntryDraft validateLogEntry(const LogEntryRequest& request, const LogLimits& limits) {
  LogEntryDraft draft;
  auto kind = parseLogKind(request.kind);
  if (!kind)
    throw EocError(ErrorCode::InvalidParameter, "kind: \"" + request.kind + "\" is not one of " + logKindList());
  draft.kind = *kind;
  if (detail::isBlank(request.content)) throw EocError(ErrorCode::InvalidBody, "content: must not be empty");
  draft.content = checkedText(request.content, "content", limits.maxContentCodePoints);
  draft.from = checkedText(request.from, "from", limits.maxPartyCodePoints);
  draft.to = checkedText(request.to, "to", limits.maxPartyCodePoints);
  if (request.incidentId && request.incidentId->empty())
    throw EocError(ErrorCode::InvalidBody, "incident_id: must not be empty");
  if (request.corrects && request.corrects->empty())
    throw EocError(ErrorCode::InvalidBody, "corrects: must not be empty");
  draft.incidentId = request.incidentId;
  draft.corrects = request.corrects;
  return draft;
}

LogEntryDraft applyCorrectionRule(LogEntryDraft draft, const LogEntry* corrected) {
  if (!draft.corrects) return draft;
  if (!corrected) throw EocError(ErrorCode::NotFound, "corrects: no log entry \"" + *draft.corrects + "\"");
  if (!draft.incidentId) draft.incidentId = corrected->incidentId;
  return draft;
}

LogQuery validateLogQuery(const LogQueryRequest& request, const LogLimits& limits) {
  LogQuery query;
  query.since = request.since;
  query.until = request.until;
  if (query.since && query.until && *query.until <= *query.since)
    throw EocError(ErrorCode::InvalidParameter, "until: must be after since");
  if (request.kind) {
    query.kind = parseLogKind(*request.kind);
    if (!query.kind)
      throw EocError(ErrorCode::InvalidParameter, "kind: \"" + *request.kind + "\" is not one of " + logKindList());
  }
  if (request.q) {
    if (codePoints(*request.q) > limits.maxQueryCodePoints)
      throw EocError(ErrorCode::InvalidParameter,
                     "q: longer than " + std::to_string(limits.maxQueryCodePoints) + " characters");
    query.q = lowerAscii(*request.q);
  }
  query.incidentId = request.incidentId;
  if (request.limit) {
    if (*request.limit == 0 || *request.limit > limits.maxPageSize)
      throw EocError(ErrorCode::InvalidParameter, "limit: must be between 1 and " + std::to_string(limits.maxPageSize));
    query.limit = *request.limit;
  }
  return query;
}

bool matches(const LogEntry& entry, const LogQuery& query) {
  if (query.since && entry.at < *query.since) return false;
  if (query.until && entry.at >= *query.until) return false;
  if (query.kind && entry.kind != *query.kind) return false;
  if (query.incidentId && entry.incidentId != query.incidentId) return false;
  if (!query.q.empty()) {
    const bool found = lowerAscii(entry.content).find(query.q) != std::string::npos ||
                       lowerAscii(entry.from).find(query.q) != std::string::npos ||
                       lowerAscii(entry.to).find(query.q) != std::string::npos;
    if (!found) return false;
  }
  return true;
}

std::vector<LogLine> linkCorrections(const std::vector<LogEntry>& entries) {
  std::vector<LogLine> lines;
  std::map<std::string, std::size_t> byId;
  for (const LogEntry& e : entries) {
    byId[e.id] = lines.size();
    lines.push_back({e, {}});
  }
  for (const LogEntry& e : entries)
    if (e.corrects)
      if (auto it = byId.find(*e.corrects); it != byId.end()) lines[it->second].correctedBy.push_back(e.id);
  return lines;
}

}  // namespace eoc::duty
