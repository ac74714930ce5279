// Events across eoc instances sharing one PostgreSQL database (docs/store-backends.md §7): a
// warning issued on A reaches a screen streaming from B; a screen resumes with Last-Event-ID on
// any instance — one that holds the events in its history, or one started afterwards that reads
// them from the journal; a NOTIFY lost while an instance's listener was away is made good by the
// read that follows its reconnection. Real servers, real PostgreSQL, raw SSE over loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "broadcast/event_hub.hpp"
#include "core/random_id.hpp"
#include "core/time.hpp"
#include "service/eoc_service.hpp"
#include "store/event_repository.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_test_support.hpp"
#include "postgres/shared_schema.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::events_across_instances_test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A raw SSE connection: reads frames as they come, each wait bounded by a deadline.
class Stream {
 public:
  Stream(int port, const std::string& token, std::optional<uint64_t> lastEventId = std::nullopt) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
    timeval timeout{1, 0};  // each recv; readUntil keeps its own deadline
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n";
    if (lastEventId) request += "Last-Event-ID: " + std::to_string(*lastEventId) + "\r\n";
    request += "\r\n";
    ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  ~Stream() { ::close(fd_); }

  // Everything received so far once `needle` has arrived; throws at the deadline.
  const std::string& readUntil(const std::string& needle, std::chrono::seconds within = std::chrono::seconds(20)) {
    return readUntilTrue([&](const std::string& text) { return text.find(needle) != std::string::npos; }, needle,
                         within);
  }
  // Everything received so far once `done(text)` holds; throws at the deadline.
  template <class Done>
  const std::string& readUntilTrue(Done done, const std::string& what,
                                   std::chrono::seconds within = std::chrono::seconds(20)) {
    const std::string& needle = what;
    auto deadline = Clock::now() + within;
    char buffer[4096];
    while (!done(text_)) {
      if (Clock::now() > deadline) throw std::runtime_error("no \"" + needle + "\" in time; got:\n" + text_);
      auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n == 0) throw std::runtime_error("the stream ended before \"" + needle + "\"; got:\n" + text_);
      if (n > 0) text_.append(buffer, size_t(n));
    }
    return text_;
  }
  const std::string& text() const { return text_; }

 private:
  int fd_ = -1;
  std::string text_;
};

struct Frame {
  uint64_t id;
  std::string type;
  json envelope;
};

// The stream's body without HTTP/1.1 chunking (a large frame — a warning with its texts — is
// split over chunks, whose size lines would otherwise sit inside it). An incomplete last chunk is
// left out.
std::string dechunked(const std::string& text) {
  auto at = text.find("\r\n\r\n");
  if (at == std::string::npos) return "";
  at += 4;
  std::string body;
  while (true) {
    auto line = text.find("\r\n", at);
    if (line == std::string::npos) break;
    const size_t size = std::stoul(text.substr(at, line - at), nullptr, 16);
    if (size == 0 || line + 2 + size > text.size()) break;
    body.append(text, line + 2, size);
    at = line + 2 + size + 2;  // the chunk's data and its CRLF
  }
  return body;
}

std::vector<Frame> framesOf(const std::string& raw) {
  const std::string text = dechunked(raw);
  std::vector<Frame> frames;
  static const std::regex kFrame("id: (\\d+)\nevent: ([^\n]+)\ndata: ([^\n]+)\n\n");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kFrame); it != std::sregex_iterator(); ++it)
    frames.push_back(Frame{std::stoull((*it)[1]), (*it)[2], json::parse((*it)[3].str())});
  return frames;
}

// Reads until a whole frame has arrived whose event type is `needle` or whose envelope contains it.
const std::string& readFrame(Stream& stream, const std::string& needle) {
  return stream.readUntilTrue(
      [&](const std::string& text) {
        for (const auto& f : framesOf(text))
          if (f.type == needle || f.envelope.dump().find(needle) != std::string::npos) return true;
        return false;
      },
      needle);
}

std::string issueExercise(TestServer& server, const std::string& officer) {
  auto cli = server.client();
  httplib::Headers auth = {{"Authorization", "Bearer " + officer}};
  json body = {{"type", "rainstorm"},
               {"level", "orange"},
               {"status", "Exercise"},
               {"area", {{"committees", {"650103001", "650103002"}}}},
               {"onset", formatBeijing(SystemTimeSource().now())},
               {"expires", formatBeijing(SystemTimeSource().now() + std::chrono::hours(6))}};
  auto drafted = cli.Post("/warnings", auth, body.dump(), "application/json");
  if (!drafted || drafted->status != 201) throw std::runtime_error("draft: " + (drafted ? drafted->body : "no answer"));
  std::string id = json::parse(drafted->body)["id"];
  auto issued = cli.Post("/warnings/" + id + "/issue", auth, "", "application/json");
  if (!issued || issued->status != 200) throw std::runtime_error("issue: " + (issued ? issued->body : "no answer"));
  return id;
}

