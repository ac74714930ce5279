// Endpoint × role → expected status, generated from the server's own route table so that a new
// route cannot be forgotten: every protected route refuses a missing or unknown token (401) and
// every role it does not list (403) before it looks at the body; every role it lists gets past
// the gate. Tokens never reach the log.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/random_id.hpp"
#include "http/rate_limiter.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::security_matrix_test {
namespace {

constexpr Role kAllRoles[] = {Role::DutyOfficer, Role::Approver, Role::Committee, Role::Team, Role::Viewer, Role::Admin};

// Subjects chosen so that a committee or team caller addresses its own resource: a refusal then
// can only come from the role gate, never from the "only for itself" rules behind it.
constexpr const char* kCommittee = "650103001";
constexpr const char* kTeam = "T07";

std::string concretePath(const std::string& templ) {
  std::string out;
  for (size_t i = 0; i < templ.size(); ++i) {
    if (templ[i] != '{') {
      out += templ[i];
      continue;
    }
    auto close = templ.find('}', i);
    // /teams/{id}: the team's own id; anything else: an id that does not exist.
    out += templ.rfind("/teams/", 0) == 0 ? kTeam : "no-such-id";
    i = close;
  }
  return out;
}

struct Answer {
  int status = 0;  // 0: no answer
  std::string body;
  std::string wwwAuthenticate;
};

// Only the status, headers and (for ordinary responses) the body: an event stream that the gate
// lets through is cut off after its headers instead of being read forever.
Answer call(httplib::Client& cli, const http::Route& route, const std::string& token, const std::string& body) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto path = concretePath(route.path);
  Answer a;
  if (route.method == "GET") {
    bool stream = route.responseType == "text/event-stream";
    cli.Get(
        path, headers,
        [&](const httplib::Response& r) {
          a.status = r.status;
          a.wwwAuthenticate = r.get_header_value("WWW-Authenticate");
          return !(stream && r.status == 200);
        },
        [&](const char* data, size_t n) {
          a.body.append(data, n);
          return true;
        });
    return a;
  }
  httplib::Result res = route.method == "POST"  ? cli.Post(path, headers, body, "application/json")
                        : route.method == "PUT" ? cli.Put(path, headers, body, "application/json")
                                                : cli.Delete(path, headers, body, "application/json");
  if (res) {
    a.status = res->status;
    a.body = res->body;
    a.wwwAuthenticate = res->get_header_value("WWW-Authenticate");
  }
  return a;
}

class SecurityMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (Role role : kAllRoles) {
      std::string subject = role == Role::Committee ? kCommittee : role == Role::Team ? kTeam : "";
      tokens_[role] = server_->token(role, subject, "matrix-" + std::string(roleName(role)));
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static bool allowed(const http::Route& route, Role role) {
    for (Role r : route.roles)
      if (r == role) return true;
    return false;
  }
  static TestServer* server_;
  static std::map<Role, std::string> tokens_;
};
TestServer* SecurityMatrix::server_ = nullptr;
std::map<Role, std::string> SecurityMatrix::tokens_;

TEST_F(SecurityMatrix, EveryStateChangingRouteNeedsAToken) {
  size_t writes = 0;
  for (const auto& route : server_->server().routes()) {
    if (route.method == "GET" || route.method == "HEAD") continue;
    ++writes;
    // A capability URL (/a/{token}) carries its credential in the path: a wrong one is 404.
    if (route.capabilityInPath) {
      auto cli = server_->client();
      auto res = call(cli, route, "", "");
      EXPECT_EQ(res.status, 404) << route.method << " " << route.path << " with a made-up capability";
      continue;
    }
    EXPECT_FALSE(route.isPublic()) << route.method << " " << route.path << " changes state but is public";
  }
  // The table is the real one: warnings, acks, teams, incidents and CAP ingest all write.
  EXPECT_GE(writes, 10u);
}

TEST_F(SecurityMatrix, EveryProtectedRouteRefusesMissingAndUnknownTokensBeforeReadingTheBody) {
  auto cli = server_->client();
  size_t checked = 0;
  // A real token id with a wrong secret (the hashed-secret comparison must refuse it), a token
  // of the right shape that was never issued, and plain garbage.
  std::string wrongSecret = tokens_[Role::Admin];
  wrongSecret.back() = wrongSecret.back() == '0' ? '1' : '0';
  const std::string& admin = tokens_[Role::Admin];
  const size_t cut = admin.find('_', 4);
  const std::string never = "eoc_" + std::string(cut - 4, 'a') + "_" + std::string(admin.size() - cut - 1, 'b');
  const std::string bogus[] = {wrongSecret, never, "not-a-token", "Bearer"};
  for (const auto& route : server_->server().routes()) {
    if (route.isPublic()) continue;
    ++checked;
    for (const std::string body : {"", "{not json", "{\"type\":\"rainstorm\"}"}) {
      auto res = call(cli, route, "", body);
      EXPECT_EQ(res.status, 401) << route.method << " " << route.path << " without a token, body " << body;
      EXPECT_EQ(res.wwwAuthenticate, "Bearer") << route.path;
      EXPECT_NE(res.body.find("\"Unauthorized\""), std::string::npos) << res.body;
    }
    for (const auto& token : bogus) {
      auto res = call(cli, route, token, "{not json");
      EXPECT_EQ(res.status, 401) << route.method << " " << route.path << " with bogus token " << token;
    }
  }
  EXPECT_GE(checked, 10u);
}

