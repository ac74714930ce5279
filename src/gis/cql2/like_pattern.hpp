#pragma once
// The LIKE of CQL2: "%" matches any run of characters (also none), "_" exactly one character,
// "\" makes the next character literal. Characters are Unicode code points, so "_" is one Chinese
// character, not one byte. Case-sensitive (CASEI is not supported).
#include <string>
#include <string_view>

namespace eoc::gis::cql2 {

class LikePattern {
 public:
  LikePattern() = default;
  explicit LikePattern(std::string_view pattern);  // valid UTF-8 (the parsers check)
  bool matches(std::string_view value) const;      // value: UTF-8

 private:
  // Pattern code points, with what each one is kept beside it (an escaped "%" is a literal '%').
  std::u32string characters_;
  std::string kinds_;            // 0 literal, 1 any run ("%"), 2 any one character ("_")
  bool needsDecoding_ = false;   // false: values can be matched byte by byte
};

}  // namespace eoc::gis::cql2
