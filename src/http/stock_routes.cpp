// Relief stock (应急物资储备): the item catalogue, stock per warehouse, movements through the
// append-only ledger, a stocktake spreadsheet, the ledger, needs and days of supply.
//
// The typed road (docs/design.md §2): each handler parses (http/stock_requests.hpp), calls one
// StockService use case with the caller and renders (http/stock_render.hpp). The rows declare the
// same roles StockPolicy applies: movements for duty officers and admins, reads for every
// signed-in desk role.
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/server.hpp"
#include "http/stock_needs_field.hpp"
#include "http/stock_render.hpp"
#include "http/stock_requests.hpp"
#include "service/stock_policy.hpp"
#include "service/stock_service.hpp"

namespace eoc::http {

void addStockRoutes(std::vector<Route>& routes, service::EocService& service) {
  const std::vector<Role> movers = {Role::DutyOfficer, Role::Admin};
  const std::vector<Role> readers = {Role::DutyOfficer, Role::Approver, Role::Committee, Role::Viewer, Role::Admin};
  const Limits& limits = service.config().limits;

  // The fixed paths before /stock/{warehouse}: the first matching row serves a request.
  routes.push_back({"GET", "/stock/items", "The relief item catalogue: units, needs per person, shelf lives, minimums, sources",
                    readers, {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderItems(service.stock().catalogue()));
                    }});

  routes.push_back({"GET",
                    "/stock/ledger",
                    "The stock ledger, oldest first (append-only: every receipt, issue, transfer, write-off and count)",
                    readers,
                    {{"since", "string", "entries at or after this Beijing time"},
                     {"item", "string", "one item id"},
                     {"warehouse", "string", "one warehouse id"},
                     {"after", "integer", "entries after this seq (paging)"},
                     {"limit", "integer", "at most this many (default 1000)"},
                     {"order", "string", "oldest (default) or newest first", false, {"oldest", "newest"}}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      replyJson(ctx, renderLedger(service.stock().ledger(parseLedgerRequest(ctx.req), ctx.principal)));
                    }});

  routes.push_back({"GET",
                    "/stock/needs",
                    "Needs and days of supply for an activation's people to shelter, a drill's displaced or P people over N days",
                    readers,
                    {{"activation", "string", "an activation id"},
                     {"drill", "string", "a drill id"},
                     {"people", "integer", "a number of people"},
                     {"days", "integer", "days to cover, 1-365 (default 3)"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto& stock = service.stock();
                      auto view = stock.needs(parseNeedsRequest(ctx.req), ctx.principal);
                      replyJson(ctx, renderNeeds(view, stock.catalogue(), stock.warehouses()));
                    }});

  routes.push_back({"POST",
                    "/stock/movements",
                    "Receive, issue (first expiry first out), transfer, write off or count stock; 409 when it would go below zero",
                    movers,
                    {},
                    "application/json",
                    [&service, &limits](RequestContext& ctx) {
                      auto request = parseMovementRequest(parseJsonBody(ctx.req, limits));
                      replyJson(ctx, renderMovement(service.stock().move(*ctx.principal, request, ctx.requestId)), 201);
                    }});

  routes.push_back({"POST",
                    "/stock/stocktake",
                    "Import a stocktake (盘点) spreadsheet, XLSX or CSV: each row a count; all rows or none",
                    movers,
                    {{"warehouse", "string", "the warehouse, when the sheet has no warehouse column"},
                     {"reason", "string", "kept with each count"}},
                    "application/json",
                    [&service](RequestContext& ctx) {
                      auto result = service.stock().stocktake(*ctx.principal, parseStocktakeRequest(ctx.req), ctx.requestId);
                      replyJson(ctx, renderStocktake(result), 201);
                    }});

  routes.push_back({"GET", "/stock", "Stock per warehouse per item: on hand, usable, minimum, batches with expiry",
                    readers, {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderStock(service.stock().stock(ctx.principal)));
                    }});

  routes.push_back({"GET", "/stock/{warehouse}", "One warehouse's stock (a feature of the relief_stock layer)", readers,
                    {}, "application/json", [&service](RequestContext& ctx) {
                      replyJson(ctx, renderWarehouseStock(service.stock().warehouse({ctx.pathParam(0)}, ctx.principal)));
                    }});
}

}  // namespace eoc::http

namespace eoc::http {

std::optional<StockNeedsLines> stockNeeds(service::EocService& service, const NeedsSubject& subject,
                                          const std::optional<Principal>& reader) {
  auto& stock = service.stock();
  if (!service::StockPolicy::mayRead(reader) || stock.catalogue().items().empty()) return std::nullopt;
  stock::NeedsRequest request;
  switch (subject.of) {
    case NeedsSubject::Of::Activation: request.source = stock::NeedsRequest::Source::Activation; break;
    case NeedsSubject::Of::Drill: request.source = stock::NeedsRequest::Source::Drill; break;
    case NeedsSubject::Of::People: request.source = stock::NeedsRequest::Source::People; break;
  }
  request.id = subject.id;
  request.people = subject.people;
  request.days = kStockNeedsDays;
  auto view = stock.needs(request, reader);
  StockNeedsLines lines{view.report.people, view.report.days, 0, std::move(view.sentences)};
  for (const auto& item : view.report.items)
    if (item.shortfall > 0) ++lines.shortItems;
  return lines;
}

nlohmann::json renderStockNeedsField(const std::optional<StockNeedsLines>& lines) {
  if (!lines) return nullptr;
  return {{"people", lines->people},
          {"days", lines->days},
          {"short_items", lines->shortItems},
          {"sentences", lines->sentences}};
}

}  // namespace eoc::http
