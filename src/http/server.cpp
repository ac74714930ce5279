#include "http/server.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "http/elastic_thread_pool.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "http/query.hpp"
#include "http/rate_limiter.hpp"
#include "service/broadcast_service.hpp"

namespace eoc::http {

namespace {

// httplib runs pre-routing, the handler and the logger of one request on the same worker
// thread, so per-request bookkeeping can live in thread-locals without locking.
struct RequestScope {
  std::chrono::steady_clock::time_point start;
  std::string route = "unmatched";
  std::string requestId;
};
thread_local RequestScope tScope;

ErrorCode codeForStatus(int status) {
  switch (status) {
    case 400: return ErrorCode::InvalidParameter;
    case 401: return ErrorCode::Unauthorized;
    case 403: return ErrorCode::Forbidden;
    case 404: return ErrorCode::NotFound;
    case 409: return ErrorCode::Conflict;
    case 413: return ErrorCode::PayloadTooLarge;
    case 414: return ErrorCode::UriTooLong;
    case 429: return ErrorCode::TooManyRequests;
    case 503: return ErrorCode::NotReady;
    default: return status >= 500 ? ErrorCode::Internal : ErrorCode::InvalidParameter;
  }
}

std::string bearerToken(const httplib::Request& req) {
  auto header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() > kPrefix.size() && header.compare(0, kPrefix.size(), kPrefix) == 0)
    return header.substr(kPrefix.size());
  return {};
}

bool roleAllowed(const Route& route, Role role) {
  for (Role r : route.roles)
    if (r == role) return true;
  return false;
}

}  // namespace

struct Server::Impl {
  service::EocService& service;
  httplib::Server server;
  Metrics metrics;
  RateLimiter writeLimiter;
  explicit Impl(service::EocService& s)
      : service(s),
        writeLimiter(s.config().limits.writesPerMinutePerToken, s.config().limits.writeBurstPerToken) {
    // Several instances on one store: a token's write budget is theirs together.
    if (auto shared = s.sharedWriteBudget()) writeLimiter.share(std::move(shared));
  }

  std::string baseUrl(const httplib::Request& req) const {
    const auto& configured = service.config().publicBaseUrl;
    if (!configured.empty()) return configured;
    auto host = req.get_header_value("Host");
    // Only echo a Host that looks like host[:port]; anything else could inject into links.
    bool plain = !host.empty() && host.size() < 256;
    for (char c : host)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
        plain = false;
    if (!plain) host = service.config().listenHost + ":" + std::to_string(service.config().listenPort);
    return "http://" + host;
  }

  void handle(const Route& route, const httplib::Request& req, httplib::Response& res) {
    tScope.route = route.path;
    log::RequestIdScope logScope(tScope.requestId);
    RequestContext ctx{req, res, std::nullopt, tScope.requestId, baseUrl(req), {}};
    for (size_t i = 1; i < req.matches.size(); ++i) ctx.pathParams.push_back(req.matches[i].str());
    try {
      if (!service.ready() && route.path != "/healthz" && route.path != "/readyz")
        throw EocError(ErrorCode::NotReady, "eoc is loading its data; retry in a moment");
      checkQueryString(req);  // one value per parameter, UTF-8: for every route, before any reads it
      auto token = bearerToken(req);
      const bool queryToken = token.empty() && route.tokenInQuery && req.has_param("token");
      if (queryToken) token = req.get_param_value("token");
      if (!token.empty()) ctx.principal = service.authenticate(token);
      if (!route.isPublic()) {
        if (!ctx.principal) {
          res.set_header("WWW-Authenticate", "Bearer");
          throw EocError(ErrorCode::Unauthorized,
                         req.has_header("Authorization") || queryToken
                             ? "the bearer token is unknown, malformed or revoked"
                             : std::string("this request needs an Authorization: Bearer token") +
                                   (route.tokenInQuery ? " (or ?token= for trackers)" : ""));
        }
        if (!roleAllowed(route, ctx.principal->role)) {
          std::string allowed;
          for (Role r : route.roles) allowed += (allowed.empty() ? "" : ", ") + std::string(roleName(r));
          throw EocError(ErrorCode::Forbidden, std::string("role ") + std::string(roleName(ctx.principal->role)) +
                                                   " may not " + route.method + " " + route.path +
                                                   " (allowed: " + allowed + ")");
        }
        if (route.method != "GET") {
          if (int wait = writeLimiter.take(ctx.principal->tokenId, std::chrono::steady_clock::now()); wait > 0) {
            res.set_header("Retry-After", std::to_string(wait));
            throw EocError(ErrorCode::TooManyRequests, "this token has used its write budget; retry in " +
                                                           std::to_string(wait) + " s");
          }
        }
      }
      route.handler(ctx);
    } catch (const EocError& e) {
      writeProblem(res, e.code(), e.detail(), req.path, ctx.requestId);
    } catch (const std::exception& e) {
      logError(req, e.what());
      writeProblem(res, ErrorCode::Internal, "unexpected error; see the server log for request " + ctx.requestId,
                   req.path, ctx.requestId);
    }
  }

  static std::string_view method(const httplib::Request& req) {
    return req.method.size() < 10 ? std::string_view(req.method) : std::string_view("?");
  }

  void logError(const httplib::Request& req, const std::string& what) {
    log::RequestIdScope logScope(tScope.requestId);
    log::error("http", "request failed", {{"method", method(req)}, {"route", tScope.route}, {"error", what}});
  }

  void logRequest(const httplib::Request& req, const httplib::Response& res) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - tScope.start).count();
    // One line per request; never headers (tokens) and never the query (may carry personal data).
    log::RequestIdScope logScope(tScope.requestId);
    log::info("http", "request",
              {{"method", method(req)}, {"route", tScope.route}, {"status", res.status}, {"us", micros}});
  }
};

