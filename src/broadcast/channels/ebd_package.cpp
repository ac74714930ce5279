#include "broadcast/channels/ebd_package.hpp"

#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "broadcast/signature.hpp"
#include "core/random_id.hpp"

namespace eoc::broadcast::channels {

namespace {

std::string escapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string element(const std::string& name, std::string_view value) {
  return "<" + name + ">" + escapeXml(value) + "</" + name + ">";
}

// "2026-07-12 15:00:00", Beijing time, the platforms' time format.
std::string platformTime(TimePoint t) {
  std::string iso = formatBeijing(t);
  std::string out = iso.substr(0, 19);
  out[10] = ' ';
  return out;
}

// 16 decimal digits derived from the delivery id: the same delivery always gets the same package id.
std::string sequenceOf(const std::string& deliveryId) {
  const std::string digest = sha256Hex(deliveryId);
  unsigned long long v = std::stoull(digest.substr(0, 15), nullptr, 16);
  std::string digits = std::to_string(v % 10000000000000000ULL);
  return std::string(16 - digits.size(), '0') + digits;
}

// Warning level → EBM Severity (1 特别重大 … 4 一般), red being the gravest.
std::string severityOf(const std::string& level) {
  if (level == "red") return "1";
  if (level == "orange") return "2";
  if (level == "yellow") return "3";
  return "4";
}

std::string octal(uint64_t value, size_t width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llo", int(width - 1), static_cast<unsigned long long>(value));
  return std::string(buf, width - 1) + '\0';
}

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};

}  // namespace

std::string tarArchive(const std::vector<std::pair<std::string, std::string>>& files, int64_t mtime) {
  std::string out;
  for (const auto& [name, content] : files) {
    if (name.size() > 99) throw std::invalid_argument("tar: name longer than 99 bytes: " + name);
    char header[512];
    std::memset(header, 0, sizeof header);
    std::memcpy(header, name.data(), name.size());
    std::memcpy(header + 100, octal(0644, 8).data(), 8);
    std::memcpy(header + 108, octal(0, 8).data(), 8);
    std::memcpy(header + 116, octal(0, 8).data(), 8);
    std::memcpy(header + 124, octal(content.size(), 12).data(), 12);
    std::memcpy(header + 136, octal(uint64_t(mtime), 12).data(), 12);
    std::memset(header + 148, ' ', 8);  // checksum computed over the header with this field as spaces
    header[156] = '0';
    std::memcpy(header + 257, "ustar", 6);
    std::memcpy(header + 263, "00", 2);
    unsigned sum = 0;
    for (unsigned char c : header) sum += c;
    char checksum[8];
    std::snprintf(checksum, sizeof checksum, "%06o", sum);
    std::memcpy(header + 148, checksum, 7);
    header[155] = ' ';
    out.append(header, sizeof header);
    out += content;
    out.append((512 - content.size() % 512) % 512, '\0');
  }
  out.append(1024, '\0');  // two zero blocks end the archive
  return out;
}

std::string sm2SignRaw(const std::string& keyFile, const std::string& data) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(fopen(keyFile.c_str(), "r"), fclose);
  if (!f) throw std::runtime_error("SM2 key " + keyFile + ": cannot read");
  std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>> key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
  if (!key) throw std::runtime_error("SM2 key " + keyFile + ": not a PEM private key");
  if (!EVP_PKEY_is_a(key.get(), "SM2")) throw std::runtime_error("SM2 key " + keyFile + ": not an SM2 key");
  std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>> md(EVP_MD_CTX_new());
  std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> pctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  static const char kUserId[] = "1234567812345678";
  if (!md || !pctx || EVP_PKEY_CTX_set1_id(pctx.get(), kUserId, sizeof kUserId - 1) <= 0)
    throw std::runtime_error("SM2: cannot set the user id");
  EVP_MD_CTX_set_pkey_ctx(md.get(), pctx.get());
  size_t len = 0;
  if (EVP_DigestSignInit(md.get(), nullptr, EVP_sm3(), nullptr, key.get()) <= 0 ||
      EVP_DigestSign(md.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) <= 0)
    throw std::runtime_error("SM2: signing failed");
  std::string der(len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(der.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) <= 0)
    throw std::runtime_error("SM2: signing failed");
  der.resize(len);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>> sig(d2i_ECDSA_SIG(nullptr, &p, long(der.size())));
  if (!sig) throw std::runtime_error("SM2: malformed signature");
  unsigned char raw[64];
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw + 32, 32);
  return std::string(reinterpret_cast<char*>(raw), sizeof raw);
}

