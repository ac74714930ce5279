// The outbound client against real servers on loopback: TLS verified against a CA made in the
// test, keep-alive reuse counted at the server, every failure classified and bounded in time.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <thread>

#include "core/error.hpp"
#include "fake_http_server.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"
#include "test_pki.hpp"

namespace eoc::testing::http_client_test {
namespace {

using namespace std::chrono_literals;
using fakes::FakeAnswer;
using fakes::FakeHttpServer;
using fakes::ReceivedRequest;

// An io_context run by two threads, like the service's background pool.
class IoRunner {
 public:
  IoRunner() : guard_(boost::asio::make_work_guard(io_)) {
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~IoRunner() {
    guard_.reset();
    io_.stop();
    for (auto& t : threads_) t.join();
  }
  boost::asio::io_context& io() { return io_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::vector<std::thread> threads_;
};

class Scratch {
 public:
  Scratch() : path_(std::filesystem::temp_directory_path() / ("eoc-net-" + std::to_string(::getpid()) + "-" +
                                                               std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~Scratch() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

net::Response exchange(net::HttpClient& client, net::Request request, std::chrono::milliseconds wait = 10s) {
  std::promise<net::Response> promise;
  auto future = promise.get_future();
  client.send(std::move(request), [&promise](net::Response r) { promise.set_value(std::move(r)); });
  if (future.wait_for(wait) != std::future_status::ready) {
    ADD_FAILURE() << "no completion within " << wait.count() << " ms";
    std::abort();  // the callback would write into a dead promise
  }
  return future.get();
}

net::Request post(const std::string& url, std::string body = "{}") {
  net::Request r;
  r.url = url;
  r.contentType = "application/json";
  r.body = std::move(body);
  r.timeout = 5s;
  return r;
}

FakeAnswer echo(const ReceivedRequest& req) { return FakeAnswer{200, "application/json", "{\"got\":" + req.body + "}"}; }

// Echoes, but holds /slow for 30 s: an exchange to it keeps its connection busy until its deadline.
FakeAnswer echoButHoldSlow(const ReceivedRequest& req) {
  auto a = echo(req);
  if (req.path == "/slow") a.delay = 30s;
  return a;
}

// Sends without waiting; the future holds the completion.
std::future<net::Response> sendAsync(net::HttpClient& client, net::Request request) {
  auto p = std::make_shared<std::promise<net::Response>>();
  auto f = p->get_future();
  client.send(std::move(request), [p](net::Response r) { p->set_value(std::move(r)); });
  return f;
}

TEST(Url, ParsesWhatTheVendorsUseAndRefusesTheRest) {
  std::string error;
  auto u = net::parseUrl("https://oapi.dingtalk.com/robot/send?access_token=T", error);
  ASSERT_TRUE(u) << error;
  EXPECT_EQ(u->host, "oapi.dingtalk.com");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/robot/send?access_token=T");
  EXPECT_EQ(u->origin(), "https://oapi.dingtalk.com");
  u = net::parseUrl("http://[::1]:8080", error);
  ASSERT_TRUE(u) << error;
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->hostHeader(), "[::1]:8080");
  u = net::parseUrl("https://dysmsapi.aliyuncs.com/", error);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->hostHeader(), "dysmsapi.aliyuncs.com");
  for (const char* bad : {"ftp://x/", "https://", "http://h:0/", "http://h:99999/", "http://h:8a/", "http://u:p@h/",
                          "https://h/a b", "mqtt://h"})
    EXPECT_FALSE(net::parseUrl(bad, error)) << bad;
}

TEST(Url, PercentEncodingKeepsOnlyTheUnreservedSet) {
  EXPECT_EQ(net::percentEncode("a-_.~Z9"), "a-_.~Z9");
  EXPECT_EQ(net::percentEncode("a b*c/+="), "a%20b%2Ac%2F%2B%3D");
  EXPECT_EQ(net::percentEncode("应"), "%E5%BA%94");
}

struct TlsFixture : ::testing::Test {
  Scratch scratch;
  IoRunner runner;
  fakes::TestPki pki = fakes::makeTestPki(scratch.path(), {"127.0.0.1", "localhost"}, "good");

  std::shared_ptr<net::HttpClient> clientTrusting(const std::filesystem::path& ca, bool systemStore = false) {
    net::ClientOptions options;
    options.extraCaFile = ca;
    options.systemStore = systemStore;
    return net::HttpClient::create(runner.io(), options);
  }
  // Trusts the test CA only and opens at most `connections` per origin.
  std::shared_ptr<net::HttpClient> clientWithConnections(size_t connections) {
    net::ClientOptions options;
    options.extraCaFile = pki.caCert;
    options.systemStore = false;
    options.maxConnectionsPerOrigin = connections;
    return net::HttpClient::create(runner.io(), options);
  }
};

TEST_F(TlsFixture, HttpsIsAcceptedWhenTheServerChainsToTheExtraCaAndNamesTheHost) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientTrusting(pki.caCert, /*systemStore=*/true);  // the system store plus the gateway's CA
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto r = exchange(*client, post(server.baseUrl(host) + "/hook?x=1", "{\"n\":1}"));
    ASSERT_TRUE(r.answered()) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"got\":{\"n\":1}}");
  }
  ASSERT_EQ(server.requestCount(), 2u);
  EXPECT_EQ(server.requests()[0].target, "/hook?x=1");
  EXPECT_EQ(server.requests()[0].header("host"), "127.0.0.1:" + std::to_string(server.port()));
}

TEST_F(TlsFixture, AnUnknownCaIsRefusedBeforeAnythingIsSent) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto other = fakes::makeTestPki(scratch.path(), {"127.0.0.1"}, "other");
  for (auto client : {net::HttpClient::create(runner.io()), clientTrusting(other.caCert)}) {
    auto r = exchange(*client, post(server.baseUrl() + "/hook"));
    EXPECT_EQ(r.failure, net::Failure::Tls);
    EXPECT_FALSE(r.requestSent);
    EXPECT_NE(r.error.find("certificate"), std::string::npos) << r.error;
  }
  EXPECT_EQ(server.requestCount(), 0u);
}

TEST_F(TlsFixture, ACertificateForAnotherNameIsRefused) {
  auto elsewhere = fakes::makeTestPki(scratch.path(), {"gateway.example", "10.9.9.9"}, "elsewhere");
  FakeHttpServer server(echo, fakes::TlsFiles{elsewhere.serverCert, elsewhere.serverKey});
  server.start();
  auto client = clientTrusting(elsewhere.caCert);
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto r = exchange(*client, post(server.baseUrl(host) + "/hook"));
    EXPECT_EQ(r.failure, net::Failure::Tls) << host;
    EXPECT_FALSE(r.requestSent);
  }
  EXPECT_EQ(server.requestCount(), 0u);
}

