#include "store/sql/transaction.hpp"

#include <stdexcept>

namespace eoc::store::sql {

Transaction& Transaction::of(store::Transaction& tx) {
  auto* mine = dynamic_cast<Transaction*>(&tx);
  if (!mine) throw std::logic_error("a transaction of another store was passed to a repository");
  return *mine;
}

void Transaction::afterCommit(std::function<void()> callback) {
  std::visit([&](auto* t) { t->afterCommit(std::move(callback)); }, impl_);
}

}  // namespace eoc::store::sql
