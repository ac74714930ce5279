// Channels end to end through the broadcast service: the outbox rows per channel, the pump with
// per-destination rate limits and digests, verdicts into attempts, escalation on a permanent
// failure, acknowledgement links. Every vendor is its fake over TLS (a CA made in the test, given
// to eoc as the config's extra CA file); MQTT is the real mosquitto; the webhook is the receiver
// tool. The fakes judge timestamps and rate limits on the service's manual clock.
#include <gtest/gtest.h>

#include <mosquitto.h>

#include <condition_variable>
#include <fstream>
#include <regex>
#include <set>

#include "aliyun_sms_fake.hpp"
#include "broadcast/channels/sms_report.hpp"
#include "core/error.hpp"
#include "dingtalk_fake.hpp"
#include "ebd_fake.hpp"
#include "feishu_fake.hpp"
#include "mosquitto_broker.hpp"
#include "receiver.hpp"
#include "support/harness.hpp"
#include "test_pki.hpp"
#include "wecom_fake.hpp"

namespace eoc::testing::channels_service_test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kWait = std::chrono::milliseconds(20000);
constexpr const char* kDingSecret = "SEC0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr const char* kFeishuSecret = "fs-3k9dLq0wP";

// A plain libmosquitto subscriber (a committee's screen).
class Subscriber {
 public:
  Subscriber(int port, const std::string& topic) {
    mosq_ = mosquitto_new(nullptr, true, this);
    mosquitto_message_callback_set(mosq_, [](mosquitto*, void* self, const mosquitto_message* m) {
      auto* s = static_cast<Subscriber*>(self);
      std::lock_guard lock(s->mutex_);
      s->payloads_.emplace_back(static_cast<const char*>(m->payload), size_t(m->payloadlen));
      s->cv_.notify_all();
    });
    if (mosquitto_connect(mosq_, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) throw std::runtime_error("subscribe");
    mosquitto_subscribe(mosq_, nullptr, topic.c_str(), 1);
    mosquitto_loop_start(mosq_);
  }
  ~Subscriber() {
    mosquitto_disconnect(mosq_);
    mosquitto_loop_stop(mosq_, true);
    mosquitto_destroy(mosq_);
  }
  std::vector<std::string> waitFor(size_t n) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, kWait, [&] { return payloads_.size() >= n; });
    return payloads_;
  }

 private:
  mosquitto* mosq_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> payloads_;
};

// Everything one test needs: the test CA, a harness trusting it, the fakes on the harness clock.
struct ChannelsWorld {
  TempDir dir;
  fakes::TestPki pki = fakes::makeTestPki(dir.path(), {"127.0.0.1", "localhost"}, "vendor");
  fakes::TlsFiles tls() const { return {pki.serverCert, pki.serverKey}; }
  std::unique_ptr<Harness> harness;
  void start(const json& recipients, size_t committees, Config config = {}) {
    config.broadcast.extraCaFile = pki.caCert;
    config.publicBaseUrl = "https://eoc.example";
    config.dataDir = dir.path() / "data";  // the acknowledgement link key lives beside the store
    harness = std::make_unique<Harness>(dir.path() / "data",
                                        broadcast::parseRecipients(recipients.dump(), "test", committeeLayer(committees)),
                                        config, false);
    clockRef = &harness->clock;
    harness->service->start();
  }
  ManualClock* clockRef = nullptr;
  void settle() {
    harness->service->runDue(harness->clock.now());
    ASSERT_TRUE(harness->service->waitIdle(kWait));
  }
  void tick(std::chrono::seconds by = 1s) {
    harness->clock.advance(by);
    settle();
  }
  json channelsOf(const std::string& warningId, const std::string& recipient) {
    const json report = http::renderDeliveryReport(harness->service->deliveries(warningId));
    for (const auto& r : report["recipients"])
      if (r["recipient"] == recipient) return r["channels"];
    return json::object();
  }
};