EbdPackage buildEbdPackage(const EbdChannel& c, const ChannelMessage& m, TimePoint now) {
  EbdPackage p;
  const std::string sequence = sequenceOf(m.deliveryId);
  p.ebdId = "01" + c.srcEbrid + sequence;
  const std::string ebmId = "01" + c.srcEbrid + sequenceOf(m.identifier.empty() ? m.deliveryId : m.identifier);
  std::string areas;
  for (const auto& code : m.areaCodes) areas += (areas.empty() ? "" : ",") + code + std::string(code.size() < 12 ? 12 - code.size() : 0, '0');
  const std::string mark = m.drill() ? std::string(kDrillMark) : std::string();
  std::string title = mark + (m.msgType == "Cancel" ? "【解除】" : m.msgType == "Update" ? "【更新】" : "") +
                      (m.signal.empty() ? m.headline : m.signal);
  std::string desc = mark + (m.smsText.empty() ? m.headline : m.smsText);
  if (!m.guidance.empty()) desc += " 防御指南：" + m.guidance;
  p.ebdXml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<EBD>" + element("EBDVersion", "1.0") + element("EBDID", p.ebdId) +
             element("EBDType", "EBM") + "<SRC>" + element("EBRID", c.srcEbrid) + "</SRC><DEST>" +
             element("EBRID", c.destEbrid) + "</DEST>" + element("EBDTime", platformTime(now)) + "<EBM>" +
             element("EBMVersion", "1.0") + element("EBMID", ebmId) + "<MsgBasicInfo>" +
             element("MsgType", m.msgType == "Cancel" ? "2" : "1") + element("SenderName", m.senderName) +
             element("SenderCode", c.srcEbrid) + element("SentTime", platformTime(m.sent)) +
             element("EventType", m.eventCode) + element("Severity", severityOf(m.level)) +
             element("StartTime", platformTime(m.sent)) + element("EndTime", platformTime(m.expires)) +
             "</MsgBasicInfo><MsgContent>" + element("LanguageCode", "zho") + element("MsgTitle", title) +
             element("MsgDesc", desc) + element("AreaCode", areas) + "</MsgContent></EBM></EBD>\n";
  const int64_t seconds = now.time_since_epoch().count();
  std::vector<std::pair<std::string, std::string>> files = {{"EBDB_" + p.ebdId + ".xml", p.ebdXml}};
  if (!c.privateKeyFile.empty()) {
    // SignatureValue as the platforms lay it out: signing time (4 bytes, big-endian seconds), the
    // certificate serial number (12 digits as 6 BCD bytes), then the SM2 signature r||s (64 bytes).
    unsigned char time4[4] = {static_cast<unsigned char>(seconds >> 24), static_cast<unsigned char>(seconds >> 16),
                              static_cast<unsigned char>(seconds >> 8), static_cast<unsigned char>(seconds)};
    std::string sn = std::string(c.certSn.size() < 12 ? 12 - c.certSn.size() : 0, '0') + c.certSn;
    std::string bcd;
    for (size_t i = 0; i + 1 < sn.size() && bcd.size() < 6; i += 2)
      bcd += static_cast<char>(((sn[i] - '0') << 4) | (sn[i + 1] - '0'));
    const std::string value = std::string(reinterpret_cast<char*>(time4), 4) + bcd + sm2SignRaw(c.privateKeyFile, p.ebdXml);
    char timeHex[16];
    std::snprintf(timeHex, sizeof timeHex, "%08llx", static_cast<unsigned long long>(seconds) & 0xffffffffULL);
    p.signatureXml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Signature>" + element("Version", "1.0") +
                     "<RelatedEBD>" + element("EBDID", p.ebdId) + "</RelatedEBD><SignatureCert>" +
                     element("CertType", "1") + element("IssuerID", c.issuerId) + element("CertSN", c.certSn) +
                     "</SignatureCert>" + element("SignatureTime", timeHex) + element("DigestAlgorithm", "SM3") +
                     element("SignatureAlgorithm", "SM2") + element("SignatureValue", base64Encode(value)) +
                     "</Signature>\n";
    files.emplace_back("EBDS_EBDB_" + p.ebdId + ".xml", p.signatureXml);
  }
  p.tar = tarArchive(files, seconds);
  return p;
}

Rendered renderEbd(const EbdChannel& c, const ChannelMessage& m, const RenderContext& ctx) {
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(ctx.now);
  EbdPackage package = buildEbdPackage(c, m, TimePoint(now.time_since_epoch()));
  const std::string boundary = "eoc-" + randomHex(12);
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"EBDB_" +
                     package.ebdId + ".tar\"\r\nContent-Type: application/x-tar\r\n\r\n" + package.tar + "\r\n--" +
                     boundary + "--\r\n";
  net::Request r;
  r.method = "POST";
  r.url = c.url;
  r.contentType = "multipart/form-data; boundary=" + boundary;
  r.body = std::move(body);
  r.timeout = ctx.timeout;
  return {std::move(r), package.ebdXml};
}

}  // namespace eoc::broadcast::channels
