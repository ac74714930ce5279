#include "gis/cql2/utf8.hpp"

namespace eoc::gis::cql2::utf8 {
namespace {

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t sequenceLength(std::string_view text, size_t offset) {
  if (offset >= text.size()) return 0;
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  char32_t minimum = 0;
  char32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, minimum = 0x80, value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, minimum = 0x800, value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, minimum = 0x10000, value = lead & 0x07;
  } else {
    return 0;
  }
  if (offset + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if (!isContinuation(byte(i))) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  return length;
}

std::optional<size_t> firstInvalid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = sequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

size_t characterNumber(std::string_view text, size_t offset) {
  size_t characters = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (!isContinuation(static_cast<unsigned char>(text[i]))) ++characters;
  return characters;
}

std::u32string decode(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = sequenceLength(text, i);
    if (length == 0) {  // callers validate; never loop forever on bad input
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    char32_t value = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (size_t k = 1; k < length; ++k) value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(value);
    i += length;
  }
  return out;
}

std::string excerptBefore(std::string_view text, size_t end, size_t maxCharacters) {
  end = std::min(end, text.size());
  size_t begin = end;
  size_t characters = 0;
  while (begin > 0 && characters < maxCharacters) {
    --begin;
    if (!isContinuation(static_cast<unsigned char>(text[begin]))) ++characters;
  }
  std::string out(text.substr(begin, end - begin));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  // Never cut a message in the middle of an ill-formed sequence: show it as '?'.
  for (size_t i = 0; i < out.size();) {
    const size_t length = sequenceLength(out, i);
    if (length == 0) {
      out[i] = '?';
      ++i;
    } else {
      i += length;
    }
  }
  return (begin > 0 ? "…" : "") + out;
}

}  // namespace eoc::gis::cql2::utf8
