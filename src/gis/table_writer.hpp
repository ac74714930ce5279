#pragma once
// Writes a table of text as an XLSX workbook or a CSV file through GDAL's drivers: a blank roster
// to fill in, and the spreadsheets tests read back with table_reader.hpp.
#include <string>
#include <vector>

#include "gis/table_reader.hpp"

namespace eoc::gis {

// The file's bytes: `header` is the first row (non-empty, distinct texts), then `rows`, every cell
// a text cell ("" leaves the cell empty; a row may be shorter than the header, not longer).
// `sheet` names the XLSX sheet. Throws EocError(InvalidParameter) on a header GDAL cannot take.
std::string writeTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       TableFormat format, const std::string& sheet = "Sheet1");

}  // namespace eoc::gis