TEST_F(TlsFixture, AnUnreadableExtraCaFileIsAConfigurationError) {
  net::ClientOptions options;
  options.extraCaFile = scratch.path() / "missing.pem";
  EXPECT_THROW(net::HttpClient::create(runner.io(), options), EocError);
}

TEST_F(TlsFixture, SequentialRequestsShareOneKeptAliveConnection) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientTrusting(pki.caCert);
  for (int i = 0; i < 20; ++i) {
    auto r = exchange(*client, post(server.baseUrl() + "/hook", std::to_string(i)));
    ASSERT_TRUE(r.answered()) << r.error;
    EXPECT_EQ(r.reusedConnection, i > 0);
  }
  EXPECT_EQ(server.connectionsAccepted(), 1u);
  EXPECT_EQ(client->stats().connectionsOpened, 1u);
  EXPECT_EQ(client->stats().exchangesOnReused, 19u);
  EXPECT_EQ(client->stats().idleNow, 1u);
}

TEST_F(TlsFixture, ConcurrentRequestsOpenNoMoreConnectionsThanWereBusyAtOnce) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientTrusting(pki.caCert);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::future<net::Response>> futures;
    std::vector<std::shared_ptr<std::promise<net::Response>>> promises;
    for (int i = 0; i < 8; ++i) {
      auto p = std::make_shared<std::promise<net::Response>>();
      futures.push_back(p->get_future());
      client->send(post(server.baseUrl() + "/hook"), [p](net::Response r) { p->set_value(std::move(r)); });
      promises.push_back(p);
    }
    for (auto& f : futures) {
      ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
      EXPECT_TRUE(f.get().answered());
    }
  }
  EXPECT_LE(server.connectionsAccepted(), 8u);
  EXPECT_EQ(server.requestCount(), 24u);
  EXPECT_GE(client->stats().exchangesOnReused, 16u);
}

