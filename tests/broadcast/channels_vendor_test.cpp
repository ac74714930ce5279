// Every HTTPS channel against its vendor's fake over TLS (a CA made in the test): the fake checks
// the signature, the size and rate limits and answers with the vendor's own codes; eoc's classifier
// must read those answers right.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "aliyun_sms_fake.hpp"
#include "broadcast/channels/digest.hpp"
#include "broadcast/channels/rate_limit.hpp"
#include "broadcast/channels/sms_report.hpp"
#include "broadcast/signature.hpp"
#include "dingtalk_fake.hpp"
#include "ebd_fake.hpp"
#include "feishu_fake.hpp"
#include "support/channel_env.hpp"
#include "wecom_fake.hpp"

namespace eoc::testing::channels_vendor_test {
namespace {

using namespace broadcast::channels;
using namespace std::chrono_literals;
using json = nlohmann::json;

std::string longChinese(size_t chars) {
  std::string out;
  const char* words[] = {"城", "区", "低", "洼", "地", "带", "可", "能", "出", "现", "积", "水"};
  for (size_t i = 0; i < chars; ++i) out += words[i % 12];
  return out;
}

// A wall clock the test moves by hand; the fakes judge rate limits and timestamps on it and eoc
// signs with it.
struct ManualWallClock {
  std::chrono::system_clock::time_point base = std::chrono::system_clock::now();
  std::atomic<int64_t> offsetMs{0};
  std::chrono::system_clock::time_point now() const { return base + std::chrono::milliseconds(offsetMs.load()); }
  fakes::WallClock fn() {
    return [this] { return now(); };
  }
  RenderContext ctx() const {
    RenderContext c;
    c.now = now();
    return c;
  }
};

struct VendorTest : ::testing::Test {
  ChannelEnv env;
};

// --- WeCom ---------------------------------------------------------------------------------------

TEST_F(VendorTest, WeComTakesTheTextWithMentionsAndALongChineseTextIsCutWithin2048Bytes) {
  fakes::WeComFake fake("k-693a91f6", env.tls());
  fake.start();
  auto channel = channelFrom(R"({"kind": "wecom", "url": ")" + fake.robotUrl() + R"(", "mobiles": ["13800000001"]})");
  auto m = rainstormWarning();
  m.guidance = longChinese(3000);  // 9,000 bytes
  auto v = env.send(channel, m);
  EXPECT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  ASSERT_EQ(fake.accepted().size(), 1u);
  const auto got = fake.accepted()[0];
  EXPECT_EQ(got.msgtype, "text");
  EXPECT_LE(got.content.size(), 2048u);
  EXPECT_GT(got.content.size(), 2000u);
  EXPECT_NE(got.content.find(m.ackUrl), std::string::npos);
  EXPECT_EQ(got.content.rfind("【暴雨橙色预警信号】", 0), 0u);
  EXPECT_EQ(got.mentionedMobiles, std::vector<std::string>{"13800000001"});

  auto markdown = channelFrom(R"({"kind": "wecom", "url": ")" + fake.robotUrl() + R"(", "format": "markdown"})");
  EXPECT_EQ(env.send(markdown, m).outcome, Outcome::Delivered);
  EXPECT_LE(fake.accepted().back().content.size(), 4096u);
  EXPECT_GT(fake.accepted().back().content.size(), 4000u);
}

TEST_F(VendorTest, WeComAWrongKeyIsPermanentWithTheVendorsCodeAndTheTwentyFirstInAMinuteIsThrottled) {
  ManualWallClock clock;
  fakes::WeComFake fake("right-key", env.tls(), clock.fn());
  fake.start();
  std::string url = fake.robotUrl();
  auto wrong = channelFrom(R"({"kind": "wecom", "url": ")" + url.substr(0, url.find("key=") + 4) + R"(wrong-key"})");
  auto v = env.send(wrong, rainstormWarning());
  EXPECT_EQ(v.outcome, Outcome::Permanent);
  EXPECT_EQ(v.code, "93000");
  auto right = channelFrom(R"({"kind": "wecom", "url": ")" + url + R"("})");
  for (int i = 0; i < 20; ++i) ASSERT_EQ(env.send(right, rainstormWarning("d" + std::to_string(i))).outcome, Outcome::Delivered);
  auto throttled = env.send(right, rainstormWarning("d20"));
  EXPECT_EQ(throttled.outcome, Outcome::Throttled);
  EXPECT_EQ(throttled.code, "45009");
  EXPECT_EQ(throttled.blockFor, 60s);
  clock.offsetMs += 60000;
  EXPECT_EQ(env.send(right, rainstormWarning("d21")).outcome, Outcome::Delivered);
}

// --- DingTalk ------------------------------------------------------------------------------------

TEST_F(VendorTest, DingTalkVerifiesTheSignedMarkdownAndRefusesABadSecretWithItsCode) {
  fakes::DingTalkFake fake("tok-1", "SECright", env.tls());
  fake.start();
  auto good = channelFrom(R"({"kind": "dingtalk", "url": ")" + fake.robotUrl() +
                          R"(", "secret": "SECright", "mobiles": ["13800000001"]})");
  auto v = env.send(good, rainstormWarning());
  EXPECT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  ASSERT_EQ(fake.accepted().size(), 1u);
  EXPECT_EQ(fake.accepted()[0].msgtype, "markdown");
  EXPECT_EQ(fake.accepted()[0].atMobiles, std::vector<std::string>{"13800000001"});
  EXPECT_NE(fake.accepted()[0].text.find("@13800000001"), std::string::npos);
  EXPECT_NE(fake.accepted()[0].text.find("[确认收到](https://eoc.example/a/"), std::string::npos);

