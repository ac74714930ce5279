#pragma once
// What the store tests share beyond tests/support (a fresh data directory per test, a clock the
// test sets): Beijing times from text and the bytes SQLite wrote.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "core/time.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

namespace eoc::store::testing {

using eoc::testing::ManualClock;
using eoc::testing::TempDir;

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