// The clock the fakes read must exist before they do: the harness clock starts at the same
// instant every time, so a stand-in clock at that instant serves until the harness exists.
struct ClockProxy {
  ManualClock standIn{*parseIso8601("2026-07-12T15:00:00+08:00")};
  ChannelsWorld* world = nullptr;
  fakes::WallClock fn() {
    return [this] {
      const ManualClock& c = world && world->clockRef ? *world->clockRef : standIn;
      return std::chrono::system_clock::time_point(c.now().time_since_epoch());
    };
  }
};

std::string ackTokenIn(const std::string& text) {
  std::smatch m;
  static const std::regex link(R"(https://eoc\.example/a/([A-Za-z0-9_-]{22}))");
  if (!std::regex_search(text, m, link)) return "";
  return m[1];
}

// "b07x": no id is a prefix of another, so finding one in a text finds that one.
std::string burstId(int i) { return "b" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "x"; }

struct ChannelsServiceTest : ::testing::Test {
  ClockProxy proxy;
  ChannelsWorld world;
  ChannelsServiceTest() { proxy.world = &world; }
};

TEST_F(ChannelsServiceTest, OneActualWarningReachesEveryChannelAndTheCommitteeAcknowledgesFromTheMessage) {
  fakes::WeComFake wecom("k-5fd2", world.tls(), proxy.fn());
  fakes::DingTalkFake ding("t-77a1", kDingSecret, world.tls(), proxy.fn());
  fakes::FeishuFake feishu("h-0c9e", kFeishuSecret, world.tls(), proxy.fn());
  fakes::AliyunSmsFake sms("LTAI-eoc", "sk-eoc", world.tls(), proxy.fn());
  sms.approveSignature("沙依巴克区应急管理局");
  sms.approveTemplate("SMS_LIVE", "${text} 确认：${link}");
  sms.approveTemplate("SMS_DRILL", "${text} 确认：${link}");
  fakes::MosquittoBroker broker(world.dir.path() / "mqtt");
  for (auto* f : std::initializer_list<fakes::VendorFake*>{&wecom, &ding, &feishu, &sms}) f->start();
  broker.start();
  tools::Receiver receiver(kSecret);
  receiver.up();
  const std::string topic = "eoc/650103/650103001/warnings";
  Subscriber screen(broker.port(), topic);

  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)},
                        {"drills", true},
                        {"phones", {"13800000001"}},
                        {"webhook", {{"url", receiver.url(committeeCode(1))}, {"secret", kSecret}}},
                        {"channels",
                         {{{"kind", "wecom"}, {"url", wecom.robotUrl()}, {"mobiles", {"13800000001"}}},
                          {{"kind", "dingtalk"}, {"url", ding.robotUrl()}, {"secret", kDingSecret}},
                          {{"kind", "feishu"}, {"url", feishu.hookUrl()}, {"secret", kFeishuSecret}},
                          {{"kind", "sms"},
                           {"url", sms.endpoint()},
                           {"access_key_id", "LTAI-eoc"},
                           {"access_key_secret", "sk-eoc"},
                           {"sign_name", "沙依巴克区应急管理局"},
                           {"template", "SMS_LIVE"},
                           {"template_text", "${text} 确认：${link}"},
                           {"drill_template", "SMS_DRILL"},
                           {"drill_template_text", "${text} 确认：${link}"},
                           {"phones", {"13800000001"}}},
                          {{"kind", "mqtt"}, {"url", broker.url()}, {"topic", topic}}}}}}}};
  world.start(recipients, 1);
  auto& h = *world.harness;
  auto m = h.issue("w1", {committeeCode(1)});
  world.settle();

  ASSERT_EQ(wecom.accepted().size(), 1u);
  ASSERT_EQ(ding.accepted().size(), 1u);
  ASSERT_EQ(feishu.accepted().size(), 1u);
  ASSERT_EQ(sms.sent().size(), 1u);
  ASSERT_TRUE(receiver.waitForArrivals(1, kWait));
  EXPECT_TRUE(receiver.arrivals().front().signatureValid);
  auto mqtt = screen.waitFor(1);
  ASSERT_EQ(mqtt.size(), 1u);
  EXPECT_EQ(mqtt.front(), m.capXml);

  // Every channel has its own delivery, delivered, in the report.
  auto channels = world.channelsOf("w1", committeeCode(1));
  for (const char* kind : {"webhook", "wecom", "dingtalk", "feishu", "sms", "mqtt"}) {
    ASSERT_TRUE(channels.contains(kind)) << kind << " " << channels.dump();
    EXPECT_EQ(channels[kind]["state"], "delivered") << kind << " " << channels.dump();
    EXPECT_EQ(channels[kind]["attempts"], 1) << kind;
  }
  // Every chat and SMS message carries the same link; the SMS fits in one 70-character message.
  const std::string token = ackTokenIn(wecom.accepted()[0].content);
  ASSERT_FALSE(token.empty()) << wecom.accepted()[0].content;
  EXPECT_EQ(ackTokenIn(ding.accepted()[0].text), token);
  EXPECT_EQ(ackTokenIn(sms.sent()[0].text), token);
  EXPECT_NE(feishu.accepted()[0].body.dump().find(token), std::string::npos);
  EXPECT_LE(sms.sent()[0].chars, 70u) << sms.sent()[0].text;
  EXPECT_EQ(sms.sent()[0].outId.substr(0, 4), "msg_");

  // The link's page shows the warning and does not acknowledge; POST does, once.
  auto view = h.service->ackLinkView(token);
  EXPECT_EQ(view.warningId, "w1");
  EXPECT_EQ(view.recipient, committeeCode(1));
  EXPECT_FALSE(view.ackedAt);
  EXPECT_EQ(h.service->ackLinkView(token).ackedAt, std::nullopt);
  auto acked = h.service->ackByLink(token, "req-1");
  ASSERT_TRUE(acked.ackedAt);
  EXPECT_FALSE(acked.duplicate);
  EXPECT_TRUE(h.service->ackByLink(token, "req-2").duplicate);
  auto report = http::renderDeliveryReport(h.service->deliveries("w1"));
  EXPECT_EQ(report["summary"]["acked"], 1);
  EXPECT_EQ(report["recipients"][0]["acked_by"], "link:" + committeeCode(1));
  // Exactly like POST /warnings/{id}/ack: the committee's own ack afterwards is a duplicate.
  auto api = http::renderAckOutcome(h.service->ack(Principal{Role::Committee, committeeCode(1), "值班员", "t1"}, {"w1", ""}, "req-3"));
  EXPECT_TRUE(api["duplicate"].get<bool>());
  // A token never minted: NotFound.
  try {
    h.service->ackLinkView("AAAAAAAAAAAAAAAAAAAAAA");
    ADD_FAILURE() << "an unknown token was accepted";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
  }

  // The false-alarm cancel reaches every channel that carried the warning.
  world.tick();
  h.issue("w1", {committeeCode(1)}, "red", "Actual", "Cancel");
  world.settle();
  EXPECT_EQ(wecom.accepted().size(), 2u);
  EXPECT_EQ(ding.accepted().size(), 2u);
  EXPECT_EQ(feishu.accepted().size(), 2u);
  EXPECT_EQ(sms.sent().size(), 2u);
  EXPECT_TRUE(receiver.waitForArrivals(2, kWait));
  EXPECT_EQ(screen.waitFor(2).size(), 2u);
  // Once the warning ended, its link has expired.
  try {
    h.service->ackLinkView(token);
    ADD_FAILURE() << "the link of a cancelled warning still answers";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::LinkExpired);
  }

  // The SMS receipt Aliyun pushes marks the SMS delivery delivered to the phone.
  std::vector<service::SmsReceiptInput> receipts;
  for (const auto& r : broadcast::channels::parseSmsReport(sms.deliveryReport()))
    receipts.push_back({r.outId, r.success, r.errCode});
  EXPECT_EQ(h.service->recordSmsReceipts(receipts), 2u);
  size_t withReceipt = 0;
  const json afterReceipts = http::renderDeliveryReport(h.service->deliveries("w1"));
  for (const auto& d : afterReceipts["recipients"][0]["deliveries"])
    if (d["channel"] == "sms") {
      EXPECT_EQ(d["receipt"], "DELIVERED");
      ++withReceipt;
    }
  EXPECT_EQ(withReceipt, 2u);
}

