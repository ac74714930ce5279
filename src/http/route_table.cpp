#include "http/route_table.hpp"

namespace eoc::http {

std::string pathTemplateToRegex(const std::string& path) {
  std::string out = "^";
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '{') {
      auto close = path.find('}', i);
      out += "([^/]+)";
      i = close;
    } else if (c == '.' || c == '+' || c == '(' || c == ')' || c == '*' || c == '?' || c == '[' || c == ']' ||
               c == '^' || c == '$' || c == '|' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "$";
}

}  // namespace eoc::http
