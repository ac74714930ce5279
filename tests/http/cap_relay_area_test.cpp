// POST /cap/ingest with the area as the observatory and the national release system (12379)
// write it: GB/T 2260 codes of the district or above, of a street or a community, or of another
// district; and the upstream's national identifier kept on the relay draft.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::cap_relay_area_test {
namespace {

using nlohmann::json;

std::string observatoryAlert(const std::string& identifier, const std::string& area) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/tests/warnings/fixtures/observatory-rainstorm-orange-alert.xml");
  std::stringstream s;
  s << in.rdbuf();
  std::string xml = s.str();
  const std::string original = "65010000000000_20260712140000_3";
  xml.replace(xml.find(original), original.size(), identifier);
  const auto begin = xml.find("<area>"), end = xml.find("</area>") + std::string("</area>").size();
  return xml.replace(begin, end - begin, area);
}

std::string geocodes(const std::string& valueName, const std::vector<std::string>& codes) {
  std::string area = "<area><areaDesc>乌鲁木齐市</areaDesc>";
  for (const auto& code : codes)
    area += "<geocode><valueName>" + valueName + "</valueName><value>" + code + "</value></geocode>";
  return area + "</area>";
}

struct Desk {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parseIso8601("2026-07-12T14:05:00+08:00"));
  TestServer server{TestServer::defaultConfig(), clock};
  std::string feed = server.token(Role::Admin, "", "市气象台接口");
  std::string officer = server.token(Role::DutyOfficer, "", "王敏");

  json ingest(const std::string& xml, int& status) {
    auto res = server.client().Post("/cap/ingest", {{"Authorization", "Bearer " + feed}}, xml, "application/cap+xml");
    status = res ? res->status : 0;
    return res ? json::parse(res->body, nullptr, false) : json();
  }
  json get(const std::string& path) {
    auto res = server.client().Get(path, {{"Authorization", "Bearer " + officer}});
    return res ? json::parse(res->body, nullptr, false) : json();
  }
  std::vector<std::string> layer(const std::string& id) {
    std::vector<std::string> ids;
    const json items = get("/collections/" + id + "/items?limit=1000");
    for (const auto& f : items["features"]) ids.push_back(f["id"]);
    return ids;
  }
  std::vector<std::string> committeesOf(const json& ingested) {
    return get("/warnings/" + ingested["warning_id"].get<std::string>())["area"]["committees"];
  }
};

TEST(CapRelayArea, ACityWideAlertBecomesOneRelayDraftForEveryCommitteeWithItsNationalIdentifierKept) {
  Desk desk;
  int status = 0;
  auto r = desk.ingest(observatoryAlert("65010041600000_20260712140000_0", geocodes("GB/T 2260", {"650100"})), status);
  ASSERT_EQ(status, 201) << r.dump();
  EXPECT_EQ(r["outcome"], "drafted");
  const auto committees = desk.layer("committees");
  ASSERT_EQ(committees.size(), 18u);
  EXPECT_EQ(desk.committeesOf(r), committees);
  EXPECT_EQ(desk.get("/warnings")["count"], 1);

  auto w = desk.get("/warnings/" + r["warning_id"].get<std::string>());
  EXPECT_EQ(w["state"], "draft");
  EXPECT_EQ(w["source"], "wlmqqxt,65010041600000_20260712140000_0,2026-07-12T14:00:00+08:00");
  EXPECT_EQ(w["upstream"]["identifier"], "65010041600000_20260712140000_0");
  EXPECT_EQ(w["upstream"]["sender"], "wlmqqxt");
  EXPECT_EQ(w["upstream"]["national"]["area_code"], "650100");
  EXPECT_EQ(w["upstream"]["national"]["unit_code"], "65010041600000");
  EXPECT_EQ(w["upstream"]["national"]["sequence"], 0);
}

TEST(CapRelayArea, TheDistrictAndItsProvinceAlsoReachEveryCommittee) {
  Desk desk;
  const auto committees = desk.layer("committees");
  int n = 0;
  for (const auto& [valueName, code] : std::vector<std::pair<std::string, std::string>>{
           {"GB/T 2260", "650103"}, {"GB/T 2260", "650000"}, {"CPEAS Geographic Code", "650100000000"}}) {
    int status = 0;
    auto r = desk.ingest(
        observatoryAlert("6501004160000" + std::to_string(n++) + "_20260712140000_0", geocodes(valueName, {code})),
        status);
    ASSERT_EQ(status, 201) << code << ": " << r.dump();
    EXPECT_EQ(desk.committeesOf(r), committees) << code;
  }
}

TEST(CapRelayArea, AnotherDistrictAloneIsRefusedNamingTheCodeAndNothingIsStored) {
  Desk desk;
  int status = 0;
  auto r = desk.ingest(observatoryAlert("65010441600000_20260712140000_0", geocodes("GB/T 2260", {"650104"})), status);
  EXPECT_EQ(status, 400) << r.dump();
  EXPECT_EQ(r["code"], "OutsideDistrict");
  EXPECT_NE(r["detail"].get<std::string>().find("geocode 650104 is outside district 650103"), std::string::npos)
      << r["detail"];
  EXPECT_EQ(desk.get("/warnings")["count"], 0);
}

TEST(CapRelayArea, StreetsAndCommunitiesReachTheirCommitteeAndAMixedListKeepsOurs) {
  Desk desk;
  const auto communities = desk.get("/collections/communities/items?limit=1");
  const std::string community = communities["features"][0]["id"];
  const std::string itsCommittee = communities["features"][0]["properties"]["committee"];
  struct Case {
    std::string valueName;
    std::vector<std::string> codes;
    std::vector<std::string> committees;
  };
  const std::vector<Case> table{
      {"GB/T 2260", {"650104", "650103004"}, {"650103004"}},
      {"CPEAS Geographic Code", {"650103004000"}, {"650103004"}},
      {"GB/T 2260", {community}, {itsCommittee}},
  };
  int n = 0;
  for (const auto& c : table) {
    int status = 0;
    auto r = desk.ingest(
        observatoryAlert("6501004160000" + std::to_string(n++) + "_20260712140000_1", geocodes(c.valueName, c.codes)),
        status);
    ASSERT_EQ(status, 201) << r.dump();
    EXPECT_EQ(desk.committeesOf(r), c.committees) << c.codes.front();
  }
}

}  // namespace
}  // namespace eoc::testing::cap_relay_area_test
