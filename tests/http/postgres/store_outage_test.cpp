// A PostgreSQL store that goes away answers 503 StorageUnavailable with Retry-After, never 500:
// nothing was written and the client should come back (docs/store-backends.md §4). The server is
// real; it goes away behind a TCP forwarder this test cuts, as a crashed or unreachable database
// server would (the other tests share the cluster, so it cannot be stopped).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/random_id.hpp"
#include "core/time.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_test_support.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::store_outage_test {
namespace {

// Forwards loopback TCP connections to `targetPort`; cut() closes every forwarded connection and
// the listening socket (new connections are refused).
class Forwarder {
 public:
  explicit Forwarder(int targetPort) : target_(targetPort) {
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listen_ < 0 || ::bind(listen_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listen_, 64) != 0 || ::getsockname(listen_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      throw std::runtime_error("forwarder: cannot listen");
    port_ = ntohs(address.sin_port);
    wake_ = ::eventfd(0, EFD_CLOEXEC);
    thread_ = std::thread([this] { run(); });
  }
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;
  ~Forwarder() {
    cut();
    ::close(wake_);
  }
  int port() const { return port_; }
  void cut() {
    if (cut_.exchange(true)) return;
    uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
    thread_.join();
  }

 private:
  int connectTarget() const {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(uint16_t(target_));
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
  }
  void run() {
    std::vector<std::pair<int, int>> pairs;  // (client, server)
    for (;;) {
      std::vector<pollfd> fds{{wake_, POLLIN, 0}, {listen_, POLLIN, 0}};
      for (auto [client, server] : pairs) {
        fds.push_back({client, POLLIN, 0});
        fds.push_back({server, POLLIN, 0});
      }
      if (::poll(fds.data(), fds.size(), -1) < 0) continue;
      if (fds[0].revents) break;
      const size_t polled = pairs.size();  // a pair accepted below was not polled yet
      if (fds[1].revents & POLLIN) {
        int client = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
        int server = client >= 0 ? connectTarget() : -1;
        if (server >= 0) pairs.emplace_back(client, server);
        else if (client >= 0) ::close(client);
      }
      std::vector<std::pair<int, int>> open;
      for (size_t i = 0; i < pairs.size(); ++i) {
        auto [client, server] = pairs[i];
        bool alive = i >= polled || (pump(fds[2 + 2 * i], client, server) && pump(fds[3 + 2 * i], server, client));
        if (alive) {
          open.emplace_back(client, server);
        } else {
          ::close(client);
          ::close(server);
        }
      }
      pairs.swap(open);
    }
    for (auto [client, server] : pairs) {
      ::close(client);
      ::close(server);
    }
    ::close(listen_);
  }
  // Copies what `from` has to `to`; false when either side closed.
  static bool pump(const pollfd& polled, int from, int to) {
    if (!(polled.revents & (POLLIN | POLLHUP | POLLERR))) return true;
    char buffer[16384];
    ssize_t n = ::read(from, buffer, sizeof buffer);
    if (n <= 0) return false;
    for (ssize_t sent = 0; sent < n;) {
      ssize_t k = ::send(to, buffer + sent, size_t(n - sent), MSG_NOSIGNAL);
      if (k <= 0) return false;
      sent += k;
    }
    return true;
  }

  int target_;
  int listen_ = -1;
  int port_ = 0;
  int wake_ = -1;
  std::atomic<bool> cut_{false};
  std::thread thread_;
};

nlohmann::json draft() {
  return {{"type", "rainstorm"},
          {"level", "orange"},
          {"status", "Actual"},
          {"area", {{"committees", {"650103001", "650103009"}}}},
          {"onset", formatBeijing(SystemTimeSource().now())},
          {"expires", formatBeijing(SystemTimeSource().now() + std::chrono::hours(6))}};
}

TEST(StoreOutage, AStoreThatGoesAwayAnswers503WithRetryAfterAndNever500) {
  const std::string server = store::postgres::testing::serverUrl();
  // postgresql://eoc:<password>@127.0.0.1:<port>/eoc_test (tools/pg-test-cluster.sh)
  const size_t hostAt = server.find("@127.0.0.1:");
  ASSERT_NE(hostAt, std::string::npos) << "the test cluster listens on 127.0.0.1";
  const size_t portAt = hostAt + 11;
  const size_t portEnd = server.find('/', portAt);
  Forwarder forwarder(std::stoi(server.substr(portAt, portEnd - portAt)));
  const std::string schema = "o_" + randomHex(8);
  store::postgres::Connection(server).exec("CREATE SCHEMA " + schema);
  Config config = TestServer::defaultConfig();
  config.store = server.substr(0, portAt) + std::to_string(forwarder.port()) + server.substr(portEnd) +
                 (server.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" + schema +
                 "%2Cpublic";
  {
    TestServer eoc(config);
    std::string token = eoc.token(Role::DutyOfficer);
    auto cli = eoc.client();
    httplib::Headers auth{{"Authorization", "Bearer " + token}};
    auto before = cli.Post("/warnings", auth, draft().dump(), "application/json");
    ASSERT_TRUE(before);
    ASSERT_EQ(before->status, 201) << before->body;

    forwarder.cut();
    for (int i = 0; i < 3; ++i) {
      auto during = cli.Post("/warnings", auth, draft().dump(), "application/json");
      ASSERT_TRUE(during);
      EXPECT_EQ(during->status, 503) << during->body;
      EXPECT_EQ(during->get_header_value("Retry-After"), "5");
      EXPECT_EQ(during->get_header_value("Content-Type"), "application/problem+json");
      EXPECT_EQ(parseJson(during->body).value("code", ""), "StorageUnavailable") << during->body;
    }
  }
  // The TestServer dropped its schema (named in the store URL) when it went.
}

}  // namespace
}  // namespace eoc::testing::store_outage_test
