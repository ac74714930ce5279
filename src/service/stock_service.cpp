#include "service/stock_service.hpp"

#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "gis/layer.hpp"
#include "gis/table_reader.hpp"
#include "service/service_context.hpp"
#include "service/stock_policy.hpp"
#include "stock/needs_text.hpp"
#include "stock/stocktake.hpp"
#include "store/store.hpp"

namespace eoc::service {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kAlertsTimer = "stock.alerts";
// Batches expire by the Beijing date: the daily check runs just after each Beijing midnight.
constexpr auto kAfterMidnight = 5s;

std::unique_ptr<const stock::Warehouses> loadWarehouses(const gis::LayerCatalog& layers, const std::string& layer) {
  if (const auto* l = layers.find(layer)) return std::make_unique<const stock::Warehouses>(stock::Warehouses::fromLayer(*l));
  return std::make_unique<const stock::Warehouses>(std::vector<stock::Warehouse>{});
}

std::unique_ptr<const stock::ItemCatalogue> loadCatalogue(const std::filesystem::path& file,
                                                          const stock::Warehouses& warehouses) {
  // No catalogue file: the district keeps no stock in eoc; every stock answer is empty.
  if (!std::filesystem::exists(file))
    return std::make_unique<const stock::ItemCatalogue>(std::vector<stock::Item>{}, std::vector<std::string>{},
                                                        std::vector<stock::Source>{});
  std::set<std::string> ids;
  for (const auto& w : warehouses.list()) ids.insert(w.id);
  try {
    return std::make_unique<const stock::ItemCatalogue>(stock::ItemCatalogue::load(file, ids));
  } catch (const stock::CatalogueError& e) {
    std::string text;
    for (const auto& p : e.problems()) text += (text.empty() ? "" : "; ") + p;
    throw EocError(ErrorCode::InvalidParameter, text);
  }
}

store::StockEntryRow toRow(const stock::LedgerEntry& e, const std::string& requestId) {
  return store::StockEntryRow{e.seq,
                              e.movement,
                              e.at,
                              e.actor,
                              stock::movementKindKey(e.kind),
                              e.warehouse,
                              e.item,
                              e.batch,
                              e.expires ? std::optional<std::string>(stock::formatDate(*e.expires)) : std::nullopt,
                              e.delta,
                              e.counterpart,
                              e.reason,
                              requestId};
}

stock::LedgerEntry fromRow(const store::StockEntryRow& r) {
  auto kind = stock::parseMovementKind(r.kind);
  if (!kind) throw EocError(ErrorCode::StorageError, "stock_ledger " + std::to_string(r.seq) + ": unknown kind " + r.kind);
  std::optional<stock::Date> expires;
  if (r.expires) {
    expires = stock::parseDate(*r.expires);
    if (!expires)
      throw EocError(ErrorCode::StorageError, "stock_ledger " + std::to_string(r.seq) + ": unreadable expires");
  }
  return stock::LedgerEntry{r.seq,       r.movement, r.at,    r.actor,       *kind,   r.warehouse,
                            r.item,      r.batch,    expires, r.delta,       r.counterpart, r.reason};
}

json auditOf(const std::vector<stock::LedgerEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries)
    out.push_back({{"kind", stock::movementKindKey(e.kind)}, {"warehouse", e.warehouse}, {"item", e.item},
                   {"batch", e.batch}, {"delta", e.delta}, {"counterpart", e.counterpart}, {"reason", e.reason}});
  return out;
}

GeoPoint pointOf(const gis::Feature& f) { return {f.point.x(), f.point.y()}; }

constexpr const char* kRefreshTimer = "stock.refresh";

// The levels the ledger holds now, from its per-batch sums (each batch folded in as one entry).
std::unique_ptr<stock::StockLevels> levelsFrom(const std::vector<store::StockBalanceRow>& balances,
                                               const stock::ItemCatalogue& catalogue,
                                               const stock::Warehouses& warehouses) {
  auto levels = std::make_unique<stock::StockLevels>(catalogue, warehouses);
  for (const auto& b : balances) {
    stock::LedgerEntry entry;
    entry.seq = b.firstSeq;
    entry.warehouse = b.warehouse;
    entry.item = b.item;
    entry.batch = b.batch;
    if (b.expires) entry.expires = stock::parseDate(*b.expires);
    entry.delta = b.quantity;
    try {
      levels->apply(entry);
    } catch (const stock::LedgerReplayError& e) {
      throw EocError(ErrorCode::StorageError, std::string("stock ledger: ") + e.what());
    }
  }
  return levels;
}

}  // namespace

StockService::StockService(ServiceContext& context, StockSetup setup)
    : context_(context),
      setup_(std::move(setup)),
      warehouses_(loadWarehouses(context.layers, setup_.warehouseLayer)),
      catalogue_(loadCatalogue(context.config.plansDir / kReliefItemsFile, *warehouses_)),
      levels_(std::make_unique<stock::StockLevels>(*catalogue_, *warehouses_)) {}

