#pragma once
// The needs sentence the activation and the drill report show ("饮用水现有库存可供24,300名转移
// 安置人员使用1.8天；按3天计缺72,900升。"): one field, `stock_needs`, added to their answers by
// their routes (GET and POST /activations, the drill report as JSON), and the same sentences in the
// printable drill report. Null (or no section) when the reader may not read stock or the district
// keeps no catalogue.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"

namespace eoc::service {
class EocService;
}

namespace eoc::http {

inline constexpr int kStockNeedsDays = 3;  // the horizon the desk plans relief for first

// Whose needs: a stored activation or drill (by id), or a number of people (a dry-run activation,
// which is not stored and has no id).
struct NeedsSubject {
  enum class Of { Activation, Drill, People };
  Of of = Of::People;
  std::string id;
  long long people = 0;
};

struct StockNeedsLines {
  long long people = 0;
  int days = 0;
  long long shortItems = 0;            // items with a shortfall over `days`
  std::vector<std::string> sentences;  // short items first
};

// Empty when the reader may not read stock or the catalogue is empty; NotFound for an unknown id.
std::optional<StockNeedsLines> stockNeeds(service::EocService& service, const NeedsSubject& subject,
                                          const std::optional<Principal>& reader);

// {"people", "days", "short_items", "sentences"}, or null: the one JSON shape of the field.
nlohmann::json renderStockNeedsField(const std::optional<StockNeedsLines>& lines);

}  // namespace eoc::http
