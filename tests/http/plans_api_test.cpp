// Plans and activations over real HTTP on the bundled plans and geodata.
#include <gtest/gtest.h>

#include <set>

#include "support/test_server.hpp"

namespace eoc::testing::plans_api_test {
namespace {

using nlohmann::json;

class PlansApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    duty_ = new std::string(server_->token(Role::DutyOfficer, "", "值班员甲"));
    viewer_ = new std::string(server_->token(Role::Viewer));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete duty_;
    delete viewer_;
  }
  static httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  static httplib::Result post(const std::string& path, const json& body, const std::string& token) {
    auto cli = server_->client();
    return cli.Post(path, auth(token), body.dump(), "application/json");
  }
  static TestServer* server_;
  static std::string* duty_;
  static std::string* viewer_;
};
TestServer* PlansApi::server_ = nullptr;
std::string* PlansApi::duty_ = nullptr;
std::string* PlansApi::viewer_ = nullptr;

TEST_F(PlansApi, ListsTwelvePlansIncludingTheTwoTheDistrictNamed) {
  auto cli = server_->client();
  auto res = cli.Get("/plans");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto plans = json::parse(res->body)["plans"];
  EXPECT_EQ(plans.size(), 12u);
  std::set<std::string> titles;
  for (const auto& p : plans) titles.insert(p["title"].get<std::string>());
  EXPECT_TRUE(titles.count("沙依巴克区生产安全、自然灾害事故总体应急预案"));
  EXPECT_TRUE(titles.count("沙依巴克区地震应急预案"));
  auto one = cli.Get("/plans/" + plans[0]["id"].get<std::string>());
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_EQ(json::parse(one->body)["id"], plans[0]["id"]);
  auto missing = cli.Get("/plans/no-such-plan");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(PlansApi, IncidentActivationIsStoredAndItsActionsCanBeTickedOff) {
  json body = {{"incident", {{"type", "gas_leak"}, {"location", {87.58, 43.79}}, {"casualties", 0}}}};
  auto res = post("/activations", body, *duty_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  auto activation = json::parse(res->body);
  ASSERT_FALSE(activation["plans"].empty());
  ASSERT_FALSE(activation["actions"].empty());
  std::string id = activation["id"];

  auto tick = post("/activations/" + id + "/actions/1", {{"status", "done"}, {"note", "已到场"}}, *duty_);
  ASSERT_TRUE(tick);
  ASSERT_EQ(tick->status, 200) << tick->body;

  auto cli = server_->client();
  auto stored = cli.Get("/activations/" + id, auth(*viewer_));
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->status, 200);
  auto actions = json::parse(stored->body)["actions"];
  EXPECT_EQ(actions[0]["status"], "done");
  EXPECT_EQ(actions[0]["note"], "已到场");
  EXPECT_NE(actions[0]["by"].get<std::string>().find("值班员甲"), std::string::npos);
  if (actions.size() > 1) {
    EXPECT_EQ(actions[1]["status"], "pending");
  }

  // The audit log has both changes, attributed.
  auto audit = cli.Get("/audit?kind=activation.action", auth(*duty_));
  ASSERT_TRUE(audit);
  auto entries = json::parse(audit->body)["entries"];
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back()["target"], id + "#1");
}

TEST_F(PlansApi, DryRunComputesWithoutStoring) {
  json body = {{"warning", {{"type", "rainstorm"}, {"level", "red"}, {"area", {{"committees", {"650103009"}}}}}}};
  auto res = post("/activations?dry_run=true", body, *duty_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto activation = json::parse(res->body);
  EXPECT_TRUE(activation["dry_run"].get<bool>());
  auto cli = server_->client();
  auto stored = cli.Get("/activations/" + activation["id"].get<std::string>(), auth(*duty_));
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 404);
}

struct BadActivation {
  std::string body;
  int status;
  std::string code;
  std::string mentions;
};

// gtest prints the row when a case fails (instead of a dump of the struct's bytes).
void PrintTo(const BadActivation& c, std::ostream* os) { *os << c.body << " → " << c.status << " " << c.code; }

class PlansApiBadInput : public PlansApi, public ::testing::WithParamInterface<BadActivation> {};

TEST_P(PlansApiBadInput, IsRefusedNamingTheFieldAndStoresNothing) {
  const auto& c = GetParam();
  auto cli = server_->client();
  auto before = json::parse(cli.Get("/audit?kind=activation.create", auth(*duty_))->body)["entries"].size();
  auto res = post("/activations", json::parse(c.body), *duty_);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, c.status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  auto problem = json::parse(res->body);
  EXPECT_EQ(problem["code"], c.code) << res->body;
  EXPECT_NE(problem["detail"].get<std::string>().find(c.mentions), std::string::npos) << problem["detail"];
  auto after = json::parse(cli.Get("/audit?kind=activation.create", auth(*duty_))->body)["entries"].size();
  EXPECT_EQ(before, after);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PlansApiBadInput,
    ::testing::Values(
        BadActivation{R"({"warning": {"type": "tsunami", "level": "red", "area": {"committees": ["650103009"]}}})", 400,
                      "UnknownHazard", "tsunami"},
        BadActivation{R"({"warning": {"type": "rainstorm", "level": "purple", "area": {"committees": ["650103009"]}}})",
                      400, "UnknownLevel", "purple"},
        BadActivation{R"({"warning": {"type": "rainstorm", "level": "red", "area": {"committees": ["650104001"]}}})",
                      400, "UnknownCommittee", "650104001"},
        BadActivation{R"({"incident": {"type": "earthquake", "location": [87.55, 43.76], "magnitude": 15}})", 400,
                      "InvalidBody", "magnitude"},
        BadActivation{R"({"warning": {"type": "rainstorm", "level": "red", "area": {"polygon": {"type": "Polygon",
                         "coordinates": [[[87.55, 43.76], [87.60, 43.76], [87.60, 43.80], [87.55, 43.80]]]}}}})",
                      400, "InvalidGeometry", "closed"}),
    [](const auto& info) { return std::to_string(info.index) + "_" + info.param.code; });

TEST_F(PlansApi, WritingNeedsADutyOfficer) {
  json body = {{"incident", {{"type", "gas_leak"}, {"location", {87.58, 43.79}}}}};
  auto cli = server_->client();
  auto anonymous = cli.Post("/activations", body.dump(), "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto viewer = post("/activations", body, *viewer_);
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer->status, 403);
}

}  // namespace
}  // namespace eoc::testing::plans_api_test
