#pragma once
// The store's backend-neutral write transaction: what Database::write hands to its function and
// what the repositories write with (Transaction::of(tx)). It forwards to the backend's own
// transaction (SQLite BEGIN IMMEDIATE, or PostgreSQL SERIALIZABLE / READ COMMITTED).
#include <functional>
#include <string_view>
#include <variant>

#include "store/postgres/pg_transaction.hpp"
#include "store/sql/connection.hpp"
#include "store/sqlite/engine/transaction.hpp"
#include "store/transaction.hpp"

namespace eoc::store::sql {

class Transaction final : public store::Transaction {
 public:
  explicit Transaction(sqlite::engine::Transaction& tx) : impl_(&tx), connection_(tx.connection()) {}
  explicit Transaction(postgres::Transaction& tx) : impl_(&tx), connection_(tx.connection()) {}

  // The transaction behind a store::Transaction the services pass back to a repository. Throws
  // std::logic_error for a transaction of another kind (a wiring bug).
  static Transaction& of(store::Transaction& tx);

  Statement prepare(std::string_view sql) { return connection_.prepare(sql); }
  Connection& connection() { return connection_; }
  bool isPostgres() const { return connection_.isPostgres(); }

  void afterCommit(std::function<void()> callback) override;

 private:
  std::variant<sqlite::engine::Transaction*, postgres::Transaction*> impl_;
  Connection connection_;
};

}  // namespace eoc::store::sql
