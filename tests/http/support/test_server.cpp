#include "support/test_server.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "core/random_id.hpp"
#include "store/postgres/pg_test_support.hpp"

namespace eoc::testing {

namespace {

// EOC_TEST_BACKEND=postgres: every test server gets a schema of its own on the test cluster
// (ctest fixture eoc_postgres), named on the store URL's search_path, dropped when the server
// goes unless it keeps its data for a restart.
bool onPostgres() {
  const char* backend = std::getenv("EOC_TEST_BACKEND");
  return backend && std::string(backend) == "postgres";
}

std::string schemaOf(const std::string& storeUrl) {
  auto at = storeUrl.find("search_path%3D");
  if (at == std::string::npos) return {};
  at += 14;
  return storeUrl.substr(at, storeUrl.find("%2C", at) - at);
}

}  // namespace

Config TestServer::defaultConfig() {
  Config config;
  config.listenHost = "127.0.0.1";
  config.listenPort = 0;
  config.plansDir = std::filesystem::path(EOC_SOURCE_DIR) / "plans";
  config.geodataDir = std::filesystem::path(EOC_SOURCE_DIR) / "geodata";
  config.webDir = std::filesystem::path(EOC_SOURCE_DIR) / "web" / "dist";
  config.httpThreads = 8;
  config.dataDir = std::filesystem::temp_directory_path() / ("eoc-test-store-" + randomHex(8));
  if (onPostgres()) {
    std::string url = store::postgres::testing::serverUrl();
    std::string schema = "h_" + randomHex(8);
    store::postgres::Connection(url).exec("CREATE SCHEMA " + schema);
    // libpq takes the session's settings from the URL's `options` (-c search_path=...).
    config.store =
        url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" + schema + "%2Cpublic";
  }
  return config;
}

TestServer::TestServer(Config config, std::shared_ptr<const TimeSource> clock) : config_(std::move(config)) {
  service_ = std::make_unique<service::EocService>(config_, std::move(clock));
  service_->start();
  server_ = std::make_unique<http::Server>(*service_);
  port_ = server_->bind();
  if (port_ <= 0) throw std::runtime_error("test server could not bind");
  // The socket is listening once bind() returns: requests queue in the kernel until
  // listen() starts accepting, so no readiness wait is needed.
  listener_ = std::thread([this] { server_->listen(); });
  // One answered request proves the accept loop runs, so stop() in the destructor cannot race
  // ahead of listen().
  auto cli = client();
  auto res = cli.Get("/healthz");
  if (!res || res->status != 200) throw std::runtime_error("test server did not answer /healthz");
}

TestServer::~TestServer() {
  server_->stop();
  if (listener_.joinable()) listener_.join();
  service_->stop();
  if (keepDataDir_) return;
  if (std::string schema = schemaOf(config_.store); !schema.empty()) {
    try {
      store::postgres::Connection(store::postgres::testing::serverUrl()).exec("DROP SCHEMA " + schema + " CASCADE");
    } catch (const std::exception&) {
      // The test cluster is thrown away after the run.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(config_.dataDir, ec);
}

httplib::Client TestServer::client() const {
  httplib::Client cli("127.0.0.1", port_);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(30);
  return cli;
}

std::string TestServer::token(Role role, const std::string& subject, const std::string& name) {
  return service::createToken(config_, role, subject,
                              name.empty() ? std::string(roleName(role)) + "-" + randomHex(3) : name);
}

nlohmann::json parseJson(const std::string& body) { return nlohmann::json::parse(body); }

}  // namespace eoc::testing
