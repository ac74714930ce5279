#pragma once
// The store's backend-neutral database: SQLite in a data directory (one writer, a pool of
// readers) or PostgreSQL shared by several eoc instances, chosen where the store is opened
// (store/open.cpp, by the store URL). The repositories read and write through it and never know
// which backend runs their SQL (docs/store-backends.md §1).
//
// Contract (store/database.hpp, plus):
// - write(f) runs f(Transaction&) in one transaction and commits it; on PostgreSQL f may run
//   more than once (serialization failures are retried), so f has no effect outside the
//   transaction except through tx.afterCommit.
// - claim(f) is write(f) for claiming work several instances compete for (SELECT ... FOR UPDATE
//   SKIP LOCKED on PostgreSQL, where it runs at READ COMMITTED; the one writer on SQLite).
// - read(f) runs f(Connection&) on one consistent snapshot, beside the writers.
// - f must call neither write() nor read().
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "store/database.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/transaction.hpp"
#include "store/sqlite/engine/database.hpp"

namespace eoc::store::sql {

class Database final : public store::Database {
 public:
  // SQLite in <dataDir>/eoc.sqlite.
  explicit Database(const std::filesystem::path& dataDir, sqlite::engine::DatabaseOptions options = {});
  // PostgreSQL at `url` (postgresql://...), migrated on open.
  Database(const std::string& url, postgres::DatabaseOptions options);
  ~Database() override;

  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F&, Transaction&>;
  template <class F>
  auto claim(F&& f) -> std::invoke_result_t<F&, Transaction&>;
  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F&, Connection&>;

  bool isPostgres() const { return postgres_ != nullptr; }
  int schemaVersion();
  // The backend itself, for what only it has (tests, the PostgreSQL listener); null for the other.
  sqlite::engine::Database* sqliteDatabase() { return sqlite_.get(); }
  postgres::Database* postgresDatabase() { return postgres_.get(); }

 private:
  void runWrite(const std::function<void(store::Transaction&)>& body) override {
    runTransaction(false, [&](Transaction& tx) { body(tx); });
  }
  void runTransaction(bool claim, const std::function<void(Transaction&)>& body);
  void runRead(const std::function<void(Connection&)>& body);

  template <class F>
  auto transaction(bool claim, F& f) -> std::invoke_result_t<F&, Transaction&>;

  std::unique_ptr<sqlite::engine::Database> sqlite_;
  std::unique_ptr<postgres::Database> postgres_;
};

template <class F>
auto Database::transaction(bool claim, F& f) -> std::invoke_result_t<F&, Transaction&> {
  using Result = std::invoke_result_t<F&, Transaction&>;
  if constexpr (std::is_void_v<Result>) {
    runTransaction(claim, [&](Transaction& tx) { f(tx); });
  } else {
    std::optional<Result> result;
    runTransaction(claim, [&](Transaction& tx) { result.emplace(f(tx)); });
    return std::move(*result);
  }
}

template <class F>
auto Database::write(F&& f) -> std::invoke_result_t<F&, Transaction&> {
  return transaction(false, f);
}

template <class F>
auto Database::claim(F&& f) -> std::invoke_result_t<F&, Transaction&> {
  return transaction(true, f);
}

template <class F>
auto Database::read(F&& f) -> std::invoke_result_t<F&, Connection&> {
  using Result = std::invoke_result_t<F&, Connection&>;
  if constexpr (std::is_void_v<Result>) {
    runRead([&](Connection& c) { f(c); });
  } else {
    std::optional<Result> result;
    runRead([&](Connection& c) { result.emplace(f(c)); });
    return std::move(*result);
  }
}

}  // namespace eoc::store::sql
