#pragma once
// The store's backend-neutral prepared statement: one repository implementation, written once in
// portable SQL (docs/store-backends.md §3), runs on SQLite or PostgreSQL through it. It forwards
// to the statement of the backend its Connection belongs to; both have the same contract:
// - parameters bound by 1-based index with SQLite's ?N markers (PostgreSQL rewrites them to $N),
//   columns read by 0-based index; a NULL reads as 0, 0.0 or "";
// - step() walks the rows; run() executes and discards rows, keeping the statement reusable;
// - a Statement must not outlive its Connection and is used by one thread at a time.
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "store/postgres/pg_statement.hpp"
#include "store/sqlite/engine/statement.hpp"

namespace eoc::store::sql {

class Statement {
 public:
  explicit Statement(sqlite::engine::Statement statement) : impl_(std::move(statement)) {}
  explicit Statement(postgres::Statement statement) : impl_(std::move(statement)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  ~Statement() = default;

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

  bool step();
  void run();

  bool isNull(int column) const;
  int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optionalText(int column) const;
  std::optional<int64_t> optionalInt64(int column) const;
  std::optional<double> optionalReal(int column) const;

  std::string_view sql() const;

 private:
  Statement& bindInt64(int index, int64_t value);

  std::variant<sqlite::engine::Statement, postgres::Statement> impl_;
};

}  // namespace eoc::store::sql
