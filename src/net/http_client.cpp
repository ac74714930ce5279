#include "net/http_client.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <atomic>
#include <cerrno>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include <openssl/ssl.h>

#include "core/error.hpp"
#include "net/url.hpp"

namespace eoc::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

std::string_view failureName(Failure failure) {
  switch (failure) {
    case Failure::None: return "none";
    case Failure::BadUrl: return "bad_url";
    case Failure::Resolve: return "resolve";
    case Failure::Connect: return "connect";
    case Failure::Tls: return "tls";
    case Failure::Send: return "send";
    case Failure::Receive: return "receive";
    case Failure::Timeout: return "timeout";
    case Failure::TooLarge: return "too_large";
  }
  return "unknown";
}

std::string Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (beast::iequals(key, beast::string_view(name.data(), name.size()))) return value;
  return {};
}

namespace {

using Strand = asio::strand<asio::io_context::executor_type>;

// One TCP connection, plain or TLS, with its strand: every operation on it completes there.
struct Connection {
  Connection(asio::io_context& io, ssl::context* tlsContext, std::string origin)
      : strand(asio::make_strand(io)), origin(std::move(origin)) {
    if (tlsContext)
      tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(strand, *tlsContext);
    else
      plain = std::make_unique<beast::tcp_stream>(strand);
  }
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  template <class F>
  void withStream(F&& f) {
    if (tls)
      f(*tls);
    else
      f(*plain);
  }
  void close() {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
  }
  // An idle connection is reusable only if the peer has neither closed it nor sent anything
  // (a TLS close_notify or stray bytes mean the peer is done with it).
  // Acknowledge the answer's segments at once. A server that writes its header and body
  // separately with Nagle on (cpp-httplib does) waits for our ACK before the body; on a kept-alive
  // connection Linux delays that ACK up to 40 ms, on every exchange. (Linux re-arms delayed ACKs,
  // so this is set before each read.)
  void quickAck() {
    int one = 1;
    ::setsockopt(lowest().socket().native_handle(), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  }
  bool stillOpen() {
    auto& socket = lowest().socket();
    if (!socket.is_open()) return false;
    char byte;
    const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  Strand strand;
  std::string origin;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  SteadyClock::time_point idleSince;
};

}  // namespace

struct HttpClient::Impl {
  // A grant of one connection slot of an origin: an idle connection to reuse, or (null) the right
  // to open a fresh one. A waiter leaves its origin's queue exactly once, under the mutex: granted
  // a slot when a connection is released, or expired by the wait timer at its deadline.
  using Grant = std::function<void(std::shared_ptr<Connection>)>;
  struct Waiter {
    SteadyClock::time_point deadline;
    Grant grant;                  // runs on the handed connection's strand (a fresh slot: on the io_context)
    std::function<void()> expire;  // its deadline came first; runs on the io_context
  };
  struct Origin {
    size_t open = 0;                                 // connections counted against the bound (busy or idle)
    std::deque<std::shared_ptr<Connection>> idle;    // most recent at the back
    std::deque<Waiter> waiters;
  };

  asio::io_context& io;
  ClientOptions options;
  ssl::context tlsContext{ssl::context::tls_client};

  mutable std::mutex mutex;
  std::map<std::string, Origin> origins;
  ClientStats counters;
  SteadyClock::time_point lastSweep = SteadyClock::now();
  // One timer for every waiter of every origin, set to the earliest deadline among them (under
  // the mutex). A timer per waiter cost a strand, a timer and a cancellation per exchange, and a
  // burst of webhooks to one origin has hundreds waiting.
  asio::steady_timer waitTimer{io};
  std::optional<SteadyClock::time_point> waitTimerAt;

  Impl(asio::io_context& io, ClientOptions opts) : io(io), options(std::move(opts)) {
    if (options.maxConnectionsPerOrigin == 0) options.maxConnectionsPerOrigin = 1;
    SSL_CTX_set_min_proto_version(tlsContext.native_handle(), TLS1_2_VERSION);
    if (options.systemStore) tlsContext.set_default_verify_paths();
    if (!options.extraCaFile.empty()) {
      beast::error_code ec;
      tlsContext.load_verify_file(options.extraCaFile.string(), ec);
      if (ec)
        throw EocError(ErrorCode::InvalidParameter,
                       "extra CA file " + options.extraCaFile.string() + ": " + ec.message());
    }
    tlsContext.set_verify_mode(ssl::verify_peer);
  }

