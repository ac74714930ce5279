#include "gis/cql2/like_pattern.hpp"

#include "gis/cql2/utf8.hpp"

namespace eoc::gis::cql2 {
namespace {

// Classic wildcard matching with one backtrack point: on a mismatch after a run wildcard, the
// run absorbs one more character and matching resumes. Linear in practice, O(n·m) at worst,
// never recursive.
char32_t codePoint(char c) { return static_cast<unsigned char>(c); }
char32_t codePoint(char32_t c) { return c; }

constexpr char kLiteral = 0, kAnyRun = 1, kAnyOne = 2;

template <typename Text>
bool wildcardMatch(const Text& text, const std::u32string& pattern, const std::string& kinds) {
  size_t t = 0, p = 0;
  size_t starP = std::u32string::npos, starT = 0;
  while (t < text.size()) {
    if (p < pattern.size() && kinds[p] != kAnyRun && (kinds[p] == kAnyOne || codePoint(text[t]) == pattern[p])) {
      ++t, ++p;
    } else if (p < pattern.size() && kinds[p] == kAnyRun) {
      starP = p++;
      starT = t;
    } else if (starP != std::u32string::npos) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && kinds[p] == kAnyRun) ++p;
  return p == pattern.size();
}

}  // namespace

LikePattern::LikePattern(std::string_view pattern) {
  const std::u32string decoded = utf8::decode(pattern);
  for (size_t i = 0; i < decoded.size(); ++i) {
    char32_t c = decoded[i];
    char kind = kLiteral;
    if (c == U'\\' && i + 1 < decoded.size()) {
      c = decoded[++i];
    } else if (c == U'%') {
      kind = kAnyRun;
    } else if (c == U'_') {
      kind = kAnyOne;
    }
    // "_" must see whole characters, and a non-ASCII literal must compare whole characters.
    if (c >= 0x80 || kind == kAnyOne) needsDecoding_ = true;
    characters_.push_back(c);
    kinds_.push_back(kind);
  }
}

bool LikePattern::matches(std::string_view value) const {
  // Without "_" and non-ASCII literals, bytes and characters give the same answer: no decoding.
  if (needsDecoding_) {
    for (unsigned char c : value)
      if (c >= 0x80) return wildcardMatch(utf8::decode(value), characters_, kinds_);
  }
  return wildcardMatch(value, characters_, kinds_);
}

}  // namespace eoc::gis::cql2
