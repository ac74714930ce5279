#pragma once
// One webhook POST, asynchronous, on the outbound client (net/http_client.hpp): http:// or
// https:// (TLS verified against the system store plus, once configured, an extra CA file), the
// whole exchange bounded by one timeout. It never blocks a thread of the io_context.
//
// Connection reuse (HTTP/1.1 keep-alive): the webhook client of an io_context keeps connections
// per origin (scheme://host:port) — at most kWebhookConnectionsPerOrigin open and as many idle —
// so a burst of 10,000 webhooks to one receiver costs a handful of TCP connections and TLS
// handshakes instead of 10,000. A kept-alive connection the receiver has
// closed is noticed before reuse; one that closes under a request already written is retried once
// on a fresh connection (the receiver dedupes by webhook-id, Standard Webhooks). configureWebhookClient
// replaces the options (the extra CA file of an on-premises gateway; keepAlive=false for one
// connection per POST, the benchmark's switch).
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "net/http_client.hpp"

namespace eoc::broadcast {

struct WebhookRequest {
  std::string url;  // http(s)://host[:port]/path
  std::string body;
  std::string contentType = "application/cap+xml";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{5000};
};

struct WebhookResult {
  int status = 0;     // HTTP status, 0 when no answer came
  std::string error;  // empty when an answer came
  std::chrono::milliseconds latency{0};
  bool delivered() const { return status >= 200 && status < 300; }
};

// Calls `done` exactly once, on an io_context thread.
void postWebhook(boost::asio::io_context& io, WebhookRequest request, std::function<void(WebhookResult)> done);

// At most this many connections per receiver origin (busy or idle). Receivers commonly serve a
// kept-alive connection with one worker thread (cpp-httplib: 8 by default), so more connections
// than its workers would wait for idle ones to time out on the receiver's side.
inline constexpr size_t kWebhookConnectionsPerOrigin = 8;

// The options of the io_context's webhook client (the extra CA file of an on-premises gateway,
// keep-alive). Default: system store, keep-alive, kWebhookConnectionsPerOrigin per origin.
net::ClientOptions defaultWebhookClientOptions();
void configureWebhookClient(boost::asio::io_context& io, net::ClientOptions options);

}  // namespace eoc::broadcast
