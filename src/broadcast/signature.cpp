#include "broadcast/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "core/random_id.hpp"

namespace eoc::broadcast {

namespace {
constexpr std::string_view kPrefix = "whsec_";

std::string keyOf(std::string_view secret) {
  if (!isWebhookSecret(secret)) throw std::invalid_argument("not a webhook secret (whsec_<base64>)");
  return *base64Decode(secret.substr(kPrefix.size()));
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

bool isWebhookSecret(std::string_view secret) {
  if (secret.substr(0, kPrefix.size()) != kPrefix) return false;
  auto key = base64Decode(secret.substr(kPrefix.size()));
  return key && key->size() >= 16;
}

std::string signWebhook(std::string_view secret, std::string_view id, std::string_view timestamp,
                        std::string_view body) {
  std::string key = keyOf(secret);
  std::string content;
  content.reserve(id.size() + timestamp.size() + body.size() + 2);
  content.append(id).append(".").append(timestamp).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLen = 0;
  if (!HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
            content.size(), mac, &macLen))
    throw std::runtime_error("HMAC-SHA256 failed");
  return "v1," + base64Encode(std::string_view(reinterpret_cast<const char*>(mac), macLen));
}

bool verifyWebhook(std::string_view secret, std::string_view id, std::string_view timestamp, std::string_view body,
                   std::string_view signatureHeader) {
  if (!isWebhookSecret(secret)) return false;
  const std::string expected = signWebhook(secret, id, timestamp, body);
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
