#pragma once
// The needs in the words of the activation and the drill report, one sentence per item:
//   "饮用水现有库存可供24,300名转移安置人员使用1.8天；按3天计缺41,000升。"
//   "救灾帐篷需7,088顶，现有库存1,200顶，缺5,888顶。"
// A drill report puts its 【演练】 mark in front of the whole report; these sentences do not.
#include <string>
#include <vector>

#include "stock/needs.hpp"

namespace eoc::stock {

std::string needSentence(const NeedsReport& report, const ItemNeeds& row, const ItemCatalogue& catalogue);
// One sentence per item with a need, catalogue order; items short first when `shortFirst`.
std::vector<std::string> needSentences(const NeedsReport& report, const ItemCatalogue& catalogue, bool shortFirst = true);

}  // namespace eoc::stock
