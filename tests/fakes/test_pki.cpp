#include "test_pki.hpp"

#include <arpa/inet.h>

#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace eoc::fakes {

namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

Key newKey() {
  Key key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EC key generation");
  return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

Cert newCert(EVP_PKEY* key, const std::string& commonName, long serial) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                             -1, 0);
  return cert;
}

void writePem(const std::filesystem::path& file, X509* cert) {
  FILE* f = fopen(file.c_str(), "w");
  check(f != nullptr, "open certificate file");
  PEM_write_X509(f, cert);
  fclose(f);
}

void writePem(const std::filesystem::path& file, EVP_PKEY* key) {
  FILE* f = fopen(file.c_str(), "w");
  check(f != nullptr, "open key file");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  fclose(f);
}

bool isIpAddress(const std::string& text) {
  unsigned char buf[16];
  return inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

}  // namespace

TestPki makeTestPki(const std::filesystem::path& dir, const std::vector<std::string>& names, const std::string& prefix) {
  std::filesystem::create_directories(dir);
  Key caKey = newKey();
  Cert ca = newCert(caKey.get(), prefix + " test CA", 1);
  X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
  addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  check(X509_sign(ca.get(), caKey.get(), EVP_sha256()) > 0, "sign CA");

  Key leafKey = newKey();
  Cert leaf = newCert(leafKey.get(), names.empty() ? "server" : names.front(), 2);
  X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get()));
  std::string san;
  for (const auto& n : names) san += (san.empty() ? "" : ",") + std::string(isIpAddress(n) ? "IP:" : "DNS:") + n;
  if (!san.empty()) addExtension(leaf.get(), ca.get(), NID_subject_alt_name, san);
  addExtension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  addExtension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
  addExtension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  addExtension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  check(X509_sign(leaf.get(), caKey.get(), EVP_sha256()) > 0, "sign leaf");

  TestPki pki{dir / (prefix + "-ca.pem"), dir / (prefix + "-cert.pem"), dir / (prefix + "-key.pem")};
  writePem(pki.caCert, ca.get());
  writePem(pki.serverCert, leaf.get());
  writePem(pki.serverKey, leafKey.get());
  return pki;
}

}  // namespace eoc::fakes