  // Asks for a connection slot of `origin`. Returns the grant at once (an idle connection that is
  // still open, or null: open a fresh one) or queues `waiter` and returns false. `owner` keeps the
  // wait timer's handler from touching a client that is gone.
  bool acquire(const std::string& origin, std::shared_ptr<Connection>& out, Waiter waiter,
               const std::weak_ptr<HttpClient>& owner) {
    std::vector<std::shared_ptr<Connection>> dead;
    bool granted = false;
    {
      std::lock_guard lock(mutex);
      sweepLocked(dead);
      auto& o = origins[origin];
      while (!o.idle.empty() && !granted) {
        auto candidate = std::move(o.idle.back());
        o.idle.pop_back();
        if (candidate->stillOpen()) {
          out = std::move(candidate);
          granted = true;
        } else {
          --o.open;
          dead.push_back(std::move(candidate));
        }
      }
      if (!granted && o.open < options.maxConnectionsPerOrigin) {
        ++o.open;
        out = nullptr;
        granted = true;
      }
      if (!granted) {
        ++counters.waitedForConnection;
        const auto deadline = waiter.deadline;
        o.waiters.push_back(std::move(waiter));
        if (!waitTimerAt || deadline < *waitTimerAt) armWaitTimerLocked(deadline, owner);
      }
    }
    for (auto& c : dead) c->close();
    return granted;
  }

  // Gives a slot back: a connection to keep alive (reusable), or the slot of one that was closed.
  void release(const std::string& origin, std::shared_ptr<Connection> connection, bool reusable) {
    std::vector<std::shared_ptr<Connection>> dead;
    std::optional<Waiter> next;
    {
      std::lock_guard lock(mutex);
      auto& o = origins[origin];
      if (!reusable && connection) dead.push_back(std::move(connection));
      // The first waiter takes the connection, or the freed slot.
      if (!o.waiters.empty()) {
        next = std::move(o.waiters.front());
        o.waiters.pop_front();
      } else if (reusable) {
        connection->idleSince = SteadyClock::now();
        o.idle.push_back(std::move(connection));
        if (o.idle.size() > options.maxIdlePerOrigin) {
          dead.push_back(std::move(o.idle.front()));
          o.idle.pop_front();
          --o.open;
        }
      } else {
        --o.open;
      }
      sweepLocked(dead);
    }
    for (auto& c : dead) c->close();
    if (!next) return;
    // A kept-alive connection goes straight to its strand, where the waiter writes on it: one
    // hand-off from the answer just read to the next request.
    if (reusable) {
      auto& strand = connection->strand;
      asio::post(strand, [grant = std::move(next->grant), handed = std::move(connection)]() mutable {
        grant(std::move(handed));
      });
    } else {
      asio::post(io, [grant = std::move(next->grant)] { grant(nullptr); });
    }
  }

  // The wait timer, due at `at` (under the mutex). Setting it cancels the wait already set, whose
  // handler then returns; a handler that had already fired finds nothing expired, or what is.
  void armWaitTimerLocked(SteadyClock::time_point at, const std::weak_ptr<HttpClient>& owner) {
    waitTimerAt = at;
    waitTimer.expires_at(at);
    waitTimer.async_wait([owner](beast::error_code ec) {
      if (ec) return;  // set again meanwhile, or the client is going away
      if (auto client = owner.lock()) client->impl_->expireWaiters(owner);
    });
  }

  // Fails every waiter whose deadline has passed and sets the timer for the next deadline.
  void expireWaiters(const std::weak_ptr<HttpClient>& owner) {
    std::vector<std::function<void()>> expired;
    {
      std::lock_guard lock(mutex);
      const auto now = SteadyClock::now();
      std::optional<SteadyClock::time_point> earliest;
      for (auto& [_, o] : origins) {
        for (auto it = o.waiters.begin(); it != o.waiters.end();) {
          if (it->deadline <= now) {
            expired.push_back(std::move(it->expire));
            it = o.waiters.erase(it);
            continue;
          }
          if (!earliest || it->deadline < *earliest) earliest = it->deadline;
          ++it;
        }
      }
      waitTimerAt.reset();
      if (earliest) armWaitTimerLocked(*earliest, owner);
    }
    for (auto& e : expired) asio::post(io, std::move(e));
  }

