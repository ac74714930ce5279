// Renderers on their own: UTF-8 limits, the SMS character budget, the signatures against the
// vendors' published example, drill marking and refusal, the SmsReport parser.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "broadcast/channels/digest.hpp"
#include "broadcast/channels/ebd_package.hpp"
#include "broadcast/channels/render.hpp"
#include "broadcast/channels/sms_report.hpp"
#include "broadcast/channels/text.hpp"
#include "core/error.hpp"
#include "ebd_fake.hpp"
#include "support/channel_env.hpp"

namespace eoc::testing::channels_render_test {
namespace {

using namespace broadcast::channels;
using json = nlohmann::json;

bool validUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string longChinese(size_t chars) {
  std::string out;
  const char* words[] = {"暴", "雨", "橙", "色", "预", "警", "，", "请", "注", "意", "防", "范"};
  for (size_t i = 0; i < chars; ++i) out += words[i % 12];
  return out;
}

TEST(Utf8, CutsNeverSplitACharacter) {
  const std::string text = longChinese(100);  // 300 bytes
  for (size_t limit = 0; limit < 40; ++limit) {
    auto cut = fitBytes(text, limit);
    EXPECT_LE(cut.size(), limit);
    EXPECT_TRUE(validUtf8(cut)) << limit;
  }
  EXPECT_EQ(utf8Chars("【演练】abc"), 7u);
  EXPECT_EQ(fitChars("一二三四五", 3), "一二…");
  EXPECT_EQ(fitChars("一二三", 3), "一二三");
  auto composed = composeWithin("标题\n", longChinese(2000), "\n确认收到：https://eoc.example/a/T", 2048);
  EXPECT_LE(composed.size(), 2048u);
  EXPECT_TRUE(validUtf8(composed));
  EXPECT_NE(composed.find("确认收到：https://eoc.example/a/T"), std::string::npos);  // the link survives the cut
}

TEST(AliyunSignature, ReproducesThePublishedExample) {
  // help.aliyun.com 签名机制 example: DescribeRegions, AccessKey testid / testsecret.
  std::vector<std::pair<std::string, std::string>> params = {
      {"TimeStamp", "2016-02-23T12:46:24Z"},  {"Format", "XML"},
      {"AccessKeyId", "testid"},              {"Action", "DescribeRegions"},
      {"SignatureMethod", "HMAC-SHA1"},       {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
      {"Version", "2014-05-26"},              {"SignatureVersion", "1.0"}};
  EXPECT_EQ(aliyunRpcSignature("GET", params, "testsecret"), "CT9X0VtwR86fNWSnsc6v8YGOjuE=");
}

TEST(ChatSignatures, DependOnTimestampAndSecretOnly) {
  const auto a = dingTalkSign("1783839600000", "SECabc");
  EXPECT_EQ(a, dingTalkSign("1783839600000", "SECabc"));
  EXPECT_NE(a, dingTalkSign("1783839600001", "SECabc"));
  EXPECT_NE(a, dingTalkSign("1783839600000", "SECabd"));
  EXPECT_EQ(a.size(), 44u);  // base64 of 32 bytes
  EXPECT_NE(feishuSign("1783839600", "s"), feishuSign("1783839601", "s"));
}

TEST(SmsText, FitsSeventyCharactersWithTheSignatureAndKeepsTheLink) {
  auto channel = channelFrom(R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b",
      "sign_name": "沙依巴克区应急管理局", "template": "SMS_1", "drill_template": "SMS_2", "phones": ["13800000001"],
      "template_text": "${text} 确认：${link}"})");
  auto m = rainstormWarning();
  m.ackUrl = "https://e.cn/a/Tk";
  m.smsText = longChinese(120);
  auto sms = smsText(channel.as<SmsChannel>(), m);
  EXPECT_LE(sms.chars, 70u);
  EXPECT_EQ(sms.parts, 1u);
  EXPECT_EQ(sms.fullText.rfind("【沙依巴克区应急管理局】", 0), 0u);
  EXPECT_NE(sms.fullText.find("https://e.cn/a/Tk"), std::string::npos);
  auto param = json::parse(sms.templateParam);
  EXPECT_EQ(param.size(), 2u);
  EXPECT_EQ(param["link"], "https://e.cn/a/Tk");
  EXPECT_EQ(sms.templateCode, "SMS_1");

  // A drill: the drill template, 【演练】 first in the text variable.
  auto drill = smsText(channel.as<SmsChannel>(), drillOf(m));
  EXPECT_EQ(drill.templateCode, "SMS_2");
  EXPECT_EQ(json::parse(drill.templateParam)["text"].get<std::string>().rfind("【演练】", 0), 0u);
  EXPECT_LE(drill.chars, 70u);

  // A long link leaves no room: the message runs to two parts (billed per 67) rather than lose the text.
  m.ackUrl = "https://eoc.shayibake.gov.cn/a/" + std::string(43, 'x');
  auto longer = smsText(channel.as<SmsChannel>(), m);
  EXPECT_GT(longer.chars, 70u);
  EXPECT_LE(longer.chars, 134u);
  EXPECT_EQ(longer.parts, (longer.chars + 66) / 67);
}

TEST(Render, EveryTextOfADrillBeginsWithTheMarkAndLiveTextsNever) {
  TempDir dir;
  const char* entries[] = {
      R"({"kind": "wecom", "url": "https://x/w"})",
      R"({"kind": "wecom", "url": "https://x/m", "format": "markdown"})",
      R"({"kind": "dingtalk", "url": "https://x/d?access_token=T", "secret": "SECx"})",
      R"({"kind": "feishu", "url": "https://x/f", "secret": "s"})",
  };
  for (const char* entry : entries) {
    auto channel = channelFrom(entry);
    for (bool drill : {false, true}) {
      auto m = drill ? drillOf(rainstormWarning()) : rainstormWarning();
      auto rendered = render(channel, m, true, {});
      auto body = json::parse(std::get<net::Request>(rendered.out).body);
      std::vector<std::string> texts;
      if (body.contains("text")) texts.push_back(body["text"]["content"]);
      if (body.contains("markdown") && body["markdown"].contains("content")) texts.push_back(body["markdown"]["content"]);
      if (body.contains("markdown") && body["markdown"].contains("title")) {
        texts.push_back(body["markdown"]["title"]);
        texts.push_back(body["markdown"]["text"]);
      }
      if (body.contains("card")) {
        texts.push_back(body["card"]["header"]["title"]["content"]);
        texts.push_back(body["card"]["elements"][0]["text"]["content"]);
      }
      ASSERT_FALSE(texts.empty()) << entry;
      for (const auto& t : texts) EXPECT_EQ(t.rfind("【演练】", 0) == 0, drill) << entry << ": " << t;
    }
  }
}

TEST(Render, ADrillIsRefusedForARecipientNotInDrillsOnEveryKind) {
  const char* entries[] = {
      R"({"kind": "webhook", "url": "https://x/h"})",
      R"({"kind": "wecom", "url": "https://x/w"})",
      R"({"kind": "dingtalk", "url": "https://x/d"})",
      R"({"kind": "feishu", "url": "https://x/f"})",
      R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b", "sign_name": "s",
          "template": "T1", "drill_template": "T2", "phones": ["13800000001"]})",
      R"({"kind": "mqtt", "url": "mqtt://127.0.0.1:1", "topic": "t"})",
      R"({"kind": "ebd", "url": "https://x/e", "src_ebrid": "01", "dest_ebrid": "02"})",
  };
  for (const char* entry : entries) {
    auto channel = channelFrom(entry);
    EXPECT_THROW(render(channel, drillOf(rainstormWarning()), false, {}), RenderRefused) << entry;
    EXPECT_NO_THROW(render(channel, rainstormWarning(), false, {})) << entry;
    EXPECT_NO_THROW(render(channel, drillOf(rainstormWarning()), true, {})) << entry;
  }
  // An SMS channel without a drill template never carries a drill, whatever the recipient says.
  auto live = channelFrom(R"({"kind": "sms", "url": "https://x/", "access_key_id": "a", "access_key_secret": "b",
      "sign_name": "s", "template": "T1", "phones": ["13800000001"]})", false);
  EXPECT_THROW(render(live, drillOf(rainstormWarning()), true, {}), RenderRefused);
}

