#pragma once
// One schema migration, as every backend lists them: the same versions and names on SQLite
// (store/sqlite/migrations.cpp) and PostgreSQL (store/postgres/pg_migrations.cpp), each in its
// dialect. Append new ones; never edit or reorder one that has shipped.
#include <string_view>

namespace eoc::store {

struct Migration {
  int version;            // 1, 2, 3, ... strictly increasing, no gaps required
  std::string_view name;  // short description, recorded in schema_version
  std::string_view sql;   // one or more statements; constant text, no parameters
};

}  // namespace eoc::store
