#pragma once
// The one thing the relay needs from the network: GET a URL, conditionally, with a byte limit
// and a deadline. The feed poller only describes requests and reads answers; whoever drives it
// (the service's outbound HTTP client, or a blocking fetch in tests) makes the request.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace eoc::relay {

struct FetchRequest {
  std::uint64_t id = 0;  // matches the answer to the question (FeedPoller::onResponse)
  std::string url;       // absolute http(s) URL
  // Validators of the last 200 for this URL (RFC 9110 §13.1.2, §13.1.3), empty when none: the
  // fetcher sends them as If-None-Match / If-Modified-Since, exactly as received.
  std::string ifNoneMatch;
  std::string ifModifiedSince;
  std::string accept;                        // Accept header value
  size_t maxBytes = 0;                       // read no further than this many body bytes
  std::chrono::milliseconds timeout{10000};  // connect + send + whole answer
};

struct FetchResponse {
  int status = 0;  // HTTP status after redirects; 0 when there was no HTTP answer
  std::string body;
  std::string etag;                                // ETag response header, as sent ("" when none)
  std::string lastModified;                        // Last-Modified response header, as sent
  std::optional<std::chrono::seconds> retryAfter;  // Retry-After of a 429/503, in seconds
  bool bodyTooLarge = false;                       // Content-Length or the body itself went past maxBytes
  std::string error;                               // transport failure: refused, reset, timeout, TLS, too large
};

// What the service's HTTP client implements to drive the relay: call `done` exactly once, on
// any thread, with the answer or the transport error.
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  virtual void fetch(const FetchRequest& request, std::function<void(FetchResponse)> done) = 0;
};

}  // namespace eoc::relay