  // Drops connections idle for longer than idleTimeout (at most once per second, under the lock).
  void sweepLocked(std::vector<std::shared_ptr<Connection>>& dead) {
    const auto now = SteadyClock::now();
    if (now - lastSweep < std::chrono::seconds(1)) return;
    lastSweep = now;
    for (auto& [_, o] : origins)
      while (!o.idle.empty() && now - o.idle.front()->idleSince > options.idleTimeout) {
        dead.push_back(std::move(o.idle.front()));
        o.idle.pop_front();
        --o.open;
      }
  }

  void count(bool opened, bool reused) {
    std::lock_guard lock(mutex);
    if (opened) ++counters.connectionsOpened;
    if (reused) ++counters.exchangesOnReused;
  }
};

namespace {

// One request/answer exchange. Owns itself through shared_from_this until `done` has run.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<HttpClient> client, HttpClient::Impl& impl, Url url, Request request,
           std::function<void(Response)> done)
      : client_(std::move(client)), impl_(impl), url_(std::move(url)), origin_(url_.origin()),
        request_(std::move(request)), done_(std::move(done)), start_(SteadyClock::now()),
        deadline_(start_ + request_.timeout) {
    req_.method_string(request_.method);
    req_.target(url_.target);
    req_.version(11);
    req_.set(bhttp::field::host, url_.hostHeader());
    req_.set(bhttp::field::user_agent, impl_.options.userAgent);
    req_.keep_alive(impl_.options.keepAlive);
    if (!request_.contentType.empty()) req_.set(bhttp::field::content_type, request_.contentType);
    for (const auto& [name, value] : request_.headers) req_.set(name, value);
    req_.body() = std::move(request_.body);
    req_.prepare_payload();
  }

  void start() {
    auto self = shared_from_this();
    HttpClient::Impl::Waiter waiter{
        deadline_,
        [self](std::shared_ptr<Connection> c) {
          // Granted by a release: a kept-alive connection arrives on its own strand.
          if (!c) return self->openFresh();
          self->adopt(std::move(c));
          self->write();
        },
        [self] { self->finishWithoutSlot(Failure::Timeout, "waiting for a connection: timed out"); }};
    std::shared_ptr<Connection> connection;
    // A slot now (an idle connection, or the right to open one); otherwise every connection of the
    // origin is busy and the waiter is queued until a release grants one or its deadline passes.
    if (!impl_.acquire(origin_, connection, std::move(waiter), client_)) return;
    if (!connection) return openFresh();
    adopt(std::move(connection));
    asio::post(connection_->strand, [self] { self->write(); });
  }

 private:
  void adopt(std::shared_ptr<Connection> pooled) {
    connection_ = std::move(pooled);
    reused_ = true;
  }

  void openFresh() {
    reused_ = false;
    connection_ = std::make_shared<Connection>(impl_.io, url_.tls() ? &impl_.tlsContext : nullptr, origin_);
    resolver_ = std::make_unique<tcp::resolver>(connection_->strand);
    resolveTimer_ = std::make_unique<asio::steady_timer>(connection_->strand);
    resolveTimer_->expires_at(deadline_);
    auto self = shared_from_this();
    resolveTimer_->async_wait([self](beast::error_code ec) {
      if (!ec && self->resolver_) {
        self->resolveTimedOut_ = true;
        self->resolver_->cancel();
      }
    });
    resolver_->async_resolve(url_.host, url_.port,
                             [self](beast::error_code ec, tcp::resolver::results_type results) {
                               self->resolveTimer_->cancel();
                               if (self->resolveTimedOut_) return self->fail(Failure::Timeout, "resolve: timed out");
                               if (ec) return self->fail(Failure::Resolve, "resolve: " + ec.message());
                               self->connect(std::move(results));
                             });
  }

