#pragma once
// The relief stock use cases (应急物资储备): what the warehouses hold, movements through the
// append-only ledger, a stocktake from the office's spreadsheet, needs and days of supply for an
// activation, a drill or a number of people, and alerts. The typed road (docs/design.md §2):
// typed requests in (stock/stock_requests.hpp, stock::MovementRequest), StockPolicy decides who,
// the domain (src/stock/) decides the rules, store::StockRepository keeps the ledger, typed
// results out (stock_results.hpp).
//
// Contract:
// - On-hand lives in memory (stock::StockLevels), rebuilt from the ledger in start() and replaced
//   after each commit: no read of the ledger per read request.
// - A movement is checked (stock::planMovement) INSIDE its write transaction against the ledger's
//   per-batch sums as that transaction reads them, so several instances on one PostgreSQL store
//   check against each other's movements: of two issues of the last units exactly one succeeds
//   (whichever instance took them), the other is 409 InsufficientStock and writes nothing. The
//   entries and one audit entry commit together; the levels learn of them only after the commit.
// - Another instance's movement reaches this one as a stock.movement event from the shared event
//   journal: movedElsewhere() re-reads the sums into the levels (on the Scheduler, "stock.refresh").
// - Alerts (stock.expiring: a batch expiring within config.stock.expiryWindowDays, or expired and
//   still on the books; stock.below_minimum) are checked after each movement and just after each
//   Beijing midnight on the Scheduler ("stock.alerts", on the injected clock); each is published
//   once per state, again after it cleared.
// - Every movement also publishes stock.movement (the dashboard refreshes on it).
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>
#include <functional>

#include "core/principal.hpp"
#include "service/stock_results.hpp"
#include "stock/stock_requests.hpp"
#include "teams/eta.hpp"

namespace eoc::service {

struct ServiceContext;

inline constexpr const char* kReliefItemsFile = "relief-items.json";

struct StockSetup {
  std::string warehouseLayer = "relief_stock";
  std::string shelterLayer = "shelters";
  teams::EtaModel eta{};
};

class StockService {
 public:
  // Loads plans/relief-items.json against the warehouse layer's features. Throws EocError
  // (InvalidParameter) naming the file and every problem.
  StockService(ServiceContext& context, StockSetup setup = {});
  ~StockService();
  StockService(const StockService&) = delete;
  StockService& operator=(const StockService&) = delete;

  // Replays the ledger into the levels (StorageError naming the entry when it does not fit the
  // catalogue), raises the alerts due now and arms the daily check.
  void start();
  void stop();

  const stock::ItemCatalogue& catalogue() const { return *catalogue_; }
  const stock::Warehouses& warehouses() const { return *warehouses_; }

  // --- use cases: one per endpoint ---
  StockView stock(const std::optional<Principal>& reader) const;
  // NotFound for an unknown warehouse.
  WarehouseStockView warehouse(const stock::WarehouseRequest& request, const std::optional<Principal>& reader) const;
  MovementResult move(const Principal& actor, const stock::MovementRequest& request, const std::string& requestId);
  StocktakeResult stocktake(const Principal& actor, const stock::StocktakeRequest& request,
                            const std::string& requestId);
  LedgerView ledger(const stock::LedgerRequest& request, const std::optional<Principal>& reader) const;
  NeedsView needs(const stock::NeedsRequest& request, const std::optional<Principal>& reader) const;

  // The needs sentences for `people` over `days` (for the activation and the drill report): no
  // policy, the caller already may read what it shows.
  std::vector<std::string> needsSentences(long long people, int days, const std::vector<stock::Destination>& at) const;

  // Publishes the alerts that are new since the last check; returns them.
  std::vector<StockAlertView> checkAlerts();
  // Another instance moved stock: the levels are re-read from the ledger soon, on the runtime.
  void movedElsewhere();
  // Re-reads the levels from the ledger now, then checks the alerts.
  void refresh();

 private:
  // "stock.alerts": checkAlerts just after the next Beijing midnight, then again each day.
  void scheduleDailyCheck();
  void requireReader(const std::optional<Principal>& reader) const;
  MovementResult commit(const Principal& actor, const std::string& requestId, const std::string& auditKind,
                        const std::function<stock::MovementPlan(const stock::StockLevels&, const stock::MovementContext&)>& plan);
  HoldingView holding(size_t warehouse, size_t item, stock::Date today) const;
  WarehouseStockView warehouseView(size_t warehouse, stock::Date today) const;
  stock::NeedsReport assess(long long people, int days, const std::vector<stock::Destination>& at) const;
  std::vector<stock::Destination> shelters(const std::vector<std::string>& ids) const;
  stock::Date today() const;
  // Every alert that holds on `day`, keyed (stock::ExpiringBatch::key, BelowMinimum::key).
  std::vector<std::pair<std::string, StockAlertView>> currentAlerts(stock::Date day) const;

  ServiceContext& context_;
  StockSetup setup_;
  std::unique_ptr<const stock::Warehouses> warehouses_;
  std::unique_ptr<const stock::ItemCatalogue> catalogue_;
  std::unique_ptr<stock::StockLevels> levels_;
  mutable std::shared_mutex levelsMutex_;  // readers share; apply after commit is exclusive
  std::mutex moveMutex_;                   // one movement at a time: check, write, apply
  std::mutex alertsMutex_;
  std::set<std::string> raised_;  // alert keys published and still true
  std::atomic<bool> stopped_{false};
};

}  // namespace eoc::service
