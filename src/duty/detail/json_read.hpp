#pragma once
// Internal to duty/: strict reading of the module's data files (plans/duty-roster.json,
// plans/reporting-rules.json). Every failure throws EocError(InvalidBody) reading
// "<origin>: <JSON pointer>: <what is wrong>", so that startup stops with one line naming the field.
#include <chrono>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace eoc::duty::detail {

class JsonReader {
 public:
  explicit JsonReader(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const;

  const nlohmann::json& object(const nlohmann::json& value, const std::string& pointer) const;
  const nlohmann::json& array(const nlohmann::json& value, const std::string& pointer) const;
  // The member `key` of object `obj` at `pointer`; fails when absent.
  const nlohmann::json& member(const nlohmann::json& obj, const std::string& pointer, std::string_view key) const;
  // Refuses members other than `allowed` (a misspelt key would otherwise be ignored silently).
  void onlyKeys(const nlohmann::json& obj, const std::string& pointer,
                std::initializer_list<std::string_view> allowed) const;

  std::string text(const nlohmann::json& value, const std::string& pointer) const;                // non-empty string
  std::vector<std::string> texts(const nlohmann::json& value, const std::string& pointer) const;  // non-empty list
  long integer(const nlohmann::json& value, const std::string& pointer, long min, long max) const;
  std::chrono::minutes clock(const nlohmann::json& value, const std::string& pointer) const;  // "09:00"

  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
};

// "/a/b" + key, escaping as RFC 6901 says ("~" → "~0", "/" → "~1").
std::string pointerTo(const std::string& pointer, std::string_view key);
std::string pointerTo(const std::string& pointer, std::size_t index);

nlohmann::json readJsonFile(const std::string& path);  // InvalidBody "<path>: not JSON: …" / cannot read

}  // namespace eoc::duty::detail
