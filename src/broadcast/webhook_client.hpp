#pragma once
// One webhook POST, asynchronous, on the io_context's shared outbound client (net/http_client.hpp):
// http:// or https:// (verified TLS), connections kept alive and reused per origin, the whole
// exchange bounded by one timeout. It never blocks a thread of the io_context.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace eoc::broadcast
