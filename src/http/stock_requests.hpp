#pragma once
// The stock area at the HTTP edge, step one of the road: bodies and query strings → the typed
// requests of stock/stock_requests.hpp and stock::MovementRequest. Syntax only (JSON types,
// required and unknown keys, whole numbers, YYYY-MM-DD dates, Beijing times); what the values mean
// (a known item and warehouse, enough stock, a batch's expiry) is the use case's and the domain's.
// Every failure throws EocError naming the field.
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "stock/ledger.hpp"
#include "stock/stock_requests.hpp"

namespace eoc::http {

// POST /stock/movements {kind, warehouse, item, quantity, batch?, expires?, to?, reason?}
stock::MovementRequest parseMovementRequest(const nlohmann::json& body);
// GET /stock/ledger?since=&item=&warehouse=&after=&limit=
stock::LedgerRequest parseLedgerRequest(const httplib::Request& req);
// GET /stock/needs?activation=ID&days=N | ?drill=ID&days=N | ?people=P&days=N
stock::NeedsRequest parseNeedsRequest(const httplib::Request& req);
// POST /stock/stocktake (the spreadsheet's bytes)?warehouse=&reason=
stock::StocktakeRequest parseStocktakeRequest(const httplib::Request& req);

}  // namespace eoc::http
