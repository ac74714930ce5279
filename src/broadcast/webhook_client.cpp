#include "broadcast/webhook_client.hpp"

#include "net/http_client.hpp"

namespace eoc::broadcast {

void postWebhook(boost::asio::io_context& io, WebhookRequest request, std::function<void(WebhookResult)> done) {
  net::Request out;
  out.method = "POST";
  out.url = std::move(request.url);
  out.contentType = std::move(request.contentType);
  out.headers = std::move(request.headers);
  out.body = std::move(request.body);
  out.timeout = request.timeout;
  net::sharedClient(io)->send(std::move(out), [done = std::move(done)](net::Response response) {
    WebhookResult result;
    result.status = response.status;
    result.error = std::move(response.error);
    result.latency = response.latency;
    done(std::move(result));
  });
}

}  // namespace eoc::broadcast
