#pragma once
// A prepared statement borrowed from its connection's cache (see Connection::prepare).
//
// Contract:
// - Parameters are bound by 1-based index (SQLite's convention); columns are read by 0-based index.
// - Values always travel as bound parameters: SQL text is a constant written in src/store/, never
//   assembled from input.
// - When the Statement goes out of scope it is reset and its bindings cleared, so a half-read
//   query never keeps a read snapshot open. The compiled statement stays cached on the connection.
// - A Statement must not outlive its Connection and is used by one thread at a time (the thread
//   that holds the connection).
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace eoc::store::sqlite::engine {

class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  template <std::integral T>
  Statement& bind(int index, T value) {
    return bindInt64(index, static_cast<int64_t>(value));
  }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  // Binds the arguments to parameters 1..N in order.
  template <class... Args>
  Statement& bindAll(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // Advances to the next row: true when a row is ready to read, false when the statement is done.
  // Throws StoreError (an EocError) on failure.
  bool step();
  // Steps to completion, ignoring any rows (INSERT / UPDATE / DELETE / DDL), then resets so the
  // statement can be bound and run again (a loop of inserts reuses one Statement).
  void run();

  bool isNull(int column) const;
  int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optionalText(int column) const;
  std::optional<int64_t> optionalInt64(int column) const;

  std::string_view sql() const;

 private:
  friend class Connection;
  // `inUse` points at the cache slot's flag (cleared on destruction); null for an uncached copy,
  // which this Statement then finalizes.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* inUse);
  Statement& bindInt64(int index, int64_t value);
  void check(int rc) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* inUse_;
};

}  // namespace eoc::store::sqlite::engine