Server::Server(service::EocService& service) : impl_(std::make_unique<Impl>(service)) {
  addFeaturesRoutes(routes_, service);
  addGeoRoutes(routes_, service);
  addWarningsRoutes(routes_, service);
  addBroadcastRoutes(routes_, service);
  addAckLinkRoutes(routes_, service);
  addCapRoutes(routes_, service);
  addTeamsRoutes(routes_, service);
  addDrillsRoutes(routes_, service);
  addPlansRoutes(routes_, service);
  addStockRoutes(routes_, service);
  addDutyRoutes(routes_, service);
  addIncidentsRoutes(routes_, service);
  addWebRoutes(routes_, service);  // after addFeaturesRoutes: it wraps GET /
  addOperationsRoutes(routes_, service, routes_);
  for (auto& route : routes_)
    if (route.path == "/metrics")
      route.handler = [this](RequestContext& ctx) {
        ctx.res.set_content(impl_->metrics.render(impl_->service.metricsText()), "text/plain; version=0.0.4");
      };

  auto& server = impl_->server;
  const auto& config = service.config();
  server.set_tcp_nodelay(true);  // without it: 40 ms delayed-ACK stalls, ~40x fewer req/s
  server.set_read_timeout(5, 0);  // slow clients (slowloris) lose their worker after 5 s
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(10000);
  server.set_payload_max_length(config.limits.maxBodyBytes);
  size_t threads = config.httpThreads;
  // GET /events holds a worker per stream: the pool grows by up to max_event_streams workers so
  // that streams never take the API's own httpThreads (http/elastic_thread_pool.hpp).
  size_t streams = config.broadcast.maxEventStreams;
  server.new_task_queue = [threads, streams] { return new ElasticThreadPool(threads, threads + streams); };

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    tScope.start = std::chrono::steady_clock::now();
    tScope.route = "unmatched";
    tScope.requestId = randomHex(8);
    res.set_header("X-Request-Id", tScope.requestId);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Counted before the answer is written (the logger runs after it): whoever reads /metrics after
  // receiving an answer finds that answer counted.
  server.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - tScope.start).count();
    impl_->metrics.record(req.method, tScope.route, res.status, double(micros) / 1e6);
  });
  // Runs for every status >= 400, also after our own handlers: keep a body a route wrote.
  server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string detail = res.status == 404 ? "no such resource: " + req.method + " " + req.path
                                           : "the request was refused (" + std::to_string(res.status) + ")";
    if (res.status == 413) detail = "the body exceeds " + std::to_string(impl_->service.config().limits.maxBodyBytes) + " bytes";
    if (res.status == 414) detail = "the request URI exceeds the server limit";
    ErrorCode code = codeForStatus(res.status);
    // cpp-httplib refuses a POST or PUT that declares no body length before any route runs; say
    // so, since `curl -X POST URL` (no -d) does exactly that.
    if (res.status == 400 && (req.method == "POST" || req.method == "PUT") && !req.has_header("Content-Length") &&
        !req.has_header("Transfer-Encoding")) {
      code = ErrorCode::InvalidBody;
      detail = "body: a " + req.method + " needs a Content-Length header; send an empty body as Content-Length: 0 "
               "(curl: -d '')";
    }
    int status = res.status;
    writeProblem(res, code, detail, req.path.size() < 256 ? req.path : req.path.substr(0, 256),
                 tScope.requestId);
    res.status = status;
  });
  server.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    impl_->logError(req, what);
    writeProblem(res, ErrorCode::Internal, "unexpected error; see the server log for request " + tScope.requestId,
                 req.path, tScope.requestId);
  });
  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { impl_->logRequest(req, res); });

  for (const auto& route : routes_) {
    std::string pattern = pathTemplateToRegex(route.path);
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) { impl_->handle(route, req, res); };
    if (route.method == "GET") server.Get(pattern, handler);
    else if (route.method == "POST") server.Post(pattern, handler);
    else if (route.method == "PUT") server.Put(pattern, handler);
    else if (route.method == "DELETE") server.Delete(pattern, handler);
  }
}

Server::~Server() { stop(); }

namespace {

// cpp-httplib 0.11 (Debian's compiled library) listens with a backlog of 5, so a burst of
// connects (500 committee screens reconnecting after a network blip) waits in SYN retries of
// 1, 3, 7 s. Linux lets listen() be called again on a listening socket to enlarge its queue; the
// socket is found as this process's listening socket bound to our port.
void enlargeListenBacklog(int port) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return;
  while (const dirent* entry = ::readdir(dir)) {
    int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == ::dirfd(dir)) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage address{};
    socklen_t addressLen = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &addressLen) != 0) continue;
    int bound = address.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port)
                : address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                                                : -1;
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
  ::closedir(dir);
}

}  // namespace

int Server::bind() {
  const auto& config = impl_->service.config();
  int port = config.listenPort == 0 ? impl_->server.bind_to_any_port(config.listenHost)
             : impl_->server.bind_to_port(config.listenHost, config.listenPort) ? config.listenPort
                                                                                 : -1;
  if (port > 0) enlargeListenBacklog(port);
  // Acknowledgement links without public_base_url carry the real port (listening on port 0).
  if (port > 0 && impl_->service.ready()) impl_->service.broadcast().setListeningAddress(config.listenHost, port);
  return port;
}

bool Server::listen() { return impl_->server.listen_after_bind(); }

void Server::stop() {
  if (impl_ && impl_->server.is_running()) impl_->server.stop();
}

}  // namespace eoc::http
