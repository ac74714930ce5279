#include "store/postgres/pg_statement.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_error.hpp"

namespace eoc::store::postgres {

namespace {

std::optional<int64_t> parseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parseDouble(std::string_view text) {
  if (text == "NaN") return std::nan("");
  if (text == "Infinity") return HUGE_VAL;
  if (text == "-Infinity") return -HUGE_VAL;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Statement::Statement(Connection& connection, const PreparedStatement& prepared)
    : connection_(&connection), prepared_(&prepared), values_(size_t(prepared.parameterCount)) {}

Statement& Statement::set(int index, std::optional<std::string> value) {
  if (index < 1 || size_t(index) > values_.size())
    throw PgError("42P02",
                  "parameter ?" + std::to_string(index) + " does not exist (the statement has " +
                      std::to_string(values_.size()) + ")",
                  std::string(sql()));
  values_[size_t(index - 1)] = std::move(value);
  return *this;
}

Statement& Statement::bindInt64(int index, int64_t value) { return set(index, std::to_string(value)); }

Statement& Statement::bind(int index, double value) {
  if (std::isnan(value)) return set(index, "NaN");
  if (std::isinf(value)) return set(index, value > 0 ? "Infinity" : "-Infinity");
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest text that reads back exactly
  return set(index, std::string(buffer, end));
}

Statement& Statement::bind(int index, std::string_view value) {
  // libpq takes text parameters as C strings: a NUL would silently end the value early.
  if (value.find('\0') != std::string_view::npos)
    throw PgError("22021", "a text value contains the character U+0000, which PostgreSQL cannot store",
                  std::string(sql()));
  return set(index, std::string(value));
}

Statement& Statement::bind(int index, std::nullopt_t) { return set(index, std::nullopt); }

void Statement::execute() {
  std::vector<const char*> pointers;
  pointers.reserve(values_.size());
  for (const auto& value : values_) pointers.push_back(value ? value->c_str() : nullptr);
  result_ = connection_->execute(*prepared_, pointers);
  row_ = -1;
  rows_ = PQntuples(result_.get());
}

bool Statement::step() {
  if (!result_) execute();
  if (++row_ < rows_) return true;
  result_.reset();  // done: the next step() runs the statement again
  return false;
}

// As SQLite's run(): a statement stepped part-way (a RETURNING row read) is finished, not
// executed a second time; one not yet executed (or stepped to its end) runs once.
void Statement::run() {
  if (!result_) execute();
  result_.reset();
}

const char* Statement::cell(int column) const {
  if (!result_ || row_ < 0 || row_ >= rows_ || column < 0 || column >= PQnfields(result_.get())) return nullptr;
  if (PQgetisnull(result_.get(), row_, column)) return nullptr;
  return PQgetvalue(result_.get(), row_, column);
}

bool Statement::isNull(int column) const { return cell(column) == nullptr; }

int64_t Statement::int64(int column) const {
  const char* value = cell(column);
  if (!value) return 0;
  std::string_view text(value);
  if (text == "t") return 1;  // boolean
  if (text == "f") return 0;
  if (auto n = parseInteger(text)) return *n;
  // numeric results such as sum() or avg(): truncated toward zero, as SQLite converts REAL
  if (auto d = parseDouble(text); d && std::isfinite(*d) && std::fabs(*d) < 9.2e18) return int64_t(*d);
  throw PgError("22P02", "column " + std::to_string(column) + " holds \"" + std::string(text) + "\", not an integer",
                std::string(sql()));
}

double Statement::real(int column) const {
  const char* value = cell(column);
  if (!value) return 0.0;
  if (auto d = parseDouble(value)) return *d;
  throw PgError("22P02", "column " + std::to_string(column) + " holds \"" + std::string(value) + "\", not a number",
                std::string(sql()));
}

std::string Statement::text(int column) const {
  const char* value = cell(column);
  if (!value) return {};
  return std::string(value, size_t(PQgetlength(result_.get(), row_, column)));
}

std::optional<std::string> Statement::optionalText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}

std::optional<int64_t> Statement::optionalInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}

std::string_view Statement::sql() const { return prepared_->sql; }

}  // namespace eoc::store::postgres
