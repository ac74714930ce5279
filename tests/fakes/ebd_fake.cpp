#include "ebd_fake.hpp"

#include <cstring>
#include <map>
#include <memory>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "fake_crypto.hpp"

namespace eoc::fakes {

namespace {

// Files of a ustar archive (regular files only).
std::map<std::string, std::string> untar(const std::string& tar) {
  std::map<std::string, std::string> files;
  size_t pos = 0;
  while (pos + 512 <= tar.size()) {
    const char* h = tar.data() + pos;
    if (h[0] == '\0') break;
    std::string name(h, strnlen(h, 100));
    const size_t size = std::stoull(std::string(h + 124, strnlen(h + 124, 12)), nullptr, 8);
    pos += 512;
    if (pos + size > tar.size()) break;
    if (h[156] == '0' || h[156] == '\0') files[name] = tar.substr(pos, size);
    pos += (size + 511) / 512 * 512;
  }
  return files;
}

// The first file part of a multipart/form-data body.
std::optional<std::pair<std::string, std::string>> filePart(const std::string& contentType, const std::string& body) {
  const size_t b = contentType.find("boundary=");
  if (b == std::string::npos) return std::nullopt;
  std::string boundary = "--" + contentType.substr(b + 9);
  if (boundary.size() > 2 && boundary[2] == '"') boundary = "--" + boundary.substr(3, boundary.size() - 4);
  size_t start = body.find(boundary);
  if (start == std::string::npos) return std::nullopt;
  const size_t headersEnd = body.find("\r\n\r\n", start);
  if (headersEnd == std::string::npos) return std::nullopt;
  const std::string headers = body.substr(start, headersEnd - start);
  const size_t fn = headers.find("filename=\"");
  if (fn == std::string::npos) return std::nullopt;
  const std::string filename = headers.substr(fn + 10, headers.find('"', fn + 10) - fn - 10);
  const size_t dataStart = headersEnd + 4;
  const size_t dataEnd = body.find("\r\n" + boundary, dataStart);
  if (dataEnd == std::string::npos) return std::nullopt;
  return std::pair{filename, body.substr(dataStart, dataEnd - dataStart)};
}

using Doc = std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)>;

xmlNodePtr child(xmlNodePtr parent, const char* name) {
  if (!parent) return nullptr;
  for (xmlNodePtr n = parent->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0) return n;
  return nullptr;
}

std::optional<std::string> text(xmlNodePtr node) {
  if (!node) return std::nullopt;
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

bool verifySm2(const std::string& publicKeyPem, const std::string& data, const std::string& rs) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(publicKeyPem.data(), int(publicKeyPem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  if (!key || rs.size() != 64) return false;
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  ECDSA_SIG_set0(sig.get(), BN_bin2bn(reinterpret_cast<const unsigned char*>(rs.data()), 32, nullptr),
                 BN_bin2bn(reinterpret_cast<const unsigned char*>(rs.data()) + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int derLen = i2d_ECDSA_SIG(sig.get(), &der);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new(key.get(), nullptr);
  static const char kId[] = "1234567812345678";  // GM/T 0009 default user id
  EVP_PKEY_CTX_set1_id(pctx, kId, sizeof kId - 1);
  EVP_MD_CTX_set_pkey_ctx(md.get(), pctx);
  const bool ok = EVP_DigestVerifyInit(md.get(), nullptr, EVP_sm3(), nullptr, key.get()) > 0 &&
                  EVP_DigestVerify(md.get(), der, size_t(derLen), reinterpret_cast<const unsigned char*>(data.data()),
                                   data.size()) == 1;
  OPENSSL_free(der);
  EVP_PKEY_CTX_free(pctx);
  return ok;
}

std::string tarOf(const std::string& name, const std::string& content) {
  char h[512] = {};
  std::memcpy(h, name.data(), std::min<size_t>(name.size(), 99));
  std::snprintf(h + 100, 8, "%07o", 0644);
  std::snprintf(h + 108, 8, "%07o", 0);
  std::snprintf(h + 116, 8, "%07o", 0);
  std::snprintf(h + 124, 12, "%011lo", static_cast<unsigned long>(content.size()));
  std::snprintf(h + 136, 12, "%011o", 0);
  std::memset(h + 148, ' ', 8);
  h[156] = '0';
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  h[155] = ' ';
  std::string out(h, 512);
  out += content;
  out.append((512 - content.size() % 512) % 512, '\0');
  out.append(1024, '\0');
  return out;
}

}  // namespace

std::pair<std::string, std::string> makeSm2KeyPair() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr),
                                                                  EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  EVP_PKEY_keygen_init(ctx.get());
  EVP_PKEY_generate(ctx.get(), &raw);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, EVP_PKEY_free);
  auto pem = [&](bool priv) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (priv)
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    else
      PEM_write_bio_PUBKEY(bio.get(), key.get());
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(n));
  };
  return {pem(true), pem(false)};
}

EbdFake::EbdFake(std::string ebrid, std::string senderPublicKeyPem, std::optional<TlsFiles> tls, WallClock clock)
    : VendorFake(std::move(tls), std::move(clock)), ebrid_(std::move(ebrid)), publicKeyPem_(std::move(senderPublicKeyPem)) {}

std::string EbdFake::endpoint(const std::string& host) const {
  return const_cast<EbdFake*>(this)->server().baseUrl(host) + "/ebd";
}

std::vector<ReceivedEbd> EbdFake::accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::vector<std::string> EbdFake::answeredCodes() const {
  std::lock_guard lock(mutex_);
  return codes_;
}

