#pragma once
// Random CQL2 filters for a layer, each written three ways: CQL2 text, CQL2 JSON, and the same
// condition in SQLite SQL (SpatiaLite for the geometry) for the independent reference. Built from
// the layer's queryables and from values its features really hold, so that filters select
// something, nothing, or everything in varying measure. Deterministic for a seed.
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace eoc::testing {

struct GeneratedFilter {
  std::string text;    // cql2-text
  nlohmann::json json; // cql2-json
  std::string sql;     // SQLite WHERE clause
};

class FilterGenerator {
 public:
  // `queryables`: the layer's /queryables document; `features`: its FeatureCollection (CRS84).
  FilterGenerator(const nlohmann::json& queryables, const nlohmann::json& features, unsigned seed);
  GeneratedFilter next();

 private:
  GeneratedFilter predicate();
  GeneratedFilter expression(int depth);
  GeneratedFilter comparison(const std::string& field, bool numeric);
  GeneratedFilter like(const std::string& field);
  GeneratedFilter in(const std::string& field, bool numeric);
  GeneratedFilter between(const std::string& field);
  GeneratedFilter isNull(const std::string& field);
  GeneratedFilter spatial();
  const nlohmann::json* valueOf(const std::string& field);  // of a random feature, non-null if any

  std::mt19937 random_;
  std::vector<std::string> numericFields_, stringFields_, allFields_;
  const nlohmann::json& features_;
  bool pointLayer_ = true;
};

}  // namespace eoc::testing
