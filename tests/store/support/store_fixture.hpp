#pragma once
// What the store tests share beyond tests/support (a fresh data directory per test, a clock the
// test sets): Beijing times from text and the bytes SQLite wrote.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/time.hpp"
#include "postgres/pg_test_support.hpp"
#include "store/sql/database.hpp"
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

// The backend the store tests run on: SQLite, or PostgreSQL when EOC_TEST_BACKEND=postgres.
// ctest runs the suite once per backend (the PostgreSQL run is named pg.* and needs the
// eoc_postgres fixture): the one portable-SQL repository is tested on both.
inline bool onPostgres() {
  const char* backend = std::getenv("EOC_TEST_BACKEND");
  return backend && std::string(backend) == "postgres";
}

// A fresh, empty store on the backend under test: a temporary data directory, or a schema of its
// own on the test server. open() reaches the same data again (a restart, another instance).
class TestDatabase {
 public:
  TestDatabase() {
    if (onPostgres()) schema_.emplace();
  }
  std::unique_ptr<sql::Database> open() const {
    if (schema_) return std::make_unique<sql::Database>(schema_->url(), schema_->database());
    return std::make_unique<sql::Database>(dir_.path());
  }
  const std::filesystem::path& path() const { return dir_.path(); }
  std::filesystem::path sqliteFile() const { return dir_.path() / "eoc.sqlite"; }

 private:
  TempDir dir_;
  std::optional<postgres::testing::TestSchema> schema_;
};

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