  auto bad = channelFrom(R"({"kind": "dingtalk", "url": ")" + fake.robotUrl() + R"(", "secret": "SECwrong"})");
  auto refused = env.send(bad, rainstormWarning());
  EXPECT_EQ(refused.outcome, Outcome::Permanent);
  EXPECT_EQ(refused.code, "310000");
  auto unsigned_ = channelFrom(R"({"kind": "dingtalk", "url": ")" + fake.robotUrl() + R"("})");
  EXPECT_EQ(env.send(unsigned_, rainstormWarning()).code, "310000");
  std::string url = fake.robotUrl();
  auto wrongToken = channelFrom(R"({"kind": "dingtalk", "url": ")" + url.substr(0, url.find("=") + 1) + R"(nope", "secret": "SECright"})");
  EXPECT_EQ(env.send(wrongToken, rainstormWarning()).code, "300001");
  EXPECT_EQ(fake.accepted().size(), 1u);
}

TEST_F(VendorTest, DingTalkATimestampOlderThanAnHourIsRefused) {
  ManualWallClock clock;
  fakes::DingTalkFake fake("tok-1", "SECright", env.tls(), clock.fn());
  fake.start();
  auto channel = channelFrom(R"({"kind": "dingtalk", "url": ")" + fake.robotUrl() + R"(", "secret": "SECright"})");
  auto ctx = clock.ctx();
  clock.offsetMs += 3601 * 1000;  // the vendor's clock is an hour ahead of the signature
  EXPECT_EQ(env.send(channel, rainstormWarning(), true, ctx).code, "310000");
  EXPECT_EQ(env.send(channel, rainstormWarning(), true, clock.ctx()).outcome, Outcome::Delivered);
}

TEST_F(VendorTest, DingTalkOverTwentyAMinuteIsBlockedTenMinutesByTheVendorAndTheQueueWaitsThatLong) {
  ManualWallClock clock;
  fakes::DingTalkFake fake("tok-1", "SECs", env.tls(), clock.fn());
  fake.start();
  auto channel = channelFrom(R"({"kind": "dingtalk", "url": ")" + fake.robotUrl() + R"(", "secret": "SECs"})");
  // Bypassing eoc's own limiter (as a second eoc or another sender on the same robot would).
  for (int i = 0; i < 20; ++i) ASSERT_EQ(env.send(channel, rainstormWarning(), true, clock.ctx()).outcome, Outcome::Delivered);
  auto v = env.send(channel, rainstormWarning(), true, clock.ctx());
  EXPECT_EQ(v.outcome, Outcome::Throttled);
  EXPECT_EQ(v.code, "130101");
  EXPECT_EQ(v.blockFor, 600s);
  DestinationQueue queue(vendorLimit(Kind::DingTalk), 10);
  queue.push({1, false}, Instant(0));
  auto batch = queue.take(Instant(0));
  queue.throttled(*batch, Instant(0), v.blockFor);
  EXPECT_EQ(queue.nextReady(Instant(0)), Instant(600000));
  clock.offsetMs += 5 * 60 * 1000;  // still blocked at the vendor after five minutes
  EXPECT_EQ(env.send(channel, rainstormWarning(), true, clock.ctx()).code, "130101");
  clock.offsetMs = 10 * 60 * 1000 + 1;
  EXPECT_EQ(env.send(channel, rainstormWarning(), true, clock.ctx()).outcome, Outcome::Delivered);
}

