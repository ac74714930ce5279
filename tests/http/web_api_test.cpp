// The dashboard's static files, the content negotiation at `/`, and /whoami.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace eoc::testing::web_api_test {
namespace {

using nlohmann::json;

const std::filesystem::path kFixture =
    std::filesystem::path(EOC_SOURCE_DIR) / "tests/http/fixtures/web-dist-page-script-config";

Config withWebDir(const std::filesystem::path& dir) {
  Config config = TestServer::defaultConfig();
  config.webDir = dir;
  return config;
}

constexpr const char* kBrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

TEST(WebApi, BrowsersGetTheDashboardAtRootWhileJsonClientsKeepTheLandingPage) {
  TestServer server(withWebDir(kFixture));
  auto cli = server.client();
  auto page = cli.Get("/", {{"Accept", kBrowserAccept}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("/static/app-FIXTURE1.js"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Vary"), "Accept");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");

  for (const char* accept : {"application/json", "*/*", "", "text/html;q=0.5,application/json"}) {
    httplib::Headers headers;
    if (*accept) headers.emplace("Accept", accept);
    auto landing = cli.Get("/", headers);
    ASSERT_TRUE(landing);
    EXPECT_EQ(landing->get_header_value("Content-Type"), "application/json") << accept;
    EXPECT_TRUE(json::parse(landing->body).contains("links")) << accept;
  }
}

TEST(WebApi, ContentHashedAssetsAreCachedForAYearAndOthersRevalidated) {
  TestServer server(withWebDir(kFixture));
  auto cli = server.client();
  auto script = cli.Get("/static/app-FIXTURE1.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script->body, "document.body.dataset.fixture = \"loaded\";\n");
  EXPECT_EQ(script->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto config = cli.Get("/static/site-config.json");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(config->get_header_value("Cache-Control"), "no-cache");
}

TEST(WebApi, AMatchingEtagAnswersNotModifiedWithoutABody) {
  TestServer server(withWebDir(kFixture));
  auto cli = server.client();
  auto first = cli.Get("/static/app-FIXTURE1.js");
  ASSERT_TRUE(first);
  auto etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = cli.Get("/static/app-FIXTURE1.js", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto stale = cli.Get("/static/app-FIXTURE1.js", {{"If-None-Match", "\"something-else\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
}

TEST(WebApi, PathsThatLeaveTheBundleOrNameNoFileAreNotFound) {
  TestServer server(withWebDir(kFixture));
  auto cli = server.client();
  for (const char* path : {"/static/..%2Findex.html", "/static/..%2F..%2F..%2Fweb_api_test.cpp", "/static/%2E%2E",
                           "/static/index.html", "/static/missing.js", "/static/", "/static/static%2Fapp-FIXTURE1.js"}) {
    auto res = cli.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json") << path;
  }
}

TEST(WebApi, WithoutABuiltBundleBrowsersAreToldHowToBuildIt) {
  TempDir empty;
  TestServer server(withWebDir(empty.path() / "dist"));
  auto cli = server.client();
  auto page = cli.Get("/", {{"Accept", kBrowserAccept}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("tools/build-web.sh"), std::string::npos);
  EXPECT_NE(page->body.find("lang=\"zh-CN\""), std::string::npos);
  auto asset = cli.Get("/static/app-FIXTURE1.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->status, 404);
}

TEST(WebApi, WhoamiNamesThePersonAndRoleBehindTheToken) {
  TestServer server(withWebDir(kFixture));
  auto cli = server.client();
  auto token = server.token(Role::Committee, "650103009", "李娜");
  auto res = cli.Get("/whoami", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = json::parse(res->body);
  EXPECT_EQ(body["role"], "committee");
  EXPECT_EQ(body["subject"], "650103009");
  EXPECT_EQ(body["name"], "李娜");
  EXPECT_EQ(body["label"].get<std::string>().rfind("committee:650103009", 0), 0u) << body["label"];
  auto anonymous = cli.Get("/whoami");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

}  // namespace
}  // namespace eoc::testing::web_api_test