FakeAnswer EbdFake::handle(const ReceivedRequest& req) {
  std::lock_guard lock(mutex_);
  std::string relatedId = "0";
  auto reply = [&](const std::string& code, const std::string& desc) {
    codes_.push_back(code);
    const std::string id = "01" + ebrid_ + std::string(16 - std::min<size_t>(16, std::to_string(codes_.size()).size()), '0') +
                           std::to_string(codes_.size());
    const std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<EBD><EBDVersion>1.0</EBDVersion><EBDID>" + id +
                            "</EBDID><EBDType>EBDResponse</EBDType><SRC><EBRID>" + ebrid_ +
                            "</EBRID></SRC><RelatedEBD><EBDID>" + relatedId + "</EBDID></RelatedEBD><EBDResponse><ResultCode>" +
                            code + "</ResultCode><ResultDesc>" + desc + "</ResultDesc></EBDResponse></EBD>\n";
    return FakeAnswer{200, "application/x-tar", tarOf("EBDB_" + id + ".xml", xml)};
  };
  if (req.method != "POST" || req.path != "/ebd") return FakeAnswer{404, "text/plain", "not found"};
  auto part = filePart(req.header("content-type"), req.body);
  if (!part) return reply("2", "数据包格式错误：缺少文件");
  auto files = untar(part->second);
  const std::string tarName = part->first;
  if (tarName.rfind("EBDB_", 0) != 0 || tarName.size() < 10 || tarName.substr(tarName.size() - 4) != ".tar")
    return reply("2", "数据包格式错误：文件名");
  const std::string id = tarName.substr(5, tarName.size() - 9);
  relatedId = id;
  auto ebdFile = files.find("EBDB_" + id + ".xml");
  if (ebdFile == files.end()) return reply("2", "数据包格式错误：缺少 EBDB 文件");
  Doc doc(xmlReadMemory(ebdFile->second.data(), int(ebdFile->second.size()), "ebd.xml", "UTF-8", XML_PARSE_NONET),
          xmlFreeDoc);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root || std::strcmp(reinterpret_cast<const char*>(root->name), "EBD") != 0) return reply("2", "数据包格式错误：根元素");
  ReceivedEbd got;
  got.xml = ebdFile->second;
  for (const char* required : {"EBDVersion", "EBDID", "EBDType", "EBDTime"})
    if (!text(child(root, required))) return reply("2", std::string("缺少 ") + required);
  got.ebdId = *text(child(root, "EBDID"));
  got.ebdType = *text(child(root, "EBDType"));
  if (got.ebdId != id) return reply("2", "EBDID 与文件名不符");
  if (!text(child(child(root, "SRC"), "EBRID"))) return reply("2", "缺少 SRC/EBRID");
  if (text(child(child(root, "DEST"), "EBRID")).value_or("") != ebrid_) return reply("2", "DEST/EBRID 不是本平台");
  if (got.ebdType == "EBM") {
    xmlNodePtr ebm = child(root, "EBM");
    xmlNodePtr basic = child(ebm, "MsgBasicInfo");
    xmlNodePtr content = child(ebm, "MsgContent");
    if (!ebm || !basic || !content || !text(child(ebm, "EBMID"))) return reply("2", "缺少 EBM/EBMID/MsgBasicInfo/MsgContent");
    for (const char* required : {"MsgType", "SentTime", "EventType", "Severity", "StartTime", "EndTime"})
      if (!text(child(basic, required))) return reply("2", std::string("缺少 MsgBasicInfo/") + required);
    for (const char* required : {"LanguageCode", "MsgTitle", "MsgDesc", "AreaCode"})
      if (!text(child(content, required))) return reply("2", std::string("缺少 MsgContent/") + required);
    got.msgType = *text(child(basic, "MsgType"));
    got.eventType = *text(child(basic, "EventType"));
    got.severity = *text(child(basic, "Severity"));
    if (got.severity.size() != 1 || got.severity[0] < '1' || got.severity[0] > '4') return reply("2", "Severity 取值 1–4");
    got.title = *text(child(content, "MsgTitle"));
    got.description = *text(child(content, "MsgDesc"));
    got.areaCode = *text(child(content, "AreaCode"));
  }
  auto sigFile = files.find("EBDS_EBDB_" + id + ".xml");
  got.signedPackage = sigFile != files.end();
  if (!publicKeyPem_.empty()) {
    if (!got.signedPackage) return reply("4", "签名验证失败：缺少签名文件");
    Doc sdoc(xmlReadMemory(sigFile->second.data(), int(sigFile->second.size()), "sig.xml", "UTF-8", XML_PARSE_NONET),
             xmlFreeDoc);
    xmlNodePtr sroot = sdoc ? xmlDocGetRootElement(sdoc.get()) : nullptr;
    auto value = fromBase64(text(child(sroot, "SignatureValue")).value_or(""));
    if (!sroot || text(child(sroot, "DigestAlgorithm")).value_or("") != "SM3" ||
        text(child(sroot, "SignatureAlgorithm")).value_or("") != "SM2" ||
        text(child(child(sroot, "RelatedEBD"), "EBDID")).value_or("") != id || !value || value->size() != 74 ||
        !verifySm2(publicKeyPem_, ebdFile->second, value->substr(10)))
      return reply("4", "签名验证失败");
  }
  accepted_.push_back(std::move(got));
  return reply("1", "执行成功");
}

}  // namespace eoc::fakes