StockService::~StockService() { stop(); }

void StockService::start() {
  {
    std::unique_lock lock(levelsMutex_);
    for (const auto& row : context_.store.stock().all()) {
      try {
        levels_->apply(fromRow(row));
      } catch (const stock::LedgerReplayError& e) {
        throw EocError(ErrorCode::StorageError, std::string("stock ledger: ") + e.what());
      }
    }
  }
  checkAlerts();
  scheduleDailyCheck();
}

void StockService::scheduleDailyCheck() {
  const stock::Date tomorrow = today() + std::chrono::days(1);
  const TimePoint due = std::chrono::time_point_cast<TimePoint::duration>(
      std::chrono::sys_seconds(tomorrow) - 8h + kAfterMidnight);  // 00:00:05 +08:00
  context_.scheduler.at(kAlertsTimer, due, [this] {
    checkAlerts();
    scheduleDailyCheck();
  });
}

void StockService::stop() {
  if (stopped_.exchange(true)) return;
  context_.scheduler.cancelAll("stock.");
}

void StockService::movedElsewhere() {
  if (stopped_) return;
  // On the runtime, not on the caller's thread (the event journal's listener); one refresh for a
  // burst of movements (a named timer replaces itself).
  context_.scheduler.at(kRefreshTimer, context_.clock.now(), [this] {
    try {
      refresh();
    } catch (const std::exception& e) {
      log::warn("stock", "levels not refreshed after another instance's movement", {{"error", e.what()}});
    }
  });
}

void StockService::refresh() {
  {
    // Under moveMutex_: no movement of this instance is between its commit and its apply, so the
    // sums read here are not older than the levels they replace.
    std::lock_guard oneAtATime(moveMutex_);
    auto fresh = levelsFrom(context_.store.stock().balances(), *catalogue_, *warehouses_);
    std::unique_lock write(levelsMutex_);
    levels_ = std::move(fresh);
  }
  checkAlerts();
}

stock::Date StockService::today() const { return stock::beijingDate(context_.clock.now()); }

void StockService::requireReader(const std::optional<Principal>& reader) const {
  if (!StockPolicy::mayRead(reader)) throw EocError(ErrorCode::Forbidden, "stock: this role may not read the stock");
}

HoldingView StockService::holding(size_t w, size_t i, stock::Date day) const {
  const auto& h = levels_->at(w, i);
  const auto& item = catalogue_->items()[i];
  return HoldingView{&item, h.onHand, levels_->usable(w, i, day), item.minimumAt((*warehouses_)[w].id), h.batches};
}

WarehouseStockView StockService::warehouseView(size_t w, stock::Date day) const {
  WarehouseStockView view{&(*warehouses_)[w], {}, day, context_.config.stock.expiryWindowDays};
  for (size_t i = 0; i < catalogue_->items().size(); ++i) {
    const auto& h = levels_->at(w, i);
    if (h.onHand != 0 || !h.batches.empty() || catalogue_->items()[i].minimumAt((*warehouses_)[w].id) > 0)
      view.items.push_back(holding(w, i, day));
  }
  return view;
}

StockView StockService::stock(const std::optional<Principal>& reader) const {
  requireReader(reader);
  StockView view{today(), context_.config.stock.expiryWindowDays, {}, {}, {}};
  std::shared_lock lock(levelsMutex_);
  for (size_t w = 0; w < warehouses_->size(); ++w) view.warehouses.push_back(warehouseView(w, view.today));
  for (auto& [key, alert] : currentAlerts(view.today))
    (alert.type == "stock.expiring" ? view.expiring : view.belowMinimum).push_back(std::move(alert));
  return view;
}

WarehouseStockView StockService::warehouse(const stock::WarehouseRequest& request,
                                           const std::optional<Principal>& reader) const {
  requireReader(reader);
  auto w = warehouses_->indexOf(request.warehouse);
  if (!w) throw EocError(ErrorCode::NotFound, "warehouse " + request.warehouse + " is not in the " + setup_.warehouseLayer + " layer");
  std::shared_lock lock(levelsMutex_);
  return warehouseView(*w, today());
}

