#include "relay/support/fake_upstream.hpp"

#include <httplib.h>

#include <ctime>
#include <map>
#include <stdexcept>

namespace eoc::relay::testing {

namespace {

struct Alert {
  int n;
  std::string capXml;
  TimePoint at;
  bool embedded;
};

struct Fixed {
  std::string body, type;
  size_t endlessBytes = 0;  // > 0: stream this many bytes instead of body
};

// Before anything is published the feeds were last modified at this instant.
const TimePoint kFeedsCreated = *parseIso8601("2026-07-01T00:00:00+08:00");

std::string withoutXmlDeclaration(const std::string& xml) {
  if (!xml.starts_with("<?xml")) return xml;
  return xml.substr(xml.find("?>") + 2);
}

std::string trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

// The opaque-tag of an entity-tag, W/ dropped: weak comparison (RFC 9110 §8.8.3.2).
std::string opaque(std::string tag) {
  if (tag.starts_with("W/")) tag.erase(0, 2);
  return tag;
}

// RFC 9110 §13.1.2: is the If-None-Match condition false (a listed tag matches, or "*")?
bool noneMatchIsFalse(const std::string& field, const std::string& etag) {
  const std::string value = trimmed(field);
  if (value == "*") return true;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == ',')) ++i;
    if (i >= value.size()) break;
    size_t start = i;
    if (value.compare(i, 2, "W/") == 0) i += 2;
    if (i >= value.size() || value[i] != '"') return false;  // not an entity-tag list: no match
    const size_t close = value.find('"', i + 1);
    if (close == std::string::npos) return false;
    if (opaque(value.substr(start, close + 1 - start)) == opaque(etag)) return true;
    i = close + 1;
  }
  return false;
}

}  // namespace

std::string httpDate(TimePoint t) {
  const std::time_t seconds = Clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return buf;
}

std::optional<TimePoint> parseHttpDate(const std::string& text) {
  for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate
                             "%A, %d-%b-%y %H:%M:%S GMT",  // obsolete RFC 850
                             "%a %b %e %H:%M:%S %Y"}) {    // obsolete asctime
    std::tm utc{};
    const char* end = strptime(text.c_str(), format, &utc);
    if (end && *end == '\0') return TimePoint(std::chrono::seconds(timegm(&utc)));
  }
  return std::nullopt;
}

struct FakeUpstream::State {
  mutable std::mutex mutex;
  std::vector<Alert> alerts;  // publication order
  int version = 0;
  std::map<std::string, Fixed> fixed;
  bool outage = false;
  int retryAfter = 120;
  std::vector<Hit> hits;
  std::string origin;

  TimePoint lastModified() const {
    TimePoint t = kFeedsCreated;
    for (const auto& a : alerts) t = std::max(t, a.at);
    return t;
  }

  std::string atom() const {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "<id>urn:fake-upstream:feed</id><title>乌鲁木齐市气象台预警</title><updated>" +
        formatBeijing(lastModified()) + "</updated>\n";
    for (auto a = alerts.rbegin(); a != alerts.rend(); ++a) {
      xml += "<entry><id>urn:fake-upstream:alert:" + std::to_string(a->n) + "</id><title>预警 " + std::to_string(a->n) +
             "</title><updated>" + formatBeijing(a->at) + "</updated>";
      if (a->embedded)
        xml += "<content type=\"application/cap+xml\">" + withoutXmlDeclaration(a->capXml) + "</content>";
      else
        xml += "<link rel=\"alternate\" type=\"application/cap+xml\" href=\"cap/" + std::to_string(a->n) + ".xml\"/>";
      xml += "</entry>\n";
    }
    return xml + "</feed>\n";
  }

  std::string rss() const {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
        "<title>乌鲁木齐市气象台预警</title><link>" +
        origin + "/</link><description>CAP</description>\n";
    for (auto a = alerts.rbegin(); a != alerts.rend(); ++a) {
      xml += "<item><title>预警 " + std::to_string(a->n) + "</title><guid isPermaLink=\"false\">fake-" +
             std::to_string(a->n) + "</guid><pubDate>" + httpDate(a->at) + "</pubDate>";
      if (a->embedded)
        xml += withoutXmlDeclaration(a->capXml);
      else
        xml += "<link>" + origin + "/cap/" + std::to_string(a->n) + ".xml</link>";
      xml += "</item>\n";
    }
    return xml + "</channel></rss>\n";
  }
};

FakeUpstream::FakeUpstream() : state_(std::make_shared<State>()) {
  listen();
  std::lock_guard lock(state_->mutex);
  state_->origin = url("");
}

FakeUpstream::~FakeUpstream() { goDown(); }

