#pragma once
// The store's transactions, as the services see them (a backend implements it: store/sqlite/).
//
// Contract of every backend:
// - write(f) runs f(Transaction&) in one transaction, serialised with every other write, and
//   commits when f returns. When write() returns, the change is durable, so a 2xx may be sent.
//   If f throws, or the commit fails, nothing is written and the exception propagates (a full
//   disk as EocError StorageFull, other failures as StorageError).
// - f must not call write() again and must hold no network or user wait: keep it short.
// - Reads are the repositories' own (each read sees everything committed before it began).
// - Thread-safe.
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "store/transaction.hpp"

namespace eoc::store {

class Database {
 public:
  virtual ~Database() = default;

  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F, Transaction&>;

 protected:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `body` in one write transaction and commits it (see write()).
  virtual void runWrite(const std::function<void(Transaction&)>& body) = 0;
};

template <class F>
auto Database::write(F&& f) -> std::invoke_result_t<F, Transaction&> {
  using Result = std::invoke_result_t<F, Transaction&>;
  if constexpr (std::is_void_v<Result>) {
    runWrite([&](Transaction& tx) { std::forward<F>(f)(tx); });
  } else {
    std::optional<Result> result;
    runWrite([&](Transaction& tx) { result.emplace(std::forward<F>(f)(tx)); });
    return std::move(*result);
  }
}

}  // namespace eoc::store
