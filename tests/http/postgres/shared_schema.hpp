#pragma once
// Several eoc instances on one PostgreSQL schema (one district's database), as the cross-instance
// tests need them: real servers, each with its own data dir, sharing the store.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "core/random_id.hpp"
#include "core/time.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_test_support.hpp"
#include "support/test_server.hpp"

namespace eoc::testing {

// One schema shared by every instance of a test (one district's database), dropped afterwards.
class SharedSchema {
 public:
  SharedSchema() : server_(store::postgres::testing::serverUrl()), name_("e_" + randomHex(8)) {
    store::postgres::Connection(server_).exec("CREATE SCHEMA " + name_);
  }
  ~SharedSchema() {
    try {
      store::postgres::Connection(server_).exec("DROP SCHEMA " + name_ + " CASCADE");
    } catch (const std::exception&) {
    }
  }
  // A config for one more instance on this schema (its own data dir for everything else).
  Config instance() const {
    Config config = TestServer::defaultConfig();
    config.store = server_ + (server_.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" +
                   name_ + "%2Cpublic";
    return config;
  }
  store::postgres::Connection connection() const {
    store::postgres::ConnectOptions options;
    options.settings.push_back({"search_path", name_ + ",public"});
    return store::postgres::Connection(server_, options);
  }

 private:
  std::string server_;
  std::string name_;
};

// An instance that keeps the shared schema when it goes (SharedSchema drops it) and removes its
// own data dir once it has stopped.
class Instance {
 public:
  explicit Instance(const SharedSchema& schema) : Instance(schema.instance()) {}
  // `config` from SharedSchema::instance(), changed as a test needs; `clock` shared by instances
  // that a test moves together.
  explicit Instance(Config config, std::shared_ptr<const TimeSource> clock = nullptr)
      : server_(std::make_unique<TestServer>(std::move(config), std::move(clock))) {
    server_->keepDataDir();
  }
  ~Instance() {
    auto dataDir = server_->config().dataDir;
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dataDir, ignored);
  }
  TestServer& server() { return *server_; }

 private:
  std::unique_ptr<TestServer> server_;
};

}  // namespace eoc::testing
