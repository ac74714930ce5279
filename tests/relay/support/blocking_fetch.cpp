#include "relay/support/blocking_fetch.hpp"

#include <httplib.h>

#include "warnings/cap_feed.hpp"

namespace eoc::relay::testing {

namespace {

FetchResponse fetchOnce(const FetchRequest& request) {
  FetchResponse out;
  const auto schemeEnd = request.url.find("://");
  if (schemeEnd == std::string::npos || request.url.compare(0, schemeEnd, "http") != 0) {
    out.error = "unsupported URL " + request.url;  // the test fetch speaks plain http only
    return out;
  }
  const auto pathStart = request.url.find('/', schemeEnd + 3);
  const std::string origin = request.url.substr(0, pathStart);
  const std::string path = pathStart == std::string::npos ? "/" : request.url.substr(pathStart);

  httplib::Client client(origin);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(request.timeout);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(request.timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_write_timeout(seconds.count(), micros.count());
  // Redirects are followed below: cpp-httplib's own following takes a 304 for a redirect
  // without a Location and fails it.
  client.set_follow_location(false);

  httplib::Headers headers;
  if (!request.accept.empty()) headers.emplace("Accept", request.accept);
  if (!request.ifNoneMatch.empty()) headers.emplace("If-None-Match", request.ifNoneMatch);
  if (!request.ifModifiedSince.empty()) headers.emplace("If-Modified-Since", request.ifModifiedSince);

  std::string body;
  auto result = client.Get(
      path, headers,
      [&](const httplib::Response& response) {
        // A declared length over the limit is refused before a byte of it is read.
        if (!response.has_header("Content-Length")) return true;
        const std::string declared = response.get_header_value("Content-Length");
        if (declared.empty() || declared.size() > 18 || declared.find_first_not_of("0123456789") != std::string::npos)
          return false;  // not a length: no answer worth reading
        if (std::stoull(declared) > request.maxBytes) {
          out.bodyTooLarge = true;
          return false;
        }
        return true;
      },
      [&](const char* data, size_t length) {
        if (body.size() + length > request.maxBytes) {
          out.bodyTooLarge = true;
          return false;
        }
        body.append(data, length);
        return true;
      });
  if (!result) {
    out.error = out.bodyTooLarge ? "answer larger than " + std::to_string(request.maxBytes) + " bytes"
                                 : httplib::to_string(result.error());
    return out;
  }
  out.status = result->status;
  out.body = std::move(body);
  out.etag = result->get_header_value("ETag");
  out.lastModified = result->get_header_value("Last-Modified");
  if (result->has_header("Retry-After")) {
    const std::string value = result->get_header_value("Retry-After");
    if (!value.empty() && value.size() < 10 && value.find_first_not_of("0123456789") == std::string::npos)
      out.retryAfter = std::chrono::seconds(std::stoll(value));
  }
  if (out.status >= 301 && out.status <= 308) out.body = result->get_header_value("Location");  // the next hop
  return out;
}

}  // namespace

FetchResponse blockingFetch(const FetchRequest& request) {
  FetchRequest hop = request;
  for (int redirects = 0;; ++redirects) {
    FetchResponse response = fetchOnce(hop);
    const int s = response.status;
    if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) return response;
    const std::string next = warnings::resolveHttpUrl(hop.url, response.body);
    if (redirects == 5 || next.empty()) {
      response.error = "redirect " + std::to_string(s) + " to '" + response.body + "' not followed";
      response.status = 0;
      response.body.clear();
      return response;
    }
    hop.url = next;
    hop.ifNoneMatch.clear();  // validators belong to the URL asked for
    hop.ifModifiedSince.clear();
  }
}

}  // namespace eoc::relay::testing
