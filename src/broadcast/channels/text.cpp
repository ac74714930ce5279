#include "broadcast/channels/text.hpp"

namespace eoc::broadcast::channels {

namespace {
constexpr std::string_view kEllipsis = "…";  // 3 bytes, 1 character
bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

size_t utf8Chars(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text)
    if (!continuation(c)) ++n;
  return n;
}

std::string_view utf8PrefixBytes(std::string_view text, size_t maxBytes) {
  if (text.size() <= maxBytes) return text;
  size_t end = maxBytes;
  while (end > 0 && continuation(static_cast<unsigned char>(text[end]))) --end;
  return text.substr(0, end);
}

std::string_view utf8PrefixChars(std::string_view text, size_t maxChars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (continuation(static_cast<unsigned char>(text[i]))) continue;
    if (chars == maxChars) return text.substr(0, i);
    ++chars;
  }
  return text;
}

std::string fitBytes(std::string_view text, size_t maxBytes) {
  if (text.size() <= maxBytes) return std::string(text);
  if (maxBytes < kEllipsis.size()) return std::string(utf8PrefixBytes(text, maxBytes));
  return std::string(utf8PrefixBytes(text, maxBytes - kEllipsis.size())) + std::string(kEllipsis);
}

std::string fitChars(std::string_view text, size_t maxChars) {
  if (utf8Chars(text) <= maxChars) return std::string(text);
  if (maxChars == 0) return {};
  return std::string(utf8PrefixChars(text, maxChars - 1)) + std::string(kEllipsis);
}

std::string composeWithin(std::string_view head, std::string_view body, std::string_view tail, size_t maxBytes) {
  if (head.size() + body.size() + tail.size() <= maxBytes)
    return std::string(head) + std::string(body) + std::string(tail);
  if (head.size() + tail.size() <= maxBytes) {
    const size_t room = maxBytes - head.size() - tail.size();
    return std::string(head) + (room >= kEllipsis.size() ? fitBytes(body, room) : std::string()) + std::string(tail);
  }
  if (tail.size() <= maxBytes) return fitBytes(head, maxBytes - tail.size()) + std::string(tail);
  return fitBytes(std::string(head) + std::string(tail), maxBytes);
}

}  // namespace eoc::broadcast::channels
