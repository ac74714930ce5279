#include "support/stock_fixture.hpp"

#include <stdexcept>

namespace eoc::stock::testing {

using nlohmann::json;

json waterRiceTentToiletSandbagCatalogueJson() {
  return json::parse(R"({
    "schema": "eoc.relief-items/1",
    "categories": ["生活救助类", "防汛抗旱类"],
    "stocktake_columns": {"warehouse": ["仓库"], "item": ["物资", "物资名称"], "batch": ["批次"],
                          "expires": ["有效期"], "counted": ["实盘数量", "数量"], "note": ["备注"]},
    "sources": [{"id": "inasafe", "title": "InaSAFE minimum needs", "figures": "per week"},
                {"id": "sphere", "title": "Sphere", "figures": "3.5 m² a person"}],
    "items": [
      {"id": "drinking_water", "name": "饮用水", "unit": "升", "category": "生活救助类",
       "need": {"per_person_per_week": 17.5}, "shelf_life_days": 365, "minimum": {"W1": 1000}, "sources": ["inasafe"]},
      {"id": "rice", "name": "大米", "unit": "千克", "category": "生活救助类",
       "need": {"per_person_per_week": 2.8}, "shelf_life_days": 365, "minimum": {}, "sources": ["inasafe"]},
      {"id": "tent", "name": "救灾帐篷", "unit": "顶", "category": "生活救助类",
       "need": {"one_per_people": {"unit_area_m2": 12, "area_m2_per_person": 3.5}}, "minimum": {"W1": 50, "W2": 10},
       "sources": ["sphere"]},
      {"id": "toilet", "name": "移动厕所", "unit": "座", "category": "生活救助类",
       "need": {"one_per_people": 20}, "minimum": {}, "sources": ["inasafe"]},
      {"id": "sandbag", "name": "沙袋", "unit": "条", "category": "防汛抗旱类", "minimum": {"W3": 500}, "sources": ["inasafe"]}
    ]})");
}

ItemCatalogue waterRiceTentToiletSandbagCatalogue() {
  return ItemCatalogue::fromJson(waterRiceTentToiletSandbagCatalogueJson(), {"W1", "W2", "W3"}, "test-items.json");
}

Warehouses threeWarehousesNorthOfTheShelter() {
  return Warehouses({{"W1", "一号库", "650103001", northOfShelter(3)},
                     {"W2", "二号库", "650103001", northOfShelter(1)},
                     {"W3", "三号库", "650103002", northOfShelter(2)}});
}

Date day(const char* iso) {
  auto d = parseDate(iso);
  if (!d) throw std::invalid_argument(std::string("not a date: ") + iso);
  return *d;
}

MovementContext contextOn(const char* isoDay, const std::string& movementId) {
  const Date today = day(isoDay);
  // 10:00 Beijing time that day
  const TimePoint at = std::chrono::time_point_cast<std::chrono::seconds>(Clock::time_point(today.time_since_epoch())) +
                       std::chrono::hours(2);
  return {movementId, at, "storekeeper", today};
}

std::vector<LedgerEntry> commit(StockLevels& levels, MovementPlan plan) {
  long long seq = levels.lastSeq();
  for (auto& e : plan.entries) {
    e.seq = ++seq;
    levels.apply(e);
  }
  return plan.entries;
}

MovementPlan move(StockLevels& levels, const MovementRequest& request, const MovementContext& context) {
  MovementPlan plan = planMovement(levels, request, context);
  MovementPlan copy = plan;
  commit(levels, std::move(copy));
  return plan;
}

}  // namespace eoc::stock::testing
