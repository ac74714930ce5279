#pragma once
// UTF-8 text within vendor limits: WeCom counts bytes, SMS counts characters (code points), and a
// cut must never split a character.
#include <cstddef>
#include <string>
#include <string_view>

namespace eoc::broadcast::channels {

// Number of code points (an SMS "字": a Chinese character, a letter or a punctuation mark is one).
size_t utf8Chars(std::string_view text);
// The longest prefix of at most maxBytes bytes that ends on a character boundary.
std::string_view utf8PrefixBytes(std::string_view text, size_t maxBytes);
// The longest prefix of at most maxChars characters.
std::string_view utf8PrefixChars(std::string_view text, size_t maxChars);
// `text` if it fits in maxBytes, else its prefix plus "…" within maxBytes.
std::string fitBytes(std::string_view text, size_t maxBytes);
// `text` if it has at most maxChars characters, else its prefix plus "…" within maxChars.
std::string fitChars(std::string_view text, size_t maxChars);

// A text of three parts where only the middle one may be shortened: head (title lines), body
// (guidance), tail (validity, acknowledgement link). Returns head + body' + tail within maxBytes,
// body' the longest fitting cut of body; if head + tail alone do not fit, the head is cut too
// (the tail, which carries the acknowledgement link, survives whole when it fits at all).
std::string composeWithin(std::string_view head, std::string_view body, std::string_view tail, size_t maxBytes);

}  // namespace eoc::broadcast::channels