TEST_F(ChannelsServiceTest, ExerciseReachesOnlyDrillRecipientsOnEveryChannelMarkedAndWithTheDrillTemplate) {
  fakes::WeComFake drillRobot("k-drill", world.tls(), proxy.fn());
  fakes::WeComFake liveRobot("k-live", world.tls(), proxy.fn());
  fakes::AliyunSmsFake sms("LTAI-eoc", "sk-eoc", world.tls(), proxy.fn());
  sms.approveSignature("沙依巴克区应急管理局");
  sms.approveTemplate("SMS_LIVE", "${text} 确认：${link}");
  sms.approveTemplate("SMS_DRILL", "${text} 确认：${link}");
  drillRobot.start();
  liveRobot.start();
  sms.start();
  auto smsChannel = [&](const std::string& phone) {
    return json{{"kind", "sms"},           {"url", sms.endpoint()},       {"access_key_id", "LTAI-eoc"},
                {"access_key_secret", "sk-eoc"}, {"sign_name", "沙依巴克区应急管理局"}, {"template", "SMS_LIVE"},
                {"template_text", "${text} 确认：${link}"}, {"drill_template", "SMS_DRILL"},
                {"drill_template_text", "${text} 确认：${link}"}, {"phones", {phone}}};
  };
  json recipients = {
      {"recipients",
       {{{"code", committeeCode(1)},
         {"drills", true},
         {"channels", {{{"kind", "wecom"}, {"url", drillRobot.robotUrl()}}, smsChannel("13800000001")}}},
        {{"code", committeeCode(2)},
         {"drills", false},
         {"channels", {{{"kind", "wecom"}, {"url", liveRobot.robotUrl()}}, smsChannel("13800000002")}}}}}};
  world.start(recipients, 2);
  world.harness->issue("d1", {committeeCode(1), committeeCode(2)}, "orange", "Exercise");
  world.settle();
  ASSERT_EQ(drillRobot.accepted().size(), 1u);
  EXPECT_EQ(drillRobot.accepted()[0].content.rfind("【演练】", 0), 0u) << drillRobot.accepted()[0].content;
  EXPECT_EQ(liveRobot.server().requestCount(), 0u);
  ASSERT_EQ(sms.sent().size(), 1u);
  EXPECT_EQ(sms.sent()[0].phone, "13800000001");
  EXPECT_EQ(sms.sent()[0].templateCode, "SMS_DRILL");
  EXPECT_NE(sms.sent()[0].text.find("【演练】"), std::string::npos);
  // The Actual warning afterwards reaches both.
  world.tick();
  world.harness->issue("w2", {committeeCode(1), committeeCode(2)});
  world.settle();
  EXPECT_EQ(liveRobot.accepted().size(), 1u);
  EXPECT_EQ(liveRobot.accepted()[0].content.find("【演练】"), std::string::npos);
}

