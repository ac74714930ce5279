// The stock use cases on real parts — the bundled catalogue and relief_stock layer, a SQLite store
// in a temp folder, the runtime's Scheduler on a manual clock, the event hub: alerts raised once
// per state after movements and by the daily check, the policy, and the levels rebuilt from the
// ledger.
#include "service/stock_service.hpp"

#include <gtest/gtest.h>

#include "broadcast/event_hub.hpp"
#include "core/error.hpp"
#include "service/loaded_data.hpp"
#include "service/runtime.hpp"
#include "service/service_context.hpp"
#include "store/open.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

namespace eoc::service::stock_service_test {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart = *parseIso8601("2026-07-12T15:00:00+08:00");

Config sourceConfig(const std::filesystem::path& dataDir) {
  Config config;
  config.plansDir = std::filesystem::path(EOC_SOURCE_DIR) / "plans";
  config.geodataDir = std::filesystem::path(EOC_SOURCE_DIR) / "geodata";
  config.dataDir = dataDir;
  return config;
}

class StockServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  Config config = sourceConfig(dir.path());
  std::unique_ptr<const LoadedData> data = loadData(config);
  testing::ManualClock clock{kStart};
  std::unique_ptr<store::Store> store = store::openStore(config.dataDir, clock);
  Runtime runtime{1, clock};
  broadcast::EventHub events;
  ServiceContext context{config, clock, data->layers, *store, runtime.io(), runtime.scheduler(), events};
  std::optional<StockService> stock{std::in_place, context};
  Principal officer{Role::DutyOfficer, "", "王敏", "t1"};
  Principal viewer{Role::Viewer, "", "李看", "t2"};

  void SetUp() override { stock->start(); }

  MovementResult receive(const std::string& warehouse, const std::string& item, long long quantity,
                         std::optional<std::string> batch = std::nullopt, std::optional<std::string> expires = std::nullopt) {
    stock::MovementRequest r;
    r.kind = stock::MovementKind::Receive;
    r.warehouse = warehouse;
    r.item = item;
    r.quantity = quantity;
    r.batch = batch;
    if (expires) r.expires = stock::parseDate(*expires);
    return stock->move(officer, r, "req");
  }
  // Events of `type` published after `after`, as (warehouse, item) pairs.
  std::vector<std::pair<std::string, std::string>> published(uint64_t after, const std::string& type) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : events.read(after, broadcast::EventFilter{"", true}).events)
      if (e.event.type == type) {
        const auto& alert = *std::any_cast<std::shared_ptr<const StockAlertView>>(e.event.payload);
        out.push_back({alert.warehouse->id, alert.item->id});
      }
    return out;
  }
};

TEST_F(StockServiceTest, BelowMinimumIsRaisedAtStartOnceAndAgainOnlyAfterItCleared) {
  // R01 must keep 300 tents (plans/relief-items.json); the ledger starts empty.
  auto atStart = published(0, "stock.below_minimum");
  EXPECT_NE(std::find(atStart.begin(), atStart.end(), std::pair<std::string, std::string>{"R01", "tent"}), atStart.end());
  auto mark = events.lastId();
  receive("R01", "tent", 299);  // still below: nothing new
  EXPECT_TRUE(published(mark, "stock.below_minimum").empty());
  receive("R01", "tent", 1);  // at the minimum: cleared
  mark = events.lastId();
  stock::MovementRequest out{stock::MovementKind::Issue, "R01", "tent", 1, std::nullopt, std::nullopt, "S01", std::nullopt};
  stock->move(officer, out, "req");
  auto again = published(mark, "stock.below_minimum");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0], (std::pair<std::string, std::string>{"R01", "tent"}));
}

TEST_F(StockServiceTest, ABatchEnteringTheExpiryWindowIsRaisedByTheDailyCheckOnTheScheduler) {
  // Expires 2026-11-30: 141 days away, outside the 90-day window.
  receive("R02", "drinking_water", 500, "W1", "2026-11-30");
  auto mark = events.lastId();
  EXPECT_TRUE(published(mark, "stock.expiring").empty());
  EXPECT_TRUE(runtime.scheduler().scheduled("stock.alerts"));
  clock.advance(24h * 60);  // 2026-09-10: 81 days left
  runtime.scheduler().runDue();
  auto raised = published(mark, "stock.expiring");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0], (std::pair<std::string, std::string>{"R02", "drinking_water"}));
  // Raised once: the next day's check is quiet.
  mark = events.lastId();
  clock.advance(24h);
  runtime.scheduler().runDue();
  EXPECT_TRUE(published(mark, "stock.expiring").empty());
}

TEST_F(StockServiceTest, ViewersReadButMayNotMoveStock) {
  stock::MovementRequest r{stock::MovementKind::Receive, "R01", "tent", 5, std::nullopt, std::nullopt, std::nullopt,
                           std::nullopt};
  try {
    stock->move(viewer, r, "req");
    FAIL() << "a viewer moved stock";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::Forbidden);
  }
  EXPECT_EQ(stock->stock(viewer).warehouses.size(), stock->warehouses().size());
  EXPECT_THROW(stock->stock(std::nullopt), EocError);
}

TEST_F(StockServiceTest, TheLevelsAreRebuiltFromTheLedgerByANewService) {
  receive("R03", "quilt", 800);
  stock::MovementRequest out{stock::MovementKind::Issue, "R03", "quilt", 250, std::nullopt, std::nullopt, "S02", std::nullopt};
  stock->move(officer, out, "req");
  stock.reset();
  stock.emplace(context);
  stock->start();
  auto view = stock->warehouse({"R03"}, viewer);
  long long quilts = -1;
  for (const auto& h : view.items)
    if (h.item->id == "quilt") quilts = h.onHand;
  EXPECT_EQ(quilts, 550);
}

}  // namespace
}  // namespace eoc::service::stock_service_test
