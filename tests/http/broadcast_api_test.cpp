// Broadcast over HTTP on a real eoc: a warning issued through the API reaches the committees'
// screens, acks are checked per committee, and GET /events resumes with Last-Event-ID.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "broadcast/event_hub.hpp"
#include "core/time.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::broadcast_api_test {
namespace {

using nlohmann::json;

// Drafts and issues an Exercise (a duty officer may issue it alone) for two committees.
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
  EXPECT_TRUE(drafted && drafted->status == 201) << (drafted ? drafted->body : "no answer");
  std::string id = json::parse(drafted->body)["id"];
  auto issued = cli.Post("/warnings/" + id + "/issue", auth, "", "application/json");
  EXPECT_TRUE(issued && issued->status == 200) << (issued ? issued->body : "no answer");
  return id;
}

TEST(BroadcastApi, AckByTheWrongCommitteeIs403AndARepeatedAckIsHarmless) {
  TestServer server;
  auto officer = server.token(Role::DutyOfficer, "", "王值班");
  auto id = issueExercise(server, officer);
  auto cli = server.client();
  auto other = cli.Post("/warnings/" + id + "/ack", {{"Authorization", "Bearer " + server.token(Role::Committee, "650103009", "赵")}},
                        "{}", "application/json");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  httplib::Headers own = {{"Authorization", "Bearer " + server.token(Role::Committee, "650103001", "钱")}};
  auto first = cli.Post("/warnings/" + id + "/ack", own, R"({"note": "已转发至各社区"})", "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto again = cli.Post("/warnings/" + id + "/ack", own, R"({"note": "again"})", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_TRUE(json::parse(again->body)["duplicate"].get<bool>());
  auto report = cli.Get("/warnings/" + id + "/deliveries", {{"Authorization", "Bearer " + officer}});
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200) << report->body;
  auto r = json::parse(report->body);
  EXPECT_EQ(r["summary"]["targeted"], 2);
  EXPECT_EQ(r["summary"]["delivered"], 2);
  EXPECT_EQ(r["summary"]["acked"], 1);
  EXPECT_EQ(r["recipients"].size(), 2u);
  // A committee sees how the warning went out overall, and only its own row.
  auto mine = cli.Get("/warnings/" + id + "/deliveries", own);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  auto m = json::parse(mine->body);
  EXPECT_EQ(m["summary"], r["summary"]);
  ASSERT_EQ(m["recipients"].size(), 1u);
  EXPECT_EQ(m["recipients"][0]["recipient"], "650103001");
  EXPECT_EQ(m["recipients"][0]["note"], "已转发至各社区");
  auto bad = cli.Post("/warnings/" + id + "/ack", own, R"({"note": 7})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

// Reads raw SSE from a socket until `needle` has arrived (or the stream ends).
std::string readStreamUntil(int port, const std::string& request, const std::string& needle) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::send(fd, request.data(), request.size(), 0);
  std::string got;
  char buffer[4096];
  while (got.find(needle) == std::string::npos) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    got.append(buffer, size_t(n));
  }
  ::close(fd);
  return got;
}

TEST(BroadcastApi, EventsResumeAfterLastEventIdWithoutLosingAny) {
  TestServer server;
  auto viewer = server.token(Role::Viewer, "", "dash");
  auto& hub = server.service().events();
  const uint64_t before = hub.lastId();
  for (int i = 0; i < 5; ++i) hub.publish(Event{"test.tick", "", false, {{"n", i}}});
  // The screen saw up to the second tick, then reconnected with Last-Event-ID.
  const uint64_t seen = before + 2;
  std::string request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + viewer +
                        "\r\nLast-Event-ID: " + std::to_string(seen) + "\r\n\r\n";
  auto text = readStreamUntil(server.port(), request, "\"n\":4");
  for (uint64_t id = seen + 1; id <= before + 5; ++id)
    EXPECT_NE(text.find("id: " + std::to_string(id) + "\n"), std::string::npos) << id << "\n" << text;
  EXPECT_EQ(text.find("id: " + std::to_string(seen) + "\n"), std::string::npos);
  EXPECT_NE(text.find("text/event-stream"), std::string::npos);
}

TEST(BroadcastApi, ACommitteeStreamCarriesOnlyItsOwnAndDistrictWideEvents) {
  TestServer server;
  auto token = server.token(Role::Committee, "650103001", "孙");
  auto& hub = server.service().events();
  const uint64_t before = hub.lastId();
  hub.publish(Event{"test.other", "650103002", false, {}});
  hub.publish(Event{"test.own", "650103001", false, {}});
  hub.publish(Event{"test.all", "", false, {}});
  std::string request = "GET /events?committee=650103002 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                        "\r\nLast-Event-ID: " + std::to_string(before) + "\r\n\r\n";
  auto text = readStreamUntil(server.port(), request, "event: test.all");
  EXPECT_NE(text.find("event: test.own"), std::string::npos) << text;
  EXPECT_EQ(text.find("event: test.other"), std::string::npos) << text;
}

TEST(BroadcastApi, DraftsReachOnlyTheDeskStreamsNeverACommitteeOrAViewer) {
  TestServer server;
  auto officer = server.token(Role::DutyOfficer, "", "王值班");
  auto committee = server.token(Role::Committee, "650103001", "孙");
  auto viewer = server.token(Role::Viewer, "", "赵");
  const uint64_t before = server.service().events().lastId();
  json body = {{"type", "rainstorm"},
               {"level", "orange"},
               {"status", "Actual"},
               {"area", {{"committees", {"650103001"}}}},
               {"onset", formatBeijing(SystemTimeSource().now())},
               {"expires", formatBeijing(SystemTimeSource().now() + std::chrono::hours(6))}};
  auto drafted = server.client().Post("/warnings", {{"Authorization", "Bearer " + officer}}, body.dump(),
                                      "application/json");
  ASSERT_TRUE(drafted && drafted->status == 201) << (drafted ? drafted->body : "no answer");
  server.service().events().publish(Event{"test.marker", "", false, {}});
  auto stream = [&](const std::string& token) {
    return readStreamUntil(server.port(),
                           "GET /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                               "\r\nLast-Event-ID: " + std::to_string(before) + "\r\n\r\n",
                           "event: test.marker");
  };
  EXPECT_NE(stream(officer).find("event: warning.drafted"), std::string::npos);
  EXPECT_EQ(stream(committee).find("warning.drafted"), std::string::npos);
  EXPECT_EQ(stream(viewer).find("warning.drafted"), std::string::npos);
}

TEST(BroadcastApi, StreamsBeyondTheCapAreRefusedWhileTheApiStaysAvailable) {
  auto config = TestServer::defaultConfig();
  config.broadcast.maxEventStreams = 2;
  config.httpThreads = 2;
  TestServer server(config);
  auto viewer = server.token(Role::Viewer, "", "dash");
  std::string request = "GET /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + viewer + "\r\n\r\n";
  // Two streams hold their workers (each waits for its greeting comment first).
  std::vector<int> held;
  for (int i = 0; i < 2; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(server.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::send(fd, request.data(), request.size(), 0);
    char buffer[512];
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ASSERT_GT(::recv(fd, buffer, sizeof buffer, 0), 0);
    held.push_back(fd);
  }
  auto third = readStreamUntil(server.port(), request, "\r\n\r\n{");
  EXPECT_NE(third.find("503"), std::string::npos) << third;
  auto cli = server.client();
  for (int i = 0; i < 4; ++i) {  // more requests than httpThreads, with both streams open
    auto res = cli.Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  for (int fd : held) ::close(fd);
}

}  // namespace
}  // namespace eoc::testing::broadcast_api_test
