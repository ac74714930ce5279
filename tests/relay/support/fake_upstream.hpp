#pragma once
// A fake upstream CAP feed server on 127.0.0.1 and an ephemeral port: the city observatory's
// feed as eoc polls it. Written from the specifications it stands for, not from eoc's client:
//
// - RFC 4287 (Atom) for /atom.xml and RSS 2.0 (www.rssboard.org/rss-specification) for /rss.xml:
//   the same alerts, newest first; an entry links to its CAP message (/cap/<n>.xml; relative in
//   Atom, absolute in RSS) or embeds it.
// - RFC 9110 (HTTP Semantics) for conditional GET on both feeds:
//   §8.8.3 ETag: a strong validator that changes whenever the document changes;
//   §8.8.2 Last-Modified: the time of the newest alert, an IMF-fixdate;
//   §13.1.2 If-None-Match: "*" or a list of entity tags, compared weakly for GET (W/ ignored);
//   §13.1.3 If-Modified-Since: ignored when If-None-Match is present or the value is not a valid
//     HTTP-date; otherwise "not modified" when Last-Modified is not later than the date given;
//   §13.2.2: If-None-Match is evaluated before If-Modified-Since;
//   §5.6.7: a recipient accepts all three HTTP-date formats (IMF-fixdate, RFC 850, asctime);
//   §15.4.5 304 Not Modified: no content, and the ETag a 200 would have carried;
//   §15.6.4 503 Service Unavailable with §10.2.3 Retry-After (seconds) during an outage.
// - Faults on demand: the server going down (the port refuses connections) and coming back on
//   the same port; fixed documents at any path (hostile feeds, a "CAP" link that is HTML); a body
//   of any size streamed without Content-Length.
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/time.hpp"

namespace httplib {
class Server;
}

namespace eoc::relay::testing {

class FakeUpstream {
 public:
  FakeUpstream();
  ~FakeUpstream();
  FakeUpstream(const FakeUpstream&) = delete;
  FakeUpstream& operator=(const FakeUpstream&) = delete;

  std::string url(const std::string& path) const;  // http://127.0.0.1:<port><path>
  int port() const { return port_; }

  // A new alert in both feeds, published at `at` (its entry's updated / pubDate, and the feeds'
  // Last-Modified when it is the newest). Returns its number n: linked ones are /cap/<n>.xml.
  int publish(const std::string& capXml, TimePoint at, bool embedded = false);

  void goDown();                                         // stop listening: connections are refused
  void comeBack();                                       // listen again on the same port
  void setOutage(bool on, int retryAfterSeconds = 120);  // every request answered 503 + Retry-After

  // A fixed document served at `path` (overrides the feeds and alerts there).
  void serve(const std::string& path, std::string body, std::string contentType = "application/xml");
  // `bytes` bytes of an Atom document that never ends, sent chunked without a Content-Length.
  void serveEndless(const std::string& path, size_t bytes);

  struct Hit {
    std::string path, ifNoneMatch, ifModifiedSince;
    int status = 0;
    size_t bodyBytes = 0;  // content the server meant to send (0 for a 304)
  };
  std::vector<Hit> hits() const;
  // Requests for `path`, answered with `status` (any status when -1).
  size_t count(const std::string& path, int status = -1) const;

 private:
  struct State;
  void listen();
  std::shared_ptr<State> state_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// RFC 9110 §5.6.7 dates: format as IMF-fixdate; parse any of the three formats (nullopt if none).
std::string httpDate(TimePoint t);
std::optional<TimePoint> parseHttpDate(const std::string& text);

}  // namespace eoc::relay::testing
