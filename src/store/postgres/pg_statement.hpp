#pragma once
// A prepared statement of a postgres::Connection: the same interface as store::Statement.
//
// - Parameters are bound by 1-based index, columns read by 0-based index.
// - The first step() executes the statement with the bound values and fetches the whole result
//   (eoc's queries return bounded pages); later step()s walk its rows. After the last row, step()
//   returns false and the next step() executes again. run() executes and discards the rows (after a
//   step() that read a row, it finishes that execution instead of running it again, as SQLite), and
//   keeps the bindings, so a loop of inserts reuses one Statement.
// - Column values arrive as text: int64() parses integers (and PostgreSQL's booleans t/f as 1/0),
//   real() parses doubles (NaN, Infinity); a NULL reads as 0, 0.0 or "" as with SQLite.
// - Text containing U+0000 cannot be stored by PostgreSQL: bind() refuses it (InvalidBody)
//   instead of letting libpq cut the string short.
// - A Statement must not outlive its Connection and is used by one thread at a time.
#include <libpq-fe.h>

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eoc::store::postgres {

class Connection;

struct PgResultDeleter {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// A statement prepared on the server, owned by its Connection.
struct PreparedStatement {
  std::string name;  // server-side name: eoc_1, eoc_2, ...
  std::string sql;   // as eoc wrote it (for messages)
  int parameterCount = 0;
};

class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept = default;
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

  std::string_view sql() const;

 private:
  friend class Connection;

  Statement(Connection& connection, const PreparedStatement& prepared);
  Statement& bindInt64(int index, int64_t value);
  Statement& set(int index, std::optional<std::string> value);
  void execute();
  const char* cell(int column) const;  // null for SQL NULL or out of range

  Connection* connection_;
  const PreparedStatement* prepared_;  // stable for the connection's life
  std::vector<std::optional<std::string>> values_;
  PgResult result_;
  int row_ = -1;
  int rows_ = 0;
};

}  // namespace eoc::store::postgres
