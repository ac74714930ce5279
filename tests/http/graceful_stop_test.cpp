// Graceful stop (docs/design.md, "Reliability and security"), wired as main.cpp wires it on SIGTERM: server.stop() → the
// listener returns → service.stop(). A request in flight when the stop begins is finished and
// answered, its write survives into the next start, new connections are refused, and the timers
// that were pending at the stop resume after the restart.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "core/random_id.hpp"
#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::graceful_stop_test {
namespace {

using nlohmann::json;

int connectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads until `needle` arrived, the peer closed, or 30 s passed.
std::string readUntil(int fd, const std::string& needle) {
  std::string got;
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (got.find(needle) == std::string::npos && std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
  }
  return got;
}

// eoc as `eoc serve` runs it, with start and stop in the test's hands.
class Process {
 public:
  Process(const Config& config, std::shared_ptr<const TimeSource> clock) {
    service_ = std::make_unique<service::EocService>(config, std::move(clock));
    service_->start();
    server_ = std::make_unique<http::Server>(*service_);
    port_ = server_->bind();
    listener_ = std::thread([this] { server_->listen(); });
  }
  ~Process() { stop(); }
  void stop() {
    if (!server_) return;
    server_->stop();
    listener_.join();
    service_->stop();
    server_.reset();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<service::EocService> service_;
  std::unique_ptr<http::Server> server_;
  std::thread listener_;
  int port_ = -1;
};

TEST(GracefulStop, ARequestInFlightAtStopIsAnsweredAndKeptAndTimersResumeAfterRestart) {
  auto clock = std::make_shared<ManualClock>(*parseIso8601("2026-07-12T14:30:00+08:00"));
  Config config = TestServer::defaultConfig();
  std::string officer = service::createToken(config, Role::DutyOfficer, "", "王敏");
  json draft = {{"type", "rainstorm"},
                {"level", "orange"},
                {"status", "Exercise"},
                {"area", {{"committees", {"650103001"}}}},
                {"onset", "2026-07-12T15:00:00+08:00"},
                {"expires", "2026-07-12T21:00:00+08:00"}};
  std::string issuedId, inFlightId;
  {
    Process eoc(config, clock);
    ASSERT_GT(eoc.port(), 0);
    httplib::Client cli("127.0.0.1", eoc.port());
    httplib::Headers auth{{"Authorization", "Bearer " + officer}};
    // A warning whose expiry timer is pending when the server stops.
    auto drafted = cli.Post("/warnings", auth, draft.dump(), "application/json");
    ASSERT_TRUE(drafted && drafted->status == 201);
    issuedId = json::parse(drafted->body)["id"];
    auto issued = cli.Post("/warnings/" + issuedId + "/issue", auth, "", "application/json");
    ASSERT_TRUE(issued && issued->status == 200) << (issued ? issued->body : "");

    // A draft in flight: headers sent, the server has answered 100 Continue (so a worker holds
    // the request), the body follows only once the stop has begun.
    int fd = connectTo(eoc.port());
    ASSERT_GE(fd, 0);
    std::string body = draft.dump();
    std::string head = "POST /warnings HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + officer +
                       "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nConnection: close\r\n"
                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    ASSERT_EQ(send(fd, head.data(), head.size(), MSG_NOSIGNAL), ssize_t(head.size()));
    ASSERT_NE(readUntil(fd, "100 Continue").find("100 Continue"), std::string::npos);

    auto stopped = std::async(std::launch::async, [&eoc] { eoc.stop(); });
    // The listener goes first: a new connection is refused (or closed unanswered).
    bool refused = false;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!refused && std::chrono::steady_clock::now() < end) {
      int probe = connectTo(eoc.port());
      if (probe < 0) {
        refused = true;
        break;
      }
      std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      send(probe, req.data(), req.size(), MSG_NOSIGNAL);
      refused = readUntil(probe, "\r\n\r\n").empty();
      close(probe);
    }
    EXPECT_TRUE(refused) << "the server still accepted new requests while stopping";
    // The stop waits for the request in flight...
    EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    ASSERT_EQ(send(fd, body.data(), body.size(), MSG_NOSIGNAL), ssize_t(body.size()));
    std::string answer = readUntil(fd, "}");
    close(fd);
    // ...which is answered in full.
    ASSERT_NE(answer.find("HTTP/1.1 201"), std::string::npos) << answer;
    auto json_at = answer.find("\r\n\r\n");
    ASSERT_NE(json_at, std::string::npos);
    auto created = json::parse(answer.substr(json_at + 4), nullptr, false);
    ASSERT_TRUE(created.is_object()) << answer;
    inFlightId = created.value("id", "");
    ASSERT_EQ(stopped.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  }

  // The server was down when the warning ran out; the restart finds the timer and fires it.
  clock->set(*parseIso8601("2026-07-12T21:05:00+08:00"));
  Process eoc(config, clock);
  httplib::Client cli("127.0.0.1", eoc.port());
  httplib::Headers auth{{"Authorization", "Bearer " + officer}};
  auto kept = cli.Get("/warnings/" + inFlightId, auth);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->status, 200) << "the write answered during the stop was lost";
  std::string state;
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (state != "expired" && std::chrono::steady_clock::now() < end) {
    auto w = cli.Get("/warnings/" + issuedId, auth);
    if (w && w->status == 200) state = json::parse(w->body).value("state", "");
  }
  EXPECT_EQ(state, "expired");
  eoc.stop();
  std::error_code ec;
  std::filesystem::remove_all(config.dataDir, ec);
}

}  // namespace
}  // namespace eoc::testing::graceful_stop_test
