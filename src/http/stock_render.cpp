#include "http/stock_render.hpp"

#include <cmath>

namespace eoc::http {

using nlohmann::json;

namespace {

json orNull(const std::optional<stock::Date>& d) { return d ? json(stock::formatDate(*d)) : json(); }

double round2(double v) { return std::round(v * 100) / 100; }

json renderEntry(const stock::LedgerEntry& e) {
  return {{"seq", e.seq},
          {"movement", e.movement},
          {"at", formatBeijing(e.at)},
          {"actor", e.actor},
          {"kind", stock::movementKindKey(e.kind)},
          {"kind_name", stock::movementKindName(e.kind)},
          {"warehouse", e.warehouse},
          {"item", e.item},
          {"batch", e.batch},
          {"expires", orNull(e.expires)},
          {"delta", e.delta},
          {"counterpart", e.counterpart},
          {"reason", e.reason}};
}

json renderEntries(const std::vector<stock::LedgerEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) out.push_back(renderEntry(e));
  return out;
}

// ok, expiring (within the window) or expired: the dashboard colours batches by it.
const char* expiryStatus(const stock::Batch& b, stock::Date today, int windowDays) {
  if (!b.expires) return "ok";
  if (b.expiredOn(today)) return "expired";
  if (*b.expires <= today + std::chrono::days(windowDays)) return "expiring";
  return "ok";
}

}  // namespace

json renderItems(const stock::ItemCatalogue& catalogue) {
  json items = json::array();
  for (const auto& i : catalogue.items()) {
    json need;
    if (i.need) {
      need = {{"kind", i.need->kind == stock::Need::Kind::PerPersonPerDay ? "per_person_per_day" : "one_per_people"},
              {"basis", i.need->basis}};
      if (i.need->kind == stock::Need::Kind::PerPersonPerDay) need["per_person_per_day"] = i.need->perPersonPerDay;
      else need["one_per_people"] = i.need->peoplePerUnit;
    }
    items.push_back({{"id", i.id},
                     {"name", i.name},
                     {"unit", i.unit},
                     {"category", i.category},
                     {"need", need},
                     {"shelf_life_days", i.shelfLifeDays ? json(*i.shelfLifeDays) : json()},
                     {"minimum", i.minimum},
                     {"sources", i.sources}});
  }
  json sources = json::array();
  for (const auto& s : catalogue.sources())
    sources.push_back({{"id", s.id}, {"title", s.title}, {"figures", s.figures}});
  return {{"items", items}, {"categories", catalogue.categories()}, {"sources", sources}};
}

json renderWarehouseStock(const service::WarehouseStockView& view) {
  const auto& w = *view.warehouse;
  const stock::Date today = view.today;
  const int windowDays = view.expiryWindowDays;
  json items = json::array();
  for (const auto& h : view.items) {
    json batches = json::array();
    for (const auto& b : h.batches)
      batches.push_back({{"batch", b.batch},
                         {"expires", orNull(b.expires)},
                         {"quantity", b.quantity},
                         {"days_left", b.expires ? json((*b.expires - today).count()) : json()},
                         {"status", expiryStatus(b, today, windowDays)}});
    items.push_back({{"item", h.item->id},
                     {"name", h.item->name},
                     {"unit", h.item->unit},
                     {"category", h.item->category},
                     {"on_hand", h.onHand},
                     {"usable", h.usable},
                     {"minimum", h.minimum},
                     {"below_minimum", h.usable < h.minimum},
                     {"batches", batches}});
  }
  return {{"id", w.id},
          {"name", w.name},
          {"committee", w.committee},
          {"location", {w.location.lon, w.location.lat}},
          {"today", stock::formatDate(today)},
          {"items", items}};
}

