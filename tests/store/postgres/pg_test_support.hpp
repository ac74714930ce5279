#pragma once
// The PostgreSQL server the tests use, and a fresh schema per test on it.
//
// The server: $EOC_TEST_PG_URL, or else the URL tools/pg-test-cluster.sh wrote for the ctest
// fixture `eoc_postgres` (EOC_PG_URL_FILE, compiled in). Neither: the test FAILS, naming both —
// a backend nobody tested is not a pass.
// Each TestSchema is a schema of its own (dropped with everything in it afterwards), put first on
// the search_path of every connection made with its options, so tests run in parallel on one
// database without seeing each other's tables. PostGIS stays in `public`, also on the path.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_database.hpp"

namespace eoc::store::postgres::testing {

inline std::string serverUrl() {
  if (const char* url = std::getenv("EOC_TEST_PG_URL"); url && *url) return url;
  std::ifstream in(EOC_PG_URL_FILE);
  std::string url;
  std::getline(in, url);
  if (url.empty())
    throw std::runtime_error(
        "no PostgreSQL server for the tests: run them through ctest (its fixture eoc_postgres starts one "
        "with tools/pg-test-cluster.sh, writing " EOC_PG_URL_FILE ") or set EOC_TEST_PG_URL");
  return url;
}

// The same server and database, logged in as another role (the test cluster gives `eoc_app` the
// password of `eoc`).
inline std::string urlForUser(const std::string& url, const std::string& user) {
  size_t start = url.find("://") + 3;
  size_t end = url.find_first_of(":@", start);
  return url.substr(0, start) + user + url.substr(end);
}

class TestSchema {
 public:
  TestSchema() : url_(serverUrl()) {
    static std::atomic<int> counter{0};
    std::random_device random;
    name_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(random() % 100000);
    Connection admin(url_);
    admin.exec("CREATE SCHEMA " + name_);
  }
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;
  ~TestSchema() {
    try {
      Connection admin(url_);
      admin.exec("DROP SCHEMA " + name_ + " CASCADE");
    } catch (...) {
    }
  }

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }
  ConnectOptions connect() const {
    ConnectOptions options;
    options.applicationName = name_;  // lets a test end exactly its own sessions
    options.settings.push_back({"search_path", name_ + ",public"});
    return options;
  }
  DatabaseOptions database(size_t poolSize = 4) const {
    DatabaseOptions options;
    options.pool.size = poolSize;
    options.pool.connect = connect();
    return options;
  }
  Connection connection() const { return Connection(url_, connect()); }

 private:
  std::string url_;
  std::string name_;
};

// Something tests wait for, set by another thread; waits end at a deadline, never by sleeping.
template <class T>
class Observed {
 public:
  template <class F>
  void update(F&& change) {
    {
      std::lock_guard lock(mutex_);
      change(value_);
    }
    changed_.notify_all();
  }
  template <class Predicate>
  bool waitUntil(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return predicate(value_); });
  }
  T get() {
    std::lock_guard lock(mutex_);
    return value_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  T value_{};
};

}  // namespace eoc::store::postgres::testing
