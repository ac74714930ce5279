#pragma once
// The repositories in this folder are written once in portable SQL and run on either backend:
// they use the neutral Connection (store/sql/), under the name they have always used. SQLite's own
// classes are in store/sqlite/engine/, PostgreSQL's in store/postgres/.
#include "store/sql/connection.hpp"

namespace eoc::store::sqlite {
using Connection = sql::Connection;
}  // namespace eoc::store::sqlite
