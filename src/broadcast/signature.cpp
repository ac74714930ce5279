#include "broadcast/signature.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "core/random_id.hpp"

namespace eoc::broadcast {

namespace {
constexpr std::string_view kPrefix = "whsec_";

std::optional<std::string> keyOf(std::string_view secret) {
  if (secret.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto key = base64Decode(secret.substr(kPrefix.size()));
  if (!key || key->size() < 16) return std::nullopt;
  return key;
}

// OpenSSL 3 looks the algorithms up in its providers on every one-shot HMAC() call, and again for
// the digest whenever a new context is given one by name; a city-wide broadcast signs 10,000
// bodies. So each thread keeps one context with the digest set, and every signature starts from
// a copy of it (the copy shares the digest already found).
using MacContext = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

MacContext newHmacSha256Context() {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  MacContext ctx(mac ? EVP_MAC_CTX_new(mac) : nullptr, &EVP_MAC_CTX_free);
  EVP_MAC_free(mac);  // the context holds its own reference
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_CTX_set_params(ctx.get(), params) != 1) throw std::runtime_error("HMAC-SHA256 is not available");
  return ctx;
}

// HMAC-SHA256 of id "." timestamp "." body, fed in parts (no copy of the body).
std::string hmacSha256(const std::string& key, std::string_view id, std::string_view timestamp,
                       std::string_view body) {
  thread_local const MacContext prototype = newHmacSha256Context();
  MacContext ctx(EVP_MAC_CTX_dup(prototype.get()), &EVP_MAC_CTX_free);
  auto feed = [&](std::string_view part) {
    return EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size()) == 1;
  };
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t macLen = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr) != 1 ||
      !feed(id) || !feed(".") || !feed(timestamp) || !feed(".") || !feed(body) ||
      EVP_MAC_final(ctx.get(), mac, &macLen, sizeof mac) != 1)
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(mac), macLen);
}
}  // namespace

std::string base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
  out.resize(size_t(n));
  return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=')) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes: drop them.
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(size_t(n) - pad);
  return out;
}

bool isWebhookSecret(std::string_view secret) { return keyOf(secret).has_value(); }

std::string signWebhook(std::string_view secret, std::string_view id, std::string_view timestamp,
                        std::string_view body) {
  auto key = keyOf(secret);
  if (!key) throw std::invalid_argument("not a webhook secret (whsec_<base64>)");
  return "v1," + base64Encode(hmacSha256(*key, id, timestamp, body));
}

bool verifyWebhook(std::string_view secret, std::string_view id, std::string_view timestamp, std::string_view body,
                   std::string_view signatureHeader) {
  auto key = keyOf(secret);
  if (!key) return false;
  const std::string expected = "v1," + base64Encode(hmacSha256(*key, id, timestamp, body));
  bool ok = false;
  size_t pos = 0;
  while (pos <= signatureHeader.size()) {
    size_t end = signatureHeader.find(' ', pos);
    if (end == std::string_view::npos) end = signatureHeader.size();
    if (constantTimeEquals(std::string(signatureHeader.substr(pos, end - pos)), expected)) ok = true;
    pos = end + 1;
  }
  return ok;
}

std::string newWebhookSecret() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return std::string(kPrefix) + base64Encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace eoc::broadcast