json renderStock(const service::StockView& view) {
  json warehouses = json::array();
  for (const auto& w : view.warehouses) warehouses.push_back(renderWarehouseStock(w));
  json expiring = json::array(), below = json::array();
  for (const auto& a : view.expiring) expiring.push_back(renderStockAlert(a));
  for (const auto& a : view.belowMinimum) below.push_back(renderStockAlert(a));
  return {{"today", stock::formatDate(view.today)},
          {"expiry_window_days", view.expiryWindowDays},
          {"warehouses", warehouses},
          {"alerts", {{"expiring", expiring}, {"below_minimum", below}}}};
}

json renderMovement(const service::MovementResult& r) {
  json taken = json::array();
  for (const auto& t : r.taken) taken.push_back({{"batch", t.batch}, {"expires", orNull(t.expires)}, {"quantity", t.quantity}});
  return {{"movement", r.movement},
          {"kind", stock::movementKindKey(r.kind)},
          {"warehouse", r.warehouse ? json(r.warehouse->id) : json()},
          {"item", r.item ? json(r.item->id) : json()},
          {"quantity", r.quantity},
          {"on_hand_before", r.onHandBefore},
          {"on_hand_after", r.onHandAfter},
          {"taken", taken},
          {"entries", renderEntries(r.entries)}};
}

json renderLedger(const service::LedgerView& view) { return {{"entries", renderEntries(view.entries)}}; }

json renderStocktake(const service::StocktakeResult& r) {
  return {{"movement", r.movement}, {"lines", r.lines}, {"changed", r.changed}, {"entries", renderEntries(r.entries)}};
}

json renderNeeds(const service::NeedsView& view, const stock::ItemCatalogue& catalogue,
                 const stock::Warehouses& warehouses) {
  const auto& report = view.report;
  json reach = json::array();
  for (const auto& w : report.warehouses) {
    json row = {{"id", warehouses[w.warehouse].id}, {"name", warehouses[w.warehouse].name}};
    if (w.eta) {
      row["eta_s"] = std::round(w.eta->seconds);
      row["road_m"] = std::round(w.eta->roadMeters);
      row["destination"] = w.destination;
    }
    reach.push_back(row);
  }
  json items = json::array();
  for (const auto& n : report.items) {
    const auto& item = catalogue.items()[n.item];
    json draw = json::array();
    for (const auto& d : n.drawFrom)
      draw.push_back({{"warehouse", warehouses[d.warehouse].id}, {"usable", d.usable}, {"take", d.take}});
    items.push_back({{"item", item.id},
                     {"name", item.name},
                     {"unit", item.unit},
                     {"kind", n.kind == stock::Need::Kind::PerPersonPerDay ? "per_person_per_day" : "one_per_people"},
                     {"daily_need", round2(n.dailyNeed)},
                     {"need", n.need},
                     {"on_hand", n.onHand},
                     {"expired", n.expired},
                     {"days_of_supply", n.daysOfSupply ? json(round2(*n.daysOfSupply)) : json()},
                     {"people_covered", n.peopleCovered ? json(*n.peopleCovered) : json()},
                     {"shortfall", n.shortfall},
                     {"draw_from", draw}});
  }
  return {{"source", view.source},
          {"id", view.sourceId.empty() ? json() : json(view.sourceId)},
          {"exercise", view.exercise},
          {"people", report.people},
          {"days", report.days},
          {"eta_method", report.etaMethod},
          {"warehouses", reach},
          {"items", items},
          {"sentences", view.sentences}};
}

json renderStockAlert(const service::StockAlertView& a) {
  json out = {{"type", a.type},
              {"warehouse", a.warehouse->id},
              {"warehouse_name", a.warehouse->name},
              {"item", a.item->id},
              {"item_name", a.item->name},
              {"unit", a.item->unit},
              {"quantity", a.quantity}};
  if (a.type == "stock.expiring") {
    out["batch"] = a.batch;
    out["expires"] = orNull(a.expires);
    out["days_left"] = a.daysLeft;
    out["expired"] = a.daysLeft < 0;
  } else {
    out["minimum"] = a.minimum;
  }
  return out;
}

}  // namespace eoc::http
