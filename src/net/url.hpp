#pragma once
// Absolute http(s) URLs as the outbound client needs them: scheme, host, port, request target.
// The origin (scheme://host:port) keys the connection pool.
#include <optional>
#include <string>
#include <string_view>

namespace eoc::net {

struct Url {
  std::string scheme;  // "http" | "https"
  std::string host;    // without brackets for IPv6 literals
  std::string port;    // always set: 80 / 443 when the URL gives none
  std::string target;  // path and query, "/" at least
  bool tls() const { return scheme == "https"; }
  std::string origin() const { return scheme + "://" + hostHeader(); }
  // Host header: host[:port], the port omitted when it is the scheme's default.
  std::string hostHeader() const;
};

// nullopt and `error` set ("not an http(s) URL", "URL has no host", "bad port") on anything else.
std::optional<Url> parseUrl(std::string_view text, std::string& error);

// RFC 3986 percent-encoding of every byte outside the unreserved set (A-Z a-z 0-9 - _ . ~),
// upper-case hex: the encoding both the Aliyun RPC signature and DingTalk's sign query need.
std::string percentEncode(std::string_view bytes);

}  // namespace eoc::net