MovementResult StockService::commit(
    const Principal& actor, const std::string& requestId, const std::string& auditKind,
    const std::function<stock::MovementPlan(const stock::StockLevels&, const stock::MovementContext&)>& plan) {
  if (!StockPolicy::mayMove(actor))
    throw EocError(ErrorCode::Forbidden, "stock: only duty officers and admins move stock");
  std::lock_guard oneAtATime(moveMutex_);  // check, write, apply: one movement at a time
  const TimePoint now = context_.clock.now();
  stock::MovementContext movement{"mv_" + randomHex(8), now, actor.label(), stock::beijingDate(now)};

  MovementResult result;
  result.movement = movement.movementId;
  stock::MovementPlan planned;
  std::unique_ptr<stock::StockLevels> current;
  context_.db.write([&](store::Transaction& tx) {
    // The check runs inside the transaction, against the ledger's sums as this transaction sees
    // them: every movement committed before, on any instance. Of two movements on two instances
    // that read the same sums, SERIALIZABLE (PostgreSQL) lets one commit and runs the other again,
    // which then sees the first; on SQLite writers take turns.
    current = levelsFrom(context_.store.stock().balances(tx), *catalogue_, *warehouses_);
    planned = plan(*current, movement);
    std::vector<store::StockEntryRow> rows;
    for (const auto& e : planned.entries) rows.push_back(toRow(e, requestId));
    auto seqs = context_.store.stock().append(tx, rows);
    for (size_t k = 0; k < seqs.size(); ++k) planned.entries[k].seq = seqs[k];
    context_.audit.append(tx, store::AuditEntry{now, actor.label(), auditKind, movement.movementId, nullptr,
                                                {{"entries", auditOf(planned.entries)}}, requestId});
  });
  // Committed: now the levels may learn of it (and of whatever the check read from the ledger).
  {
    for (const auto& e : planned.entries) {
      try {
        current->apply(e);
      } catch (const stock::LedgerReplayError& e2) {
        // planMovement and apply disagree: a bug, and the levels are behind the ledger until a refresh.
        log::error("stock", "a committed entry does not apply", {{"movement", e.movement}, {"error", e2.what()}});
      }
    }
    std::unique_lock write(levelsMutex_);
    levels_ = std::move(current);
  }
  result.entries = std::move(planned.entries);
  result.taken = std::move(planned.taken);
  result.onHandBefore = planned.onHandBefore;
  result.onHandAfter = planned.onHandAfter;
  return result;
}

MovementResult StockService::move(const Principal& actor, const stock::MovementRequest& request,
                                  const std::string& requestId) {
  auto result = commit(actor, requestId, std::string("stock.") + stock::movementKindKey(request.kind),
                       [&request](const stock::StockLevels& levels, const stock::MovementContext& c) {
                         return stock::planMovement(levels, request, c);
                       });
  result.kind = request.kind;
  result.quantity = request.quantity;
  result.warehouse = warehouses_->find(request.warehouse);
  result.item = catalogue_->find(request.item);
  context_.events.publish(Event{"stock.movement", "", false, {}, false,
                                std::make_shared<const MovementResult>(result)});
  checkAlerts();
  return result;
}

StocktakeResult StockService::stocktake(const Principal& actor, const stock::StocktakeRequest& request,
                                        const std::string& requestId) {
  if (!StockPolicy::mayMove(actor))
    throw EocError(ErrorCode::Forbidden, "stock: only duty officers and admins move stock");
  if (request.warehouse && !warehouses_->find(*request.warehouse))
    throw EocError(ErrorCode::InvalidParameter, "warehouse: unknown warehouse \"" + *request.warehouse + "\"");
  // Parsing the spreadsheet needs no lock: it reads only the immutable catalogue and warehouses.
  auto table = gis::readTable(request.bytes, request.label);
  auto sheet = stock::readStocktake(table, *catalogue_, *warehouses_, request.label, request.warehouse);
  if (request.reason)
    for (auto& line : sheet.lines)
      if (!line.count.reason) line.count.reason = request.reason;
  auto moved = commit(actor, requestId, "stock.stocktake",
                      [&sheet](const stock::StockLevels& levels, const stock::MovementContext& c) {
                        return stock::planStocktake(levels, sheet, c);
                      });
  StocktakeResult result{moved.movement, sheet.lines.size(), 0, std::move(moved.entries)};
  for (const auto& e : result.entries)
    if (e.delta != 0) ++result.changed;
  auto event = std::make_shared<MovementResult>();
  event->movement = result.movement;
  event->kind = stock::MovementKind::Count;
  event->entries = result.entries;
  context_.events.publish(Event{"stock.movement", "", false, {}, false, std::shared_ptr<const MovementResult>(event)});
  checkAlerts();
  return result;
}

LedgerView StockService::ledger(const stock::LedgerRequest& request, const std::optional<Principal>& reader) const {
  requireReader(reader);
  if (request.item && !catalogue_->find(*request.item))
    throw EocError(ErrorCode::InvalidParameter, "item: unknown item \"" + *request.item + "\"");
  if (request.warehouse && !warehouses_->find(*request.warehouse))
    throw EocError(ErrorCode::InvalidParameter, "warehouse: unknown warehouse \"" + *request.warehouse + "\"");
  store::StockLedgerFilter filter{request.afterSeq, request.since, request.item,
                                  request.warehouse, request.limit, request.newestFirst};
  LedgerView view;
  for (const auto& row : context_.store.stock().query(filter)) view.entries.push_back(fromRow(row));
  return view;
}

