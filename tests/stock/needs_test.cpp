#include <gtest/gtest.h>

#include "core/error.hpp"
#include "stock/needs.hpp"
#include "stock/needs_text.hpp"
#include "support/stock_fixture.hpp"

namespace eoc::stock::needs_test {
namespace {

using testing::contextOn;
using testing::day;
using testing::move;

class Needs : public ::testing::Test {
 protected:
  ItemCatalogue catalogue = testing::waterRiceTentToiletSandbagCatalogue();
  Warehouses warehouses = testing::threeWarehousesNorthOfTheShelter();
  StockLevels levels{catalogue, warehouses};
  const MovementContext today = contextOn("2026-11-26");
  const teams::EtaModel model{};

  void receive(const char* warehouse, const char* item, long long quantity, const char* batch, const char* expires,
               const MovementContext& context) {
    MovementRequest r{.kind = MovementKind::Receive, .warehouse = warehouse, .item = item, .quantity = quantity, .batch = std::string(batch)};
    if (*expires) r.expires = day(expires);
    move(levels, r, context);
  }
  NeedsQuery query(long long people, int days) {
    return {people, days, {{"S01", "避难场所", testing::kShelter}}, today.today};
  }
  const ItemNeeds& row(const NeedsReport& report, const char* item) {
    for (const auto& r : report.items)
      if (catalogue.items()[r.item].id == item) return r;
    throw std::out_of_range(item);
  }
};

TEST_F(Needs, DaysOfSupplyAndShortfallByHand) {
  // 111,000 L of drinking water in two warehouses, plus 5,000 L that expired yesterday.
  receive("W1", "drinking_water", 80'000, "A", "2027-05-01", today);
  receive("W3", "drinking_water", 31'000, "B", "2027-02-01", today);
  receive("W2", "drinking_water", 5'000, "OLD", "2026-11-25", contextOn("2026-01-01", "m0"));
  receive("W2", "rice", 20'000, "R", "2027-09-01", today);
  receive("W1", "tent", 1'200, "T", "", today);

  const auto report = assessNeeds(levels, query(24'300, 3), model);
  ASSERT_EQ(report.items.size(), 4u);  // sandbags have no need

  // 24,300 people × 17.5 L ÷ 7 = 60,750 L a day; 3 days: 182,250 L.
  const auto& water = row(report, "drinking_water");
  EXPECT_DOUBLE_EQ(water.dailyNeed, 60'750);
  EXPECT_EQ(water.need, 182'250);
  EXPECT_EQ(water.onHand, 111'000);
  EXPECT_EQ(water.expired, 5'000);
  EXPECT_NEAR(*water.daysOfSupply, 111'000.0 / 60'750, 1e-12);  // 1.827…
  EXPECT_EQ(water.shortfall, 71'250);

  // 24,300 × 2.8 ÷ 7 = 9,720 kg a day (not 9,721: 0.4 is not exact in binary); 3 days 29,160.
  const auto& rice = row(report, "rice");
  EXPECT_EQ(rice.need, 29'160);
  EXPECT_NEAR(*rice.daysOfSupply, 20'000.0 / 9'720, 1e-12);
  EXPECT_EQ(rice.shortfall, 9'160);

  // Tents: 24,300 × 3.5 m² ÷ 12 m² = 7,087.5 → 7,088, whatever the days; 1,200 shelter 4,114 people.
  const auto& tent = row(report, "tent");
  EXPECT_EQ(tent.need, 7'088);
  EXPECT_FALSE(tent.daysOfSupply);
  EXPECT_EQ(*tent.peopleCovered, 4'114);
  EXPECT_EQ(tent.shortfall, 5'888);

  // Toilets: one per 20 → 1,215, none held.
  EXPECT_EQ(row(report, "toilet").need, 1'215);
  EXPECT_EQ(row(report, "toilet").shortfall, 1'215);

  EXPECT_EQ(needSentence(report, water, catalogue), "饮用水现有库存可供24,300名转移安置人员使用1.8天；按3天计缺71,250升。");
  EXPECT_EQ(needSentence(report, tent, catalogue), "救灾帐篷需7,088顶，现有库存1,200顶，缺5,888顶。");
  EXPECT_EQ(needSentence(report, row(report, "toilet"), catalogue),
            "移动厕所需1,215座，现有库存0座，缺1,215座。");
}

TEST_F(Needs, WarehousesAreDrawnFromNearestFirstByTheTeamsEtaUntilTheNeedIsMet) {
  receive("W1", "drinking_water", 1'000, "A", "2027-05-01", today);  // 3 hundredths north
  receive("W2", "drinking_water", 300, "B", "2027-05-01", today);    // 1 hundredth
  receive("W3", "drinking_water", 400, "C", "2027-05-01", today);    // 2 hundredths
  // 100 people × 2.5 L × 3 days = 750 L: W2 300, W3 400, W1 50.
  const auto report = assessNeeds(levels, query(100, 3), model);
  ASSERT_EQ(report.warehouses.size(), 3u);
  EXPECT_EQ(warehouses[report.warehouses[0].warehouse].id, "W2");
  EXPECT_EQ(warehouses[report.warehouses[1].warehouse].id, "W3");
  EXPECT_EQ(warehouses[report.warehouses[2].warehouse].id, "W1");
  // Same model as the teams: 300 s + 1,111.9508 m × 1.35 ÷ (30 km/h).
  EXPECT_NEAR(report.warehouses[0].eta->seconds, 300 + testing::kHundredthDegreeMeters * 1.35 / (30000.0 / 3600), 0.05);
  EXPECT_EQ(report.warehouses[0].destination, "S01");
  EXPECT_EQ(report.etaMethod, "turnout 5 min + haversine × 1.35 ÷ 30 km/h");
  const auto& water = row(report, "drinking_water");
  ASSERT_EQ(water.drawFrom.size(), 3u);
  EXPECT_EQ(water.drawFrom[0].take, 300);
  EXPECT_EQ(water.drawFrom[1].take, 400);
  EXPECT_EQ(water.drawFrom[2].take, 50);
  EXPECT_EQ(water.drawFrom[2].usable, 1'000);
  EXPECT_EQ(water.shortfall, 0);
  EXPECT_EQ(needSentence(report, water, catalogue), "饮用水现有库存可供100名转移安置人员使用6.8天，满足3天需要。");
}

TEST_F(Needs, EachWarehouseIsRankedByItsNearestShelter) {
  NeedsQuery q = query(10, 1);
  // A second shelter right next to W1 (3 hundredths north): W1 becomes the nearest.
  q.destinations.push_back({"S02", "北边的避难场所", testing::northOfShelter(3.1)});
  const auto report = assessNeeds(levels, q, model);
  EXPECT_EQ(warehouses[report.warehouses[0].warehouse].id, "W1");
  EXPECT_EQ(report.warehouses[0].destination, "S02");
  EXPECT_NEAR(report.warehouses[0].eta->straightMeters, 0.1 * testing::kHundredthDegreeMeters, 0.01);
}

TEST_F(Needs, WithoutSheltersWarehousesKeepLayerOrderAndNoEta) {
  const auto report = assessNeeds(levels, {50, 2, {}, today.today}, model);
  EXPECT_EQ(report.warehouses[0].warehouse, 0u);
  EXPECT_FALSE(report.warehouses[0].eta);
}

TEST_F(Needs, NoPeopleNeedNothingAndNonsenseIsRefused) {
  const auto report = assessNeeds(levels, query(0, 3), model);
  EXPECT_EQ(row(report, "drinking_water").need, 0);
  EXPECT_FALSE(row(report, "drinking_water").daysOfSupply);
  EXPECT_EQ(needSentence(report, row(report, "drinking_water"), catalogue), "饮用水：无需转移安置人员，暂无需求。");
  try {
    assessNeeds(levels, query(10, 0), model);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidParameter);
    EXPECT_EQ(e.detail(), "days: expected a whole number of days from 1 to 365");
  }
  EXPECT_THROW(assessNeeds(levels, query(-1, 3), model), EocError);
}

TEST_F(Needs, SentencesPutWhatIsShortFirst) {
  receive("W1", "drinking_water", 1'000'000, "A", "2027-05-01", today);
  const auto report = assessNeeds(levels, query(1'000, 3), model);
  const auto sentences = needSentences(report, catalogue);
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[0], "大米现有库存为零，1,000名转移安置人员每天需400千克；按3天计缺1,200千克。");
  EXPECT_EQ(sentences[3], "饮用水现有库存可供1,000名转移安置人员使用400.0天，满足3天需要。");
}

TEST_F(Needs, ASupplyOfLessThanATenthOfADayIsSaidSoNotZeroDays) {
  // 100,000 people drink 250,000 L a day; 20,000 L last 0.08 days: some, but not a tenth.
  receive("W1", "drinking_water", 20'000, "A", "2027-05-01", today);
  const auto report = assessNeeds(levels, query(100'000, 3), model);
  EXPECT_EQ(needSentence(report, row(report, "drinking_water"), catalogue),
            "饮用水现有库存可供100,000名转移安置人员使用不足0.1天；按3天计缺730,000升。");
}

}  // namespace
}  // namespace eoc::stock::needs_test