// The issue's burst: 53 warnings within a minute to one DingTalk robot, through eoc's queue, to
// the fake that enforces 20 a minute with its 10-minute block. None lost, no 130101, never more
// than 20 sends in any minute at the fake.
TEST_F(VendorTest, DingTalkBurstOf53WarningsInAMinuteNoneLostNeverOverTwentyAMinuteNo130101) {
  ManualWallClock clock;
  fakes::DingTalkFake fake("tok-burst", "SECburst", env.tls(), clock.fn());
  fake.start();
  auto channel = channelFrom(R"({"kind": "dingtalk", "url": ")" + fake.robotUrl() + R"(", "secret": "SECburst"})");
  std::vector<ChannelMessage> warnings;
  for (int i = 0; i < 53; ++i) {
    auto m = rainstormWarning("burst-" + std::to_string(i));
    m.headline += " #" + std::to_string(i);
    m.ackUrl = "https://eoc.example/a/t" + std::to_string(i);
    warnings.push_back(m);
  }
  DestinationQueue queue(vendorLimit(Kind::DingTalk), 10);
  std::multiset<uint64_t> delivered;
  uint64_t next = 0;
  Instant t{0};
  while (delivered.size() < 53 && t < Instant(3600000)) {
    const Instant arrival = next < 53 ? Instant(int64_t(next) * 1100) : Instant::max();
    t = std::min(arrival, queue.nextReady(t));
    clock.offsetMs = t.count();
    while (next < 53 && Instant(int64_t(next) * 1100) <= t) {
      queue.push({next, false}, t);
      ++next;
    }
    while (auto batch = queue.take(t)) {
      std::vector<ChannelMessage> parts;
      for (auto id : batch->ids) parts.push_back(warnings[id]);
      auto v = env.send(channel, batch->digest() ? digestOf(parts) : parts[0], true, clock.ctx());
      if (v.outcome == Outcome::Throttled) {
        queue.throttled(*batch, t, v.blockFor);
        continue;
      }
      ASSERT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
      for (auto id : batch->ids) delivered.insert(id);
    }
  }
  ASSERT_EQ(delivered.size(), 53u);
  for (uint64_t id = 0; id < 53; ++id) EXPECT_EQ(delivered.count(id), 1u);
  EXPECT_EQ(fake.count(130101), 0u);
  const auto accepted = fake.accepted();
  for (size_t i = 0; i < accepted.size(); ++i) {
    size_t inMinute = 0;
    for (size_t k = i; k < accepted.size() && accepted[k].at < accepted[i].at + 60s; ++k) ++inMinute;
    EXPECT_LE(inMinute, 20u);
  }
  // Every warning's own acknowledgement link reached the group.
  std::string all;
  for (const auto& a : accepted) all += a.text;
  for (int i = 0; i < 53; ++i) EXPECT_NE(all.find("https://eoc.example/a/t" + std::to_string(i) + ")"), std::string::npos) << i;
}

// --- Feishu --------------------------------------------------------------------------------------

TEST_F(VendorTest, FeishuVerifiesTheSignatureInTheBodyAndAHugeTextStaysUnder20KB) {
  fakes::FeishuFake fake("hook-1", "fs-secret", env.tls());
  fake.start();
  auto channel = channelFrom(R"({"kind": "feishu", "url": ")" + fake.hookUrl() + R"(", "secret": "fs-secret"})");
  auto m = rainstormWarning();
  m.guidance = longChinese(12000);  // 36,000 bytes
  auto v = env.send(channel, m);
  EXPECT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  ASSERT_EQ(fake.accepted().size(), 1u);
  EXPECT_LE(fake.accepted()[0].bytes, 20000u);
  EXPECT_GT(fake.accepted()[0].bytes, 15000u);
  EXPECT_EQ(fake.accepted()[0].body["card"]["header"]["template"], "orange");
  auto bad = channelFrom(R"({"kind": "feishu", "url": ")" + fake.hookUrl() + R"(", "secret": "other"})");
  auto refused = env.send(bad, rainstormWarning());
  EXPECT_EQ(refused.outcome, Outcome::Permanent);
  EXPECT_EQ(refused.code, "19021");
}