  void connect(tcp::resolver::results_type results) {
    auto self = shared_from_this();
    connection_->lowest().expires_at(deadline_);
    connection_->lowest().async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) {
      if (ec == beast::error::timeout) return self->fail(Failure::Timeout, "connect: timed out");
      if (ec) return self->fail(Failure::Connect, "connect: " + ec.message());
      self->impl_.count(true, false);
      beast::error_code ignored;
      self->connection_->lowest().socket().set_option(tcp::no_delay(true), ignored);  // a request is one write
      if (!self->connection_->tls) return self->write();
      self->handshake();
    });
  }

  void handshake() {
    auto& stream = *connection_->tls;
    // SNI: the vendors' front ends serve many names on one address.
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str()))
      return fail(Failure::Tls, "tls: cannot set the server name");
    stream.set_verify_callback(ssl::host_name_verification(url_.host));
    auto self = shared_from_this();
    stream.async_handshake(ssl::stream_base::client, [self](beast::error_code ec) {
      if (ec == beast::error::timeout) return self->fail(Failure::Timeout, "tls: timed out");
      if (ec) return self->fail(Failure::Tls, "tls: " + self->tlsError(ec));
      self->write();
    });
  }

  std::string tlsError(const beast::error_code& ec) const {
    std::string text = ec.message();
    if (connection_ && connection_->tls) {
      const long verify = SSL_get_verify_result(connection_->tls->native_handle());
      if (verify != X509_V_OK) text += " (" + std::string(X509_verify_cert_error_string(verify)) + ")";
    }
    return text;
  }

  void write() {
    auto self = shared_from_this();
    connection_->lowest().expires_at(deadline_);
    connection_->withStream([&](auto& stream) {
      bhttp::async_write(stream, req_, [self](beast::error_code ec, size_t) {
        if (ec == beast::error::timeout) return self->fail(Failure::Timeout, "send: timed out");
        if (ec) {
          // Not sent: a kept-alive connection the peer had dropped. Once, on a fresh one.
          if (self->reused_ && !self->retried_ && SteadyClock::now() < self->deadline_) {
            self->retried_ = true;
            self->connection_->close();  // the slot stays this exchange's, for the fresh connection
            return self->openFresh();
          }
          return self->fail(Failure::Send, "send: " + ec.message());
        }
        self->sent_ = true;
        self->read();
      });
    });
  }

  void read() {
    auto self = shared_from_this();
    connection_->quickAck();
    parser_.emplace();
    parser_->body_limit(impl_.options.maxResponseBytes);
    parser_->header_limit(64 * 1024);
    // The header first: Beast 1.74 does not always enforce body_limit against Content-Length when
    // the header arrives in its own segment, so the declared length is checked here.
    connection_->withStream([&](auto& stream) {
      bhttp::async_read_header(stream, connection_->buffer, *parser_, [self](beast::error_code ec, size_t) {
        if (self->readFailed(ec)) return;
        if (auto length = self->parser_->content_length(); length && *length > self->impl_.options.maxResponseBytes)
          return self->fail(Failure::TooLarge, "answer: larger than the limit");
        self->readBody();
      });
    });
  }

  void readBody() {
    auto self = shared_from_this();
    connection_->withStream([&](auto& stream) {
      bhttp::async_read(stream, connection_->buffer, *parser_, [self](beast::error_code ec, size_t) {
        if (self->readFailed(ec)) return;
        if (self->parser_->get().body().size() > self->impl_.options.maxResponseBytes)
          return self->fail(Failure::TooLarge, "answer: larger than the limit");
        self->succeed();
      });
    });
  }

  bool readFailed(const beast::error_code& ec) {
    if (!ec) return false;
    // A kept-alive connection the peer closed while our request was on its way (its idle timeout
    // crossed our reuse): nothing of an answer came. Once more on a fresh connection, if allowed.
    const bool closedUnanswered = ec == asio::error::eof || ec == asio::error::connection_reset ||
                                  ec == bhttp::error::end_of_stream || ec == ssl::error::stream_truncated;
    if (closedUnanswered && reused_ && !retried_ && request_.retryIfStale && parser_ && !parser_->got_some() &&
        SteadyClock::now() < deadline_) {
      retried_ = true;
      connection_->close();  // the slot stays this exchange's, for the fresh connection
      openFresh();
      return true;
    }
    if (ec == beast::error::timeout)
      fail(Failure::Timeout, "answer: timed out");
    else if (ec == bhttp::error::body_limit)
      fail(Failure::TooLarge, "answer: larger than the limit");
    else
      fail(Failure::Receive, "answer: " + ec.message());
    return true;
  }

  void succeed() {
    auto message = parser_->release();
    Response response;
    response.status = int(message.result_int());
    for (const auto& field : message) response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    response.body = std::move(message.body());
    response.requestSent = true;
    response.reusedConnection = reused_;
    impl_.count(false, reused_);
    auto connection = std::move(connection_);
    // Reusable only when both sides keep it alive and nothing beyond this answer has arrived.
    const bool reusable = impl_.options.keepAlive && message.keep_alive() && message.version() == 11 &&
                          connection->buffer.size() == 0;
    if (reusable) connection->lowest().expires_never();
    impl_.release(origin_, std::move(connection), reusable);
    finish(std::move(response));
  }

  void fail(Failure failure, std::string error) {
    if (connection_) connection_->close();
    impl_.release(origin_, std::move(connection_), false);
    finishWithoutSlot(failure, std::move(error));
  }

  // Ends the exchange; its connection slot (if it had one) was released already.
  void finishWithoutSlot(Failure failure, std::string error) {
    Response response;
    response.failure = failure;
    response.error = std::move(error);
    response.requestSent = sent_;
    response.reusedConnection = reused_;
    finish(std::move(response));
  }

  void finish(Response response) {
    response.latency = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start_);
    auto done = std::move(done_);
    resolver_.reset();
    if (done) done(std::move(response));
  }

  std::shared_ptr<HttpClient> client_;  // keeps the pool alive while in flight
  HttpClient::Impl& impl_;
  Url url_;
  std::string origin_;  // url_.origin(), the pool's key: built once, not per acquire and release
  Request request_;
  std::function<void(Response)> done_;
  SteadyClock::time_point start_, deadline_;
  bhttp::request<bhttp::string_body> req_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Connection> connection_;
  std::unique_ptr<tcp::resolver> resolver_;
  std::unique_ptr<asio::steady_timer> resolveTimer_;
  bool resolveTimedOut_ = false;
  bool reused_ = false;
  bool retried_ = false;
  bool sent_ = false;
};

}  // namespace

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() { closeIdle(); }

