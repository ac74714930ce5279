#pragma once
// A real eoc on an ephemeral loopback port, with the bundled plans and geodata and a fresh
// SQLite store in a temporary folder. No mocks: the same service and server as `eoc serve`.
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "http/server.hpp"
#include "service/eoc_service.hpp"
#include "support/temp_dir.hpp"

namespace eoc::testing {

class TestServer {
 public:
  explicit TestServer(Config config = defaultConfig(), std::shared_ptr<const TimeSource> clock = nullptr);
  ~TestServer();

  static Config defaultConfig();
  int port() const { return port_; }
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
  httplib::Client client() const;
  service::EocService& service() { return *service_; }
  const http::Server& server() const { return *server_; }
  // A bearer token for a new principal of this role (created in this server's store).
  std::string token(Role role, const std::string& subject = {}, const std::string& name = {});
  const Config& config() const { return config_; }
  // Leaves the data dir on disk at destruction, so that a new TestServer on the same config
  // restarts on the same store (persistence and restart tests).
  void keepDataDir() { keepDataDir_ = true; }

 private:
  Config config_;
  std::unique_ptr<service::EocService> service_;
  std::unique_ptr<http::Server> server_;
  std::thread listener_;
  int port_ = -1;
  bool keepDataDir_ = false;
};

nlohmann::json parseJson(const std::string& body);

}  // namespace eoc::testing