TEST(EventsAcrossInstances, AWarningIssuedOnAReachesAStreamOnBUnderTheSameId) {
  SharedSchema schema;
  Instance a(schema), b(schema);
  auto officer = a.server().token(Role::DutyOfficer, "", "王值班");
  auto viewer = b.server().token(Role::Viewer, "", "大屏");
  Stream onB(b.server().port(), viewer);
  onB.readUntil(": eoc events after");  // the stream is open on B
  auto issuedAt = Clock::now();
  auto id = issueExercise(a.server(), officer);
  auto text = readFrame(onB, "warning.issued");
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - issuedAt);
  std::printf("[ figure ] issue on A (HTTP answer included) -> warning.issued on a stream on B: %.1f ms\n",
              double(latency.count()) / 1000.0);
  Frame issued{};
  for (const auto& f : framesOf(text))
    if (f.type == "warning.issued") issued = f;
  ASSERT_EQ(issued.type, "warning.issued") << text;
  EXPECT_EQ(issued.envelope["data"]["id"], id);          // rendered as the API renders a warning
  EXPECT_EQ(issued.envelope["data"]["status"], "Exercise");
  EXPECT_TRUE(issued.envelope["exercise"].get<bool>());
  // The same event under the same id on A: one global sequence.
  bool onA = false;
  for (const auto& e : a.server().service().events().read(0, broadcast::EventFilter{"", true}).events)
    if (e.id == issued.id) onA = e.event.type == "warning.issued";
  EXPECT_TRUE(onA);
}

TEST(EventsAcrossInstances, AScreenResumesOnAnyInstanceWithExactlyTheEventsItMissed) {
  SharedSchema schema;
  Instance a(schema), b(schema);
  auto viewer = a.server().token(Role::Viewer, "", "大屏");
  auto& hubA = a.server().service().events();
  auto& hubB = b.server().service().events();
  uint64_t seen = 0;
  {
    Stream onB(b.server().port(), viewer);
    onB.readUntil(": eoc events after");
    hubA.publish(Event{"test.tick", "", false, {{"n", 0}}});
    auto frames = framesOf(readFrame(onB, "\"n\":0"));
    ASSERT_FALSE(frames.empty());
    seen = frames.back().id;
  }  // the screen goes away; more happens on both instances
  for (int n = 1; n <= 6; ++n) (n % 2 ? hubA : hubB).publish(Event{"test.tick", "", false, {{"n", n}}});
  auto expectExactlyTheMissed = [&](const std::string& text) {
    std::vector<Frame> frames;
    for (auto& f : framesOf(text))
      if (f.type == "test.tick") frames.push_back(std::move(f));
    ASSERT_EQ(frames.size(), 6u) << text;
    for (int n = 1; n <= 6; ++n) {
      EXPECT_EQ(frames[size_t(n - 1)].id, seen + uint64_t(n));
      EXPECT_EQ(frames[size_t(n - 1)].envelope["data"]["n"], n);
    }
  };
  {
    Stream onA(a.server().port(), viewer, seen);  // from A's history
    expectExactlyTheMissed(readFrame(onA, "\"n\":6"));
  }
  Instance c(schema);  // started after the events: its history is empty, the journal answers
  // C continues the one sequence (its own start publishes events too, e.g. stock alerts, so at or
  // beyond the last tick).
  EXPECT_GE(c.server().service().events().lastId(), seen + 6);
  Stream onC(c.server().port(), viewer, seen);
  expectExactlyTheMissed(readFrame(onC, "\"n\":6"));
}

TEST(EventsAcrossInstances, ANotificationLostWhileTheListenerWasAwayIsReadFromTheJournalOnReconnection) {
  SharedSchema schema;
  Instance a(schema), b(schema);
  auto viewer = b.server().token(Role::Viewer, "", "大屏");
  auto& hubB = b.server().service().events();
  const auto* watch = hubB.watch();
  ASSERT_NE(watch, nullptr);
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (!watch->connected() && Clock::now() < deadline) std::this_thread::yield();
  ASSERT_TRUE(watch->connected());
  Stream onB(b.server().port(), viewer);
  onB.readUntil(": eoc events after");
  // An event committed with no NOTIFY: what an instance misses while its listener is away.
  auto db = schema.connection();
  db.exec("BEGIN");
  db.exec(
      "INSERT INTO events (seq, at_ms, at, type, committee, exercise, desk_only, data) "
      "SELECT n + 1, 0, '2026-07-12T15:00:00+08:00', 'test.unannounced', '', 0, 0, '{\"n\":42}' FROM event_seq");
  db.exec("UPDATE event_seq SET n = n + 1");
  db.exec("COMMIT");
  // Cut B's listener; its reconnection reads the journal after the last event B holds.
  const int pid = watch->backendPid();
  ASSERT_GT(pid, 0);
  db.exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  auto text = onB.readUntil("event: test.unannounced");
  EXPECT_NE(text.find("\"n\":42"), std::string::npos);
  EXPECT_NE(watch->backendPid(), pid);
  // And what comes after is announced again.
  a.server().service().events().publish(Event{"test.after", "", false, {{"n", 43}}});
  onB.readUntil("event: test.after");
}

}  // namespace
}  // namespace eoc::testing::events_across_instances_test