TEST_F(VendorTest, FeishuTheSixthInOneSecondIsThrottledWith11232) {
  ManualWallClock clock;
  fakes::FeishuFake fake("hook-2", "", env.tls(), clock.fn());
  fake.start();
  auto channel = channelFrom(R"({"kind": "feishu", "url": ")" + fake.hookUrl() + R"("})");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(env.send(channel, rainstormWarning()).outcome, Outcome::Delivered);
  auto v = env.send(channel, rainstormWarning());
  EXPECT_EQ(v.outcome, Outcome::Throttled);
  EXPECT_EQ(v.code, "11232");
  clock.offsetMs += 1000;
  EXPECT_EQ(env.send(channel, rainstormWarning()).outcome, Outcome::Delivered);
}

// --- SMS -----------------------------------------------------------------------------------------

struct SmsFixture : VendorTest {
  fakes::AliyunSmsFake fake{"LTAI-test", "sk-test", env.tls()};
  SmsFixture() {
    fake.approveSignature("沙依巴克区应急管理局");
    fake.approveTemplate("SMS_LIVE", "${text} 确认：${link}");
    fake.approveTemplate("SMS_DRILL", "${text} 确认：${link}");
    fake.start();
  }
  Channel channel(const std::string& secret = "sk-test", const std::string& keyId = "LTAI-test") {
    return channelFrom(R"({"kind": "sms", "url": ")" + fake.endpoint() + R"(", "access_key_id": ")" + keyId +
                       R"(", "access_key_secret": ")" + secret +
                       R"(", "sign_name": "沙依巴克区应急管理局", "template": "SMS_LIVE", "drill_template": "SMS_DRILL",
                          "template_text": "${text} 确认：${link}", "phones": ["13800000001", "13800000002"]})");
  }
};

TEST_F(SmsFixture, TheSignedSendSmsIsAcceptedAndThePhoneShowsAtMostSeventyCharacters) {
  auto m = rainstormWarning("delivery-42");
  m.ackUrl = "https://e.cn/a/Tk";
  m.smsText = longChinese(200);
  auto v = env.send(channel(), m);
  ASSERT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  EXPECT_FALSE(v.vendorRef.empty());
  const auto sent = fake.sent();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& s : sent) {
    EXPECT_LE(s.chars, 70u) << s.text;
    EXPECT_EQ(s.parts, 1u);
    EXPECT_EQ(s.outId, "delivery-42");
    EXPECT_EQ(s.bizId, v.vendorRef);
    EXPECT_EQ(s.templateCode, "SMS_LIVE");
    EXPECT_EQ(s.text.rfind("【沙依巴克区应急管理局】", 0), 0u);
    EXPECT_NE(s.text.find("https://e.cn/a/Tk"), std::string::npos);
  }
  // The delivery receipt Aliyun pushes afterwards names eoc's delivery id.
  auto receipts = parseSmsReport(fake.deliveryReport());
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_EQ(receipts[0].outId, "delivery-42");
  EXPECT_EQ(receipts[0].bizId, v.vendorRef);
  EXPECT_TRUE(receipts[0].success);
}

TEST_F(SmsFixture, ABadSecretOrKeyIsPermanentWithAliyunsCode) {
  auto v = env.send(channel("wrong-secret"), rainstormWarning());
  EXPECT_EQ(v.outcome, Outcome::Permanent);
  EXPECT_EQ(v.code, "SignatureDoesNotMatch");
  auto k = env.send(channel("sk-test", "LTAI-unknown"), rainstormWarning());
  EXPECT_EQ(k.outcome, Outcome::Permanent);
  EXPECT_EQ(k.code, "InvalidAccessKeyId.NotFound");
  EXPECT_TRUE(fake.sent().empty());
}

TEST_F(SmsFixture, ADrillUsesTheDrillTemplateAndBeginsWithTheMark) {
  auto v = env.send(channel(), drillOf(rainstormWarning()));
  ASSERT_EQ(v.outcome, Outcome::Delivered) << v.code;
  for (const auto& s : fake.sent()) {
    EXPECT_EQ(s.templateCode, "SMS_DRILL");
    EXPECT_EQ(s.text.rfind("【沙依巴克区应急管理局】【演练】", 0), 0u) << s.text;
  }
}

