#include "stock/stocktake.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"

namespace eoc::stock {

namespace {

// Accepts 1200, 1,200, 1200.0 (a number cell) — whole numbers only.
std::optional<long long> wholeNumber(const std::string& text) {
  std::string digits;
  size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] == ',') continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    digits += text[i];
  }
  if (i < text.size())
    for (size_t j = i + 1; j < text.size(); ++j)
      if (text[j] != '0') return std::nullopt;
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  return std::stoll(digits);
}

struct Problems {
  std::vector<std::string> lines;
  size_t count = 0;
  size_t max = 20;
  void add(std::string line) {
    if (++count <= max) lines.push_back(std::move(line));
  }
};

template <class List, class Named>
const Named* byIdOrName(const List& list, const std::string& text) {
  for (const auto& x : list)
    if (x.id == text || x.name == text) return &x;
  return nullptr;
}

}  // namespace

std::optional<Date> parseSheetDate(const std::string& text) {
  // Split into three runs of digits separated by -, /, . or 年/月 (with 日 at the end).
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      parts.back() += c;
      ++i;
    } else if (c == '-' || c == '/' || c == '.') {
      parts.emplace_back();
      ++i;
    } else if (text.compare(i, 3, "年") == 0 || text.compare(i, 3, "月") == 0) {
      parts.emplace_back();
      i += 3;
    } else if (text.compare(i, 3, "日") == 0 && i + 3 == text.size()) {
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].empty() || parts[1].size() > 2 || parts[2].empty() ||
      parts[2].size() > 2)
    return std::nullopt;
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  return parseDate(parts[0] + "-" + two(parts[1]) + "-" + two(parts[2]));
}

Stocktake readStocktake(const gis::Table& table, const ItemCatalogue& catalogue, const Warehouses& warehouses,
                        const std::string& label, const std::optional<std::string>& warehouse, size_t maxProblems) {
  std::vector<gis::ColumnSpec> specs;
  for (const char* key : kStocktakeColumnKeys) {
    const auto names = catalogue.stocktakeColumns().find(key);
    if (names == catalogue.stocktakeColumns().end()) continue;
    const std::string k = key;
    const bool required = k == "item" || k == "counted" || (k == "warehouse" && !warehouse);
    specs.push_back({k, names->second, required});
  }
  const gis::TableHeader header = gis::findHeader(table, specs, label);
  auto where = [&](const gis::TableRow& row, const char* key) {
    return "row " + std::to_string(row.number) + ", column " + header.describe(key, table) + ": ";
  };
  auto cell = [&](const gis::TableRow& row, const char* key) -> const std::string& {
    static const std::string empty;
    const auto column = header.column(key);
    return column ? row.cell(*column) : empty;
  };
  const Warehouse* sheetWarehouse = nullptr;
  if (warehouse && !(sheetWarehouse = warehouses.find(*warehouse)))
    throw EocError(ErrorCode::InvalidParameter, "warehouse: unknown warehouse \"" + *warehouse + "\"");

  Problems problems{{}, 0, maxProblems};
  Stocktake out;
  out.headerRow = header.row;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> seen;  // (warehouse, item, batch) -> row
  std::map<std::pair<std::string, std::string>, std::pair<size_t, bool>> countedBy;  // -> (row, by batch)
  for (const gis::TableRow* row : gis::rowsBelow(table, header)) {
    bool good = true;
    auto problem = [&](const char* key, const std::string& message) {
      problems.add(where(*row, key) + message);
      good = false;
    };
    const Warehouse* w = sheetWarehouse;
    if (const std::string& text = cell(*row, "warehouse"); !text.empty()) {
      const Warehouse* named = byIdOrName<std::vector<Warehouse>, Warehouse>(warehouses.list(), text);
      if (!named) problem("warehouse", "unknown warehouse \"" + text + "\"");
      else if (sheetWarehouse && named != sheetWarehouse)
        problem("warehouse", "\"" + text + "\" in a stocktake of " + sheetWarehouse->id + " " + sheetWarehouse->name);
      else w = named;
    } else if (!sheetWarehouse) {
      problem("warehouse", "empty");
    }
    const Item* item = nullptr;
    if (const std::string& text = cell(*row, "item"); text.empty()) problem("item", "empty");
    else if (!(item = byIdOrName<std::vector<Item>, Item>(catalogue.items(), text))) problem("item", "unknown item \"" + text + "\"");
    std::optional<long long> counted;
    if (const std::string& text = cell(*row, "counted"); text.empty()) problem("counted", "empty (write 0 for none)");
    else if (!(counted = wholeNumber(text))) problem("counted", "\"" + text + "\" is not a whole number ≥ 0");
    std::optional<Date> expires;
    if (const std::string& text = cell(*row, "expires"); !text.empty() && !(expires = parseSheetDate(text)))
      problem("expires", "\"" + text + "\" is not a date (write 2027-03-01 or 2027/3/1)");
    const std::string& batch = cell(*row, "batch");
    const std::string& note = cell(*row, "note");
    if (!good) continue;

    const auto key = std::make_tuple(w->id, item->id, batch);
    if (auto [it, fresh] = seen.emplace(key, row->number); !fresh) {
      problems.add("row " + std::to_string(row->number) + ": repeats row " + std::to_string(it->second) + " (" +
                   item->name + (batch.empty() ? "" : " batch " + batch) + " at " + w->id + ")");
      continue;
    }
    const auto cellKey = std::make_pair(w->id, item->id);
    if (auto [it, fresh] = countedBy.emplace(cellKey, std::make_pair(row->number, !batch.empty()));
        !fresh && it->second.second != !batch.empty()) {
      problems.add("row " + std::to_string(row->number) + ": " + item->name + " at " + w->id +
                   " is counted by batch and as a total (row " + std::to_string(it->second.first) + "); use one way");
      continue;
    }
    MovementRequest count;
    count.kind = MovementKind::Count;
    count.warehouse = w->id;
    count.item = item->id;
    count.quantity = *counted;
    if (!batch.empty()) count.batch = batch;
    count.expires = expires;
    if (!note.empty()) count.reason = note;
    out.lines.push_back({row->number, std::move(count)});
  }
  if (problems.count == 0 && out.lines.empty())
    problems.add("no counts below the header (row " + std::to_string(header.row) + ")");
  if (problems.count) {
    std::string detail = label + ": ";
    for (size_t i = 0; i < problems.lines.size(); ++i) detail += (i ? "; " : "") + problems.lines[i];
    if (problems.count > problems.lines.size()) detail += "; and " + std::to_string(problems.count - problems.lines.size()) + " more";
    throw EocError(ErrorCode::InvalidBody, detail);
  }
  return out;
}

MovementPlan planStocktake(const StockLevels& levels, const Stocktake& stocktake, const MovementContext& context) {
  // Rows touch distinct (warehouse, item, batch) cells and never a batch and the total of the same
  // item (readStocktake refuses both), so each can be planned against the same levels.
  MovementPlan out;
  for (const auto& line : stocktake.lines) {
    MovementPlan plan;
    try {
      plan = planMovement(levels, line.count, context);
    } catch (const EocError& e) {
      throw EocError(e.code(), "row " + std::to_string(line.row) + ": " + e.detail());
    }
    for (auto& e : plan.entries) out.entries.push_back(std::move(e));
    for (auto& t : plan.taken) out.taken.push_back(std::move(t));
  }
  return out;
}

}  // namespace eoc::stock
