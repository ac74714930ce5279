#include "core/log.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "core/time.hpp"

namespace eoc::log {

namespace {

std::mutex gMutex;
Sink gSink = nullptr;
void* gSinkContext = nullptr;
thread_local std::string tRequestId;

std::string_view levelName(Level level) {
  switch (level) {
    case Level::Debug:
      return "debug";
    case Level::Info:
      return "info";
    case Level::Warn:
      return "warn";
    case Level::Error:
      return "error";
  }
  return "info";
}

// "2026-07-12T15:00:00.123+08:00": formatBeijing's seconds with the milliseconds put in.
std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now - seconds).count();
  std::string text = formatBeijing(TimePoint(seconds.time_since_epoch()));
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03d", int(millis));
  text.insert(text.size() - 6, fraction);  // before "+08:00"
  return text;
}

void writeAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to report a failing stderr
    text.remove_prefix(size_t(n));
  }
}

}  // namespace

void write(Level level, std::string_view component, std::string_view message, Fields fields) {
  nlohmann::json line = nlohmann::json::object();
  line["time"] = timestamp();
  line["level"] = levelName(level);
  line["component"] = component;
  if (!tRequestId.empty()) line["request_id"] = tRequestId;
  line["message"] = message;
  for (const auto& [key, value] : fields) line[std::string(key)] = value;
  // Text from clients (a committee's note, a CAP sender) may be invalid UTF-8: replace, never throw.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  std::lock_guard lock(gMutex);
  if (gSink)
    gSink(text, gSinkContext);
  else
    writeAll(STDERR_FILENO, text);
}

RequestIdScope::RequestIdScope(std::string requestId) : previous_(std::move(tRequestId)) {
  tRequestId = std::move(requestId);
}

RequestIdScope::~RequestIdScope() { tRequestId = std::move(previous_); }

const std::string& currentRequestId() { return tRequestId; }

void setSink(Sink sink, void* context) {
  std::lock_guard lock(gMutex);
  gSink = sink;
  gSinkContext = context;
}

}  // namespace eoc::log
