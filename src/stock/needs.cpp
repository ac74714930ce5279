#include "stock/needs.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace eoc::stock {

namespace {

constexpr long long kMaxPeople = 100'000'000;
constexpr int kMaxDays = 365;

// Rounded up, forgiving the last bits of binary fractions: 24,300 × 0.4 kg is 9,720 kg, not
// 9,721 because 2.8 ÷ 7 is stored as 0.39999….
long long roundUp(double x) { return static_cast<long long>(std::ceil(x - 1e-9 * std::max(1.0, std::fabs(x)))); }

std::vector<WarehouseReach> rank(const Warehouses& warehouses, const NeedsQuery& query, const teams::EtaModel& model) {
  std::vector<WarehouseReach> out(warehouses.size());
  for (size_t w = 0; w < warehouses.size(); ++w) {
    out[w].warehouse = w;
    for (const auto& d : query.destinations) {
      const teams::Eta eta = teams::estimateEta(warehouses[w].location, d.location, model);
      if (!out[w].eta || eta.seconds < out[w].eta->seconds) {
        out[w].eta = eta;
        out[w].destination = d.id;
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const WarehouseReach& a, const WarehouseReach& b) {
    return a.eta && b.eta && a.eta->seconds < b.eta->seconds;
  });
  return out;
}

}  // namespace

NeedsReport assessNeeds(const StockLevels& levels, const NeedsQuery& query, const teams::EtaModel& model) {
  if (query.people < 0 || query.people > kMaxPeople)
    throw EocError(ErrorCode::InvalidParameter, "people: expected a whole number from 0 to 100,000,000");
  if (query.days < 1 || query.days > kMaxDays)
    throw EocError(ErrorCode::InvalidParameter, "days: expected a whole number of days from 1 to 365");
  NeedsReport report;
  report.people = query.people;
  report.days = query.days;
  report.etaMethod = model.method();
  report.warehouses = rank(levels.warehouses(), query, model);

  const auto& items = levels.catalogue().items();
  std::vector<long long> usable(report.warehouses.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].need) continue;
    const Need& need = *items[i].need;
    ItemNeeds row;
    row.item = i;
    row.kind = need.kind;
    for (size_t r = 0; r < report.warehouses.size(); ++r) {
      const Holding& h = levels.at(report.warehouses[r].warehouse, i);
      usable[r] = levels.usable(report.warehouses[r].warehouse, i, query.today);
      row.onHand += usable[r];
      row.expired += h.onHand - usable[r];
    }
    const double people = static_cast<double>(query.people);
    if (need.kind == Need::Kind::PerPersonPerDay) {
      row.dailyNeed = people * need.perPersonPerDay;
      row.need = roundUp(row.dailyNeed * query.days);
      if (row.dailyNeed > 0) row.daysOfSupply = static_cast<double>(row.onHand) / row.dailyNeed;
    } else {
      row.need = roundUp(people / need.peoplePerUnit);
      row.peopleCovered = static_cast<long long>(std::floor(static_cast<double>(row.onHand) * need.peoplePerUnit + 1e-9));
    }
    row.shortfall = std::max(0LL, row.need - row.onHand);
    long long remaining = row.need;
    for (size_t r = 0; r < report.warehouses.size() && remaining > 0; ++r) {
      if (usable[r] <= 0) continue;
      const long long take = std::min(remaining, usable[r]);
      row.drawFrom.push_back({report.warehouses[r].warehouse, usable[r], take});
      remaining -= take;
    }
    report.items.push_back(std::move(row));
  }
  return report;
}

}  // namespace eoc::stock
