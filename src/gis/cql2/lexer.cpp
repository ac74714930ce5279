#include "gis/cql2/lexer.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/error.hpp"
#include "gis/cql2/utf8.hpp"

namespace eoc::gis::cql2 {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// identifierStart of the BNF, restricted to what can be checked byte-wise: ASCII letters, ':' and
// '_', plus every non-ASCII character (the BNF admits nearly all of Unicode, CJK included).
bool isIdentifierStart(char c) { return isAsciiLetter(c) || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80; }
bool isIdentifierPart(char c) { return isIdentifierStart(c) || isDigit(c) || c == '.'; }

// Bytes of the whitespace character at `i`, 0 if none. Besides ASCII whitespace: the no-break
// space and the ideographic (full-width) space typed by Chinese input methods, both whitespace in
// the CQL2 BNF.
size_t whitespaceLength(std::string_view text, size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  if (text.substr(i, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

}  // namespace

Lexer::Lexer(std::string_view text, std::string_view parameter) : text_(text), parameter_(parameter) {}

void Lexer::fail(size_t offset, const std::string& what) const {
  std::string detail = std::string(parameter_) + ": " + what + " at character " +
                       std::to_string(utf8::characterNumber(text_, offset));
  const std::string before = utf8::excerptBefore(text_, offset, 24);
  detail += before.empty() ? " (at the start)" : " (after \"" + before + "\")";
  throw EocError(ErrorCode::InvalidFilter, detail);
}

void Lexer::skipWhitespace() {
  while (position_ < text_.size()) {
    const size_t length = whitespaceLength(text_, position_);
    if (length == 0) break;
    position_ += length;
  }
}

Token Lexer::number(size_t start) {
  size_t i = start;
  if (text_[i] == '+' || text_[i] == '-') ++i;
  const size_t digitsStart = i;
  while (i < text_.size() && isDigit(text_[i])) ++i;
  if (i < text_.size() && text_[i] == '.') {
    ++i;
    while (i < text_.size() && isDigit(text_[i])) ++i;
  }
  if (i == digitsStart || (i == digitsStart + 1 && text_[digitsStart] == '.')) fail(start, "malformed number");
  if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
    size_t j = i + 1;
    if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
    if (j >= text_.size() || !isDigit(text_[j])) fail(i, "malformed exponent");
    while (j < text_.size() && isDigit(text_[j])) ++j;
    i = j;
  }
  if (i < text_.size() && isIdentifierStart(text_[i])) fail(i, "unexpected character after a number");
  Token token{TokenKind::Number, start, i - start, std::string(text_.substr(start, i - start)), 0};
  // from_chars does not take a leading '+'.
  const char* first = token.text.data() + (token.text[0] == '+' ? 1 : 0);
  const char* last = token.text.data() + token.text.size();
  const auto [end, error] = std::from_chars(first, last, token.number);
  if (error != std::errc() || end != last || !std::isfinite(token.number)) fail(start, "number out of range");
  position_ = i;
  return token;
}

Token Lexer::quoted(size_t start, char quote) {
  std::string value;
  size_t i = start + 1;
  while (true) {
    if (i >= text_.size())
      fail(start, quote == '\'' ? "unterminated string (no closing ')" : "unterminated quoted name (no closing \")");
    const char c = text_[i];
    if (c == quote) {
      if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {  // '' is one quote
        value += '\'';
        i += 2;
        continue;
      }
      ++i;
      break;
    }
    if (quote == '\'' && c == '\\' && i + 1 < text_.size() && text_[i + 1] == '\'') {  // \' is one quote too
      value += '\'';
      i += 2;
      continue;
    }
    value += c;
    ++i;
  }
  position_ = i;
  if (quote == '"' && value.empty()) fail(start, "empty quoted name");
  return Token{quote == '\'' ? TokenKind::String : TokenKind::QuotedIdentifier, start, i - start, std::move(value), 0};
}

Token Lexer::next() {
  skipWhitespace();
  const size_t start = position_;
  if (start >= text_.size()) return Token{TokenKind::End, start, 0, "", 0};
  const char c = text_[start];
  const auto single = [&](TokenKind kind, size_t length) {
    position_ = start + length;
    return Token{kind, start, length, std::string(text_.substr(start, length)), 0};
  };
  if (c == '\'' || c == '"') return quoted(start, c);
  if (isDigit(c) || ((c == '.' || c == '+' || c == '-') && start + 1 < text_.size() &&
                     (isDigit(text_[start + 1]) || (c != '.' && text_[start + 1] == '.'))))
    return number(start);
  if (isIdentifierStart(c)) {
    size_t i = start;
    while (i < text_.size() && isIdentifierPart(text_[i]) && whitespaceLength(text_, i) == 0) ++i;
    position_ = i;
    return Token{TokenKind::Identifier, start, i - start, std::string(text_.substr(start, i - start)), 0};
  }
  const char following = start + 1 < text_.size() ? text_[start + 1] : '\0';
  switch (c) {
    case '(': return single(TokenKind::LeftParen, 1);
    case ')': return single(TokenKind::RightParen, 1);
    case ',': return single(TokenKind::Comma, 1);
    case '=': return single(TokenKind::Equal, 1);
    case '<':
      if (following == '>') return single(TokenKind::NotEqual, 2);
      if (following == '=') return single(TokenKind::LessOrEqual, 2);
      return single(TokenKind::Less, 1);
    case '>':
      if (following == '=') return single(TokenKind::GreaterOrEqual, 2);
      return single(TokenKind::Greater, 1);
    default: return single(TokenKind::Other, 1);
  }
}

bool isKeyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::Identifier || token.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(token.text[i])) != keyword[i]) return false;
  return true;
}

}  // namespace eoc::gis::cql2
