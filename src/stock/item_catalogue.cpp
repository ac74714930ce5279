#include "stock/item_catalogue.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

namespace eoc::stock {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "eoc.relief-items/1";
constexpr long long kMaxMinimum = 1'000'000'000;

std::string inQuotes(const std::string& s) { return "\"" + s + "\""; }

// RFC 6901: "~" -> "~0", "/" -> "~1".
std::string token(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}

std::string figure(double d) {
  std::ostringstream out;
  out << d;
  return out.str();
}

class Reader {
 public:
  Reader(std::string origin, const std::set<std::string>& warehouses) : origin_(std::move(origin)), warehouses_(warehouses) {}

  void fail(const std::string& pointer, const std::string& message) {
    problems_.push_back(origin_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
  }
  std::vector<std::string>& problems() { return problems_; }

  std::optional<std::string> text(const json& object, const char* key, const std::string& at, bool required = true) {
    const auto it = object.find(key);
    if (it == object.end()) {
      if (required) fail(at, "missing " + inQuotes(key));
      return std::nullopt;
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      fail(at + "/" + key, "expected a non-empty string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<double> positive(const json& v, const std::string& at) {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0 || v.get<double>() > 1e6) {
      fail(at, "expected a number > 0");
      return std::nullopt;
    }
    return v.get<double>();
  }

  std::vector<std::string> readCategories(const json& doc) {
    std::vector<std::string> out;
    const auto it = doc.find("categories");
    if (it == doc.end() || !it->is_array() || it->empty()) {
      fail("/categories", "expected a non-empty array of category names");
      return out;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      if (!c.is_string() || c.get_ref<const std::string&>().empty()) fail("/categories/" + std::to_string(i), "expected a non-empty string");
      else if (std::find(out.begin(), out.end(), c.get<std::string>()) != out.end()) fail("/categories/" + std::to_string(i), "repeats " + c.dump());
      else out.push_back(c.get<std::string>());
    }
    return out;
  }

  std::vector<Source> readSources(const json& doc) {
    std::vector<Source> out;
    const auto it = doc.find("sources");
    if (it == doc.end() || !it->is_array() || it->empty()) {
      fail("/sources", "expected a non-empty array of {id, title, figures}");
      return out;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string at = "/sources/" + std::to_string(i);
      const json& s = (*it)[i];
      if (!s.is_object()) {
        fail(at, "expected an object");
        continue;
      }
      Source source;
      auto id = text(s, "id", at), title = text(s, "title", at), figures = text(s, "figures", at);
      if (!id || !title || !figures) continue;
      for (const auto& seen : out)
        if (seen.id == *id) fail(at + "/id", "repeats source " + inQuotes(*id));
      out.push_back({*id, *title, *figures});
    }
    return out;
  }

  StocktakeColumns readStocktakeColumns(const json& doc) {
    StocktakeColumns out;
    const auto it = doc.find("stocktake_columns");
    if (it == doc.end() || !it->is_object()) {
      fail("/stocktake_columns", "expected an object of column key -> header texts");
      return out;
    }
    for (const auto& [key, names] : it->items()) {
      const std::string at = "/stocktake_columns/" + token(key);
      if (std::find(std::begin(kStocktakeColumnKeys), std::end(kStocktakeColumnKeys), key) == std::end(kStocktakeColumnKeys)) {
        fail(at, "unknown column key (expected warehouse, item, batch, expires, counted, note)");
        continue;
      }
      const bool good = names.is_array() && !names.empty() && std::all_of(names.begin(), names.end(), [](const json& n) {
                          return n.is_string() && !n.get_ref<const std::string&>().empty();
                        });
      if (!good) fail(at, "expected a non-empty array of header texts");
      else out[key] = names.get<std::vector<std::string>>();
    }
    for (const char* key : kStocktakeColumnKeys)
      if (!it->contains(key)) fail("/stocktake_columns", std::string("missing \"") + key + "\"");
    return out;
  }

  std::optional<Need> readNeed(const json& v, const std::string& at) {
    if (!v.is_object()) {
      fail(at, "expected an object with one of per_person_per_day, per_person_per_week, one_per_people");
      return std::nullopt;
    }
    Need need;
    int kinds = 0;
    bool ok = true;
    for (const auto& [key, member] : v.items()) {
      const std::string here = at + "/" + token(key);
      if (key == "per_person_per_day" || key == "per_person_per_week") {
        ++kinds;
        const auto d = positive(member, here);
        if (!d) {
          ok = false;
          continue;
        }
        need.kind = Need::Kind::PerPersonPerDay;
        need.perPersonPerDay = key == "per_person_per_day" ? *d : *d / 7;
        need.basis = key == "per_person_per_day" ? figure(*d) + " per person per day"
                                                 : figure(*d) + " per person per week ÷ 7";
      } else if (key == "one_per_people") {
        ++kinds;
        need.kind = Need::Kind::OnePerPeople;
        if (member.is_object()) {
          // A covered area per unit shared at a covered area per person (a 12 m² tent at 3.5 m²).
          std::optional<double> unitArea, perPerson;
          for (const auto& [k, m] : member.items()) {
            if (k == "unit_area_m2") unitArea = positive(m, here + "/unit_area_m2");
            else if (k == "area_m2_per_person") perPerson = positive(m, here + "/area_m2_per_person");
            else fail(here + "/" + token(k), "unknown property (expected unit_area_m2, area_m2_per_person)");
          }
          if (!unitArea || !perPerson) {
            if (!member.contains("unit_area_m2")) fail(here, "missing \"unit_area_m2\"");
            if (!member.contains("area_m2_per_person")) fail(here, "missing \"area_m2_per_person\"");
            ok = false;
            continue;
          }
          need.peoplePerUnit = *unitArea / *perPerson;
          need.basis = figure(*unitArea) + " m² per unit ÷ " + figure(*perPerson) + " m² per person";
        } else {
          const auto d = positive(member, here);
          if (!d) {
            ok = false;
            continue;
          }
          need.peoplePerUnit = *d;
          need.basis = "one per " + figure(*d) + (*d == 1 ? " person" : " people");
        }
      } else if (key != "basis") {
        fail(here, "unknown property");
        ok = false;
      }
    }
    if (kinds != 1) {
      fail(at, kinds == 0 ? "expected one of per_person_per_day, per_person_per_week, one_per_people"
                          : "expected only one of per_person_per_day, per_person_per_week, one_per_people");
      return std::nullopt;
    }
    if (auto basis = v.find("basis"); basis != v.end()) {
      if (!basis->is_string() || basis->get_ref<const std::string&>().empty()) {
        fail(at + "/basis", "expected a non-empty string");
        ok = false;
      } else {
        need.basis = basis->get<std::string>() + " (" + need.basis + ")";
      }
    }
    if (!ok) return std::nullopt;
    return need;
  }

  std::optional<Item> readItem(const json& v, const std::string& at, const std::vector<std::string>& categories,
                               const std::vector<Source>& sources) {
    static const std::regex idPattern("^[a-z][a-z0-9_]{0,39}$");
    static const std::set<std::string> known = {"id", "name", "unit", "category", "need", "shelf_life_days", "minimum", "sources"};
    if (!v.is_object()) {
      fail(at, "expected an object");
      return std::nullopt;
    }
    const size_t before = problems_.size();
    for (const auto& [key, member] : v.items())
      if (!known.contains(key)) fail(at + "/" + token(key), "unknown property");
    Item item;
    if (auto id = text(v, "id", at)) {
      if (!std::regex_match(*id, idPattern)) fail(at + "/id", inQuotes(*id) + " is not a lower-case key (a-z, 0-9, _; at most 40)");
      item.id = *id;
    }
    if (auto name = text(v, "name", at)) item.name = *name;
    if (auto unit = text(v, "unit", at)) item.unit = *unit;
    if (auto category = text(v, "category", at)) {
      if (std::find(categories.begin(), categories.end(), *category) == categories.end())
        fail(at + "/category", "unknown category " + inQuotes(*category) + " (/categories)");
      item.category = *category;
    }
    if (auto need = v.find("need"); need != v.end()) item.need = readNeed(*need, at + "/need");
    if (auto life = v.find("shelf_life_days"); life != v.end()) {
      if (!life->is_number_integer() || life->get<long long>() < 1 || life->get<long long>() > 36500)
        fail(at + "/shelf_life_days", "expected a whole number of days from 1 to 36500");
      else
        item.shelfLifeDays = life->get<int>();
    }
    if (auto minimum = v.find("minimum"); minimum == v.end() || !minimum->is_object()) {
      fail(at + "/minimum", "expected an object of warehouse id -> quantity ({} for none)");
    } else {
      for (const auto& [warehouse, q] : minimum->items()) {
        const std::string here = at + "/minimum/" + token(warehouse);
        if (!warehouses_.contains(warehouse)) fail(here, "unknown warehouse " + inQuotes(warehouse) + " (relief_stock layer)");
        else if (!q.is_number_integer() || q.get<long long>() < 0 || q.get<long long>() > kMaxMinimum)
          fail(here, "expected a whole number of " + (item.unit.empty() ? std::string("units") : item.unit) + " ≥ 0");
        else
          item.minimum.emplace(warehouse, q.get<long long>());
      }
    }
    if (auto list = v.find("sources"); list == v.end() || !list->is_array() || list->empty()) {
      fail(at + "/sources", "expected a non-empty array of source ids (/sources)");
    } else {
      for (size_t i = 0; i < list->size(); ++i) {
        const json& s = (*list)[i];
        const bool knownSource = s.is_string() && std::any_of(sources.begin(), sources.end(), [&](const Source& src) {
                                   return src.id == s.get<std::string>();
                                 });
        if (!knownSource) fail(at + "/sources/" + std::to_string(i), "unknown source " + s.dump() + " (/sources)");
        else item.sources.push_back(s.get<std::string>());
      }
    }
    if (problems_.size() != before) return std::nullopt;
    return item;
  }

 private:
  std::string origin_;
  const std::set<std::string>& warehouses_;
  std::vector<std::string> problems_;
};

std::string joinProblems(const std::vector<std::string>& problems) {
  std::string text = "the relief item catalogue is invalid:";
  for (const auto& p : problems) text += "\n  " + p;
  return text;
}

}  // namespace

long long Item::minimumAt(const std::string& warehouse) const {
  const auto it = minimum.find(warehouse);
  return it == minimum.end() ? 0 : it->second;
}

CatalogueError::CatalogueError(std::vector<std::string> problems)
    : std::runtime_error(joinProblems(problems)), problems_(std::move(problems)) {}

ItemCatalogue::ItemCatalogue(std::vector<Item> items, std::vector<std::string> categories, std::vector<Source> sources,
                             StocktakeColumns stocktakeColumns)
    : items_(std::move(items)),
      categories_(std::move(categories)),
      sources_(std::move(sources)),
      stocktakeColumns_(std::move(stocktakeColumns)) {
  for (size_t i = 0; i < items_.size(); ++i) byId_.emplace(items_[i].id, i);
}

ItemCatalogue ItemCatalogue::fromJson(const json& doc, const std::set<std::string>& warehouses, const std::string& origin) {
  Reader reader(origin, warehouses);
  if (!doc.is_object()) {
    reader.fail("", "expected an object");
    throw CatalogueError(std::move(reader.problems()));
  }
  static const std::set<std::string> topLevel = {"schema", "title", "note", "categories", "stocktake_columns", "sources", "items"};
  for (const auto& [key, member] : doc.items())
    if (!topLevel.contains(key)) reader.fail("/" + token(key), "unknown property");
  if (doc.value("schema", json()) != kFormat) reader.fail("/schema", std::string("expected \"") + kFormat + "\"");
  auto categories = reader.readCategories(doc);
  auto sources = reader.readSources(doc);
  auto columns = reader.readStocktakeColumns(doc);
  std::vector<Item> items;
  const auto list = doc.find("items");
  if (list == doc.end() || !list->is_array() || list->empty()) {
    reader.fail("/items", "expected a non-empty array of items");
  } else {
    std::set<std::string> ids, names;
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string at = "/items/" + std::to_string(i);
      auto item = reader.readItem((*list)[i], at, categories, sources);
      if (!item) continue;
      if (!ids.insert(item->id).second) reader.fail(at + "/id", "repeats item " + inQuotes(item->id));
      if (!names.insert(item->name).second) reader.fail(at + "/name", "repeats the name " + inQuotes(item->name));
      items.push_back(std::move(*item));
    }
  }
  if (!reader.problems().empty()) throw CatalogueError(std::move(reader.problems()));
  return ItemCatalogue(std::move(items), std::move(categories), std::move(sources), std::move(columns));
}

ItemCatalogue ItemCatalogue::load(const std::filesystem::path& file, const std::set<std::string>& warehouses) {
  const std::string origin = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CatalogueError({origin + ": /: cannot open the file"});
  std::stringstream buffer;
  buffer << in.rdbuf();
  json doc;
  try {
    doc = json::parse(buffer.str());
  } catch (const json::parse_error& e) {
    throw CatalogueError({origin + ": /: invalid JSON: " + e.what()});
  }
  return fromJson(doc, warehouses, origin);
}

const Item* ItemCatalogue::find(const std::string& id) const {
  const auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : &items_[it->second];
}

std::optional<size_t> ItemCatalogue::indexOf(const std::string& id) const {
  const auto it = byId_.find(id);
  if (it == byId_.end()) return std::nullopt;
  return it->second;
}

}  // namespace eoc::stock
