#pragma once
// A fresh data directory under /tmp per test (removed afterwards) and a clock the test sets.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "core/time.hpp"

namespace eoc::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/eoc-store-test-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ManualClock final : public TimeSource {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  TimePoint now_;
};

inline TimePoint beijing(const char* text) {
  auto t = parseIso8601(text);
  if (!t) throw std::invalid_argument(text);
  return *t;
}

// Every byte SQLite has written for the database: the main file and its write-ahead log.
inline std::string databaseBytes(const std::filesystem::path& file) {
  std::string bytes;
  for (const auto& path : {file, std::filesystem::path(file.string() + "-wal")}) {
    std::ifstream in(path, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

}  // namespace eoc::store::testing
