// Query strings as cpp-httplib splits them, then every typed parser of http/query.hpp on the
// values: numbers, integers, booleans, lon/lat and bbox. Refusal is EocError.
#include <httplib.h>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "http/query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  std::string text(reinterpret_cast<const char*>(data), size);
  httplib::Request req;
  httplib::detail::parse_query_text(text, req.params);
  auto attempt = [](auto&& f) {
    try {
      f();
    } catch (const EocError&) {
    }
  };
  attempt([&] { http::parseLonLat(req); });
  for (const auto& param : req.params) {
    // Plain references: clang 14 cannot capture structured bindings in the lambdas below.
    const std::string& name = param.first;
    const std::string& value = param.second;
    attempt([&] { http::parseNumber(name, value); });
    attempt([&] { http::parseInteger(name, value, 0, 10000); });
    attempt([&] { http::parseBoolean(name, value); });
    attempt([&] { http::parseBbox(value); });
  }
  attempt([&] { http::queryValue(req, "bbox"); });
  return 0;
}
