#pragma once
// Store URLs: `postgresql://user[:password]@host[:port]/database[?param=value&...]` (libpq's URI
// form, which libpq parses itself; `postgres://` is accepted as well). Anything else names the
// embedded SQLite store.
#include <string>
#include <string_view>

namespace eoc::store::postgres {

bool isPostgresUrl(std::string_view text);

// The URL with its password replaced by "***", for logs and error messages.
std::string redactUrl(std::string_view url);

}  // namespace eoc::store::postgres
