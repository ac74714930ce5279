// Every query parameter of eoc takes one value, in UTF-8, on every route: a repeated parameter or
// a value that is not UTF-8 is a 400 problem naming the parameter, checked in one place (the
// server, before any route reads it). Generated from the route table so that no route is missed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "support/test_server.hpp"

namespace eoc::testing::query_string_test {
namespace {

using nlohmann::json;

std::string concretePath(const std::string& templ) { return std::regex_replace(templ, std::regex("\\{[^}]+\\}"), "x"); }

httplib::Result send(httplib::Client& cli, const http::Route& route, const std::string& query) {
  const std::string target = concretePath(route.path) + "?" + query;
  if (route.method == "GET") return cli.Get(target);
  if (route.method == "POST") return cli.Post(target, "{}", "application/json");
  if (route.method == "PUT") return cli.Put(target, "{}", "application/json");
  return cli.Delete(target);
}

class QueryString : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* QueryString::server_ = nullptr;

// The example of the report: lon given twice (the second not even UTF-8) was answered 200.
TEST_F(QueryString, ARepeatedParameterIsRefusedNamingIt) {
  auto cli = server_->client();
  auto r = cli.Get("/geo/locate?lon=87.5&lat=43.8&lon=%ff%fe");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
  auto problem = json::parse(r->body);
  EXPECT_EQ(problem["code"], "InvalidParameter");
  EXPECT_TRUE(problem["detail"].get<std::string>().starts_with("lon:")) << problem["detail"];
  EXPECT_EQ(cli.Get("/geo/locate?lon=87.5&lat=43.8")->status, 200);
}

TEST_F(QueryString, InvalidUtf8InAValueIsRefusedNamingTheParameter) {
  auto cli = server_->client();
  for (const char* bad : {"%ff%fe", "%c0%af", "%ed%a0%80", "abc%e4%b8"}) {
    auto r = cli.Get(std::string("/warnings?status=") + bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad << ": " << r->body;
    auto problem = json::parse(r->body);  // the problem itself is valid UTF-8 JSON
    EXPECT_EQ(problem["code"], "InvalidParameter");
    EXPECT_TRUE(problem["detail"].get<std::string>().starts_with("status:")) << problem["detail"];
  }
  EXPECT_EQ(cli.Get("/collections/shelters/items?name=%e8%a5%bf%e5%b1%b1")->status, 200) << "valid UTF-8 passes";
}

TEST_F(QueryString, EveryRouteRefusesBothBeforeItReadsAnything) {
  auto cli = server_->client();
  for (const auto& route : server_->server().routes()) {
    for (const char* query : {"probe=1&probe=2", "probe=%ff"}) {
      auto r = send(cli, route, query);
      ASSERT_TRUE(r) << route.method << " " << route.path;
      EXPECT_EQ(r->status, 400) << route.method << " " << route.path << "?" << query << ": " << r->body;
      EXPECT_NE(r->body.find("probe:"), std::string::npos) << route.method << " " << route.path << ": " << r->body;
    }
  }
}

}  // namespace
}  // namespace eoc::testing::query_string_test
