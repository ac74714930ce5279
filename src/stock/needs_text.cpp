#include "stock/needs_text.hpp"

#include <algorithm>
#include <cmath>

#include "stock/quantity_text.hpp"

namespace eoc::stock {

std::string needSentence(const NeedsReport& report, const ItemNeeds& row, const ItemCatalogue& catalogue) {
  const Item& item = catalogue.items()[row.item];
  const std::string people = grouped(report.people) + "名转移安置人员";
  const std::string days = std::to_string(report.days) + "天";
  if (report.people == 0) return item.name + "：无需转移安置人员，暂无需求。";
  if (row.kind == Need::Kind::PerPersonPerDay) {
    std::string text = item.name + "现有库存";
    if (row.onHand == 0) text += "为零，" + people + "每天需" + grouped(static_cast<long long>(std::ceil(row.dailyNeed - 1e-9))) + item.unit;
    // A supply that lasts less than a tenth of a day is not "0.0 days": there is some.
    else if (daysText(*row.daysOfSupply) == "0.0") text += "可供" + people + "使用不足0.1天";
    else text += "可供" + people + "使用" + daysText(*row.daysOfSupply) + "天";
    if (row.shortfall > 0) return text + "；按" + days + "计缺" + grouped(row.shortfall) + item.unit + "。";
    return text + "，满足" + days + "需要。";
  }
  std::string text = item.name + "需" + grouped(row.need) + item.unit + "，现有库存" + grouped(row.onHand) + item.unit;
  if (row.shortfall > 0) return text + "，缺" + grouped(row.shortfall) + item.unit + "。";
  return text + "，满足需要。";
}

std::vector<std::string> needSentences(const NeedsReport& report, const ItemCatalogue& catalogue, bool shortFirst) {
  std::vector<const ItemNeeds*> rows;
  for (const auto& row : report.items) rows.push_back(&row);
  if (shortFirst)
    std::stable_partition(rows.begin(), rows.end(), [](const ItemNeeds* r) { return r->shortfall > 0; });
  std::vector<std::string> out;
  for (const auto* row : rows) out.push_back(needSentence(report, *row, catalogue));
  return out;
}

}  // namespace eoc::stock
