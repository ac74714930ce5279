#include "broadcast/webhook_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>

namespace eoc::broadcast {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

struct ParsedUrl {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

// Only http:// here; the error says what is missing rather than failing silently.
bool parseHttpUrl(const std::string& url, ParsedUrl& out, std::string& error) {
  constexpr std::string_view kHttp = "http://";
  if (url.compare(0, kHttp.size(), kHttp) != 0) {
    error = url.compare(0, 8, "https://") == 0 ? "https webhooks are not supported by this build" : "not an http URL";
    return false;
  }
  std::string rest = url.substr(kHttp.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.target = rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  } else {
    out.host = authority;
  }
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty() || out.port.empty()) {
    error = "URL has no host or port";
    return false;
  }
  return true;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::io_context& io, WebhookRequest request, std::function<void(WebhookResult)> done)
      : resolver_(io), stream_(io), request_(std::move(request)), done_(std::move(done)),
        start_(std::chrono::steady_clock::now()) {}

  void run(const ParsedUrl& url) {
    req_.method(bhttp::verb::post);
    req_.target(url.target);
    req_.version(11);
    req_.set(bhttp::field::host, url.host + ":" + url.port);
    req_.set(bhttp::field::user_agent, "eoc-broadcast");
    req_.set(bhttp::field::content_type, request_.contentType);
    req_.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : request_.headers) req_.set(name, value);
    req_.body() = std::move(request_.body);
    req_.prepare_payload();
    stream_.expires_after(request_.timeout);
    resolver_.async_resolve(url.host, url.port,
                            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                              self->onResolve(ec, std::move(results));
                            });
  }

 private:
  void onResolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return finish(0, "resolve: " + ec.message());
    stream_.async_connect(results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return self->finish(0, "connect: " + ec.message());
      bhttp::async_write(self->stream_, self->req_, [self](beast::error_code ec, size_t) {
        if (ec) return self->finish(0, "send: " + ec.message());
        bhttp::async_read(self->stream_, self->buffer_, self->res_, [self](beast::error_code ec, size_t) {
          if (ec) return self->finish(0, "answer: " + ec.message());
          self->finish(int(self->res_.result_int()), "");
        });
      });
    });
  }

  void finish(int status, std::string error) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    WebhookResult result;
    result.status = status;
    result.error = std::move(error);
    result.latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    auto done = std::move(done_);
    done(std::move(result));
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  WebhookRequest request_;
  std::function<void(WebhookResult)> done_;
  std::chrono::steady_clock::time_point start_;
  bhttp::request<bhttp::string_body> req_;
  beast::flat_buffer buffer_;
  bhttp::response<bhttp::string_body> res_;
};

}  // namespace

void postWebhook(boost::asio::io_context& io, WebhookRequest request, std::function<void(WebhookResult)> done) {
  ParsedUrl url;
  std::string error;
  if (!parseHttpUrl(request.url, url, error)) {
    boost::asio::post(io, [done = std::move(done), error] {
      WebhookResult result;
      result.error = error;
      done(std::move(result));
    });
    return;
  }
  std::make_shared<Session>(io, std::move(request), std::move(done))->run(url);
}

}  // namespace eoc::broadcast