TEST_F(TlsFixture, WithoutKeepAliveEveryExchangeHasItsOwnConnection) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  net::ClientOptions options;
  options.extraCaFile = pki.caCert;
  options.keepAlive = false;
  auto client = net::HttpClient::create(runner.io(), options);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(exchange(*client, post(server.baseUrl() + "/hook")).answered());
  EXPECT_EQ(server.connectionsAccepted(), 5u);
  EXPECT_EQ(server.requests()[0].header("connection"), "close");
  EXPECT_EQ(client->stats().idleNow, 0u);
  EXPECT_EQ(client->stats().openNow, 0u);
}

TEST_F(TlsFixture, ABusyOriginMakesExchangesWaitForOneOfItsBoundedConnections) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientWithConnections(3);
  std::vector<std::future<net::Response>> futures;
  for (int i = 0; i < 30; ++i)
    futures.push_back(sendAsync(*client, post(server.baseUrl() + "/hook", std::to_string(i))));
  for (auto& f : futures) {
    ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
    EXPECT_TRUE(f.get().answered());
  }
  EXPECT_EQ(server.requestCount(), 30u);
  EXPECT_LE(server.connectionsAccepted(), 3u);
  EXPECT_LE(client->stats().openNow, 3u);
  EXPECT_GT(client->stats().waitedForConnection, 0u);
}

