#include "duty/detail/json_read.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "duty/calendar.hpp"

namespace eoc::duty::detail {

using nlohmann::json;

void JsonReader::fail(const std::string& pointer, const std::string& message) const {
  throw EocError(ErrorCode::InvalidBody, origin_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
}

const json& JsonReader::object(const json& value, const std::string& pointer) const {
  if (!value.is_object()) fail(pointer, "must be an object");
  return value;
}

const json& JsonReader::array(const json& value, const std::string& pointer) const {
  if (!value.is_array()) fail(pointer, "must be an array");
  return value;
}

const json& JsonReader::member(const json& obj, const std::string& pointer, std::string_view key) const {
  object(obj, pointer);
  auto it = obj.find(std::string(key));
  if (it == obj.end()) fail(pointerTo(pointer, key), "is required");
  return *it;
}

void JsonReader::onlyKeys(const json& obj, const std::string& pointer,
                          std::initializer_list<std::string_view> allowed) const {
  object(obj, pointer);
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (std::string_view key : allowed) known = known || key == it.key();
    if (!known) fail(pointerTo(pointer, it.key()), "unknown member");
  }
}

std::string JsonReader::text(const json& value, const std::string& pointer) const {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) fail(pointer, "must be a non-empty string");
  return value.get<std::string>();
}

std::vector<std::string> JsonReader::texts(const json& value, const std::string& pointer) const {
  array(value, pointer);
  if (value.empty()) fail(pointer, "must not be empty");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) out.push_back(text(value[i], pointerTo(pointer, i)));
  return out;
}

long JsonReader::integer(const json& value, const std::string& pointer, long min, long max) const {
  if (!value.is_number_integer()) fail(pointer, "must be an integer");
  const long v = value.get<long>();
  if (v < min || v > max) fail(pointer, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return v;
}

std::chrono::minutes JsonReader::clock(const json& value, const std::string& pointer) const {
  const std::string t = text(value, pointer);
  auto m = parseClock(t);
  if (!m || m->count() >= 24 * 60) fail(pointer, "\"" + t + "\" is not a time of day such as \"09:00\"");
  return *m;
}

std::string pointerTo(const std::string& pointer, std::string_view key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return pointer + "/" + escaped;
}

std::string pointerTo(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

json readJsonFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw EocError(ErrorCode::InvalidBody, path + ": cannot be read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return json::parse(buffer.str());
  } catch (const json::parse_error& e) {
    throw EocError(ErrorCode::InvalidBody, path + ": not JSON: " + e.what());
  }
}

}  // namespace eoc::duty::detail
