// Signature, recipients file and retry policy on their own.
#include <gtest/gtest.h>

#include <set>

#include "broadcast/policy.hpp"
#include "broadcast/recipients.hpp"
#include "broadcast/signature.hpp"
#include "core/error.hpp"
#include "support/harness.hpp"

namespace eoc::testing::units_test {
namespace {

TEST(Base64, MatchesTheRfc4648TestVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(broadcast::base64Encode(plain), encoded);
    EXPECT_EQ(broadcast::base64Decode(encoded), std::string(plain));
  }
  EXPECT_FALSE(broadcast::base64Decode("Zm9v!"));
}

TEST(Signature, VerifiesItsOwnSignatureAndRefusesAnyChange) {
  auto sig = broadcast::signWebhook(kSecret, "msg_1", "1783839600", "<alert/>");
  EXPECT_EQ(sig.rfind("v1,", 0), 0u);
  EXPECT_TRUE(broadcast::verifyWebhook(kSecret, "msg_1", "1783839600", "<alert/>", sig));
  EXPECT_TRUE(broadcast::verifyWebhook(kSecret, "msg_1", "1783839600", "<alert/>", "v1,old " + sig));
  EXPECT_FALSE(broadcast::verifyWebhook(kSecret, "msg_2", "1783839600", "<alert/>", sig));
  EXPECT_FALSE(broadcast::verifyWebhook(kSecret, "msg_1", "1783839601", "<alert/>", sig));
  EXPECT_FALSE(broadcast::verifyWebhook(kSecret, "msg_1", "1783839600", "<alert />", sig));
  EXPECT_FALSE(broadcast::verifyWebhook(broadcast::newWebhookSecret(), "msg_1", "1783839600", "<alert/>", sig));
}

TEST(Recipients, CommitteesMissingFromTheFileBecomeInAppRecipients) {
  auto list = broadcast::parseRecipients(R"({"recipients": [{"code": "650103002", "webhook": {"url": "http://x/h"}}]})",
                                         "r.json", committeeLayer(3));
  ASSERT_EQ(list.all().size(), 3u);
  EXPECT_EQ(list.find("650103002")->url, "http://x/h");
  EXPECT_EQ(list.find("650103001")->url, "");
  EXPECT_EQ(list.find("650103001")->name, "committee 1");
  auto targets = list.targets({"650103003"}, false);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0]->code, "650103003");
}

TEST(Recipients, ACityWideListIsFoundByCodeAndBySenderAndTargetedExactly) {
  // 3,000 committees, one of them with a CAP sender: every look-up answers the one asked for.
  auto list = broadcast::parseRecipients(
      R"({"recipients": [{"code": "650103002", "cap_sender": "ack@650103002"}]})", "r.json", committeeLayer(3000));
  ASSERT_EQ(list.all().size(), 3000u);
  for (const auto& r : list.all()) ASSERT_EQ(list.find(r.code), &r);
  EXPECT_EQ(list.find("650103002")->capSender, "ack@650103002");
  EXPECT_EQ(list.findByCapSender("ack@650103002"), list.find("650103002"));
  EXPECT_EQ(list.find("650199999"), nullptr);
  EXPECT_EQ(list.findByCapSender("ack@elsewhere"), nullptr);
  EXPECT_EQ(list.findByCapSender(""), nullptr);
  std::vector<std::string> every;
  for (const auto& r : list.all()) every.push_back(r.code);
  EXPECT_EQ(list.targets(every, false).size(), 3000u);
  std::vector<std::string> some = {every[7], every[2999], "650199999"};
  auto targets = list.targets(some, false);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0]->code, every[7]);
  EXPECT_EQ(targets[1]->code, every[2999]);
}

TEST(Recipients, ADepartmentCoveringAllIsTargetedByEveryMessageAndExercisesNeedTheDrillFlag) {
  auto list = broadcast::parseRecipients(
      R"({"recipients": [{"code": "fire", "kind": "department", "all": true, "drills": true},
                         {"code": "water", "kind": "department", "all": true},
                         {"code": "650103002", "drills": false}]})",
      "r.json", committeeLayer(3));
  auto codesOf = [](const std::vector<const broadcast::Recipient*>& targets) {
    std::set<std::string> out;
    for (const auto* r : targets) out.insert(r->code);
    return out;
  };
  EXPECT_EQ(codesOf(list.targets({"650103003"}, false)), (std::set<std::string>{"fire", "water", "650103003"}));
  EXPECT_EQ(codesOf(list.targets({"650103002", "650103003"}, true)), (std::set<std::string>{"fire", "650103003"}));
}

TEST(Recipients, EveryBrokenFieldIsRefusedByName) {
  const std::pair<const char*, const char*> broken[] = {
      {R"({"recipients": [{"code": "650103099"}]})", "/recipients/0/code"},
      {R"({"recipients": [{"code": "x", "kind": "school", "committees": ["650103777"]}]})", "/recipients/0/committees/0"},
      {R"({"recipients": [{"code": "650103001", "webhook": {"url": "ftp://x/h"}}]})", "/recipients/0/webhook/url"},
      {R"({"recipients": [{"code": "650103001", "webhook": {"url": "http://x/h", "secret": "hunter2"}}]})",
       "/recipients/0/webhook/secret"},
      {R"({"recipients": [{"code": "650103001"}, {"code": "650103001"}]})", "/recipients/1/code"},
      {R"({"recipients": [{"code": "650103001", "phone": "110"}]})", "/recipients/0/phone"},
      {R"({"recipients": [{"code": "x", "kind": "school"}]})", "/recipients/0/committees"},
      {R"({"recipients": {}})", "/recipients"},
  };
  for (auto [text, pointer] : broken) {
    try {
      broadcast::parseRecipients(text, "r.json", committeeLayer(3));
      ADD_FAILURE() << text;
    } catch (const EocError& e) {
      EXPECT_NE(e.detail().find(std::string("r.json: ") + pointer), std::string::npos) << e.detail();
    }
  }
}

TEST(RetryPolicy, GapsGrowStrictlyUntilTheCapWhateverTheJitter) {
  BroadcastSettings s;
  s.retryBaseMs = 1000;
  s.retryMaxMs = 60000;
  for (double jitter : {0.0, 0.5, 0.999}) {
    int64_t previousMax = 0;
    for (int failures = 1; failures <= 6; ++failures) {
      int64_t low = broadcast::retryDelayMs(s, failures, 0.0);
      EXPECT_GT(low, previousMax) << failures;
      previousMax = broadcast::retryDelayMs(s, failures, 0.999);
      EXPECT_GE(broadcast::retryDelayMs(s, failures, jitter), low);
    }
  }
  EXPECT_LE(broadcast::retryDelayMs(s, 40, 0.999), s.retryMaxMs * 5 / 4);
}

TEST(AckDeadline, ComesFromConfigPerLevel) {
  BroadcastSettings s;
  EXPECT_EQ(broadcast::ackDeadlineSeconds(s, "red"), 300);
  EXPECT_EQ(broadcast::ackDeadlineSeconds(s, "orange"), 600);
  EXPECT_EQ(broadcast::ackDeadlineSeconds(s, "yellow"), 1200);
  EXPECT_EQ(broadcast::ackDeadlineSeconds(s, "blue"), 1800);
}

}  // namespace
}  // namespace eoc::testing::units_test
