#pragma once
// One webhook POST, asynchronous, on the outbound client (net/http_client.hpp): http:// or
// https:// (TLS verified against the system store plus, once configured, an extra CA file), the
// whole exchange bounded by one timeout. It never blocks a thread of the io_context.
//
// Connection reuse: the webhook client of an io_context opens one connection per POST (as before
// the net module) with up to 4,096 at once per origin. Reuse with the per-origin bound of the
// shared client is measured slower in today's service loop, which records outcomes in batches and
// refills its in-flight window only after each batch: completions trickling in over a few kept-alive
// connections make many small batches (tools/bench-broadcast, 10,000 webhooks: p99 8.7-13 s with
// reuse against 2 s without). configureWebhookClient switches it once the service loop is changed.
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

// The options of the io_context's webhook client (the extra CA file of an on-premises gateway,
// keep-alive). Default: system store, keepAlive false, 4,096 connections per origin.
net::ClientOptions defaultWebhookClientOptions();
void configureWebhookClient(boost::asio::io_context& io, net::ClientOptions options);

}  // namespace eoc::broadcast
