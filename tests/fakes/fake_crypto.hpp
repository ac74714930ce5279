#pragma once
// Primitives the fakes verify signatures with, written for the fakes (OpenSSL directly) so that a
// fake never shares code with the client it checks.
#include <optional>
#include <string>
#include <string_view>

namespace eoc::fakes {

std::string hmacSha256(std::string_view key, std::string_view message);
std::string hmacSha1(std::string_view key, std::string_view message);
std::string toBase64(std::string_view bytes);
std::optional<std::string> fromBase64(std::string_view text);
// RFC 3986 unreserved characters kept, everything else %XX (upper case).
std::string rfc3986(std::string_view text);
bool sameSecret(std::string_view a, std::string_view b);  // constant time

}  // namespace eoc::fakes