std::shared_ptr<HttpClient> HttpClient::create(asio::io_context& io, ClientOptions options) {
  return std::shared_ptr<HttpClient>(new HttpClient(std::make_unique<Impl>(io, std::move(options))));
}

void HttpClient::send(Request request, std::function<void(Response)> done) {
  std::string error;
  auto url = parseUrl(request.url, error);
  if (!url) {
    asio::post(impl_->io, [done = std::move(done), error] {
      Response response;
      response.failure = Failure::BadUrl;
      response.error = "url: " + error;
      done(std::move(response));
    });
    return;
  }
  std::make_shared<Exchange>(shared_from_this(), *impl_, std::move(*url), std::move(request), std::move(done))->start();
}

ClientStats HttpClient::stats() const {
  std::lock_guard lock(impl_->mutex);
  ClientStats out = impl_->counters;
  for (const auto& [_, o] : impl_->origins) {
    out.idleNow += o.idle.size();
    out.openNow += o.open;
  }
  return out;
}

void HttpClient::closeIdle() {
  std::vector<std::shared_ptr<Connection>> idle;
  {
    std::lock_guard lock(impl_->mutex);
    for (auto& [_, o] : impl_->origins) {
      o.open -= o.idle.size();
      for (auto& c : o.idle) idle.push_back(std::move(c));
      o.idle.clear();
    }
  }
  for (auto& c : idle) c->close();
}

namespace {

// The per-io_context client, as an Asio service: it lives exactly as long as the io_context.
class SharedClientService : public asio::io_context::service {
 public:
  static inline asio::io_context::id id;
  explicit SharedClientService(asio::io_context& io) : asio::io_context::service(io), io_(io) {}
  std::shared_ptr<HttpClient> get() {
    std::lock_guard lock(mutex_);
    if (!client_) client_ = HttpClient::create(io_);
    return client_;
  }
  void replace(ClientOptions options) {
    auto fresh = HttpClient::create(io_, std::move(options));
    std::shared_ptr<HttpClient> old;
    {
      std::lock_guard lock(mutex_);
      old = std::exchange(client_, std::move(fresh));
    }
    if (old) old->closeIdle();
  }

 private:
  void shutdown() override {
    std::shared_ptr<HttpClient> old;
    {
      std::lock_guard lock(mutex_);
      old = std::move(client_);
    }
    if (old) old->closeIdle();
  }
  asio::io_context& io_;
  std::mutex mutex_;
  std::shared_ptr<HttpClient> client_;
};

}  // namespace

std::shared_ptr<HttpClient> sharedClient(asio::io_context& io) { return asio::use_service<SharedClientService>(io).get(); }

void configureSharedClient(asio::io_context& io, ClientOptions options) {
  asio::use_service<SharedClientService>(io).replace(std::move(options));
}

}  // namespace eoc::net
