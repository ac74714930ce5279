#pragma once
// Standard Webhooks signing: webhook-signature = "v1," + base64(HMAC-SHA256(key, id "." ts "." body)),
// where the key is the base64 part of the recipient's "whsec_<base64>" secret.
#include <optional>
#include <string>
#include <string_view>

namespace eoc::broadcast {

std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);  // nullopt on malformed input

// True for "whsec_" followed by base64 of at least 16 bytes.
bool isWebhookSecret(std::string_view secret);
// Throws std::invalid_argument when the secret is not a webhook secret.
std::string signWebhook(std::string_view secret, std::string_view id, std::string_view timestamp, std::string_view body);
// Accepts a header with several space-separated signatures ("v1,a v1,b"); constant-time compare.
bool verifyWebhook(std::string_view secret, std::string_view id, std::string_view timestamp, std::string_view body,
                   std::string_view signatureHeader);
// A fresh random secret ("whsec_" + base64 of 24 random bytes).
std::string newWebhookSecret();

}  // namespace eoc::broadcast
