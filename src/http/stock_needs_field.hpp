#pragma once
// The needs sentence the activation and the drill report show ("饮用水现有库存可供24,300名转移
// 安置人员使用1.8天；按3天计缺72,900升。"): one field, `stock_needs`, added to their answers by
// their routes. Null when the reader may not read stock or the district keeps no catalogue.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/principal.hpp"

namespace eoc::service {
class EocService;
}

namespace eoc::http {

inline constexpr int kStockNeedsDays = 3;  // the horizon the desk plans relief for first

enum class NeedsOf { Activation, Drill };

// {"people", "days", "sentences", "short_items"} for the stored activation or drill `id`.
nlohmann::json stockNeedsField(service::EocService& service, NeedsOf of, const std::string& id,
                               const std::optional<Principal>& reader);

}  // namespace eoc::http
