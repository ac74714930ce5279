// planMovement: the ledger rules (see stock_levels.hpp).
#include <algorithm>

#include "core/error.hpp"
#include "stock/quantity_text.hpp"
#include "stock/stock_levels.hpp"

namespace eoc::stock {

namespace {

// One movement never moves more than a billion units: far above any warehouse, far below overflow.
constexpr long long kMaxQuantity = 1'000'000'000;
constexpr size_t kMaxBatchBytes = 64;
constexpr size_t kMaxToBytes = 64;
constexpr size_t kMaxReasonBytes = 500;

[[noreturn]] void invalid(const std::string& detail) { throw EocError(ErrorCode::InvalidBody, detail); }

bool printable(const std::string& s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void checkText(const std::optional<std::string>& value, const char* field, size_t maxBytes) {
  if (!value) return;
  if (value->empty() || value->size() > maxBytes || !printable(*value))
    invalid(std::string(field) + ": expected 1 to " + std::to_string(maxBytes) + " bytes of text without control characters");
}

struct Where {
  const Item& item;
  const Warehouse& warehouse;
  std::string itemText() const { return item.name + " (" + item.id + ")"; }
  std::string warehouseText() const { return warehouse.id + " " + warehouse.name; }
  std::string amount(long long q) const { return grouped(q) + " " + item.unit; }
};

class Planner {
 public:
  Planner(const StockLevels& levels, const MovementRequest& r, const MovementContext& c) : levels_(levels), r_(r), c_(c) {}

  MovementPlan plan() {
    const auto i = levels_.catalogue().indexOf(r_.item);
    if (!i) invalid("item: unknown item \"" + r_.item + "\"");
    const auto w = levels_.warehouses().indexOf(r_.warehouse);
    if (!w) invalid("warehouse: unknown warehouse \"" + r_.warehouse + "\"");
    item_ = *i;
    warehouse_ = *w;
    where_.emplace(Where{levels_.catalogue().items()[item_], levels_.warehouses()[warehouse_]});
    checkCommonFields();

    const Holding& h = levels_.at(warehouse_, item_);
    out_.onHandBefore = h.onHand;
    switch (r_.kind) {
      case MovementKind::Receive: receive(h); break;
      case MovementKind::Issue: take(h, /*includeExpired=*/false, "issue"); break;
      case MovementKind::Transfer: transfer(h); break;
      case MovementKind::WriteOff: take(h, /*includeExpired=*/true, "write off"); break;
      case MovementKind::Count: count(h); break;
    }
    out_.onHandAfter = out_.onHandBefore;
    for (const auto& e : out_.entries)
      if (e.warehouse == r_.warehouse) out_.onHandAfter += e.delta;
    return std::move(out_);
  }

 private:
  const Item& item() const { return where_->item; }

  void checkCommonFields() {
    const bool count = r_.kind == MovementKind::Count;
    if (r_.quantity < (count ? 0 : 1) || r_.quantity > kMaxQuantity)
      invalid(std::string("quantity: expected a whole number of ") + item().unit + (count ? " from 0" : " from 1") +
              " to " + grouped(kMaxQuantity));
    checkText(r_.batch, "batch", kMaxBatchBytes);
    checkText(r_.to, "to", kMaxToBytes);
    checkText(r_.reason, "reason", kMaxReasonBytes);
    const bool takesTo = r_.kind == MovementKind::Issue || r_.kind == MovementKind::Transfer;
    if (takesTo && !r_.to)
      invalid(r_.kind == MovementKind::Issue ? "to: an issue names its recipient (shelter, incident or committee)"
                                             : "to: a transfer names the warehouse it goes to");
    if (!takesTo && r_.to) invalid("to: only an issue or a transfer has a recipient");
    if (r_.kind == MovementKind::WriteOff && !r_.reason) invalid("reason: a write-off says why");
    const bool datesABatch = r_.kind == MovementKind::Receive || r_.kind == MovementKind::Count;
    if (r_.expires && !datesABatch) invalid("expires: only a receipt or a count dates a batch");
  }

  LedgerEntry entry(const Batch& batch, long long delta, const std::string& warehouse, const std::string& counterpart) {
    LedgerEntry e;
    e.movement = c_.movementId;
    e.at = c_.at;
    e.actor = c_.actor;
    e.kind = r_.kind;
    e.warehouse = warehouse;
    e.item = r_.item;
    e.batch = batch.batch;
    e.expires = batch.expires;
    e.delta = delta;
    e.counterpart = counterpart;
    e.reason = r_.reason.value_or("");
    return e;
  }

  const Batch* findBatch(const Holding& h, const std::string& name) const {
    for (const auto& b : h.batches)
      if (b.batch == name) return &b;
    return nullptr;
  }

  // A new batch's number and expiry, as a receipt or a count's surplus brings it in.
  Batch newBatch(const char* what) {
    if (item().shelfLifeDays && !r_.batch)
      invalid(std::string("batch: ") + what + " of " + where_->itemText() + " (it has a shelf life) names its batch");
    if (item().shelfLifeDays && !r_.expires)
      invalid(std::string("expires: ") + what + " of " + where_->itemText() + " (it has a shelf life) gives the expiry date on the goods");
    if (r_.expires && *r_.expires < c_.today)
      invalid("expires: " + formatDate(*r_.expires) + " is already past (today " + formatDate(c_.today) + ")");
    return Batch{r_.batch.value_or(""), r_.expires, 0, 0};
  }

  void receive(const Holding& h) {
    Batch b = newBatch("a receipt");
    if (const Batch* held = findBatch(h, b.batch); held && held->expires != b.expires)
      throw EocError(ErrorCode::Conflict, "batch: " + (b.batch.empty() ? std::string("the unbatched stock") : "batch \"" + b.batch + "\"") +
                                              " of " + where_->itemText() + " at " + where_->warehouseText() +
                                              " is held with expiry " + (held->expires ? formatDate(*held->expires) : "none") +
                                              "; a different expiry is a different batch");
    out_.entries.push_back(entry(b, r_.quantity, r_.warehouse, ""));
  }

  // The batches to take `quantity` from, first expiry first. Refuses, naming what is there.
  std::vector<BatchTaken> choose(const Holding& h, long long quantity, bool includeExpired, const char* verb) {
    std::vector<BatchTaken> taken;
    if (r_.batch) {
      const Batch* b = findBatch(h, *r_.batch);
      const long long there = b ? b->quantity : 0;
      if (b && !includeExpired && b->expiredOn(c_.today))
        throw EocError(ErrorCode::Conflict, "batch: batch \"" + *r_.batch + "\" of " + where_->itemText() + " at " +
                                                where_->warehouseText() + " expired on " + formatDate(*b->expires) +
                                                "; write it off instead");
      if (there < quantity)
        throw EocError(ErrorCode::InsufficientStock,
                       where_->itemText() + " at " + where_->warehouseText() + ": batch \"" + *r_.batch + "\" holds " +
                           where_->amount(there) + " (on hand " + where_->amount(h.onHand) + "); cannot " + verb + " " +
                           where_->amount(quantity));
      taken.push_back({b->batch, b->expires, quantity});
      return taken;
    }
    long long available = 0, expired = 0;
    for (const auto& b : h.batches) (b.expiredOn(c_.today) && !includeExpired ? expired : available) += b.quantity;
    if (available < quantity) {
      std::string detail = where_->itemText() + " at " + where_->warehouseText() + ": on hand " + where_->amount(h.onHand);
      if (expired > 0) detail += ", of which " + where_->amount(expired) + " expired";
      throw EocError(ErrorCode::InsufficientStock, detail + "; cannot " + verb + " " + where_->amount(quantity));
    }
    long long remaining = quantity;
    for (const auto& b : h.batches) {
      if (remaining == 0) break;
      if (!includeExpired && b.expiredOn(c_.today)) continue;
      const long long q = std::min(remaining, b.quantity);
      taken.push_back({b.batch, b.expires, q});
      remaining -= q;
    }
    return taken;
  }

  void take(const Holding& h, bool includeExpired, const char* verb) {
    out_.taken = choose(h, r_.quantity, includeExpired, verb);
    for (const auto& t : out_.taken)
      out_.entries.push_back(entry(Batch{t.batch, t.expires, 0, 0}, -t.quantity, r_.warehouse, r_.to.value_or("")));
  }

  void transfer(const Holding& h) {
    const auto to = levels_.warehouses().indexOf(*r_.to);
    if (!to) invalid("to: unknown warehouse \"" + *r_.to + "\"");
    if (*to == warehouse_) invalid("to: a transfer goes to another warehouse");
    // The destination may hold a batch of the same number with another expiry: that would merge
    // two different batches, so it is refused before anything moves.
    // Unnamed: the freshest-to-expire usable stock moves; a named batch moves even when expired
    // (to a warehouse that disposes of it).
    out_.taken = choose(h, r_.quantity, /*includeExpired=*/r_.batch.has_value(), "transfer");
    const Holding& there = levels_.at(*to, item_);
    for (const auto& t : out_.taken)
      if (const Batch* held = findBatch(there, t.batch); held && held->expires != t.expires)
        throw EocError(ErrorCode::Conflict, "to: " + *r_.to + " holds batch \"" + t.batch + "\" of " + where_->itemText() +
                                                " with another expiry");
    for (const auto& t : out_.taken) {
      const Batch b{t.batch, t.expires, 0, 0};
      out_.entries.push_back(entry(b, -t.quantity, r_.warehouse, *r_.to));
      out_.entries.push_back(entry(b, t.quantity, *r_.to, r_.warehouse));
    }
  }

  void count(const Holding& h) {
    const long long counted = r_.quantity;
    std::string books;
    if (r_.batch) {
      const Batch* held = findBatch(h, *r_.batch);
      const long long current = held ? held->quantity : 0;
      Batch b = held ? *held : Batch{};
      if (!held && counted > 0) b = newBatch("a count that finds a new batch");
      if (held && r_.expires && held->expires != r_.expires)
        throw EocError(ErrorCode::Conflict, "expires: batch \"" + *r_.batch + "\" of " + where_->itemText() + " at " +
                                                where_->warehouseText() + " is held with expiry " +
                                                (held->expires ? formatDate(*held->expires) : "none"));
      b.batch = *r_.batch;
      books = "批次 " + *r_.batch + " 账面 " + grouped(current) + "，实盘 " + grouped(counted);
      correct(b, counted - current, books);
      if (counted != current) out_.taken.push_back({b.batch, b.expires, current - counted});
      return;
    }
    books = "账面 " + grouped(h.onHand) + "，实盘 " + grouped(counted);
    const long long delta = counted - h.onHand;
    if (delta > 0) {
      if (item().shelfLifeDays)
        invalid("batch: a count that finds more " + where_->itemText() + " than the books names the batch and its expiry");
      const Batch* unbatched = findBatch(h, "");
      correct(unbatched ? *unbatched : Batch{}, delta, books);
      out_.taken.push_back({"", std::nullopt, -delta});
    } else if (delta < 0) {
      out_.taken = choose(h, -delta, /*includeExpired=*/true, "count off");
      for (const auto& t : out_.taken) correct(Batch{t.batch, t.expires, 0, 0}, -t.quantity, books);
    } else {
      correct(Batch{}, 0, books);  // the books were right: the count is still a fact of the ledger
    }
  }

  void correct(const Batch& b, long long delta, const std::string& books) {
    LedgerEntry e = entry(b, delta, r_.warehouse, "");
    e.reason = r_.reason ? books + "；" + *r_.reason : books;
    out_.entries.push_back(std::move(e));
  }

  const StockLevels& levels_;
  const MovementRequest& r_;
  const MovementContext& c_;
  size_t item_ = 0, warehouse_ = 0;
  std::optional<Where> where_;
  MovementPlan out_;
};

}  // namespace

const char* movementKindKey(MovementKind kind) {
  switch (kind) {
    case MovementKind::Receive: return "receive";
    case MovementKind::Issue: return "issue";
    case MovementKind::Transfer: return "transfer";
    case MovementKind::WriteOff: return "write_off";
    case MovementKind::Count: return "count";
  }
  return "?";
}

const char* movementKindName(MovementKind kind) {
  switch (kind) {
    case MovementKind::Receive: return "入库";
    case MovementKind::Issue: return "出库";
    case MovementKind::Transfer: return "调拨";
    case MovementKind::WriteOff: return "报损";
    case MovementKind::Count: return "盘点";
  }
  return "?";
}

std::optional<MovementKind> parseMovementKind(std::string_view key) {
  for (auto kind : {MovementKind::Receive, MovementKind::Issue, MovementKind::Transfer, MovementKind::WriteOff,
                    MovementKind::Count})
    if (key == movementKindKey(kind)) return kind;
  return std::nullopt;
}

MovementPlan planMovement(const StockLevels& levels, const MovementRequest& request, const MovementContext& context) {
  return Planner(levels, request, context).plan();
}

}  // namespace eoc::stock
