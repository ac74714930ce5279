#pragma once
// Needs and days of supply: for P people over N days, per item with a need, how much is needed,
// how much usable stock the district holds, how many days it lasts and what is short, and the
// warehouses to draw from, nearest first to the shelters concerned by the teams' ETA model.
// Pure: the same levels, query and model give the same answer.
#include <optional>
#include <string>
#include <vector>

#include "core/geo_point.hpp"
#include "stock/stock_levels.hpp"
#include "teams/eta.hpp"

namespace eoc::stock {

// Where the people are: a shelter to open (activation) or a usable shelter (drill).
struct Destination {
  std::string id;
  std::string name;
  GeoPoint location;
};

struct NeedsQuery {
  long long people = 0;
  int days = 0;
  std::vector<Destination> destinations;  // empty: warehouses in layer order, no ETA
  Date today;                             // stock expired by then does not count
};

struct WarehouseReach {
  size_t warehouse = 0;
  std::optional<teams::Eta> eta;  // to the nearest destination; empty without destinations
  std::string destination;        // that destination's id
};

struct DrawFrom {
  size_t warehouse = 0;
  long long usable = 0;  // what it holds that has not expired
  long long take = 0;    // what to draw from it, nearest first until the need is met
};

struct ItemNeeds {
  size_t item = 0;
  Need::Kind kind = Need::Kind::PerPersonPerDay;
  double dailyNeed = 0;  // PerPersonPerDay: units a day for all the people
  long long need = 0;    // over the days (PerPersonPerDay) or once (OnePerPeople), rounded up
  long long onHand = 0;  // usable, all warehouses
  long long expired = 0;  // on the books but past its date, all warehouses
  std::optional<double> daysOfSupply;    // PerPersonPerDay with people > 0: onHand ÷ dailyNeed
  std::optional<long long> peopleCovered;  // OnePerPeople: onHand × people per unit, rounded down
  long long shortfall = 0;  // need − onHand, when positive
  std::vector<DrawFrom> drawFrom;  // nearest first
};

struct NeedsReport {
  long long people = 0;
  int days = 0;
  std::string etaMethod;                  // "turnout 5 min + haversine × 1.35 ÷ 30 km/h"
  std::vector<WarehouseReach> warehouses;  // nearest first
  std::vector<ItemNeeds> items;            // catalogue order, items with a need only
};

// Throws EocError(InvalidParameter) when people < 0 or days is not 1–365.
NeedsReport assessNeeds(const StockLevels& levels, const NeedsQuery& query, const teams::EtaModel& model);

}  // namespace eoc::stock
