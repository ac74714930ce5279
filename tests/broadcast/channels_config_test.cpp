// recipients.json "channels": every kind parses, the old "webhook" object becomes a webhook
// channel, and every broken field is refused naming file, JSON pointer and field.
#include <gtest/gtest.h>

#include "broadcast/recipients.hpp"
#include "core/error.hpp"
#include "support/harness.hpp"

namespace eoc::testing::channels_config_test {
namespace {

using namespace broadcast::channels;

const char* kAllKinds = R"({"recipients": [{"code": "650103001", "drills": true,
  "webhook": {"url": "https://hooks.example/cap", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
  "channels": [
    {"kind": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY", "mobiles": ["13800000001", "@all"]},
    {"kind": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=TOKEN", "secret": "SECabc", "mobiles": ["13800000001"]},
    {"kind": "feishu", "url": "https://open.feishu.cn/open-apis/bot/v2/hook/ID", "secret": "s3cr3t"},
    {"kind": "sms", "url": "https://dysmsapi.aliyuncs.com/", "access_key_id": "LTAI", "access_key_secret": "sk",
     "sign_name": "沙依巴克区应急管理局", "template": "SMS_1", "drill_template": "SMS_2", "phones": ["13800000001"],
     "template_text": "${text} 确认：${link}"},
    {"kind": "mqtt", "url": "mqtt://127.0.0.1:1883", "topic": "eoc/650103/650103001/warnings"},
    {"kind": "ebd", "url": "https://ebd.example/ebd", "src_ebrid": "010365010300000001", "dest_ebrid": "010265010000000001"}
  ]}]})";

TEST(ChannelConfig, EveryKindParsesAndTheWebhookObjectBecomesAWebhookChannel) {
  auto list = broadcast::parseRecipients(kAllKinds, "r.json", committeeLayer(2));
  const auto* r = list.find("650103001");
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->channels.size(), 7u);
  EXPECT_EQ(r->channels[0].kind, Kind::Webhook);
  EXPECT_EQ(r->channels[0].url(), "https://hooks.example/cap");
  EXPECT_EQ(r->url, "https://hooks.example/cap");  // the service's existing field keeps working
  std::vector<Kind> kinds;
  for (const auto& c : r->channels) kinds.push_back(c.kind);
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::Webhook, Kind::WeCom, Kind::DingTalk, Kind::Feishu, Kind::Sms, Kind::Mqtt,
                                      Kind::Ebd}));
  const auto& sms = r->channels[4].as<SmsChannel>();
  EXPECT_EQ(sms.drillTemplateCode, "SMS_2");
  EXPECT_EQ(sms.drillTemplateText, "${text} 确认：${link}");  // defaults to the live template's text
  EXPECT_EQ(sms.regionId, "cn-hangzhou");
  EXPECT_EQ(r->channels[5].as<MqttChannel>().drillTopic, "eoc/650103/650103001/warnings/exercise");
  EXPECT_TRUE(list.find("650103002")->channels.empty());  // completed in-app recipient
}

TEST(ChannelConfig, EveryBrokenFieldIsRefusedByPointer) {
  const std::pair<const char*, const char*> broken[] = {
      {R"({"kind": "pager", "url": "https://x/"})", "/channels/0/kind"},
      {R"({"url": "https://x/"})", "/channels/0/kind"},
      {R"({"kind": "wecom"})", "/channels/0/url"},
      {R"({"kind": "wecom", "url": "ftp://x/"})", "/channels/0/url"},
      {R"({"kind": "wecom", "url": "https://x/", "mobiles": ["12345"]})", "/channels/0/mobiles/0"},
      {R"({"kind": "wecom", "url": "https://x/", "format": "html"})", "/channels/0/format"},
      {R"({"kind": "wecom", "url": "https://x/", "format": "markdown", "mobiles": ["13800000001"]})", "/channels/0/mobiles"},
      {R"({"kind": "wecom", "url": "https://x/", "secret": "s"})", "/channels/0/secret"},
      {R"({"kind": "dingtalk", "url": "https://x/", "secret": "abc"})", "/channels/0/secret"},
      {R"({"kind": "webhook", "url": "https://x/", "secret": "hunter2"})", "/channels/0/secret"},
      {R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
           "template": "T1", "phones": ["13800000001"]})", "/channels/0/drill_template"},
      {R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
           "template": "T1", "drill_template": "T1", "phones": ["13800000001"]})", "/channels/0/drill_template"},
      {R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "【s】",
           "template": "T1", "drill_template": "T2", "phones": ["13800000001"]})", "/channels/0/sign_name"},
      {R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
           "template": "T1", "drill_template": "T2", "phones": ["13800000001"], "template_text": "预警 ${txt}"})",
       "/channels/0/template_text"},
      {R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
           "template": "T1", "drill_template": "T2", "phones": []})", "/channels/0/phones"},
      {R"({"kind": "sms", "url": "https://x/", "access_key_secret": "b", "sign_name": "s",
           "template": "T1", "drill_template": "T2", "phones": ["13800000001"]})", "/channels/0/access_key_id"},
      {R"({"kind": "mqtt", "url": "https://x/", "topic": "a/b"})", "/channels/0/url"},
      {R"({"kind": "mqtt", "url": "mqtt://h:1883", "topic": "a/#"})", "/channels/0/topic"},
      {R"({"kind": "mqtt", "url": "mqtt://h:1883", "topic": "a/b", "drill_topic": "a/b"})", "/channels/0/drill_topic"},
      {R"({"kind": "ebd", "url": "https://x/", "src_ebrid": "01x", "dest_ebrid": "02"})", "/channels/0/src_ebrid"},
      {R"({"kind": "ebd", "url": "https://x/", "src_ebrid": "01", "dest_ebrid": "02", "private_key": "/nonexistent.pem"})",
       "/channels/0/private_key"},
  };
  for (auto [entry, pointer] : broken) {
    const std::string doc = std::string(R"({"recipients": [{"code": "650103001", "drills": true, "channels": [)") + entry + "]}]}";
    try {
      broadcast::parseRecipients(doc, "r.json", committeeLayer(1));
      ADD_FAILURE() << "accepted: " << entry;
    } catch (const EocError& e) {
      EXPECT_NE(e.detail().find(std::string("r.json: /recipients/0") + pointer), std::string::npos)
          << entry << " -> " << e.detail();
    }
  }
}

TEST(ChannelConfig, AnSmsChannelOfANonDrillRecipientMayOmitTheDrillTemplate) {
  auto list = broadcast::parseRecipients(
      R"({"recipients": [{"code": "650103001", "drills": false, "channels": [
        {"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
         "template": "T1", "phones": ["13800000001"]}]}]})",
      "r.json", committeeLayer(1));
  EXPECT_TRUE(list.find("650103001")->channels[0].as<SmsChannel>().drillTemplateCode.empty());
}

TEST(ChannelConfig, TheSameDestinationTwiceIsRefused) {
  EXPECT_THROW(broadcast::parseRecipients(
                   R"({"recipients": [{"code": "650103001", "webhook": {"url": "https://h/x"},
                       "channels": [{"kind": "webhook", "url": "https://h/x"}]}]})",
                   "r.json", committeeLayer(1)),
               EocError);
  EXPECT_THROW(broadcast::parseRecipients(
                   R"({"recipients": [{"code": "650103001", "channels": [
                       {"kind": "feishu", "url": "https://h/x"}, {"kind": "feishu", "url": "https://h/x"}]}]})",
                   "r.json", committeeLayer(1)),
               EocError);
}

}  // namespace
}  // namespace eoc::testing::channels_config_test
