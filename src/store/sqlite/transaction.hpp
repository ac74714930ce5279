#pragma once
// The repositories in this folder are written once in portable SQL and run on either backend:
// they use the neutral Transaction (store/sql/), under the name they have always used. SQLite's own
// classes are in store/sqlite/engine/, PostgreSQL's in store/postgres/.
#include "store/sql/transaction.hpp"

namespace eoc::store::sqlite {
using Transaction = sql::Transaction;
}  // namespace eoc::store::sqlite
