#pragma once
// Schema migrations: an ordered list of (version, name, SQL) compiled into eoc.
//
// To add tables for a new module, APPEND one entry to the list in store/migrations.cpp with the
// next version number. Never edit or reorder an entry that has shipped: databases in the field
// have already applied it, and only versions above their schema_version run. Each migration runs
// in its own transaction together with its schema_version row, so a failed one leaves the
// database at the previous version.
#include <span>
#include <string_view>
#include <vector>

#include "store/migration.hpp"
#include "store/sqlite/engine/connection.hpp"

namespace eoc::store::sqlite {

// eoc's migrations, oldest first.
std::span<const Migration> migrations();

// The highest version recorded in schema_version; 0 for a database never migrated.
int currentSchemaVersion(engine::Connection& connection);

// Applies every migration above the current version, in order. Throws EocError(StorageError)
// when the database was written by a newer eoc (its version is above the last migration known
// here), and std::logic_error when `list` is not strictly increasing.
void applyMigrations(engine::Connection& connection, std::span<const Migration> list);

}  // namespace eoc::store::sqlite
