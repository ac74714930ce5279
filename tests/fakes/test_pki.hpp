#pragma once
// A certificate authority and a server certificate made in the test with OpenSSL's API (EC P-256,
// SHA-256, valid from an hour ago for a day), written as PEM files: the fakes serve TLS with them
// and the client under test trusts the CA through its "extra CA file" option.
#include <filesystem>
#include <string>
#include <vector>

namespace eoc::fakes {

struct TestPki {
  std::filesystem::path caCert;      // PEM, the CA to trust
  std::filesystem::path serverCert;  // PEM, leaf signed by the CA
  std::filesystem::path serverKey;   // PEM, the leaf's private key
};

// `names`: the leaf's subjectAltName entries; an entry that parses as an IP address becomes an
// IP SAN, any other a DNS SAN. Files are named <prefix>-ca.pem, <prefix>-cert.pem, <prefix>-key.pem.
TestPki makeTestPki(const std::filesystem::path& dir, const std::vector<std::string>& names,
                    const std::string& prefix = "test");

}  // namespace eoc::fakes
