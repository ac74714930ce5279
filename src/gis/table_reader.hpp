#pragma once
// Spreadsheets as an office keeps them (the duty roster, a stocktake): an XLSX workbook or a CSV
// file, read through GDAL's XLSX and CSV drivers into rows of text that keep the row numbers the
// spreadsheet shows, so that a caller can say "row 7, column 日期 (A)". No spreadsheet parsing of
// our own: GDAL reads the files, and GDAL stays inside gis/.
//
// Every cell comes back as text, trimmed: a date cell as GDAL writes it ("2026/12/02"), a time
// cell "12:00:00", a number as its digits. Merged cells keep their value in the top-left cell
// only (GDAL does not see merges), so the rows below read empty there.
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eoc::gis {

enum class TableFormat { Xlsx, Csv };
std::string_view tableFormatName(TableFormat format);  // "xlsx" | "csv"

struct TableLimits {
  std::size_t maxBytes = 2 * 1024 * 1024;  // the file as sent: a year's roster is about 40 KB
  // An XLSX is a ZIP archive: the sum of its parts unpacked, so that a small "zip bomb" cannot
  // make GDAL inflate gigabytes.
  std::size_t maxUnpackedBytes = 32 * 1024 * 1024;
  std::size_t maxRows = 20000;  // by row number: the last non-empty row may be at most this
  std::size_t maxColumns = 100;
  std::size_t maxCellBytes = 4096;
};

struct TableRow {
  std::size_t number = 0;          // as the spreadsheet shows it: 1 is the first row of the sheet/file
  std::vector<std::string> cells;  // column A first; "" for an empty cell; no trailing empty cells
  const std::string& cell(std::size_t column) const;  // "" beyond the last cell
};

struct Table {
  TableFormat format = TableFormat::Csv;
  std::string sheet;           // the XLSX sheet that was read; "" for CSV
  std::vector<TableRow> rows;  // the non-empty rows, in order (empty ones are skipped, numbers kept)
};

struct TableReadOptions {
  TableLimits limits;
  std::string sheet;  // XLSX: read this sheet; "" reads the first sheet that holds anything
};

// Reads `bytes` (an XLSX workbook or CSV text, told apart by content, not by name). A CSV may be
// UTF-8 (with or without BOM) or GB18030/GBK, which is what Excel on a Chinese Windows writes for
// "CSV (逗号分隔)". `label` names the input in messages ("roster.xlsx").
// Throws EocError:
//   PayloadTooLarge  over a limit of `options.limits` (which one, and the figure)
//   InvalidBody      empty, not a spreadsheet (binary, an old .xls, a ZIP that is no workbook, text
//                    in no known encoding), unreadable, no such sheet, a cell over the size limit
// Safe to call from several threads at once (each call has its own GDAL dataset).
Table readTable(std::string_view bytes, const std::string& label, const TableReadOptions& options = {});

// The same for a file; its size is checked before it is read. The label is the file name.
Table readTableFile(const std::filesystem::path& file, const TableReadOptions& options = {});

// Column letters as spreadsheets show them: 0 → "A", 25 → "Z", 26 → "AA".
std::string columnLetter(std::size_t index);

// ---- the header row ---------------------------------------------------------------------------

// A column the caller needs: its key in the caller's code and the header texts that name it, as
// the office writes them ("电话", "联系电话"). Header cells are compared with all white space
// removed ("值 班 员" and "值班员" are the same header).
struct ColumnSpec {
  std::string key;
  std::vector<std::string> names;
  bool required = true;
};

struct TableHeader {
  std::size_t row = 0;                         // the header's row number
  std::map<std::string, std::size_t> columns;  // key → column index (0 = A), found columns only
  std::optional<std::size_t> column(const std::string& key) const;
  // "日期 (A)": the header text as written and its letter, for messages.
  std::string describe(const std::string& key, const Table& table) const;
};

// The header is the first of the table's first `searchRows` non-empty rows that names every
// required column (a title row such as "2026年12月值班表" above it is passed over). Throws
// EocError(InvalidBody) naming `label` and the required columns that no such row has, or the
// column named twice in the header row.
TableHeader findHeader(const Table& table, const std::vector<ColumnSpec>& columns, const std::string& label,
                       std::size_t searchRows = 10);

// The rows below the header.
std::vector<const TableRow*> rowsBelow(const Table& table, const TableHeader& header);

}  // namespace eoc::gis
