#pragma once
// The one logger of eoc: one JSON object per line on stderr, e.g.
//   {"time":"2026-07-12T15:00:00.123+08:00","level":"error","component":"warnings",
//    "request_id":"3f2a…","message":"expiry failed","warning":"w1a2b3c","error":"disk I/O error"}
// `time` is Beijing time with milliseconds; `request_id` is the id of the HTTP request being
// served on this thread (see RequestIdScope), absent for background work. Extra fields follow.
//
// Thread-safe: a line is assembled first and written with one write(2) under a mutex, so lines
// from different threads never interleave. Never log secrets: no headers, no tokens, no query
// strings (they may carry a tracker's token or personal data).
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace eoc::log {

enum class Level { Debug, Info, Warn, Error };

using Field = std::pair<std::string_view, nlohmann::json>;
using Fields = std::initializer_list<Field>;

void write(Level level, std::string_view component, std::string_view message, Fields fields = {});

inline void info(std::string_view component, std::string_view message, Fields fields = {}) {
  write(Level::Info, component, message, fields);
}
inline void warn(std::string_view component, std::string_view message, Fields fields = {}) {
  write(Level::Warn, component, message, fields);
}
inline void error(std::string_view component, std::string_view message, Fields fields = {}) {
  write(Level::Error, component, message, fields);
}

// Names the request served by this thread for every line logged while the scope lives (the HTTP
// edge opens one per request). Scopes nest; the innermost wins.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string requestId);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string previous_;
};
// The id of the innermost scope on this thread, empty outside any.
const std::string& currentRequestId();

// Where lines go: stderr by default. Tests capture lines by installing their own sink; passing
// nullptr restores stderr. The sink is called under the logger's mutex, one complete line
// (ending in '\n') at a time.
using Sink = void (*)(std::string_view line, void* context);
void setSink(Sink sink, void* context = nullptr);

}  // namespace eoc::log
