// The roster spreadsheet of POST /duty/roster and `eoc roster import`: any bytes through the table
// reader (classification, GB18030, GDAL's XLSX/CSV drivers, limits) and then the roster rules.
#include <string>

#include "core/error.hpp"
#include "duty/roster_import.hpp"
#include "fuzz_support.hpp"
#include "gis/table_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eoc;
  static const duty::RosterSettings settings =
      duty::RosterSettings::load(std::string(EOC_SOURCE_DIR) + "/plans/duty-roster.json");
  gis::TableReadOptions options;
  options.limits.maxBytes = 256 * 1024;
  options.limits.maxUnpackedBytes = 4 * 1024 * 1024;
  try {
    const gis::Table table =
        gis::readTable(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", options);
    const duty::RosterImport roster = duty::readRoster(table, settings, "fuzz");
    duty::Roster(roster.shifts).gaps(roster.from, roster.to);
  } catch (const EocError&) {
  }
  return 0;
}
