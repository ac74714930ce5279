#pragma once
// The little UTF-8 a CQL2 parser needs: positions are reported in characters (code points), not
// bytes, because filters name Chinese places ("name LIKE '%八一%'") and a byte offset would point
// into the middle of a character; LIKE's "_" matches one character, not one byte.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eoc::gis::cql2::utf8 {

// Length in bytes of the well-formed sequence starting at `text[offset]`, or 0 when the bytes
// there are not well-formed UTF-8 (overlong forms, surrogates and code points > U+10FFFF refused).
size_t sequenceLength(std::string_view text, size_t offset);
// Byte offset of the first ill-formed sequence, or nullopt when `text` is valid UTF-8.
std::optional<size_t> firstInvalid(std::string_view text);
// 1-based character number of the character that starts at byte `offset`.
size_t characterNumber(std::string_view text, size_t offset);
// Code points of valid UTF-8 text (callers validate first).
std::u32string decode(std::string_view text);
// At most `maxCharacters` characters of `text` ending at byte `end`, control characters shown as
// spaces: the context shown in error messages.
std::string excerptBefore(std::string_view text, size_t end, size_t maxCharacters);

}  // namespace eoc::gis::cql2::utf8
