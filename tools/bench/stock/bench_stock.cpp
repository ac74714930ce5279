// Stock figures: assessNeeds for an activation (24,300 people to shelter in 12 shelters, 3 days)
// over a generated catalogue of 1,000 items and 50 warehouses, each holding 0–4 batches of each
// item (median and p99 of 1,000 runs); the FEFO check of an issue (planMovement) and the alert
// scans over the same levels. Deterministic (fixed seed).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

#include "stock/alerts.hpp"
#include "stock/needs.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace eoc;
using namespace eoc::stock;

// WGS84 bounding box of the district; the generator only needs plausible spread.
constexpr double kMinLon = 87.343, kMaxLon = 87.606, kMinLat = 43.562, kMaxLat = 43.864;
constexpr size_t kItems = 1000, kWarehouses = 50, kShelters = 12;

GeoPoint randomPoint(std::mt19937& rng) {
  std::uniform_real_distribution<double> lon(kMinLon, kMaxLon), lat(kMinLat, kMaxLat);
  return {lon(rng), lat(rng)};
}

struct Stats {
  double median, p99;        // wall clock
  double cpuMedian, cpuP99;  // this thread's CPU time: the work without the waits of a busy machine
};

double threadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

template <class F>
Stats measure(int runs, F&& f) {
  std::vector<double> us, cpu;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    const double cpuStart = threadCpuMicros();
    f(i);
    cpu.push_back(threadCpuMicros() - cpuStart);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  std::sort(cpu.begin(), cpu.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100], cpu[cpu.size() / 2], cpu[cpu.size() * 99 / 100]};
}

void print(const char* label, const Stats& s, const char* target = "") {
  std::printf("  %-46s median %8.1f µs  p99 %8.1f µs  | cpu median %8.1f µs  p99 %8.1f µs %s\n", label, s.median, s.p99,
              s.cpuMedian, s.cpuP99, target);
}

}  // namespace

int main() {
  std::mt19937 rng(650103);
  std::vector<Warehouse> warehouseList;
  for (size_t w = 0; w < kWarehouses; ++w)
    warehouseList.push_back({"W" + std::to_string(w), "仓库" + std::to_string(w), "650103001", randomPoint(rng)});
  const Warehouses warehouses(std::move(warehouseList));

  // 50 % consumables, 35 % shared kit, 15 % without a need; a third with a shelf life.
  std::vector<Item> items;
  for (size_t i = 0; i < kItems; ++i) {
    Item item;
    item.id = "item_" + std::to_string(i);
    item.name = "物资" + std::to_string(i);
    item.unit = "件";
    item.category = "生活救助类";
    item.sources = {"bench"};
    const unsigned kind = rng() % 100;
    if (kind < 50) item.need = Need{Need::Kind::PerPersonPerDay, 0.1 + (rng() % 200) / 10.0, 0, "bench"};
    else if (kind < 85) item.need = Need{Need::Kind::OnePerPeople, 0, 1.0 + rng() % 40, "bench"};
    if (rng() % 3 == 0) item.shelfLifeDays = 365;
    item.minimum[warehouses[rng() % kWarehouses].id] = 100;
    items.push_back(std::move(item));
  }
  const ItemCatalogue catalogue(std::move(items), {"生活救助类"}, {{"bench", "generated", "-"}});

  StockLevels levels(catalogue, warehouses);
  const Date today = *parseDate("2026-11-26");
  long long seq = 0, batches = 0;
  for (size_t i = 0; i < kItems; ++i)
    for (size_t w = 0; w < kWarehouses; ++w) {
      const int n = int(rng() % 5);
      for (int b = 0; b < n; ++b) {
        LedgerEntry e;
        e.seq = ++seq;
        e.kind = MovementKind::Receive;
        e.warehouse = warehouses[w].id;
        e.item = catalogue.items()[i].id;
        e.batch = std::to_string(b);
        e.batch.insert(0, 1, 'B');  // not "B" + std::string: GCC 12's false -Wrestrict in Release
        if (catalogue.items()[i].shelfLifeDays) e.expires = today + std::chrono::days(int(rng() % 500) - 60);
        e.delta = 1 + rng() % 5000;
        levels.apply(e);
        ++batches;
      }
    }

  NeedsQuery query;
  query.people = 24'300;
  query.days = 3;
  query.today = today;
  for (size_t s = 0; s < kShelters; ++s) query.destinations.push_back({"S" + std::to_string(s), "避难场所", randomPoint(rng)});
  const teams::EtaModel model;

  std::printf("bench-stock: %zu items × %zu warehouses, %lld batches on hand, %zu shelters (%s)\n", kItems, kWarehouses,
              batches, kShelters, model.method().c_str());
  size_t sink = 0;
  auto needs = measure(1000, [&](int) { sink += assessNeeds(levels, query, model).items.size(); });
  print("needs for an activation (24,300 people, 3 days)", needs, "(target < 5000 µs)");

  const MovementContext context{"bench", TimePoint{}, "bench", today};
  auto issue = measure(10000, [&](int run) {
    MovementRequest r;
    r.kind = MovementKind::Issue;
    r.warehouse = warehouses[size_t(run) % kWarehouses].id;
    r.item = catalogue.items()[size_t(run * 7) % kItems].id;
    r.quantity = 1;
    r.to = "S0";
    try {
      sink += planMovement(levels, r, context).taken.size();
    } catch (const std::exception&) {
      ++sink;  // that cell is empty: the refusal is measured too
    }
  });
  print("FEFO check of one issue", issue);

  auto expiring = measure(200, [&](int) { sink += expiringBatches(levels, today).size(); });
  print("expiring batches (90 days), whole district", expiring);
  std::printf("    (%zu batches listed)\n", expiringBatches(levels, today).size());
  auto below = measure(200, [&](int) { sink += belowMinimum(levels, today).size(); });
  print("below-minimum scan, whole district", below);
  return sink == 0 ? 1 : 0;
}
