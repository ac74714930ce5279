#pragma once
// The repositories in this folder are written once in portable SQL and run on either backend:
// they use the neutral Database (store/sql/), under the name they have always used. SQLite's own
// classes are in store/sqlite/engine/, PostgreSQL's in store/postgres/.
#include "store/sql/database.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/statement.hpp"
#include "store/sqlite/store_error.hpp"
#include "store/sqlite/transaction.hpp"

namespace eoc::store::sqlite {
using Database = sql::Database;
using DatabaseOptions = engine::DatabaseOptions;
}  // namespace eoc::store::sqlite
