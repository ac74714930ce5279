// Health, readiness, metrics, OpenAPI and authentication at the HTTP edge.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_server.hpp"

namespace eoc::testing::operations_api_test {
namespace {

using nlohmann::json;

TEST(OperationsApi, HealthAndReadinessAnswerOkOnceLoaded) {
  TestServer server;
  auto cli = server.client();
  auto health = cli.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = cli.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_TRUE(json::parse(ready->body)["ready"].get<bool>());
}

TEST(OperationsApi, MetricsCountRequestsByRouteTemplateAndStatus) {
  TestServer server;
  auto cli = server.client();
  for (int i = 0; i < 3; ++i) cli.Get("/collections/shelters/items");
  cli.Get("/collections/nowhere/items");
  auto res = cli.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find(R"(eoc_http_requests_total{method="GET",route="/collections/{collectionId}/items",status="200"} 3)"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find(R"(route="/collections/{collectionId}/items",status="404"} 1)"), std::string::npos);
  EXPECT_NE(res->body.find("eoc_layer_features{layer=\"shelters\"} 27"), std::string::npos);
}

TEST(OperationsApi, OpenApiDescribesEveryRouteTheServerServes) {
  TestServer server;
  auto cli = server.client();
  auto res = cli.Get("/api");
  ASSERT_TRUE(res);
  auto api = json::parse(res->body);
  EXPECT_EQ(api["openapi"], "3.0.3");
  for (const auto& route : server.server().routes()) {
    std::string method = route.method;
    for (auto& c : method) c = char(std::tolower(c));
    EXPECT_TRUE(api["paths"].contains(route.path) && api["paths"][route.path].contains(method))
        << route.method << " " << route.path;
  }
}

TEST(OperationsApi, ProtectedRoutesDistinguishMissingInvalidAndWrongRoleTokens) {
  TestServer server;
  auto cli = server.client();
  auto missing = cli.Get("/audit");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(missing->get_header_value("WWW-Authenticate"), "Bearer");

  httplib::Headers bogus = {{"Authorization", "Bearer eoc_0000000000000000_" + std::string(64, 'a')}};
  auto invalid = cli.Get("/audit", bogus);
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 401);

  httplib::Headers viewer = {{"Authorization", "Bearer " + server.token(Role::Viewer)}};
  auto forbidden = cli.Get("/audit", viewer);
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_EQ(json::parse(forbidden->body)["code"], "Forbidden");

  httplib::Headers duty = {{"Authorization", "Bearer " + server.token(Role::DutyOfficer)}};
  auto allowed = cli.Get("/audit", duty);
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200) << allowed->body;
}

TEST(OperationsApi, EveryResponseCarriesARequestId) {
  TestServer server;
  auto cli = server.client();
  auto ok = cli.Get("/conformance");
  auto bad = cli.Get("/collections/x");
  ASSERT_TRUE(ok && bad);
  std::regex hex("[0-9a-f]{16}");
  EXPECT_TRUE(std::regex_match(ok->get_header_value("X-Request-Id"), hex));
  EXPECT_EQ(json::parse(bad->body)["request_id"], bad->get_header_value("X-Request-Id"));
}

TEST(OperationsApi, OversizeBodyIsRefusedWith413Problem) {
  auto config = TestServer::defaultConfig();
  config.limits.maxBodyBytes = 1024;
  TestServer server(config);
  auto cli = server.client();
  auto res = cli.Post("/audit", std::string(4096, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
}

}  // namespace
}  // namespace eoc::testing::operations_api_test
