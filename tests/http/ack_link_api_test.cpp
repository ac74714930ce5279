// The acknowledgement link over HTTP on a real eoc: a warning issued through the API reaches a
// committee's WeCom robot (the vendor fake), whose message carries /a/{token}. GET shows the
// phone page and never acknowledges; POST acknowledges once; a wrong token is 404, the link of a
// cancelled warning 410 — HTML for a browser, problem+json for anyone else.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "broadcast/event_hub.hpp"
#include "core/time.hpp"
#include "support/test_server.hpp"
#include "wecom_fake.hpp"

namespace eoc::testing::ack_link_api_test {
namespace {

using nlohmann::json;

std::string tokenIn(const std::string& text) {
  std::smatch m;
  static const std::regex link(R"(/a/([A-Za-z0-9_-]{22}))");
  return std::regex_search(text, m, link) ? std::string(m[1]) : std::string();
}

// Waits (with a deadline) for the event the service publishes once a channel's outcome is recorded:
// the vendor fake having the request is not enough, the board reads the recorded state.
bool waitForDelivered(TestServer& server, const std::string& warningId, const std::string& channel,
                      std::chrono::seconds deadline) {
  auto& events = server.service().events();
  const auto until = std::chrono::steady_clock::now() + deadline;
  uint64_t after = 0;
  while (std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    auto read = events.waitFor(after, broadcast::EventFilter{"", true}, left);
    for (const auto& e : read.events) {
      if (e.event.type == "delivery.delivered" && e.event.data.value("warning_id", "") == warningId &&
          e.event.data.value("channel", "") == channel)
        return true;
    }
    if (read.lastId > after) after = read.lastId;
  }
  return false;
}

TEST(AckLinkApi, GetShowsThePageWithoutAcknowledgingPostAcknowledgesOnceAndBadOrEndedLinksAreRefused) {
  fakes::WeComFake wecom("k-http", std::nullopt);
  wecom.start();
  TempDir dir;
  const auto recipientsFile = dir.path() / "recipients.json";
  std::ofstream(recipientsFile) << json{{"recipients",
                                         {{{"code", "650103001"},
                                           {"drills", true},
                                           {"channels", {{{"kind", "wecom"}, {"url", wecom.robotUrl()}}}}}}}}
                                       .dump();
  auto config = TestServer::defaultConfig();
  config.broadcast.recipientsFile = recipientsFile;
  config.publicBaseUrl = "https://eoc.example";
  TestServer server(config);
  auto cli = server.client();
  httplib::Headers officer = {{"Authorization", "Bearer " + server.token(Role::DutyOfficer, "", "王值班")}};
  const auto now = SystemTimeSource().now();
  json body = {{"type", "rainstorm"},
               {"level", "orange"},
               {"status", "Exercise"},
               {"area", {{"committees", {"650103001"}}}},
               {"onset", formatBeijing(now)},
               {"expires", formatBeijing(now + std::chrono::hours(6))}};
  auto drafted = cli.Post("/warnings", officer, body.dump(), "application/json");
  ASSERT_TRUE(drafted && drafted->status == 201) << (drafted ? drafted->body : "no answer");
  const std::string id = json::parse(drafted->body)["id"];
  auto issued = cli.Post("/warnings/" + id + "/issue", officer, "", "application/json");
  ASSERT_TRUE(issued && issued->status == 200) << (issued ? issued->body : "no answer");
  ASSERT_TRUE(wecom.server().waitForRequests(1, std::chrono::seconds(20)));
  ASSERT_TRUE(waitForDelivered(server, id, "wecom", std::chrono::seconds(20)));
  ASSERT_EQ(wecom.accepted().size(), 1u);
  const std::string content = wecom.accepted()[0].content;
  EXPECT_EQ(content.rfind("【演练】", 0), 0u) << content;
  const std::string token = tokenIn(content);
  ASSERT_FALSE(token.empty()) << content;
  EXPECT_NE(content.find("https://eoc.example/a/" + token), std::string::npos);

  // GET (as a chat app drawing a preview, or the clerk opening it): the page, no acknowledgement.
  httplib::Headers html = {{"Accept", "text/html"}};
  auto page = cli.Get("/a/" + token, html);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page->body.find("确认收到"), std::string::npos);
  EXPECT_NE(page->body.find("【演练】"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  auto asJson = cli.Get("/a/" + token);
  ASSERT_TRUE(asJson);
  ASSERT_EQ(asJson->status, 200) << asJson->body;
  EXPECT_TRUE(json::parse(asJson->body)["acked_at"].is_null());
  auto report = cli.Get("/warnings/" + id + "/deliveries", officer);
  ASSERT_TRUE(report && report->status == 200);
  auto r = json::parse(report->body);
  EXPECT_EQ(r["summary"]["acked"], 0);
  EXPECT_EQ(r["recipients"][0]["channels"]["wecom"]["state"], "delivered") << r.dump();

  // POST: acknowledged, as the committee's own ack would be; again: the same, marked duplicate.
  auto ack = cli.Post("/a/" + token, html, "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(ack);
  ASSERT_EQ(ack->status, 200) << ack->body;
  EXPECT_NE(ack->body.find("已确认收到"), std::string::npos);
  auto again = cli.Post("/a/" + token, "", "application/json");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_TRUE(json::parse(again->body)["duplicate"].get<bool>());
  report = cli.Get("/warnings/" + id + "/deliveries", officer);
  r = json::parse(report->body);
  EXPECT_EQ(r["summary"]["acked"], 1);
  EXPECT_EQ(r["recipients"][0]["acked_by"], "link:650103001");

  // A token never minted: 404 (problem+json, or the HTML page for a browser).
  auto wrong = cli.Get("/a/AAAAAAAAAAAAAAAAAAAAAA");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 404);
  EXPECT_EQ(wrong->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(wrong->body)["code"], "NotFound") << wrong->body;
  auto wrongHtml = cli.Post("/a/AAAAAAAAAAAAAAAAAAAAAA", html, "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(wrongHtml);
  EXPECT_EQ(wrongHtml->status, 404);
  EXPECT_NE(wrongHtml->body.find("链接无效"), std::string::npos);

  // The warning is cancelled: its link has expired (410).
  auto cancelled = cli.Post("/warnings/" + id + "/cancel", officer, R"({"reason": "演练结束"})", "application/json");
  ASSERT_TRUE(cancelled);
  ASSERT_EQ(cancelled->status, 200) << cancelled->body;
  auto ended = cli.Get("/a/" + token);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, 410) << ended->body;
  EXPECT_EQ(json::parse(ended->body)["code"], "LinkExpired");
  auto endedHtml = cli.Get("/a/" + token, html);
  ASSERT_TRUE(endedHtml);
  EXPECT_EQ(endedHtml->status, 410);
  EXPECT_NE(endedHtml->body.find("链接已过期"), std::string::npos);
}

// Without public_base_url the link names the address eoc really listens on: with `--listen
// 127.0.0.1:0` that is the port the kernel chose, never ":0" (a link nobody can open).
TEST(AckLinkApi, WithoutAPublicBaseUrlTheLinkCarriesTheRealBoundPort) {
  fakes::WeComFake wecom("k-port", std::nullopt);
  wecom.start();
  TempDir dir;
  const auto recipientsFile = dir.path() / "recipients.json";
  std::ofstream(recipientsFile) << json{{"recipients",
                                         {{{"code", "650103001"},
                                           {"channels", {{{"kind", "wecom"}, {"url", wecom.robotUrl()}}}}}}}}
                                       .dump();
  auto config = TestServer::defaultConfig();
  config.broadcast.recipientsFile = recipientsFile;
  ASSERT_EQ(config.listenPort, 0);
  ASSERT_TRUE(config.publicBaseUrl.empty());
  TestServer server(config);
  auto cli = server.client();
  httplib::Headers officer = {{"Authorization", "Bearer " + server.token(Role::DutyOfficer, "", "王值班")}};
  httplib::Headers approver = {{"Authorization", "Bearer " + server.token(Role::Approver, "", "李审批")}};
  const auto now = SystemTimeSource().now();
  json body = {{"type", "rainstorm"},
               {"level", "orange"},
               {"status", "Actual"},
               {"area", {{"committees", {"650103001"}}}},
               {"onset", formatBeijing(now)},
               {"expires", formatBeijing(now + std::chrono::hours(6))}};
  auto drafted = cli.Post("/warnings", officer, body.dump(), "application/json");
  ASSERT_TRUE(drafted && drafted->status == 201) << (drafted ? drafted->body : "no answer");
  const std::string id = json::parse(drafted->body)["id"];
  auto issued = cli.Post("/warnings/" + id + "/issue", approver, "", "application/json");
  ASSERT_TRUE(issued && issued->status == 200) << (issued ? issued->body : "no answer");
  ASSERT_TRUE(wecom.server().waitForRequests(1, std::chrono::seconds(20)));
  ASSERT_EQ(wecom.accepted().size(), 1u);
  const std::string content = wecom.accepted()[0].content;
  const std::string token = tokenIn(content);
  ASSERT_FALSE(token.empty()) << content;
  const std::string link = server.baseUrl() + "/a/" + token;
  EXPECT_NE(content.find(link), std::string::npos) << content << " lacks " << link;
  EXPECT_EQ(content.find(":0/a/"), std::string::npos) << content;
  // The link as sent opens the page.
  httplib::Client phone(server.baseUrl());
  auto page = phone.Get("/a/" + token, {{"Accept", "text/html"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
}

}  // namespace
}  // namespace eoc::testing::ack_link_api_test