TEST_F(ChannelsServiceTest, ABurstOf53WarningsToOneDingTalkRobotLosesNoneAndKeepsTwentyAMinute) {
  fakes::DingTalkFake ding("t-burst", kDingSecret, world.tls(), proxy.fn());
  ding.start();
  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)},
                        {"channels", {{{"kind", "dingtalk"}, {"url", ding.robotUrl()}, {"secret", kDingSecret}}}}}}}};
  Config config;
  config.broadcast.ackDeadlineRed = 3600;  // no escalation re-sends within the test's minutes
  world.start(recipients, 1, config);
  auto& h = *world.harness;
  // 53 warnings within one minute (one a second), then time runs on until everything went out.
  for (int i = 0; i < 53; ++i) {
    h.issue(burstId(i), {committeeCode(1)});
    world.tick();
  }
  for (int s = 0; s < 300; ++s) world.tick();
  EXPECT_EQ(ding.count(130101), 0u);
  const auto accepted = ding.accepted();
  // Never more than 20 in any 60 s (the fake would have answered 130101; checked here as well).
  for (size_t i = 20; i < accepted.size(); ++i) EXPECT_GE(accepted[i].at - accepted[i - 20].at, 60s) << i;
  EXPECT_LT(accepted.size(), 53u);  // the ones that had to wait went out coalesced in digests
  EXPECT_GE(accepted.size(), 21u);
  std::string all;
  for (const auto& a : accepted) all += a.text + "\n";
  for (int i = 0; i < 53; ++i) {
    const std::string id = burstId(i);
    EXPECT_NE(all.find(id), std::string::npos) << id;  // nothing lost
    auto channels = world.channelsOf(id, committeeCode(1));
    EXPECT_EQ(channels["dingtalk"]["state"], "delivered") << id;
  }
}

