#include "net/url.hpp"

#include <cctype>

namespace eoc::net {

std::string Url::hostHeader() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string h = ipv6 ? "[" + host + "]" : host;
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) return h;
  return h + ":" + port;
}

std::optional<Url> parseUrl(std::string_view text, std::string& error) {
  Url url;
  std::string_view rest;
  if (text.substr(0, 7) == "http://") {
    url.scheme = "http";
    url.port = "80";
    rest = text.substr(7);
  } else if (text.substr(0, 8) == "https://") {
    url.scheme = "https";
    url.port = "443";
    rest = text.substr(8);
  } else {
    error = "not an http(s) URL";
    return std::nullopt;
  }
  for (char c : text)
    if (std::iscntrl(static_cast<unsigned char>(c)) || c == ' ') {
      error = "URL contains a space or control character";
      return std::nullopt;
    }
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    url.target = std::string(rest.substr(slash));
    if (url.target[0] == '?') url.target = "/" + url.target;
    if (const size_t hash = url.target.find('#'); hash != std::string::npos) url.target.resize(hash);
  }
  if (url.target.empty()) url.target = "/";
  if (authority.find('@') != std::string_view::npos) {
    error = "credentials in the URL are not supported";
    return std::nullopt;
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "unterminated IPv6 literal";
      return std::nullopt;
    }
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        error = "bad port";
        return std::nullopt;
      }
      port = authority.substr(close + 2);
    }
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    url.host = std::string(authority.substr(0, colon));
    port = authority.substr(colon + 1);
  } else {
    url.host = std::string(authority);
  }
  if (url.host.empty()) {
    error = "URL has no host";
    return std::nullopt;
  }
  if (!port.empty() || (authority.size() && authority.back() == ':')) {
    if (port.empty() || port.size() > 5) {
      error = "bad port";
      return std::nullopt;
    }
    int value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        error = "bad port";
        return std::nullopt;
      }
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) {
      error = "bad port";
      return std::nullopt;
    }
    url.port = std::to_string(value);
  }
  return url;
}

std::string percentEncode(std::string_view bytes) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (unsigned char c : bytes) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace eoc::net
