#include "store/sql/connection.hpp"

namespace eoc::store::sql {

Statement Connection::prepare(std::string_view sql) {
  return std::visit([&](auto* c) { return Statement(c->prepare(sql)); }, impl_);
}

void Connection::exec(std::string_view script) {
  std::visit([&](auto* c) { c->exec(script); }, impl_);
}

int64_t Connection::changes() const {
  return std::visit([](auto* c) { return c->changes(); }, impl_);
}

bool Connection::inTransaction() const {
  return std::visit([](auto* c) { return c->inTransaction(); }, impl_);
}

}  // namespace eoc::store::sql
