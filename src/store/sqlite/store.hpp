#pragma once
// Opens the SQLite backend in a data directory (creating and migrating <dataDir>/eoc.sqlite) with
// every repository over it.
#include <filesystem>
#include <memory>

#include "core/time.hpp"
#include "store/sqlite/database.hpp"
#include "store/store.hpp"

namespace eoc::store::sqlite {

// `clock` stamps token creation and revocation; it must outlive the store.
std::unique_ptr<store::Store> open(const std::filesystem::path& dataDir, const TimeSource& clock,
                                   DatabaseOptions options = {});

}  // namespace eoc::store::sqlite