TEST_F(TlsFixture, WaitingForABusyOriginCountsAgainstTheExchangeDeadline) {
  FakeHttpServer server(echoButHoldSlow, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientWithConnections(1);
  auto slowRequest = post(server.baseUrl() + "/slow");
  slowRequest.timeout = 2s;
  auto slowDone = sendAsync(*client, slowRequest);
  ASSERT_TRUE(server.waitForRequests(1, 5s));
  auto waiting = post(server.baseUrl() + "/fast");
  waiting.timeout = 300ms;
  auto r = exchange(*client, waiting);
  EXPECT_EQ(r.failure, net::Failure::Timeout);
  EXPECT_NE(r.error.find("waiting for a connection"), std::string::npos) << r.error;
  EXPECT_FALSE(r.requestSent);
  ASSERT_EQ(slowDone.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(slowDone.get().failure, net::Failure::Timeout);
  // The slot came back with the timed-out connection: the next exchange gets through.
  EXPECT_TRUE(exchange(*client, post(server.baseUrl() + "/fast")).answered());
  server.stop();
}

// The waiters of a busy origin share one timer, set to the earliest deadline among them: a waiter
// that joins later with a shorter deadline sets it earlier, and the waiter before it keeps its own.
TEST_F(TlsFixture, AWaiterWithAShorterDeadlineExpiresFirstAndTheOneBeforeItKeepsWaiting) {
  FakeHttpServer server(echoButHoldSlow, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientWithConnections(1);
  auto slowRequest = post(server.baseUrl() + "/slow");
  slowRequest.timeout = 6s;  // holds the origin's only connection
  auto slow = sendAsync(*client, slowRequest);
  ASSERT_TRUE(server.waitForRequests(1, 5s));
  auto patientRequest = post(server.baseUrl() + "/fast");
  patientRequest.timeout = 5s;
  auto patient = sendAsync(*client, patientRequest);  // sets the timer to its deadline
  auto hastyRequest = post(server.baseUrl() + "/fast");
  hastyRequest.timeout = 300ms;
  auto hasty = sendAsync(*client, hastyRequest);  // sets it earlier
  // Had the timer stayed at the first waiter's deadline, the hasty one would wait 5 s.
  ASSERT_EQ(hasty.wait_for(3s), std::future_status::ready);
  auto r = hasty.get();
  EXPECT_EQ(r.failure, net::Failure::Timeout);
  EXPECT_NE(r.error.find("waiting for a connection"), std::string::npos) << r.error;
  // The first waiter was not expired with it: its deadline is still seconds away.
  EXPECT_EQ(patient.wait_for(0s), std::future_status::timeout);
  ASSERT_EQ(patient.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(patient.get().failure, net::Failure::Timeout);
  ASSERT_EQ(slow.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(server.requestCount(), 1u);  // neither waiter was sent
  server.stop();
}

TEST_F(TlsFixture, AConnectionThePeerClosedIsNotReusedAndTheNextRequestStillSucceeds) {
  bool closeNext = true;
  FakeHttpServer server(
      [&](const ReceivedRequest& req) {
        auto a = echo(req);
        a.close = std::exchange(closeNext, false);  // "Connection: close" on the first answer only
        return a;
      },
      fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientTrusting(pki.caCert);
  ASSERT_TRUE(exchange(*client, post(server.baseUrl() + "/a")).answered());
  EXPECT_EQ(client->stats().idleNow, 0u);
  auto second = exchange(*client, post(server.baseUrl() + "/b"));
  ASSERT_TRUE(second.answered()) << second.error;
  EXPECT_FALSE(second.reusedConnection);
  EXPECT_EQ(server.connectionsAccepted(), 2u);
}

TEST_F(TlsFixture, AfterTheReceiverRestartsTheStaleConnectionIsDroppedAndAFreshOneAnswers) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  const int port = server.start();
  auto client = clientTrusting(pki.caCert);
  ASSERT_TRUE(exchange(*client, post(server.baseUrl() + "/a")).answered());
  server.stop();  // closes the kept-alive connection from the server side
  auto down = exchange(*client, post(server.baseUrl() + "/down"));
  EXPECT_EQ(down.failure, net::Failure::Connect) << down.error;
  EXPECT_FALSE(down.requestSent);
  server.start(port);
  auto up = exchange(*client, post(server.baseUrl() + "/up"));
  ASSERT_TRUE(up.answered()) << up.error;
  EXPECT_EQ(server.requests().back().path, "/up");
  EXPECT_EQ(server.connectionsAccepted(), 2u);
}

TEST_F(TlsFixture, OneTimeoutBoundsTheWholeExchange) {
  FakeHttpServer server(
      [](const ReceivedRequest& req) {
        auto a = echo(req);
        a.delay = 30s;  // a vendor that never answers in time (released when the server stops)
        return a;
      },
      fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto client = clientTrusting(pki.caCert);
  auto request = post(server.baseUrl() + "/slow");
  request.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  auto r = exchange(*client, request);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.failure, net::Failure::Timeout) << r.error;
  EXPECT_TRUE(r.requestSent);
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
  EXPECT_EQ(client->stats().idleNow, 0u);  // a timed-out connection is never pooled
  server.stop();
}

TEST_F(TlsFixture, PlainHttpRefusedConnectionsBadUrlsAndOversizedAnswersAreClassified) {
  FakeHttpServer plain(echo);
  plain.start();
  auto client = net::HttpClient::create(runner.io());
  auto ok = exchange(*client, post(plain.baseUrl() + "/p"));
  EXPECT_TRUE(ok.answered()) << ok.error;

  FakeHttpServer closed(echo);
  const int port = closed.start();
  closed.stop();
  auto refused = exchange(*client, post("http://127.0.0.1:" + std::to_string(port) + "/x"));
  EXPECT_EQ(refused.failure, net::Failure::Connect);
  EXPECT_EQ(refused.status, 0);

  auto bad = exchange(*client, post("gopher://127.0.0.1/x"));
  EXPECT_EQ(bad.failure, net::Failure::BadUrl);

  FakeHttpServer huge([](const ReceivedRequest&) { return FakeAnswer{200, "text/plain", std::string(2 << 20, 'x')}; });
  huge.start();
  auto tooLarge = exchange(*client, post(huge.baseUrl() + "/big"));
  EXPECT_EQ(tooLarge.failure, net::Failure::TooLarge) << tooLarge.status << " " << tooLarge.body.size() << " " << tooLarge.error;
}

TEST_F(TlsFixture, TheSharedClientLivesWithItsIoContextAndTakesTheConfiguredCa) {
  FakeHttpServer server(echo, fakes::TlsFiles{pki.serverCert, pki.serverKey});
  server.start();
  auto before = exchange(*net::sharedClient(runner.io()), post(server.baseUrl() + "/x"));
  EXPECT_EQ(before.failure, net::Failure::Tls);  // the system store does not know the test CA
  net::ClientOptions options;
  options.extraCaFile = pki.caCert;
  net::configureSharedClient(runner.io(), options);
  auto after = exchange(*net::sharedClient(runner.io()), post(server.baseUrl() + "/x"));
  EXPECT_TRUE(after.answered()) << after.error;
  EXPECT_EQ(net::sharedClient(runner.io()), net::sharedClient(runner.io()));
}

}  // namespace
}  // namespace eoc::testing::http_client_test