stock::NeedsReport StockService::assess(long long people, int days, const std::vector<stock::Destination>& at) const {
  stock::NeedsQuery query{people, days, at, today()};
  std::shared_lock lock(levelsMutex_);
  return stock::assessNeeds(*levels_, query, setup_.eta);
}

std::vector<stock::Destination> StockService::shelters(const std::vector<std::string>& ids) const {
  std::vector<stock::Destination> out;
  const auto* layer = context_.layers.find(setup_.shelterLayer);
  if (!layer) return out;
  for (const auto& id : ids)
    if (const auto* f = layer->find(id)) out.push_back({id, f->properties.value("name", id), pointOf(*f)});
  return out;
}

std::vector<std::string> StockService::needsSentences(long long people, int days,
                                                      const std::vector<stock::Destination>& at) const {
  if (catalogue_->items().empty()) return {};
  return stock::needSentences(assess(people, days, at), *catalogue_);
}

NeedsView StockService::needs(const stock::NeedsRequest& request, const std::optional<Principal>& reader) const {
  requireReader(reader);
  NeedsView view;
  long long people = 0;
  std::vector<stock::Destination> at;
  switch (request.source) {
    case stock::NeedsRequest::Source::People:
      view.source = "people";
      people = request.people;
      break;
    case stock::NeedsRequest::Source::Activation: {
      view.source = "activation";
      view.sourceId = request.id;
      auto record = context_.store.activations().find(request.id);
      if (!record) throw EocError(ErrorCode::NotFound, "activation " + request.id + " not found");
      view.exercise = record->exercise;
      people = record->body.value("people_to_shelter", 0LL);
      for (const auto& s : record->body.value("shelters_to_open", json::array())) {
        const auto& loc = s.value("location", json::array());
        if (loc.size() == 2)
          at.push_back({s.value("id", ""), s.value("name", ""), {loc[0].get<double>(), loc[1].get<double>()}});
      }
      break;
    }
    case stock::NeedsRequest::Source::Drill: {
      view.source = "drill";
      view.sourceId = request.id;
      view.exercise = true;
      auto record = context_.store.drills().find(request.id);
      if (!record) throw EocError(ErrorCode::NotFound, "drill " + request.id + " not found");
      std::vector<std::string> ids;
      const auto& impact = record->impact;
      if (impact.contains("earthquake")) {
        people = impact["earthquake"].value("displaced", 0LL);
        for (const auto& b : impact["earthquake"].value("shelter_balance", json::array()))
          for (const auto& id : b.value("usable_shelters", json::array())) ids.push_back(id.get<std::string>());
      } else if (impact.contains("area")) {
        people = impact["area"].value("population", 0LL);
        for (const auto& s : impact["area"].value("safe_shelters", json::array())) ids.push_back(s.value("id", ""));
      }
      at = shelters(ids);
      break;
    }
  }
  view.report = assess(people, request.days, at);
  view.sentences = stock::needSentences(view.report, *catalogue_);
  return view;
}

std::vector<std::pair<std::string, StockAlertView>> StockService::currentAlerts(stock::Date day) const {
  // Callers hold levelsMutex_ (shared).
  std::vector<std::pair<std::string, StockAlertView>> current;
  for (const auto& b : stock::expiringBatches(*levels_, day, context_.config.stock.expiryWindowDays))
    current.push_back({b.key(*levels_),
                       StockAlertView{"stock.expiring", &(*warehouses_)[b.warehouse], &catalogue_->items()[b.item],
                                      b.batch, b.expires, b.daysLeft, b.quantity, 0}});
  for (const auto& m : stock::belowMinimum(*levels_, day))
    current.push_back({m.key(*levels_),
                       StockAlertView{"stock.below_minimum", &(*warehouses_)[m.warehouse], &catalogue_->items()[m.item],
                                      "", std::nullopt, 0, m.usable, m.minimum}});
  return current;
}

std::vector<StockAlertView> StockService::checkAlerts() {
  std::vector<std::pair<std::string, StockAlertView>> current;
  {
    std::shared_lock lock(levelsMutex_);
    current = currentAlerts(today());
  }
  std::vector<StockAlertView> raised;
  {
    std::lock_guard lock(alertsMutex_);
    std::set<std::string> now;
    for (auto& [key, alert] : current) {
      now.insert(key);
      if (!raised_.contains(key)) raised.push_back(alert);
    }
    raised_ = std::move(now);  // a cleared alert is raised again when it comes back
  }
  for (const auto& alert : raised)
    context_.events.publish(Event{alert.type, "", false, {}, false, std::make_shared<const StockAlertView>(alert)});
  return raised;
}

}  // namespace eoc::service
