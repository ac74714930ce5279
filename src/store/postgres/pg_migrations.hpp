#pragma once
// PostgreSQL's migrations: the same versions and names as store/sqlite/migrations.cpp, each
// creating the same tables, columns and constraints in PostgreSQL's dialect, plus what only
// PostgreSQL has:
// - PostGIS columns generated from the values eoc already writes (so the one repository
//   implementation inserts the same columns on both backends): team_positions.position and
//   incidents.location (geography points) and warnings.area (the refined warning polygon),
//   each with a GiST index, for city-wide spatial questions in one query;
// - append-only rules as triggers that also catch TRUNCATE (which row triggers do not see), and
//   grants for an application role that does not own the tables (grantApplicationRole).
// A test keeps the two lists, and the tables and columns they create, in step.
//
// PostGIS must be installed in the database beforehand by a superuser (CREATE EXTENSION
// postgis): eoc's own role does not need to be one.
#include <span>
#include <string_view>

#include "store/migration.hpp"
#include "store/postgres/pg_connection.hpp"

namespace eoc::store::postgres {

std::span<const Migration> migrations();

// The highest version recorded in schema_version of the first schema on the search_path; 0 for
// a schema never migrated.
int currentSchemaVersion(Connection& connection);

// Applies every migration above the current version, in order, each in its own transaction with
// its schema_version row. Several eoc instances may start at once: a transaction-scoped advisory
// lock makes them take turns, and each re-reads the version under it. Throws EocError
// (StorageError) when the schema was written by a newer eoc, std::logic_error when `list` is not
// strictly increasing.
void applyMigrations(Connection& connection, std::span<const Migration> list);

// Tables whose rows, once written, never change or disappear.
std::span<const std::string_view> appendOnlyTables();

// Lets `role` (an application role that does not own the tables) read and write every eoc table
// of the current schema, except changing or removing rows of the append-only tables and touching
// schema_version. Run by the owner after migrations; idempotent. Without ownership the role
// cannot disable the triggers either, so the rules hold even against eoc's own bugs.
void grantApplicationRole(Connection& connection, std::string_view role);

}  // namespace eoc::store::postgres