TEST_F(ChannelsServiceTest, ABadSecretIsAPermanentFailureWithTheVendorCodeEscalatedAtOnceAndNotRetried) {
  fakes::DingTalkFake ding("t-bad", kDingSecret, world.tls(), proxy.fn());
  ding.start();
  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)},
                        {"phones", {"0991-5550001"}},
                        {"channels", {{{"kind", "dingtalk"}, {"url", ding.robotUrl()}, {"secret", "SECwrong"}}}}}}}};
  world.start(recipients, 1);
  auto& h = *world.harness;
  const auto before = h.events.lastId();
  h.issue("w1", {committeeCode(1)});
  world.settle();
  auto channels = world.channelsOf("w1", committeeCode(1));
  EXPECT_EQ(channels["dingtalk"]["state"], "failed");
  EXPECT_EQ(channels["dingtalk"]["vendor_code"], "310000");
  auto open = http::renderEscalationList(h.service->escalations(true))["escalations"];
  ASSERT_EQ(open.size(), 1u);  // at once, long before the red ack deadline (300 s)
  EXPECT_EQ(open[0]["recipient"], committeeCode(1));
  std::set<std::string> kinds;
  for (const auto& e : h.events.waitFor(before, {}, 0ms).events) kinds.insert(e.event.type);
  EXPECT_TRUE(kinds.count("channel.failed"));
  EXPECT_TRUE(kinds.count("escalation.raised"));
  for (int s = 0; s < 30; ++s) world.tick();
  EXPECT_EQ(ding.server().requestCount(), 1u);  // not retried blindly
  EXPECT_EQ(world.channelsOf("w1", committeeCode(1))["dingtalk"]["attempts"], 1);
}

TEST_F(ChannelsServiceTest, AVendorThatIsDownGetsTheMessageWhenItComesBackAndTheChannelRecovers) {
  fakes::WeComFake wecom("k-down", world.tls(), proxy.fn());
  const int port = wecom.start();
  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)}, {"channels", {{{"kind", "wecom"}, {"url", wecom.robotUrl()}}}}}}}};
  world.start(recipients, 1);
  auto& h = *world.harness;
  wecom.stop();
  const auto before = h.events.lastId();
  h.issue("w1", {committeeCode(1)});
  world.settle();
  auto channels = world.channelsOf("w1", committeeCode(1));
  EXPECT_EQ(channels["wecom"]["state"], "pending");
  EXPECT_EQ(channels["wecom"]["attempts"], 1);
  wecom.start(port);
  for (int s = 0; s < 10 && wecom.accepted().empty(); ++s) world.tick();
  ASSERT_EQ(wecom.accepted().size(), 1u);
  channels = world.channelsOf("w1", committeeCode(1));
  EXPECT_EQ(channels["wecom"]["state"], "delivered");
  EXPECT_EQ(channels["wecom"]["attempts"], 2);
  std::vector<std::string> kinds;
  for (const auto& e : h.events.waitFor(before, {}, 0ms).events) kinds.push_back(e.event.type);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "delivery.failed"), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "channel.recovered"), kinds.end());
}

