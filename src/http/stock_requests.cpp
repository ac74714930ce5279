#include "http/stock_requests.hpp"

#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/query.hpp"

namespace eoc::http {

using nlohmann::json;

stock::MovementRequest parseMovementRequest(const json& body) {
  requireObject(body, "body", {"kind", "warehouse", "item", "quantity", "batch", "expires", "to", "reason"});
  stock::MovementRequest r;
  if (!body.contains("kind")) throw EocError(ErrorCode::InvalidBody, "kind: is required");
  const auto kind = body["kind"].is_string() ? stock::parseMovementKind(body["kind"].get<std::string>()) : std::nullopt;
  if (!kind) throw EocError(ErrorCode::InvalidBody, "kind: must be receive, issue, transfer, write_off or count");
  r.kind = *kind;
  if (!body.contains("warehouse")) throw EocError(ErrorCode::InvalidBody, "warehouse: is required");
  r.warehouse = nonEmptyString(body["warehouse"], "warehouse");
  if (!body.contains("item")) throw EocError(ErrorCode::InvalidBody, "item: is required");
  r.item = nonEmptyString(body["item"], "item");
  if (!body.contains("quantity")) throw EocError(ErrorCode::InvalidBody, "quantity: is required");
  const auto& q = body["quantity"];
  if (!q.is_number_integer()) throw EocError(ErrorCode::InvalidBody, "quantity: must be a whole number");
  if (q.is_number_unsigned() && q.get<unsigned long long>() > 1'000'000'000'000ULL)
    throw EocError(ErrorCode::InvalidBody, "quantity: at most 1,000,000,000,000");
  r.quantity = q.get<long long>();
  if (r.quantity < 0 || r.quantity > 1'000'000'000'000LL)
    throw EocError(ErrorCode::InvalidBody, "quantity: must be between 0 and 1,000,000,000,000");
  r.batch = optionalNonEmptyString(body, "batch", "batch");
  if (auto text = optionalNonEmptyString(body, "expires", "expires")) {
    r.expires = stock::parseDate(*text);
    if (!r.expires) throw EocError(ErrorCode::InvalidBody, "expires: must be a date YYYY-MM-DD");
  }
  r.to = optionalNonEmptyString(body, "to", "to");
  r.reason = optionalNonEmptyString(body, "reason", "reason");
  return r;
}

stock::LedgerRequest parseLedgerRequest(const httplib::Request& req) {
  stock::LedgerRequest r;
  if (auto since = queryValue(req, "since")) {
    r.since = parseIso8601(*since);
    if (!r.since) throw EocError(ErrorCode::InvalidParameter, "since: must be a time such as 2026-07-12T15:00:00+08:00");
  }
  if (auto item = queryValue(req, "item")) r.item = *item;
  if (auto warehouse = queryValue(req, "warehouse")) r.warehouse = *warehouse;
  if (auto after = queryValue(req, "after")) r.afterSeq = parseInteger("after", *after, 0, INT64_MAX);
  if (auto limit = queryValue(req, "limit")) r.limit = size_t(parseInteger("limit", *limit, 1, 10000));
  if (auto order = queryValue(req, "order")) {
    if (*order != "newest" && *order != "oldest")
      throw EocError(ErrorCode::InvalidParameter, "order: must be newest or oldest");
    r.newestFirst = *order == "newest";
  }
  return r;
}

stock::NeedsRequest parseNeedsRequest(const httplib::Request& req) {
  stock::NeedsRequest r;
  auto activation = queryValue(req, "activation");
  auto drill = queryValue(req, "drill");
  auto people = queryValue(req, "people");
  if (int(bool(activation)) + int(bool(drill)) + int(bool(people)) != 1)
    throw EocError(ErrorCode::InvalidParameter, "needs: give exactly one of activation, drill or people");
  if (activation) {
    r.source = stock::NeedsRequest::Source::Activation;
    r.id = *activation;
  } else if (drill) {
    r.source = stock::NeedsRequest::Source::Drill;
    r.id = *drill;
  } else {
    r.source = stock::NeedsRequest::Source::People;
    r.people = parseInteger("people", *people, 0, 100'000'000);
  }
  if (auto days = queryValue(req, "days")) r.days = int(parseInteger("days", *days, 1, 365));
  return r;
}

stock::StocktakeRequest parseStocktakeRequest(const httplib::Request& req) {
  stock::StocktakeRequest r;
  if (req.body.empty()) throw EocError(ErrorCode::InvalidBody, "body: send the stocktake spreadsheet (XLSX or CSV)");
  r.bytes = req.body;
  const auto type = req.get_header_value("Content-Type");
  r.label = type.find("csv") != std::string::npos ? "stocktake.csv" : "stocktake.xlsx";
  if (auto warehouse = queryValue(req, "warehouse")) r.warehouse = *warehouse;
  if (auto reason = queryValue(req, "reason")) r.reason = *reason;
  return r;
}

}  // namespace eoc::http
