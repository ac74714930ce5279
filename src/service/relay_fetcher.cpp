#include "service/relay_fetcher.hpp"

#include <charconv>
#include <chrono>

#include "net/url.hpp"

namespace eoc::service {

namespace {

using Clock = std::chrono::steady_clock;

bool isRedirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date; only seconds are read here (an
// HTTP-date is ignored: the poller's own backoff applies).
std::optional<std::chrono::seconds> retryAfterSeconds(const std::string& value) {
  long long seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

// A Location against the URL it came from: absolute, scheme-relative or path-absolute (what
// servers send in practice); a relative path resolves against the directory of the base.
std::string resolveLocation(const std::string& base, const std::string& location) {
  if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0) return location;
  std::string error;
  auto url = net::parseUrl(base, error);
  if (!url) return location;
  if (location.rfind("//", 0) == 0) return url->scheme + ":" + location;
  if (!location.empty() && location.front() == '/') return url->origin() + location;
  auto dir = url->target.substr(0, url->target.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  return url->origin() + dir + location;
}

struct Exchange : std::enable_shared_from_this<Exchange> {
  std::shared_ptr<net::HttpClient> client;
  relay::FetchRequest request;
  std::function<void(relay::FetchResponse)> done;
  Clock::time_point deadline;
  int redirects = 0;

  void send(const std::string& url) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left <= std::chrono::milliseconds(0)) return finish(failed("timeout: no answer within the deadline"));
    net::Request r;
    r.method = "GET";
    r.url = url;
    r.timeout = left;
    if (!request.accept.empty()) r.headers.emplace_back("Accept", request.accept);
    if (!request.ifNoneMatch.empty()) r.headers.emplace_back("If-None-Match", request.ifNoneMatch);
    if (!request.ifModifiedSince.empty()) r.headers.emplace_back("If-Modified-Since", request.ifModifiedSince);
    client->send(std::move(r), [self = shared_from_this(), url](net::Response response) {
      self->answered(url, std::move(response));
    });
  }

  void answered(const std::string& url, net::Response response) {
    if (!response.answered()) {
      relay::FetchResponse out = failed(std::string(net::failureName(response.failure)) + ": " + response.error);
      out.bodyTooLarge = response.failure == net::Failure::TooLarge;
      return finish(std::move(out));
    }
    if (isRedirect(response.status)) {
      auto location = response.header("Location");
      if (location.empty()) return finish(failed("redirect " + std::to_string(response.status) + " without Location"));
      if (++redirects > RelayFetcher::kMaxRedirects) return finish(failed("too many redirects"));
      return send(resolveLocation(url, location));
    }
    relay::FetchResponse out;
    out.status = response.status;
    out.etag = response.header("ETag");
    out.lastModified = response.header("Last-Modified");
    if (response.status == 429 || response.status == 503) out.retryAfter = retryAfterSeconds(response.header("Retry-After"));
    if (request.maxBytes > 0 && response.body.size() > request.maxBytes) {
      out.bodyTooLarge = true;
      out.error = "body larger than " + std::to_string(request.maxBytes) + " bytes";
    } else {
      out.body = std::move(response.body);
    }
    finish(std::move(out));
  }

  static relay::FetchResponse failed(std::string why) {
    relay::FetchResponse out;
    out.error = std::move(why);
    return out;
  }

  void finish(relay::FetchResponse response) {
    auto callback = std::move(done);
    done = nullptr;
    if (callback) callback(std::move(response));
  }
};

}  // namespace

RelayFetcher::RelayFetcher(std::shared_ptr<net::HttpClient> client) : client_(std::move(client)) {}

void RelayFetcher::fetch(const relay::FetchRequest& request, std::function<void(relay::FetchResponse)> done) {
  auto exchange = std::make_shared<Exchange>();
  exchange->client = client_;
  exchange->request = request;
  exchange->done = std::move(done);
  exchange->deadline = Clock::now() + request.timeout;
  exchange->send(request.url);
}

}  // namespace eoc::service
