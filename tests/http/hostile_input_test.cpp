// The hostile input catalogue (docs/design.md, "Reliability and security"), one test each, against a real server: every attack
// gets a clear 4xx problem body (or a closed connection for the slow client), the server keeps
// answering afterwards, and nothing of the attack is stored or echoed back.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "support/test_server.hpp"

namespace eoc::testing::hostile_input_test {
namespace {

using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
  std::string text;
  httplib::Headers headers;
};

Reply wrap(const httplib::Result& res) {
  Reply r;
  if (!res) return r;
  r.status = res->status;
  r.text = res->body;
  r.headers = res->headers;
  r.body = json::parse(res->body, nullptr, false);
  return r;
}

// A plain TCP connection to the server, for requests no HTTP client library would send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return connected_; }
  bool send(const std::string& bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size()); }
  // Reads until the server closes the connection or `deadline` passes; returns what arrived and
  // whether the close was seen.
  std::pair<std::string, bool> readUntilClosed(std::chrono::milliseconds deadline) {
    std::string data;
    auto end = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
      if (left <= 0) return {data, false};
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, int(left)) <= 0) continue;
      char buf[4096];
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return {data, true};
      data.append(buf, size_t(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

class HostileInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    officer_ = server_->token(Role::DutyOfficer, "", "王敏");
    team_ = server_->token(Role::Team, "T07", "T07 队长");
    feed_ = server_->token(Role::Admin, "", "市气象台接口");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static Reply post(const std::string& path, const std::string& body, const std::string& token,
                    const char* type = "application/json") {
    auto cli = server_->client();
    return wrap(cli.Post(path, {{"Authorization", "Bearer " + token}}, body, type));
  }
  static Reply get(const std::string& path) {
    auto cli = server_->client();
    return wrap(cli.Get(path));
  }
  static size_t warningCount() {
    auto cli = server_->client();
    auto res = cli.Get("/warnings", {{"Authorization", "Bearer " + officer_}});
    return res ? json::parse(res->body).value("count", size_t(0)) : 0;
  }
  // Every refusal is a problem+json body naming a code; and the server still answers.
  static void expectProblem(const Reply& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.text.substr(0, 400);
    EXPECT_TRUE(r.body.is_object() && r.body.contains("code")) << what << ": " << r.text.substr(0, 400);
    EXPECT_EQ(get("/healthz").status, 200) << "after " << what;
  }
  static json warningWithPolygon(const json& ring) {
    return {{"type", "rainstorm"},
            {"level", "orange"},
            {"status", "Exercise"},
            {"area", {{"committees", {"650103001"}}, {"polygon", {{"type", "Polygon"}, {"coordinates", {ring}}}}}},
            {"onset", "2026-07-12T15:00:00+08:00"},
            {"expires", "2026-07-12T21:00:00+08:00"}};
  }
  static TestServer* server_;
  static std::string officer_, team_, feed_;
};
TestServer* HostileInput::server_ = nullptr;
std::string HostileInput::officer_, HostileInput::team_, HostileInput::feed_;

TEST_F(HostileInput, AnOversizeBodyIsRefusedWith413BeforeAnyHandlerRuns) {
  std::string huge(server_->config().limits.maxBodyBytes + 1, ' ');
  huge[0] = '{';
  huge.back() = '}';
  for (const char* path : {"/warnings", "/incidents", "/cap/ingest", "/teams/T07/position"}) {
    auto r = post(path, huge, path == std::string("/teams/T07/position") ? team_ : officer_);
    expectProblem(r, 413, path);
    EXPECT_EQ(r.body.value("code", ""), "PayloadTooLarge") << path;
  }
  EXPECT_EQ(warningCount(), 0u);
}

TEST_F(HostileInput, DeepJsonNestingIsRefusedWithoutExhaustingTheStack) {
  // 100,000 levels: a recursive parser or a recursive destructor would overflow the stack.
  const size_t depth = 100000;
  std::string deep = std::string(depth, '[') + std::string(depth, ']');
  std::string deepObject;
  for (int i = 0; i < 5000; ++i) deepObject += "{\"a\":";
  deepObject += "1" + std::string(5000, '}');
  for (const auto& body : {deep, deepObject}) {
    expectProblem(post("/warnings", body, officer_), 400, "deep JSON on /warnings");
    expectProblem(post("/incidents", body, officer_), 400, "deep JSON on /incidents");
    expectProblem(post("/teams/T07/position", body, team_), 400, "deep JSON on /teams/T07/position");
  }
  // Just past the configured limit is refused too, and says why.
  int limit = server_->config().limits.maxJsonDepth;
  std::string justPast = std::string(size_t(limit) + 2, '[') + std::string(size_t(limit) + 2, ']');
  auto r = post("/warnings", justPast, officer_);
  expectProblem(r, 400, "depth limit + 2");
  EXPECT_NE(r.body.value("detail", "").find("deeper"), std::string::npos) << r.text;
  EXPECT_EQ(warningCount(), 0u);
}

TEST_F(HostileInput, AHugePolygonIsRefusedNamingTheVertexLimit) {
  const size_t limit = server_->config().limits.maxPolygonVertices;
  json ring = json::array();
  for (size_t i = 0; i <= limit + 1; ++i) {
    double a = 2 * 3.14159265358979 * double(i) / double(limit + 1);
    ring.push_back({87.55 + 0.01 * std::cos(a), 43.77 + 0.01 * std::sin(a)});
  }
  ring.push_back(ring[0]);
  auto r = post("/warnings", warningWithPolygon(ring).dump(), officer_);
  expectProblem(r, 400, "polygon over the vertex limit");
  EXPECT_NE(r.body.value("detail", "").find(std::to_string(limit)), std::string::npos) << r.text;
  EXPECT_EQ(warningCount(), 0u);
}

TEST_F(HostileInput, NanAndInfinityCoordinatesAreRefusedEverywhere) {
  // JSON has no NaN; a number too large for a double becomes infinity in most parsers.
  for (const char* body : {R"({"lon": NaN, "lat": 43.77})", R"({"lon": 1e999, "lat": 43.77})",
                           R"({"lon": 87.58, "lat": -1e400})", R"({"lon": "NaN", "lat": 43.77})",
                           R"({"lon": Infinity, "lat": 43.77})"}) {
    expectProblem(post("/teams/T07/position", body, team_), 400, body);
  }
  for (const char* body : {R"({"type": "gas_leak", "location": [1e999, 43.77]})",
                           R"({"type": "gas_leak", "location": [87.58, NaN]})"}) {
    expectProblem(post("/incidents", body, officer_), 400, body);
  }
  auto ring = json::parse(R"([[87.5, 43.7], [87.6, 43.7], [87.6, 43.8], [87.5, 43.7]])");
  std::string polygon = warningWithPolygon(ring).dump();
  auto at = polygon.find("87.6");
  std::string infinite = polygon;
  infinite.replace(at, 4, "1e999");
  expectProblem(post("/warnings", infinite, officer_), 400, "infinite polygon vertex");
  for (const char* query : {"/geo/locate?lon=nan&lat=43.77", "/geo/locate?lon=87.58&lat=inf",
                            "/geo/locate?lon=1e999&lat=43.77", "/geo/nearest?layer=shelters&lon=-infinity&lat=43.77",
                            "/geo/nearest?layer=shelters&lon=87.58&lat=NaN",
                            "/collections/shelters/items?bbox=nan,43,88,44",
                            "/collections/shelters/items?bbox=87,43,inf,44"}) {
    expectProblem(get(query), 400, query);
  }
  EXPECT_EQ(warningCount(), 0u);
}

TEST_F(HostileInput, InvalidUtf8IsRefusedOrNeverEchoedRaw) {
  json base = warningWithPolygon(json::parse(R"([[87.5, 43.7], [87.6, 43.7], [87.6, 43.8], [87.5, 43.7]])"));
  base["description"] = "PLACEHOLDER";
  for (const char* bad : {"\xff\xfe", "\xc0\xaf", "\xed\xa0\x80", "abc\xe4\xb8"}) {
    std::string body = base.dump();
    body.replace(body.find("PLACEHOLDER"), 11, bad);
    expectProblem(post("/warnings", body, officer_), 400, "invalid UTF-8 in a warning");
    std::string incident = std::string(R"({"type": "gas_leak", "location": [87.58, 43.77], "size": ")") + bad + "\"}";
    expectProblem(post("/incidents", incident, officer_), 400, "invalid UTF-8 in an incident");
  }
  // In the path and the query: never a 5xx, and the answer is still valid UTF-8 JSON (the JSON
  // parser rejects invalid UTF-8) that does not carry the raw bytes back. A property filter on
  // an invalid value may simply match nothing.
  for (const auto& [path, raw] : {std::pair{"/collections/%ff%fe/items", "\xff\xfe"}, {"/warnings/%c0%af", "\xc0\xaf"},
                                  {"/geo/nearest?layer=%ff&lon=87.5&lat=43.7", "\xff"},
                                  {"/collections/shelters/items?name=%ed%a0%80", "\xed\xa0\x80"}}) {
    auto r = get(path);
    EXPECT_GT(r.status, 0) << path;
    EXPECT_LT(r.status, 500) << path << ": " << r.text;
    EXPECT_TRUE(r.body.is_object()) << path << ": " << r.text;
    EXPECT_EQ(r.text.find(raw), std::string::npos) << path;
  }
  EXPECT_EQ(get("/collections/%ff%fe/items").status, 404);
  EXPECT_EQ(warningCount(), 0u);
}

TEST_F(HostileInput, HeaderInjectionNeitherSplitsTheResponseNorPoisonsLinks) {
  // An encoded CR LF in the path must not become a header of the answer.
  auto r = get("/collections/x%0d%0aX-Injected:%20yes/items");
  EXPECT_EQ(r.status, 404) << r.text;
  EXPECT_EQ(r.headers.count("X-Injected"), 0u);
  // A raw CR LF inside a header value is a broken request, answered with 400 and nothing else.
  {
    RawConnection raw(server_->port());
    ASSERT_TRUE(raw.connected());
    ASSERT_TRUE(raw.send("GET /healthz HTTP/1.1\r\nHost: a\rX-Injected: yes\r\nConnection: close\r\n\r\n"));
    auto [answer, closed] = raw.readUntilClosed(std::chrono::seconds(10));
    EXPECT_TRUE(closed);
    EXPECT_EQ(answer.find("X-Injected"), std::string::npos) << answer;
  }
  // A hostile Host header never ends up in the links the server hands out.
  auto cli = server_->client();
  for (const char* host : {"evil.example\"><script>alert(1)</script>", "evil.example/phish?", "a b"}) {
    auto res = cli.Get("/collections", {{"Host", host}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body.find("evil.example"), std::string::npos) << host;
    EXPECT_EQ(res->body.find("<script>"), std::string::npos) << host;
    EXPECT_EQ(res->body.find("a b"), std::string::npos) << host;
  }
}

TEST_F(HostileInput, APostWithoutABodyLengthIsToldWhatIsMissing) {
  // `curl -X POST URL` without -d sends no Content-Length; cpp-httplib refuses it before routing.
  RawConnection raw(server_->port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(raw.send("POST /warnings HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + officer_ +
                       "\r\nConnection: close\r\n\r\n"));
  auto [answer, closed] = raw.readUntilClosed(std::chrono::seconds(10));
  EXPECT_TRUE(closed);
  EXPECT_NE(answer.find(" 400 "), std::string::npos) << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"InvalidBody\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("Content-Length: 0"), std::string::npos) << answer;
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(HostileInput, PathTraversalNeverLeavesTheDashboardBundle) {
  // Files that exist outside the bundle: reaching any of them would show in the body.
  const std::string marker = "eoc_module";  // a word of src/*/CMakeLists.txt
  for (const char* path : {"/static/../../CMakeLists.txt", "/static/..%2f..%2fCMakeLists.txt",
                           "/static/%2e%2e/%2e%2e/CMakeLists.txt", "/static/....//....//etc/passwd",
                           "/static/..%5c..%5cCMakeLists.txt", "/static/%252e%252e%252fetc%252fpasswd",
                           "/static/..%00/etc/passwd", "/static//etc/passwd", "/../../../../etc/passwd",
                           "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd"}) {
    RawConnection raw(server_->port());
    ASSERT_TRUE(raw.connected());
    // Raw, so that no client normalises the dots away before the server sees them.
    ASSERT_TRUE(raw.send(std::string("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    auto [answer, closed] = raw.readUntilClosed(std::chrono::seconds(10));
    EXPECT_TRUE(closed) << path;
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), std::string::npos) << path << ": " << answer.substr(0, 300);
    EXPECT_EQ(answer.find("root:"), std::string::npos) << path;
    EXPECT_EQ(answer.find(marker), std::string::npos) << path;
  }
}

TEST_F(HostileInput, ASlowClientLosesItsConnectionWithinTheReadTimeoutWhileOthersAreServed) {
  // Slowloris: a header line, then silence. The server's read timeout is 5 s; it must hang up
  // within a bounded time, and meanwhile everyone else is answered.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 12; ++i) {  // more than the 8 request workers of the test server
    slow.push_back(std::make_unique<RawConnection>(server_->port()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
  }
  auto started = std::chrono::steady_clock::now();
  auto cli = server_->client();
  auto res = cli.Get("/collections");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  for (auto& conn : slow) {
    auto [answer, closed] = conn->readUntilClosed(std::chrono::seconds(20));
    EXPECT_TRUE(closed) << "a slow client kept its connection for 20 s";
    EXPECT_EQ(answer.find("200 OK"), std::string::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(HostileInput, CapWithExternalEntitiesOrEntityExpansionIsRefusedAndNeverReadsFiles) {
  const std::string alert = R"(<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&e;</identifier>
<sender>x</sender><sent>2026-07-12T14:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType>
<scope>Public</scope><info><category>Met</category><event>&e;</event><urgency>Expected</urgency>
<severity>Severe</severity><certainty>Likely</certainty><headline>&e;</headline></info></alert>)";
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [\n<!ENTITY l0 \"ha\">\n";
  for (int i = 1; i <= 9; ++i)
    laughs += "<!ENTITY l" + std::to_string(i) + " \"" + [&] {
      std::string s;
      for (int k = 0; k < 10; ++k) s += "&l" + std::to_string(i - 1) + ";";
      return s;
    }() + "\">\n";
  laughs += "<!ENTITY e \"&l9;\">\n]>\n" + alert;
  const std::string cases[] = {
      "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" + alert,
      "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY e SYSTEM \"http://127.0.0.1:9/x\">]>\n" + alert,
      "<?xml version=\"1.0\"?>\n<!DOCTYPE alert SYSTEM \"file:///etc/passwd\">\n" + alert,
      "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n" + alert,
      laughs,
  };
  for (const auto& xml : cases) {
    auto started = std::chrono::steady_clock::now();
    auto r = post("/cap/ingest", xml, feed_, "application/cap+xml");
    expectProblem(r, 400, xml.substr(0, 80));
    EXPECT_EQ(r.text.find("root:"), std::string::npos);
    EXPECT_EQ(r.text.find("hahaha"), std::string::npos);
    // 10^9 expansions would take minutes and gigabytes; a refusal is immediate.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  }
  EXPECT_EQ(warningCount(), 0u);
}

}  // namespace
}  // namespace eoc::testing::hostile_input_test