// Three warnings within one second to an SMS account that takes one call a second: the first goes
// alone, the vendor throttles the second, and the two waiting go out as one digest under the
// second's OutId. The receipt of the digest marks both deliveries it carried, not only the first —
// also when it arrives after a restart (or at another instance on the same store): which
// deliveries a digest carried is in the store, not in the memory of the process that sent it.
TEST_F(ChannelsServiceTest, TheReceiptOfAnSmsDigestMarksEveryDeliveryTheDigestCarriedEvenAfterARestart) {
  fakes::AliyunSmsFake sms("LTAI-eoc", "sk-eoc", world.tls(), proxy.fn());
  sms.approveSignature("沙依巴克区应急管理局");
  sms.approveTemplate("SMS_LIVE", "${text} 确认：${link}");
  sms.limitCallsPerSecond(1);
  sms.start();
  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)},
                        {"channels",
                         {{{"kind", "sms"},
                           {"url", sms.endpoint()},
                           {"access_key_id", "LTAI-eoc"},
                           {"access_key_secret", "sk-eoc"},
                           {"sign_name", "沙依巴克区应急管理局"},
                           {"template", "SMS_LIVE"},
                           {"template_text", "${text} 确认：${link}"},
                           {"phones", {"13800000001"}}}}}}}}};
  world.start(recipients, 1);
  auto& h = *world.harness;
  for (const char* id : {"s1", "s2", "s3"}) h.issue(id, {committeeCode(1)});
  world.settle();
  for (int s = 0; s < 10 && sms.sent().size() < 2; ++s) world.tick();
  const auto sent = sms.sent();
  ASSERT_EQ(sent.size(), 2u) << ::testing::PrintToString(sms.answeredCodes());
  EXPECT_EQ(sent[1].outId.substr(sent[1].outId.size() - 2), "+1") << sent[1].outId;  // a digest of two
  for (const char* id : {"s1", "s2", "s3"})
    EXPECT_EQ(world.channelsOf(id, committeeCode(1))["sms"]["state"], "delivered") << id;

  world.clockRef = nullptr;
  world.harness.reset();
  world.start(recipients, 1);
  auto& restarted = *world.harness;
  std::vector<service::SmsReceiptInput> receipts;
  for (const auto& r : broadcast::channels::parseSmsReport(sms.deliveryReport()))
    receipts.push_back({r.outId, r.success, r.errCode});
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_EQ(restarted.service->recordSmsReceipts(receipts), 3u);
  for (const char* id : {"s1", "s2", "s3"}) {
    size_t marked = 0;
    const json report = http::renderDeliveryReport(restarted.service->deliveries(id));
    for (const auto& r : report["recipients"])
      for (const auto& d : r["deliveries"])
        if (d["channel"] == "sms" && d["receipt"] == "DELIVERED") ++marked;
    EXPECT_EQ(marked, 1u) << id;
  }
}

// A recipient's WeCom message went out with its link; its DingTalk robot was down. eoc restarts, the
// robot comes back, and the resumed DingTalk delivery carries the same link as the WeCom message
// already in the group — which still works.
TEST_F(ChannelsServiceTest, AResumedDeliveryAfterARestartCarriesTheLinkAlreadySent) {
  fakes::WeComFake wecom("k-keep", world.tls(), proxy.fn());
  fakes::DingTalkFake ding("t-keep", kDingSecret, world.tls(), proxy.fn());
  wecom.start();
  const int dingPort = ding.start();
  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)},
                        {"channels",
                         {{{"kind", "wecom"}, {"url", wecom.robotUrl()}},
                          {{"kind", "dingtalk"}, {"url", ding.robotUrl()}, {"secret", kDingSecret}}}}}}}};
  world.start(recipients, 1);
  ding.stop();
  world.harness->issue("w1", {committeeCode(1)});
  world.settle();
  ASSERT_EQ(wecom.accepted().size(), 1u);
  const std::string token = ackTokenIn(wecom.accepted()[0].content);
  ASSERT_FALSE(token.empty()) << wecom.accepted()[0].content;
  EXPECT_EQ(world.channelsOf("w1", committeeCode(1))["dingtalk"]["state"], "pending");

  // Restart on the same data: the pending DingTalk delivery resumes once the robot is back.
  world.clockRef = nullptr;
  world.harness.reset();
  ding.start(dingPort);
  world.start(recipients, 1);
  for (int s = 0; s < 20 && ding.accepted().empty(); ++s) world.tick();
  ASSERT_EQ(ding.accepted().size(), 1u);
  EXPECT_EQ(ackTokenIn(ding.accepted()[0].text), token) << ding.accepted()[0].text;
  EXPECT_EQ(wecom.accepted().size(), 1u);  // the delivered one is not sent again
  auto view = world.harness->service->ackLinkView(token);
  EXPECT_EQ(view.warningId, "w1");
  EXPECT_TRUE(world.harness->service->ackByLink(token, "req-1").ackedAt);
}

