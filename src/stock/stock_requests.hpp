#pragma once
// The typed requests of the stock area, as the HTTP edge parses them (syntax) and the use cases
// take them (service/stock_service.hpp checks what they mean). A movement is stock::MovementRequest
// (ledger.hpp).
#include <optional>
#include <string>

#include "core/time.hpp"

namespace eoc::stock {

struct WarehouseRequest {
  std::string warehouse;
};

struct LedgerRequest {
  std::optional<TimePoint> since;
  std::optional<std::string> item;
  std::optional<std::string> warehouse;
  long long afterSeq = 0;
  size_t limit = 1000;
  bool newestFirst = false;  // the dashboard shows the latest entries
};

// Whose needs: an activation's people to shelter, a drill's displaced, or a number of people.
struct NeedsRequest {
  enum class Source { Activation, Drill, People };
  Source source = Source::People;
  std::string id;         // the activation or drill
  long long people = 0;   // Source::People
  int days = 3;
};

// A stocktake spreadsheet (XLSX or CSV bytes), optionally for one warehouse when the sheet has no
// warehouse column.
struct StocktakeRequest {
  std::string bytes;
  std::string label = "stocktake";
  std::optional<std::string> warehouse;
  std::optional<std::string> reason;
};

}  // namespace eoc::stock
