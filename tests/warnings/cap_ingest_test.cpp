#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "warnings/cap_reader.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings;
using namespace eoc::warnings::testing;

namespace {

// The refusal a fixture produces; "accepted" when there is none.
std::string refusal(const std::string& fixtureName) {
  try {
    readIngestCap(fixture(fixtureName), shippedCatalogue());
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidCap) << fixtureName;
    return e.detail();
  }
  return "accepted";
}

}  // namespace

TEST(CapIngest, AnObservatoryAlertMapsToTheSignalTypeAndColour) {
  auto in = readIngestCap(fixture("observatory-rainstorm-orange-alert.xml"), shippedCatalogue());
  EXPECT_EQ(in.alert.identifier, "65010000000000_20260712140000_3");
  EXPECT_EQ(in.type, "rainstorm");
  EXPECT_EQ(in.level, "orange");
  EXPECT_EQ(in.expires, at("2026-07-12T21:00:00+08:00"));
  ASSERT_EQ(in.polygons.size(), 1u);
  EXPECT_DOUBLE_EQ(in.polygons[0].outer()[0].x(), 87.55);  // lat,lon in CAP → lon,lat inside
  EXPECT_EQ(in.geocodes, std::vector<std::string>{"650103"});
  EXPECT_EQ(in.triple(), "wlmqqxt,65010000000000_20260712140000_3,2026-07-12T14:00:00+08:00");
}

TEST(CapIngest, UpstreamUpdateAndCancelNameTheMessagesTheyReplace) {
  auto update = readIngestCap(fixture("observatory-rainstorm-red-update.xml"), shippedCatalogue());
  EXPECT_EQ(update.alert.msgType, "Update");
  EXPECT_EQ(update.level, "red");
  ASSERT_EQ(update.references.size(), 1u);
  EXPECT_EQ(update.references[0].identifier, "65010000000000_20260712140000_3");
  auto cancel = readIngestCap(fixture("observatory-rainstorm-cancel.xml"), shippedCatalogue());
  EXPECT_EQ(cancel.alert.msgType, "Cancel");
  EXPECT_EQ(cancel.references.at(0).sent, "2026-07-12T14:00:00+08:00");
}

TEST(CapIngest, AnAckTellsWhichMessageIsAcknowledged) {
  auto ack = readIngestCap(fixture("committee-ack.xml"), shippedCatalogue());
  EXPECT_EQ(ack.alert.msgType, "Ack");
  EXPECT_FALSE(ack.type);
  ASSERT_EQ(ack.references.size(), 1u);
  EXPECT_EQ(ack.references[0].sender, "eoc.650103");
  EXPECT_EQ(ack.references[0].identifier, "65010300000000_20260712150000_1");
}

TEST(CapIngest, EventNamesMapByLongestMatchSoSandstormIsNotDust) {
  std::string xml = fixture("observatory-rainstorm-orange-alert.xml");
  xml.replace(xml.find("<event>暴雨</event>"), std::string("<event>暴雨</event>").size(), "<event>强沙尘暴</event>");
  xml.replace(xml.find("<value>11B03</value>"), std::string("<value>11B03</value>").size(), "<value>none</value>");
  auto in = readIngestCap(xml, shippedCatalogue());
  EXPECT_EQ(in.type, "sandstorm");
}

TEST(CapIngest, HostileAndBrokenMessagesAreRefusedWithAClearReason) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"hostile-billion-laughs.xml", "DTD"},
      {"hostile-external-entity-passwd.xml", "DTD"},
      {"hostile-doctype-external-dtd.xml", "DTD"},
      {"malformed-unclosed-info.xml", "not well-formed"},
      {"wrong-namespace-cap-1.1.xml", "namespace"},
      {"missing-identifier.xml", "identifier"},
      {"z-time-sent.xml", "uses Z"},
      {"open-polygon.xml", "not closed"},
      {"update-without-references.xml", "references"},
      {"hail-blue-nonexistent-level.xml", "no 蓝色"},
  };
  for (auto& [name, reason] : cases) {
    auto detail = refusal(name);
    EXPECT_NE(detail.find(reason), std::string::npos) << name << ": " << detail;
    EXPECT_EQ(detail.find("root:x:0:0"), std::string::npos) << name;  // /etc/passwd never read
  }
}

TEST(CapIngest, EntitiesHiddenBehindAnotherEncodingDeclarationAreStillRefused) {
  std::string xml = fixture("hostile-external-entity-passwd.xml");
  xml.replace(xml.find("UTF-8"), 5, "UTF-16");
  EXPECT_THROW(readIngestCap(xml, shippedCatalogue()), EocError);
  std::string utf16("<\0?\0x\0m\0l\0", 10);
  EXPECT_THROW(readIngestCap(utf16, shippedCatalogue()), EocError);
}

TEST(CapIngest, OversizedMessagesAreRefusedBeforeParsing) {
  CapProfile small{false, 100};
  try {
    readIngestCap(fixture("observatory-rainstorm-orange-alert.xml"), shippedCatalogue(), small);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  }
}

TEST(CapIngest, TheOasisExampleIsValidCapButNotOurProfile) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/src/warnings/schema/oasis-example-amber.xml");
  std::string xml((std::istreambuf_iterator<char>(in)), {});
  auto violations = validateCapXml(xml, CapProfile{false});
  ASSERT_FALSE(violations.empty());
  for (auto& v : violations) EXPECT_EQ(v.find("schema"), std::string::npos) << v;  // only profile rules
  EXPECT_NE(violations[0].find("zh-CN"), std::string::npos) << violations[0];
}