TEST_F(SmsFixture, TheFiftyFirstNotificationOfTheDayToANumberIsThrottledForADay) {
  for (int i = 0; i < 50; ++i) ASSERT_EQ(env.send(channel(), rainstormWarning("d" + std::to_string(i))).outcome, Outcome::Delivered);
  auto v = env.send(channel(), rainstormWarning("d50"));
  EXPECT_EQ(v.outcome, Outcome::Throttled);
  EXPECT_EQ(v.code, "isv.BUSINESS_LIMIT_CONTROL");
  EXPECT_EQ(v.blockFor, 24h);
  // The drill template has its own quota: exercises do not eat the live one.
  EXPECT_EQ(env.send(channel(), drillOf(rainstormWarning("x"))).outcome, Outcome::Delivered);
}

// --- Emergency broadcast -------------------------------------------------------------------------

TEST_F(VendorTest, TheBroadcastPlatformVerifiesTheSm2SignatureAndRefusesAnotherKey) {
  auto keys = fakes::makeSm2KeyPair();
  auto other = fakes::makeSm2KeyPair();
  const auto keyFile = env.scratch.path() / "ebd.pem", otherFile = env.scratch.path() / "other.pem";
  { std::ofstream(keyFile) << keys.first; }
  { std::ofstream(otherFile) << other.first; }
  fakes::EbdFake fake("010265010000000001", keys.second, env.tls());
  fake.start();
  auto entry = [&](const std::filesystem::path& key) {
    return channelFrom(R"({"kind": "ebd", "url": ")" + fake.endpoint() +
                       R"(", "src_ebrid": "010365010300000001", "dest_ebrid": "010265010000000001", "private_key": ")" +
                       key.string() + R"(", "cert_sn": "000000003363", "issuer_id": "000000000075"})");
  };
  auto v = env.send(entry(keyFile), rainstormWarning());
  ASSERT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  ASSERT_EQ(fake.accepted().size(), 1u);
  const auto got = fake.accepted()[0];
  EXPECT_TRUE(got.signedPackage);
  EXPECT_EQ(got.ebdType, "EBM");
  EXPECT_EQ(got.msgType, "1");
  EXPECT_EQ(got.severity, "2");
  EXPECT_EQ(got.eventType, "11B03");
  EXPECT_EQ(got.areaCode, "650103001000");
  auto refused = env.send(entry(otherFile), rainstormWarning());
  EXPECT_EQ(refused.outcome, Outcome::Permanent);
  EXPECT_EQ(refused.code, "4");
  auto drill = env.send(entry(keyFile), drillOf(rainstormWarning("d-drill")));
  ASSERT_EQ(drill.outcome, Outcome::Delivered);
  EXPECT_EQ(fake.accepted().back().title.rfind("【演练】", 0), 0u);
  EXPECT_EQ(fake.accepted().back().description.rfind("【演练】", 0), 0u);
  auto unsigned_ = channelFrom(R"({"kind": "ebd", "url": ")" + fake.endpoint() +
                               R"(", "src_ebrid": "010365010300000001", "dest_ebrid": "010265010000000001"})");
  EXPECT_EQ(env.send(unsigned_, rainstormWarning()).code, "4");
}

// --- Webhook (Standard Webhooks) over TLS -----------------------------------------------------------

TEST_F(VendorTest, AWebhookGoesOverVerifiedTlsSignedTheStandardWebhooksWay) {
  fakes::FakeHttpServer receiver([](const fakes::ReceivedRequest&) { return fakes::FakeAnswer{204, "", ""}; }, env.tls());
  receiver.start();
  const std::string secret = broadcast::newWebhookSecret();
  auto channel = channelFrom(R"({"kind": "webhook", "url": ")" + receiver.baseUrl() + R"(/hook", "secret": ")" + secret + R"("})");
  auto v = env.send(channel, rainstormWarning("wh-1"));
  EXPECT_EQ(v.outcome, Outcome::Delivered) << v.code << " " << v.message;
  auto got = receiver.requests().at(0);
  EXPECT_EQ(got.header("content-type"), "application/cap+xml");
  EXPECT_EQ(got.header("webhook-id"), "wh-1");
  EXPECT_TRUE(broadcast::verifyWebhook(secret, "wh-1", got.header("webhook-timestamp"), got.body, got.header("webhook-signature")));
}

// --- Every HTTP kind: receiver down, then up -----------------------------------------------------

