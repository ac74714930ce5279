#pragma once
// The outbound HTTP(S) client of eoc (webhooks, chat robots, SMS gateway, emergency-broadcast
// platform), on Boost.Asio/Beast. Fully asynchronous: no call blocks a thread of the io_context,
// so thousands of exchanges can be in flight on the small background pool.
//
// - https:// through Beast's ssl_stream on Debian's OpenSSL: SNI, the certificate chain verified
//   against the system store (plus an optional extra CA file, for an on-premises gateway with its
//   own CA), the host name (or IP address) checked against the certificate. TLS 1.2 at least.
// - Keep-alive: connections are pooled per origin (scheme://host:port), at most
//   `maxConnectionsPerOrigin` open (busy or idle) and `maxIdlePerOrigin` idle each, closed after
//   `idleTimeout` unused; an exchange finding every connection busy waits for one (FIFO). An idle connection is
//   checked before reuse (a peer that closed it is noticed); if writing the request on a reused
//   connection still fails, the request was not sent and is tried once more on a fresh connection.
//   A failure after the request was sent is retried here only for a request marked retryIfStale,
//   and only when the reused connection closed before any byte of an answer; otherwise the caller
//   decides (a POST is not idempotent; eoc's delivery records decide whether to try again).
// - One deadline bounds the whole exchange (resolve, connect, handshake, send, answer).
// Thread-safe: send() may be called from any thread; `done` runs exactly once on an io_context
// thread.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eoc::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct ClientOptions {
  std::filesystem::path extraCaFile;  // PEM bundle trusted in addition to the system store
  bool systemStore = true;            // false: trust only extraCaFile (tests with their own CA)
  // Connections per origin (busy or idle) at most; further exchanges wait for one to come free,
  // within their own deadline. Many receivers serve a connection with a thread while it is kept
  // alive (cpp-httplib: 8 by default): more connections than that would wait for their idle peers
  // to time out.
  size_t maxConnectionsPerOrigin = 8;
  size_t maxIdlePerOrigin = 8;        // idle keep-alive connections kept per origin
  // false: "Connection: close", one connection per exchange (nothing is pooled; the per-origin
  // bound still holds).
  bool keepAlive = true;
  std::chrono::milliseconds idleTimeout{15000};
  size_t maxResponseBytes = 1 << 20;  // a larger answer is a failure (a vendor answers in bytes)
  std::string userAgent = "eoc";
};

struct Request {
  std::string method = "POST";
  std::string url;  // http:// or https://
  std::string contentType;
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};  // the whole exchange
  // The receiver recognises a repeat of this request (a webhook-id, an OutId): when a kept-alive
  // connection turns out closed after the request was written but before any byte of an answer
  // came (the peer's idle timeout crossed our reuse), it is sent once more on a fresh connection.
  // RFC 9112 §9.3.1 allows that automatic retry only for requests known to be idempotent.
  bool retryIfStale = false;
};

enum class Failure { None, BadUrl, Resolve, Connect, Tls, Send, Receive, Timeout, TooLarge };
std::string_view failureName(Failure failure);

struct Response {
  int status = 0;  // 0 when no answer came
  Headers headers;
  std::string body;
  Failure failure = Failure::None;
  std::string error;             // "connect: Connection refused"; empty when an answer came
  bool requestSent = false;      // the request was written completely at least once
  bool reusedConnection = false;  // answered on a kept-alive connection
  std::chrono::milliseconds latency{0};
  bool answered() const { return failure == Failure::None; }
  // Case-insensitive; empty when absent.
  std::string header(std::string_view name) const;
};

struct ClientStats {
  size_t connectionsOpened = 0;  // TCP connections established (TLS or not)
  size_t exchangesOnReused = 0;  // exchanges answered on a pooled connection
  size_t idleNow = 0;            // connections waiting in the pool
  size_t openNow = 0;            // connections counted against the per-origin bound
  size_t waitedForConnection = 0;  // exchanges that had to wait for a busy origin
};

class HttpClient : public std::enable_shared_from_this<HttpClient> {
 public:
  // Throws EocError(InvalidParameter) when the extra CA file cannot be loaded.
  static std::shared_ptr<HttpClient> create(boost::asio::io_context& io, ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void send(Request request, std::function<void(Response)> done);
  ClientStats stats() const;
  // Closes every idle connection (shutdown, tests).
  void closeIdle();

  struct Impl;

 private:
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One client per io_context, created on first use with default options (system store only).
// configureSharedClient replaces it (e.g. with the config's extra CA file); exchanges in flight
// finish on the client they started with.
std::shared_ptr<HttpClient> sharedClient(boost::asio::io_context& io);
void configureSharedClient(boost::asio::io_context& io, ClientOptions options);

}  // namespace eoc::net
