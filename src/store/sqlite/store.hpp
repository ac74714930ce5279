#pragma once
// Opens the store with every repository of this folder over the neutral Database: SQLite in a
// data directory (creating and migrating <dataDir>/eoc.sqlite), or PostgreSQL at a URL. The
// repositories are written once in portable SQL (docs/store-backends.md §3) and run on both.
#include <filesystem>
#include <memory>
#include <string>

#include "core/time.hpp"
#include "store/sqlite/database.hpp"
#include "store/store.hpp"

namespace eoc::store::sqlite {

// `clock` stamps token creation and revocation; it must outlive the store.
std::unique_ptr<store::Store> open(const std::filesystem::path& dataDir, const TimeSource& clock,
                                   DatabaseOptions options = {});

// The same store on PostgreSQL (`url`: postgresql://...), migrated on open.
std::unique_ptr<store::Store> openPostgres(const std::string& url, const TimeSource& clock,
                                           postgres::DatabaseOptions options = {});

// The same store over a Database opened by the caller (tests run one suite on both backends).
std::unique_ptr<store::Store> openOn(std::unique_ptr<Database> db, const TimeSource& clock);

}  // namespace eoc::store::sqlite
