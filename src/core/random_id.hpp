#pragma once
#include <string>

namespace eoc {
// `bytes` bytes from the OS CSPRNG, hex-encoded. Used for tokens, delivery ids and request ids.
std::string randomHex(size_t bytes);
// SHA-256 of `data`, hex-encoded. Tokens are stored only as this hash.
std::string sha256Hex(const std::string& data);
// Constant-time comparison of two equal-purpose secrets (no early exit on the first difference).
bool constantTimeEquals(const std::string& a, const std::string& b);
}  // namespace eoc