TEST_F(SecurityMatrix, EveryRoleNotListedIsForbiddenAndEveryListedRolePassesTheGate) {
  auto cli = server_->client();
  size_t forbidden = 0, passed = 0;
  for (const auto& route : server_->server().routes()) {
    if (route.isPublic()) continue;
    for (Role role : kAllRoles) {
      auto res = call(cli, route, tokens_[role], "{}");
      const std::string what = route.method + " " + route.path + " as " + std::string(roleName(role)) + ": " + res.body;
      if (allowed(route, role)) {
        ++passed;
        EXPECT_NE(res.status, 0) << what;
        EXPECT_NE(res.status, 401) << what;
        EXPECT_NE(res.status, 403) << what;
      } else {
        ++forbidden;
        EXPECT_EQ(res.status, 403) << what;
        EXPECT_NE(res.body.find("\"Forbidden\""), std::string::npos) << what;
      }
    }
  }
  EXPECT_GT(forbidden, 0u);
  EXPECT_GT(passed, 0u);
}

TEST_F(SecurityMatrix, PublicReadsNeedNoTokenAndIgnoreABogusOne) {
  auto cli = server_->client();
  for (const auto& route : server_->server().routes()) {
    if (!route.isPublic() || route.method != "GET") continue;
    auto bare = call(cli, route, "", "");
    auto bogus = call(cli, route, "eoc_deadbeef_0000", "");
    EXPECT_NE(bare.status, 0) << route.path;
    EXPECT_NE(bare.status, 401) << route.path;
    EXPECT_NE(bare.status, 403) << route.path;
    EXPECT_EQ(bare.status, bogus.status) << route.path;
  }
}

// Captures everything written to fds 1 and 2 while alive (the request log and the error log).
class CapturedOutput {
 public:
  CapturedOutput() {
    path_ = std::filesystem::temp_directory_path() / ("eoc-log-" + randomHex(6));
    std::fflush(stdout);
    std::fflush(stderr);
    savedOut_ = dup(1);
    savedErr_ = dup(2);
    int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  std::string finish() {
    std::fflush(stdout);
    std::fflush(stderr);
    dup2(savedOut_, 1);
    dup2(savedErr_, 2);
    close(savedOut_);
    close(savedErr_);
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove(path_);
    return text.str();
  }

 private:
  std::filesystem::path path_;
  int savedOut_ = -1, savedErr_ = -1;
};

TEST_F(SecurityMatrix, TokensNeverReachTheLog) {
  auto cli = server_->client();
  const std::string& officer = tokens_[Role::DutyOfficer];
  std::string unknown = officer;
  unknown.back() = unknown.back() == '0' ? '1' : '0';
  CapturedOutput capture;
  for (const auto& token : {officer, unknown}) {
    httplib::Headers headers{{"Authorization", "Bearer " + token}};
    cli.Post("/warnings", headers, "{not json", "application/json");                  // 400 path
    cli.Post("/warnings/" + token + "/issue", headers, "{}", "application/json");      // token in the path
    cli.Get("/audit?actor=" + token, headers);                                           // token in the query
    cli.Post("/warnings", httplib::Headers{{"Authorization", "Bearer " + token + "\x01"}}, "{}", "application/json");
  }
  auto log = capture.finish();
  // The log was written (the capture works) and holds neither secret nor any part of one.
  EXPECT_NE(log.find("\"route\""), std::string::npos) << log;
  for (const auto& token : {officer, unknown}) {
    EXPECT_EQ(log.find(token), std::string::npos) << log;
    EXPECT_EQ(log.find(token.substr(token.size() - 16)), std::string::npos) << log;
  }
}

TEST(WriteRateLimit, ABucketRefillsAtTheConfiguredRateAndNeverHoldsMoreThanTheBurst) {
  http::RateLimiter limiter(60, 3);  // one a second, three at once
  auto t0 = http::RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("a", t0), 0) << i;
  EXPECT_EQ(limiter.take("a", t0), 1);                              // empty: one second to wait
  EXPECT_EQ(limiter.take("b", t0), 0);                              // another token has its own bucket
  EXPECT_EQ(limiter.take("a", t0 + std::chrono::milliseconds(1000)), 0);
  EXPECT_GT(limiter.take("a", t0 + std::chrono::milliseconds(1500)), 0);
  // An hour idle refills to the burst, not to 3,600.
  auto later = t0 + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("a", later), 0) << i;
  EXPECT_GT(limiter.take("a", later), 0);
  http::RateLimiter off(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(off.take("a", t0), 0);
}

TEST(WriteRateLimit, AFloodOfWritesFromOneTokenGets429WhileOtherTokensAndReadsGoOn) {
  Config config = TestServer::defaultConfig();
  config.limits.writesPerMinutePerToken = 1;  // a refill a minute: none during this test
  config.limits.writeBurstPerToken = 5;
  TestServer server(config);
  auto flood = server.token(Role::DutyOfficer, "", "flood");
  auto other = server.token(Role::DutyOfficer, "", "other");
  auto cli = server.client();
  httplib::Headers floodAuth{{"Authorization", "Bearer " + flood}};
  int accepted = 0, limited = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = cli.Post("/incidents", floodAuth, "{}", "application/json");
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      EXPECT_FALSE(res->get_header_value("Retry-After").empty());
      EXPECT_NE(res->body.find("\"TooManyRequests\""), std::string::npos) << res->body;
    } else {
      ++accepted;
    }
  }
  EXPECT_LE(accepted, 6);  // the burst, plus at most one refill if the test ran a minute
  EXPECT_GE(limited, 14);
  auto otherRes = cli.Post("/incidents", {{"Authorization", "Bearer " + other}}, "{}", "application/json");
  ASSERT_TRUE(otherRes);
  EXPECT_NE(otherRes->status, 429);
  auto read = cli.Get("/audit", floodAuth);  // reads are not limited
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
}

}  // namespace
}  // namespace eoc::testing::security_matrix_test
