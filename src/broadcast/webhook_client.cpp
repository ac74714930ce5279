#include "broadcast/webhook_client.hpp"

#include <mutex>

namespace eoc::broadcast {

namespace {

// The io_context's webhook client, as an Asio service: it lives exactly as long as the io_context.
class WebhookClientService : public boost::asio::io_context::service {
 public:
  static inline boost::asio::io_context::id id;
  explicit WebhookClientService(boost::asio::io_context& io) : boost::asio::io_context::service(io), io_(io) {}
  std::shared_ptr<net::HttpClient> get() {
    std::lock_guard lock(mutex_);
    if (!client_) client_ = net::HttpClient::create(io_, defaultWebhookClientOptions());
    return client_;
  }
  void replace(net::ClientOptions options) {
    auto fresh = net::HttpClient::create(io_, std::move(options));
    std::shared_ptr<net::HttpClient> old;
    {
      std::lock_guard lock(mutex_);
      old = std::exchange(client_, std::move(fresh));
    }
    if (old) old->closeIdle();
  }

 private:
  void shutdown() override {
    std::shared_ptr<net::HttpClient> old;
    {
      std::lock_guard lock(mutex_);
      old = std::move(client_);
    }
    if (old) old->closeIdle();
  }
  boost::asio::io_context& io_;
  std::mutex mutex_;
  std::shared_ptr<net::HttpClient> client_;
};

}  // namespace

net::ClientOptions defaultWebhookClientOptions() {
  net::ClientOptions options;
  options.keepAlive = true;
  options.maxConnectionsPerOrigin = kWebhookConnectionsPerOrigin;
  options.maxIdlePerOrigin = kWebhookConnectionsPerOrigin;
  return options;
}

void configureWebhookClient(boost::asio::io_context& io, net::ClientOptions options) {
  boost::asio::use_service<WebhookClientService>(io).replace(std::move(options));
}

void postWebhook(boost::asio::io_context& io, WebhookRequest request, std::function<void(WebhookResult)> done) {
  net::Request out;
  out.method = "POST";
  out.url = std::move(request.url);
  out.contentType = std::move(request.contentType);
  out.headers = std::move(request.headers);
  out.body = std::move(request.body);
  out.timeout = request.timeout;
  out.retryIfStale = true;  // every webhook carries its webhook-id: a repeat is recognised
  boost::asio::use_service<WebhookClientService>(io).get()->send(std::move(out), [done = std::move(done)](net::Response response) {
    WebhookResult result;
    result.status = response.status;
    result.error = std::move(response.error);
    result.latency = response.latency;
    done(std::move(result));
  });
}

}  // namespace eoc::broadcast