TEST(Render, MqttDrillsGoToTheirOwnTopicSoTheRetainedLiveWarningStays) {
  auto channel = channelFrom(R"({"kind": "mqtt", "url": "mqtt://127.0.0.1:1883", "topic": "eoc/650103/650103001/warnings"})");
  auto live = std::get<MqttPublish>(render(channel, rainstormWarning(), true, {}).out);
  auto drill = std::get<MqttPublish>(render(channel, drillOf(rainstormWarning()), true, {}).out);
  EXPECT_EQ(live.topic, "eoc/650103/650103001/warnings");
  EXPECT_EQ(drill.topic, "eoc/650103/650103001/warnings/exercise");
  EXPECT_TRUE(live.retain);
  EXPECT_EQ(live.qos, 1);
  EXPECT_EQ(live.payload, rainstormWarning().capXml);
}

TEST(Digest, ListsEveryWarningWithItsOwnLinkWithinTheByteLimit) {
  std::vector<ChannelMessage> parts;
  for (int i = 0; i < 10; ++i) {
    auto m = rainstormWarning("d-" + std::to_string(i));
    m.headline = longChinese(400);
    m.ackUrl = "https://eoc.example/a/token" + std::to_string(i);
    parts.push_back(m);
  }
  parts[3].level = "red";
  auto digest = digestOf(parts);
  EXPECT_EQ(digest.level, "red");
  auto channel = channelFrom(R"({"kind": "wecom", "url": "https://x/w"})");
  auto content = json::parse(std::get<net::Request>(render(channel, digest, true, {}).out).body)["text"]["content"].get<std::string>();
  EXPECT_LE(content.size(), kWeComTextBytes);
  EXPECT_TRUE(validUtf8(content));
  for (int i = 0; i < 10; ++i) EXPECT_NE(content.find("https://eoc.example/a/token" + std::to_string(i)), std::string::npos) << i;
  parts[5] = drillOf(parts[5]);
  EXPECT_THROW(digestOf(parts), std::invalid_argument);  // never mix drill and live
}

TEST(EbdPackage, CarriesTheEbmAndASignatureThatVerifies) {
  TempDir dir;
  auto keys = fakes::makeSm2KeyPair();
  const auto keyFile = dir.path() / "sm2.pem";
  { std::ofstream(keyFile) << keys.first; }
  EbdChannel c{"https://x/ebd", "010365010300000001", "010265010000000001", keyFile.string(), "000000003363", "000000000075"};
  auto m = rainstormWarning();
  m.areaCodes = {"650103001", "650103002"};
  auto p = buildEbdPackage(c, m, m.sent);
  EXPECT_EQ(p.ebdId.size(), 2u + 18u + 16u);
  EXPECT_EQ(p.ebdId.rfind("01010365010300000001", 0), 0u);
  EXPECT_NE(p.ebdXml.find("<EBDType>EBM</EBDType>"), std::string::npos);
  EXPECT_NE(p.ebdXml.find("<Severity>2</Severity>"), std::string::npos);  // orange
  EXPECT_NE(p.ebdXml.find("<AreaCode>650103001000,650103002000</AreaCode>"), std::string::npos);
  EXPECT_NE(p.ebdXml.find("<EventType>11B03</EventType>"), std::string::npos);
  EXPECT_NE(p.signatureXml.find("<SignatureAlgorithm>SM2</SignatureAlgorithm>"), std::string::npos);
  EXPECT_EQ(p.tar.size() % 512, 0u);
  EXPECT_EQ(p.tar.substr(0, 5), "EBDB_");
  EXPECT_EQ(buildEbdPackage(c, m, m.sent).ebdId, p.ebdId);  // the same delivery, the same package id
}

TEST(SmsReport, ParsesTheDocumentedPushAndNamesWhatIsWrong) {
  auto receipts = parseSmsReport(R"([{"phone_number": "13800000001", "send_time": "2017-01-01 00:00:00",
      "report_time": "2017-01-01 00:00:00", "success": true, "err_code": "DELIVERED", "err_msg": "用户接收成功",
      "sms_size": "1", "biz_id": "12345", "out_id": "d-0001"},
     {"phone_number": "13800000002", "success": false, "err_code": "MK:0001", "sms_size": "2", "biz_id": "12346", "out_id": "d-0002"}])");
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_TRUE(receipts[0].success);
  EXPECT_EQ(receipts[0].outId, "d-0001");
  EXPECT_EQ(receipts[0].bizId, "12345");
  EXPECT_FALSE(receipts[1].success);
  EXPECT_EQ(receipts[1].errCode, "MK:0001");
  EXPECT_EQ(receipts[1].smsSize, 2);
  EXPECT_EQ(json::parse(smsReportAnswer())["code"], 0);
  const std::pair<const char*, const char*> broken[] = {
      {"{}", "SmsReport : expected a JSON array"},
      {"[1]", "SmsReport /0: expected an object"},
      {R"([{"success": true}])", "SmsReport /0/phone_number"},
      {R"([{"phone_number": "1", "success": "yes"}])", "SmsReport /0/success"},
      {"not json", "not valid JSON"},
  };
  for (auto [body, expected] : broken) {
    try {
      parseSmsReport(body);
      ADD_FAILURE() << body;
    } catch (const EocError& e) {
      EXPECT_NE(e.detail().find(expected), std::string::npos) << e.detail();
    }
  }
}

}  // namespace
}  // namespace eoc::testing::channels_render_test
