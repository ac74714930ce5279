#pragma once
// The HTTP(S) server under every vendor fake: binds 127.0.0.1 on an ephemeral port, serves
// HTTP/1.1 with keep-alive (plain or TLS with a certificate made in the test), hands each request
// to the vendor's handler and records it. One thread per connection (sync Beast): fakes serve a
// test or a benchmark, not the world. It counts the connections it accepted, so a test can see
// whether the client reused them.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace eoc::fakes {

struct ReceivedRequest {
  std::string method;
  std::string target;  // path?query as sent
  std::string path;    // before '?'
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  size_t connection = 0;  // 1-based index of the connection it came on
  std::chrono::steady_clock::time_point at;
  std::string header(const std::string& lowerName) const;
};

struct FakeAnswer {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::chrono::milliseconds delay{0};  // answer this much later (a slow vendor)
  bool close = false;                  // close the connection after answering
  bool drop = false;                   // close the connection without answering
};

struct TlsFiles {
  std::filesystem::path cert;
  std::filesystem::path key;
};

// application/x-www-form-urlencoded / query decoding ('+' is a space).
std::map<std::string, std::string> decodeForm(const std::string& text);
std::string percentDecode(const std::string& text);

class FakeHttpServer {
 public:
  using Handler = std::function<FakeAnswer(const ReceivedRequest&)>;
  explicit FakeHttpServer(Handler handler, std::optional<TlsFiles> tls = std::nullopt);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  // Binds 127.0.0.1:port (0: any free port) and serves; returns the port. Restartable on the
  // same port after stop() (a receiver that was down comes back up).
  int start(int port = 0);
  // Closes the listener and every open connection; waits for the connection threads.
  void stop();
  bool running() const;
  int port() const { return port_; }
  // "https://127.0.0.1:<port>" (or http://); `host` replaces 127.0.0.1 (e.g. "localhost").
  std::string baseUrl(const std::string& host = "127.0.0.1") const;

  size_t connectionsAccepted() const { return connections_.load(); }
  // Connections this server has closed (or seen closed) so far.
  size_t connectionsClosed() const;
  // Waits until at least n connections were closed; false on timeout.
  bool waitForClosed(size_t n, std::chrono::milliseconds timeout) const;
  // Closes a kept-alive connection on which no new request starts within `timeout` (0: never),
  // as web servers do (nginx keepalive_timeout, 75 s by default; cpp-httplib 5 s).
  void setIdleTimeout(std::chrono::milliseconds timeout) { idleTimeout_ = timeout.count(); }
  std::vector<ReceivedRequest> requests() const;
  size_t requestCount() const;
  // Waits until at least n requests were handled; false on timeout.
  bool waitForRequests(size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  void serve(std::shared_ptr<void> socket, size_t index);
  Handler handler_;
  std::optional<TlsFiles> tlsFiles_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::atomic<size_t> connections_{0};
  std::atomic<std::chrono::milliseconds::rep> idleTimeout_{0};
  size_t closed_ = 0;  // under mutex_
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<ReceivedRequest> requests_;
};

}  // namespace eoc::fakes
