#pragma once
// The store's backend-neutral connection, as a repository sees it inside Database::read or
// through Transaction::connection(): a handle on the backend's own connection (SQLite's, or a
// pooled PostgreSQL one), valid only inside the function it was handed to.
// There is no lastInsertRowid(): portable SQL writes `INSERT ... RETURNING id`.
#include <cstdint>
#include <string_view>
#include <variant>

#include "store/postgres/pg_connection.hpp"
#include "store/sql/statement.hpp"
#include "store/sqlite/engine/connection.hpp"

namespace eoc::store::sql {

class Connection {
 public:
  explicit Connection(sqlite::engine::Connection& connection) : impl_(&connection) {}
  explicit Connection(postgres::Connection& connection) : impl_(&connection) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // `sql` is one statement in portable SQL, a constant written in src/store/.
  Statement prepare(std::string_view sql);
  // A fixed script without parameters.
  void exec(std::string_view script);
  // Rows changed by the most recent INSERT / UPDATE / DELETE on this connection.
  int64_t changes() const;
  bool inTransaction() const;
  bool isPostgres() const { return std::holds_alternative<postgres::Connection*>(impl_); }

 private:
  std::variant<sqlite::engine::Connection*, postgres::Connection*> impl_;
};

}  // namespace eoc::store::sql
