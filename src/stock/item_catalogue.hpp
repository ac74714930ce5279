#pragma once
// The relief item catalogue (plans/relief-items.json), loaded and validated once at startup and
// immutable afterwards, so safe to read from any thread. Every problem is collected and thrown
// at once, each line naming the file and the JSON pointer: "plans/relief-items.json:
// /items/3/need/per_person_per_week: expected a number > 0".
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace eoc::stock {

// What one displaced person needs of an item. Consumables are used up day by day; shared kit
// (tents, toilets, family kits) is needed once, one unit per so many people, however long.
struct Need {
  enum class Kind { PerPersonPerDay, OnePerPeople };
  Kind kind = Kind::PerPersonPerDay;
  double perPersonPerDay = 0;  // item units per person per day (PerPersonPerDay)
  double peoplePerUnit = 0;    // one unit per this many people (OnePerPeople), may be fractional
  std::string basis;           // how the figure reads in the sources: "17.5 per person per week ÷ 7"
};

struct Item {
  std::string id;        // "drinking_water"
  std::string name;      // "饮用水"
  std::string unit;      // "升": quantities are whole units of this
  std::string category;  // "生活救助类"
  std::optional<Need> need;               // none: stocked for response work, watched against its minimum
  std::optional<int> shelfLifeDays;       // present: every receipt must carry an expiry date
  std::map<std::string, long long> minimum;  // warehouse id -> quantity to keep there
  std::vector<std::string> sources;       // ids of the catalogue's sources

  // 0 when the item has no minimum at that warehouse.
  long long minimumAt(const std::string& warehouse) const;
};

struct Source {
  std::string id;
  std::string title;
  std::string figures;
};

// The header texts that name each column of a stocktake spreadsheet, by key: warehouse, item,
// batch, expires, counted, note.
using StocktakeColumns = std::map<std::string, std::vector<std::string>>;
inline constexpr const char* kStocktakeColumnKeys[] = {"warehouse", "item", "batch", "expires", "counted", "note"};

class CatalogueError : public std::runtime_error {
 public:
  explicit CatalogueError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

class ItemCatalogue {
 public:
  ItemCatalogue(std::vector<Item> items, std::vector<std::string> categories, std::vector<Source> sources,
                StocktakeColumns stocktakeColumns = {});

  // `warehouses` are the ids a minimum may name (the relief_stock layer's features); `origin` is
  // how the file is named in problems. Throws CatalogueError.
  static ItemCatalogue fromJson(const nlohmann::json& doc, const std::set<std::string>& warehouses,
                                const std::string& origin = "relief-items.json");
  static ItemCatalogue load(const std::filesystem::path& file, const std::set<std::string>& warehouses);

  const std::vector<Item>& items() const { return items_; }  // file order
  const std::vector<std::string>& categories() const { return categories_; }
  const std::vector<Source>& sources() const { return sources_; }
  const StocktakeColumns& stocktakeColumns() const { return stocktakeColumns_; }
  const Item* find(const std::string& id) const;
  std::optional<size_t> indexOf(const std::string& id) const;

 private:
  std::vector<Item> items_;
  std::vector<std::string> categories_;
  std::vector<Source> sources_;
  StocktakeColumns stocktakeColumns_;
  std::unordered_map<std::string, size_t> byId_;
};

}  // namespace eoc::stock