TEST_F(VendorTest, AReceiverThatIsDownIsTransientAndTheSameMessageGoesThroughOnceItIsBackUp) {
  fakes::WeComFake wecom("k", env.tls());
  fakes::DingTalkFake dingtalk("t", "SECs", env.tls());
  fakes::FeishuFake feishu("h", "s", env.tls());
  fakes::AliyunSmsFake sms("id", "sk", env.tls());
  sms.approveSignature("沙依巴克区应急管理局");
  sms.approveTemplate("SMS_LIVE", "${text}");
  sms.approveTemplate("SMS_DRILL", "${text}");
  fakes::EbdFake ebd("02", "", env.tls());
  struct Case {
    fakes::VendorFake* fake;
    int port;
    std::function<std::string()> entry;
  };
  std::vector<Case> cases = {
      {&wecom, wecom.start(), [&] { return R"({"kind": "wecom", "url": ")" + wecom.robotUrl() + R"("})"; }},
      {&dingtalk, dingtalk.start(), [&] { return R"({"kind": "dingtalk", "url": ")" + dingtalk.robotUrl() + R"(", "secret": "SECs"})"; }},
      {&feishu, feishu.start(), [&] { return R"({"kind": "feishu", "url": ")" + feishu.hookUrl() + R"(", "secret": "s"})"; }},
      {&sms, sms.start(), [&] {
         return R"({"kind": "sms", "url": ")" + sms.endpoint() + R"(", "access_key_id": "id", "access_key_secret": "sk",
                   "sign_name": "沙依巴克区应急管理局", "template": "SMS_LIVE", "drill_template": "SMS_DRILL", "phones": ["13800000001"]})";
       }},
      {&ebd, ebd.start(), [&] {
         return R"({"kind": "ebd", "url": ")" + ebd.endpoint() + R"(", "src_ebrid": "01", "dest_ebrid": "02"})";
       }},
  };
  for (auto& c : cases) {
    auto channel = channelFrom(c.entry());
    c.fake->stop();
    auto down = env.send(channel, rainstormWarning());
    EXPECT_EQ(down.outcome, Outcome::Transient) << c.entry() << " " << down.code;
    EXPECT_EQ(down.code, "connect") << down.message;
    c.fake->start(c.port);
    auto up = env.send(channel, rainstormWarning());
    EXPECT_EQ(up.outcome, Outcome::Delivered) << c.entry() << " " << up.code << " " << up.message;
  }
}

TEST_F(VendorTest, AVendorAnswering503IsTransient) {
  fakes::FakeHttpServer busy([](const fakes::ReceivedRequest&) { return fakes::FakeAnswer{503, "text/plain", "busy"}; }, env.tls());
  busy.start();
  for (const char* kind : {"wecom", "feishu", "webhook"}) {
    auto channel = channelFrom(std::string(R"({"kind": ")") + kind + R"(", "url": ")" + busy.baseUrl() + R"(/x"})");
    auto v = env.send(channel, rainstormWarning());
    EXPECT_EQ(v.outcome, Outcome::Transient) << kind;
    EXPECT_EQ(v.code, "http 503") << kind;
  }
}

// --- Drill isolation on every kind ---------------------------------------------------------------

TEST_F(VendorTest, NoDrillReachesAnyVendorForARecipientNotInDrills) {
  fakes::FakeHttpServer anyVendor([](const fakes::ReceivedRequest&) { return fakes::FakeAnswer{200, "application/json", "{}"}; },
                                  env.tls());
  anyVendor.start();
  const std::string url = anyVendor.baseUrl() + "/v";
  const std::string entries[] = {
      R"({"kind": "webhook", "url": ")" + url + R"("})",
      R"({"kind": "wecom", "url": ")" + url + R"("})",
      R"({"kind": "dingtalk", "url": ")" + url + R"("})",
      R"({"kind": "feishu", "url": ")" + url + R"("})",
      R"({"kind": "sms", "url": ")" + url + R"(", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
          "template": "T1", "drill_template": "T2", "phones": ["13800000001"]})",
      R"({"kind": "mqtt", "url": "mqtt://127.0.0.1:1", "topic": "t"})",
      R"({"kind": "ebd", "url": ")" + url + R"(", "src_ebrid": "01", "dest_ebrid": "02"})",
  };
  for (const auto& entry : entries) {
    for (const char* status : {"Exercise", "Test"}) {
      auto m = rainstormWarning();
      m.status = status;
      auto v = env.send(channelFrom(entry), m, /*recipientDrills=*/false);
      EXPECT_EQ(v.outcome, Outcome::Permanent) << entry;
      EXPECT_EQ(v.code, "refused") << entry;
    }
  }
  EXPECT_EQ(anyVendor.requestCount(), 0u);
}

}  // namespace
}  // namespace eoc::testing::channels_vendor_test