// The emergency-broadcast platform (应急广播, 大喇叭) through the service: an Actual warning is
// packed (EBD tar, signed with the configured SM2 key) and accepted by the platform fake, which
// verifies the signature; an Exercise reaches the drill platform only, marked, and never the
// platform of a recipient that takes no drills.
TEST_F(ChannelsServiceTest, TheEmergencyBroadcastPlatformTakesTheSignedPackageAndExercisesOnlyWhereDrillsAre) {
  auto keys = fakes::makeSm2KeyPair();
  const auto keyFile = world.dir.path() / "sm2.pem";
  { std::ofstream(keyFile) << keys.first; }
  fakes::EbdFake livePlatform("010265010000000001", keys.second, world.tls(), proxy.fn());
  fakes::EbdFake drillPlatform("010265010000000002", keys.second, world.tls(), proxy.fn());
  livePlatform.start();
  drillPlatform.start();
  auto ebd = [&](const fakes::EbdFake& platform, const std::string& dest) {
    return json{{"kind", "ebd"},          {"url", platform.endpoint()},    {"src_ebrid", "010365010300000001"},
                {"dest_ebrid", dest},     {"private_key", keyFile.string()}, {"cert_sn", "000000003363"}};
  };
  json recipients = {{"recipients",
                      {{{"code", committeeCode(1)}, {"drills", false},
                        {"channels", {ebd(livePlatform, "010265010000000001")}}},
                       {{"code", committeeCode(2)}, {"drills", true},
                        {"channels", {ebd(drillPlatform, "010265010000000002")}}}}}};
  world.start(recipients, 2);
  auto& h = *world.harness;

  h.issue("w1", {committeeCode(1)});
  world.settle();
  ASSERT_EQ(livePlatform.accepted().size(), 1u) << ::testing::PrintToString(livePlatform.answeredCodes());
  const auto live = livePlatform.accepted()[0];
  EXPECT_TRUE(live.signedPackage);
  EXPECT_EQ(live.ebdType, "EBM");
  EXPECT_EQ(live.msgType, "1");
  EXPECT_EQ(live.title.find("【演练】"), std::string::npos) << live.title;
  EXPECT_NE(live.areaCode.find("650103001"), std::string::npos) << live.areaCode;
  EXPECT_EQ(world.channelsOf("w1", committeeCode(1))["ebd"]["state"], "delivered");

  world.tick();
  h.issue("d1", {committeeCode(1), committeeCode(2)}, "orange", "Exercise");
  world.settle();
  EXPECT_EQ(livePlatform.accepted().size(), 1u);  // nothing more for the platform that takes no drills
  EXPECT_EQ(livePlatform.server().requestCount(), 1u);
  ASSERT_EQ(drillPlatform.accepted().size(), 1u);
  EXPECT_EQ(drillPlatform.accepted()[0].title.rfind("【演练】", 0), 0u) << drillPlatform.accepted()[0].title;
  EXPECT_EQ(drillPlatform.accepted()[0].description.rfind("【演练】", 0), 0u) << drillPlatform.accepted()[0].description;
}

}  // namespace
}  // namespace eoc::testing::channels_service_test
