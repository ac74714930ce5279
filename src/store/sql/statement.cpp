#include "store/sql/statement.hpp"

namespace eoc::store::sql {

Statement& Statement::bindInt64(int index, int64_t value) {
  std::visit([&](auto& s) { s.bind(index, value); }, impl_);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  std::visit([&](auto& s) { s.bind(index, value); }, impl_);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  std::visit([&](auto& s) { s.bind(index, value); }, impl_);
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  std::visit([&](auto& s) { s.bind(index, std::nullopt); }, impl_);
  return *this;
}

bool Statement::step() {
  return std::visit([](auto& s) { return s.step(); }, impl_);
}

void Statement::run() {
  std::visit([](auto& s) { s.run(); }, impl_);
}

bool Statement::isNull(int column) const {
  return std::visit([&](const auto& s) { return s.isNull(column); }, impl_);
}

int64_t Statement::int64(int column) const {
  return std::visit([&](const auto& s) { return s.int64(column); }, impl_);
}

double Statement::real(int column) const {
  return std::visit([&](const auto& s) { return s.real(column); }, impl_);
}

std::string Statement::text(int column) const {
  return std::visit([&](const auto& s) { return s.text(column); }, impl_);
}

std::optional<std::string> Statement::optionalText(int column) const {
  return std::visit([&](const auto& s) { return s.optionalText(column); }, impl_);
}

std::optional<int64_t> Statement::optionalInt64(int column) const {
  return std::visit([&](const auto& s) { return s.optionalInt64(column); }, impl_);
}

std::optional<double> Statement::optionalReal(int column) const {
  if (isNull(column)) return std::nullopt;
  return real(column);
}

std::string_view Statement::sql() const {
  return std::visit([](const auto& s) { return s.sql(); }, impl_);
}

}  // namespace eoc::store::sql
