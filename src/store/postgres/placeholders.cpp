#include "store/postgres/placeholders.hpp"

#include <stdexcept>

namespace eoc::store::postgres {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isTagChar(char c) { return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// Copies from `i` to the end of the quoted run that starts there (the quote char repeated twice
// stands for itself), returns the index after the closing quote.
size_t skipQuoted(std::string_view sql, size_t i, char quote, std::string& out) {
  out += sql[i++];
  while (i < sql.size()) {
    char c = sql[i++];
    out += c;
    if (c != quote) continue;
    if (i < sql.size() && sql[i] == quote) {
      out += sql[i++];
      continue;
    }
    return i;
  }
  throw std::invalid_argument("unterminated quote in SQL");
}

}  // namespace

RewrittenSql rewritePlaceholders(std::string_view sql) {
  RewrittenSql result;
  std::string& out = result.text;
  out.reserve(sql.size() + 8);
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      i = skipQuoted(sql, i, c, out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) throw std::invalid_argument("unterminated comment in SQL");
      out.append(sql.substr(i, end + 2 - i));
      i = end + 2;
    } else if (c == '$' && (i == 0 || !isTagChar(sql[i - 1]))) {
      // A dollar quote $tag$ ... $tag$ (tag empty or an identifier not starting with a digit);
      // "$1" is a PostgreSQL parameter written directly and is copied as is.
      size_t j = i + 1;
      while (j < sql.size() && isTagChar(sql[j])) ++j;
      bool dollarQuote = j < sql.size() && sql[j] == '$' && !(j > i + 1 && isDigit(sql[i + 1]));
      if (!dollarQuote) {
        size_t k = i + 1;
        int number = 0;
        while (k < sql.size() && isDigit(sql[k]) && number <= 32766) number = number * 10 + (sql[k++] - '0');
        if (number > result.parameterCount) result.parameterCount = number;
        out.append(sql.substr(i, k - i));
        i = k;
        continue;
      }
      std::string_view tag = sql.substr(i, j + 1 - i);
      size_t end = sql.find(tag, j + 1);
      if (end == std::string_view::npos) throw std::invalid_argument("unterminated dollar quote in SQL");
      out.append(sql.substr(i, end + tag.size() - i));
      i = end + tag.size();
    } else if (c == '?') {
      size_t j = i + 1;
      int number = 0;
      while (j < sql.size() && isDigit(sql[j])) {
        number = number * 10 + (sql[j] - '0');
        if (number > 32766) throw std::invalid_argument("SQL parameter number too large");
        ++j;
      }
      if (j == i + 1) {
        number = result.parameterCount + 1;
      } else if (number == 0) {
        throw std::invalid_argument("SQL parameter ?0 does not exist (they start at ?1)");
      }
      if (number > result.parameterCount) result.parameterCount = number;
      out += '$';
      out += std::to_string(number);
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return result;
}

}  // namespace eoc::store::postgres
