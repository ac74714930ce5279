#pragma once
// Tokens of the CQL2 text encoding (OGC 21-065r2, annex B): identifiers (keywords are identifiers
// compared case-insensitively by the parser), "quoted" identifiers, 'strings' (a quote inside is
// written '' or \'), numbers with an optional sign and exponent, and the punctuation of
// comparisons and lists. Errors are EocError InvalidFilter naming the character.
#include <string>
#include <string_view>

namespace eoc::gis::cql2 {

enum class TokenKind {
  End,
  Identifier,
  QuotedIdentifier,
  String,
  Number,
  LeftParen,
  RightParen,
  Comma,
  Equal,
  NotEqual,
  Less,
  LessOrEqual,
  Greater,
  GreaterOrEqual,
  Other,  // any other punctuation: the parser says what it expected instead
};

struct Token {
  TokenKind kind = TokenKind::End;
  size_t offset = 0;  // byte offset of the first character in the filter text
  size_t length = 0;  // bytes
  std::string text;   // identifier or string value (unescaped), or the raw characters
  double number = 0;
};

class Lexer {
 public:
  // `text` must outlive the lexer and be valid UTF-8 (the parser checks it first).
  Lexer(std::string_view text, std::string_view parameter);
  Token next();

  // Throws EocError(InvalidFilter) "<parameter>: <what> at character N (after "…")".
  [[noreturn]] void fail(size_t offset, const std::string& what) const;

 private:
  void skipWhitespace();
  Token number(size_t start);
  Token quoted(size_t start, char quote);

  std::string_view text_;
  std::string_view parameter_;
  size_t position_ = 0;
};

// Case-insensitive comparison of an identifier with an ASCII keyword.
bool isKeyword(const Token& token, std::string_view keyword);

}  // namespace eoc::gis::cql2
