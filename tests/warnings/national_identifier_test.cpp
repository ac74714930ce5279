// The national warning identifier ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N: upstream ones are read and kept,
// eoc's own keep the form.
#include "warnings/national_identifier.hpp"

#include <gtest/gtest.h>

#include <set>

#include "warnings/support/warning_world.hpp"
#include "warnings/warning_json.hpp"

namespace eoc::warnings::national_identifier_test {
namespace {

using testing::at;

TEST(NationalIdentifier, TheFullFormIsReadIntoItsParts) {
  auto n = parseNationalIdentifier("65010041600000_20260712140000_3");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->areaCode, "650100");
  EXPECT_EQ(n->department, "416");
  EXPECT_EQ(n->unit, "000");
  EXPECT_EQ(n->extension, "00");
  EXPECT_EQ(n->unitCode(), "65010041600000");
  EXPECT_EQ(n->recordedAt, at("2026-07-12T14:00:00+08:00"));
  EXPECT_EQ(n->sequence, 3);
  EXPECT_TRUE(isStrictNationalIdentifier("65010041600000_20260712140000_3"));
}

TEST(NationalIdentifier, ShapesSeenAndShapesRefused) {
  struct Case {
    const char* identifier;
    bool national, strict;
    const char* why;
  };
  const std::vector<Case> table{
      {"65010300000000_20260712150000_0", true, true, "eoc's own, first of its second"},
      {"13013241600000_20260826160913", true, false, "CMA's CAP leaves out _N (seevee/cap_alerts test data)"},
      {"52272741600000_20260804103516", true, false, "cn-cma-xx RSS guid shape"},
      {"65010300000000_20260712150000_10", false, false, "N is one digit"},
      {"65010300000000_20260712150000_", false, false, "separator without N"},
      {"6501030000000_20260712150000_1", false, false, "13-digit unit code"},
      {"65010300000000-20260712150000_1", false, false, "wrong separator"},
      {"65010300000000_20261312150000_1", false, false, "month 13"},
      {"65010300000000_20260431150000_1", false, false, "31 April"},
      {"65010300000000_20260712240000_1", false, false, "hour 24"},
      {"urn:oid:2.49.0.1.156.0.2026.1", false, false, "a WMO-style identifier"},
      {"", false, false, "empty"},
  };
  for (const auto& c : table) {
    EXPECT_EQ(parseNationalIdentifier(c.identifier).has_value(), c.national) << c.identifier << " — " << c.why;
    EXPECT_EQ(isStrictNationalIdentifier(c.identifier), c.strict) << c.identifier << " — " << c.why;
  }
}

TEST(NationalIdentifier, EocsOwnIdentifiersKeepTheFullFormEvenTwelveToASecond) {
  testing::Desk desk;
  const TimePoint second = at("2026-07-12T15:00:00+08:00");
  std::set<std::string> seen;
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(desk.ids.next(second));
  for (const auto& id : ids) {
    EXPECT_TRUE(isStrictNationalIdentifier(id)) << id;
    EXPECT_TRUE(seen.insert(id).second) << "reused " << id;
    EXPECT_EQ(id.substr(0, 14), desk.ids.unitCode());
  }
  EXPECT_EQ(ids[0], "65010300000000_20260712150000_0");
  EXPECT_EQ(ids[9], "65010300000000_20260712150000_9");
  // The eleventh in the same second takes the next second's first identifier, never "_10".
  EXPECT_EQ(ids[10], "65010300000000_20260712150001_0");
  EXPECT_EQ(ids[11], "65010300000000_20260712150001_1");
  // The next real second continues after what was borrowed.
  EXPECT_EQ(desk.ids.next(second + std::chrono::seconds(1)), "65010300000000_20260712150001_2");
  EXPECT_EQ(desk.ids.next(second + std::chrono::seconds(2)), "65010300000000_20260712150002_0");
}

TEST(NationalIdentifier, IssuedMessagesCarryStrictIdentifiers) {
  testing::Desk desk;
  Warning w = desk.issued();
  desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.approver, at("2026-07-12T16:00:00+08:00"));
  desk.lifecycle.cancel(w, "", true, desk.otherOfficer, at("2026-07-12T16:00:00+08:00"));
  ASSERT_EQ(w.messages.size(), 3u);
  for (const auto& m : w.messages) {
    auto n = parseNationalIdentifier(m.identifier);
    ASSERT_TRUE(n && n->sequence) << m.identifier;
    EXPECT_EQ(n->areaCode, "650103");
    EXPECT_EQ(n->recordedAt, m.sent);  // one message a second here: the identifier's time is sent
  }
}

TEST(NationalIdentifier, ARelayWarningShowsItsUpstreamReferenceWithTheNationalIdentifierReadOut) {
  testing::Desk desk;
  Warning w = desk.draft();
  w.source = "wlmqqxt,65010041600000_20260712140000_3,2026-07-12T14:00:00+08:00";
  const auto shown = toJson(w);
  ASSERT_TRUE(shown.contains("upstream"));
  EXPECT_EQ(shown["upstream"]["sender"], "wlmqqxt");
  EXPECT_EQ(shown["upstream"]["identifier"], "65010041600000_20260712140000_3");
  EXPECT_EQ(shown["upstream"]["sent"], "2026-07-12T14:00:00+08:00");
  EXPECT_EQ(shown["upstream"]["national"]["area_code"], "650100");
  EXPECT_EQ(shown["upstream"]["national"]["unit_code"], "65010041600000");
  EXPECT_EQ(shown["upstream"]["national"]["recorded_at"], "2026-07-12T14:00:00+08:00");
  EXPECT_EQ(shown["upstream"]["national"]["sequence"], 3);
  EXPECT_EQ(warningFromJson(shown).source, w.source);  // derived, never read back

  w.source = "cma,13013241600000_20260826160913,2026-08-26T16:09:13+08:00";
  EXPECT_TRUE(toJson(w)["upstream"]["national"]["sequence"].is_null());
  w.source = "noaa,urn:oid:2.49.0.1.840.0.abc,2026-08-26T16:09:13-05:00";
  EXPECT_TRUE(toJson(w)["upstream"]["national"].is_null());
  EXPECT_EQ(toJson(w)["upstream"]["identifier"], "urn:oid:2.49.0.1.840.0.abc");
  w.source.reset();
  EXPECT_FALSE(toJson(w).contains("upstream"));
}

}  // namespace
}  // namespace eoc::warnings::national_identifier_test