std::string FakeUpstream::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void FakeUpstream::listen() {
  server_ = std::make_unique<httplib::Server>();
  std::shared_ptr<State> state = state_;
  server_->Get(R"(/.*)", [state](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(state->mutex);
    Hit hit{req.path, req.get_header_value("If-None-Match"), req.get_header_value("If-Modified-Since"), 0, 0};
    auto answer = [&](int status, std::string body, const std::string& type) {
      res.status = status;
      hit.status = status;
      hit.bodyBytes = body.size();
      if (!body.empty()) res.set_content(std::move(body), type.c_str());
      state->hits.push_back(hit);
    };
    if (state->outage) {
      res.set_header("Retry-After", std::to_string(state->retryAfter));
      return answer(503, "down for maintenance", "text/plain");
    }
    if (auto fixed = state->fixed.find(req.path); fixed != state->fixed.end()) {
      if (fixed->second.endlessBytes == 0) return answer(200, fixed->second.body, fixed->second.type);
      const size_t total = fixed->second.endlessBytes;
      res.status = 200;
      res.set_chunked_content_provider("application/atom+xml", [total](size_t offset, httplib::DataSink& sink) {
        std::string chunk = offset == 0 ? "<feed xmlns=\"http://www.w3.org/2005/Atom\">" : "";
        while (chunk.size() < 64 * 1024) chunk += "<entry><id>x</id></entry>";
        const size_t n = std::min(chunk.size(), total - offset);
        if (!sink.write(chunk.data(), n)) return false;  // the client stopped reading
        if (offset + n >= total) sink.done();
        return true;
      });
      hit.status = 200;
      hit.bodyBytes = total;
      state->hits.push_back(hit);
      return;
    }
    if (req.path == "/atom.xml" || req.path == "/rss.xml") {
      const bool atom = req.path == "/atom.xml";
      // Appended, not "literal" + std::string: GCC 12's false -Wrestrict in the Release bench build.
      std::string etag = "\"";
      etag += atom ? "atom" : "rss";
      etag += "-v";
      etag += std::to_string(state->version);
      etag += '"';
      const TimePoint modified = state->lastModified();
      bool notModified = false;
      if (req.has_header("If-None-Match")) {
        notModified = noneMatchIsFalse(req.get_header_value("If-None-Match"), etag);
      } else if (req.has_header("If-Modified-Since")) {
        if (auto since = parseHttpDate(req.get_header_value("If-Modified-Since"))) notModified = modified <= *since;
      }
      res.set_header("ETag", etag);
      if (notModified) return answer(304, "", "");  // §15.4.5: ETag, no Last-Modified needed, no content
      res.set_header("Last-Modified", httpDate(modified));
      return answer(200, atom ? state->atom() : state->rss(), atom ? "application/atom+xml" : "application/rss+xml");
    }
    if (req.path.starts_with("/cap/") && req.path.ends_with(".xml")) {
      const std::string number = req.path.substr(5, req.path.size() - 9);
      for (const auto& a : state->alerts)
        if (!a.embedded && std::to_string(a.n) == number) return answer(200, a.capXml, "application/cap+xml");
    }
    answer(404, "not found", "text/plain");
  });
  if (port_ == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("fake upstream could not bind");
  } else if (!server_->bind_to_port("127.0.0.1", port_)) {
    throw std::runtime_error("fake upstream could not bind port " + std::to_string(port_) + " again");
  }
  // Connections queue in the kernel from bind on, but httplib's stop() does nothing until the
  // accept loop runs (it only closes the socket of a running server): a goDown() right after
  // construction would otherwise leave listen_after_bind() accepting for ever and the join hanging.
  // So wait, with a deadline, until the loop runs.
  thread_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > until) throw std::runtime_error("fake upstream did not start listening");
    std::this_thread::yield();
  }
}

int FakeUpstream::publish(const std::string& capXml, TimePoint at, bool embedded) {
  std::lock_guard lock(state_->mutex);
  const int n = int(state_->alerts.size()) + 1;
  state_->alerts.push_back(Alert{n, capXml, at, embedded});
  ++state_->version;
  return n;
}

void FakeUpstream::goDown() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void FakeUpstream::comeBack() {
  if (!server_) listen();
}

void FakeUpstream::setOutage(bool on, int retryAfterSeconds) {
  std::lock_guard lock(state_->mutex);
  state_->outage = on;
  state_->retryAfter = retryAfterSeconds;
}

void FakeUpstream::serve(const std::string& path, std::string body, std::string contentType) {
  std::lock_guard lock(state_->mutex);
  state_->fixed[path] = Fixed{std::move(body), std::move(contentType), 0};
}

void FakeUpstream::serveEndless(const std::string& path, size_t bytes) {
  std::lock_guard lock(state_->mutex);
  state_->fixed[path] = Fixed{"", "application/atom+xml", bytes};
}

std::vector<FakeUpstream::Hit> FakeUpstream::hits() const {
  std::lock_guard lock(state_->mutex);
  return state_->hits;
}

size_t FakeUpstream::count(const std::string& path, int status) const {
  std::lock_guard lock(state_->mutex);
  size_t n = 0;
  for (const auto& h : state_->hits)
    if (h.path == path && (status == -1 || h.status == status)) ++n;
  return n;
}

}  // namespace eoc::relay::testing
