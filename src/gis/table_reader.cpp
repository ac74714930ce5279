#include "gis/table_reader.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <iconv.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <memory>
#include <set>

#include "core/error.hpp"
#include "gis/detail/gdal.hpp"

namespace eoc::gis {

namespace {

using detail::DatasetPtr;
using detail::ErrorCapture;
using detail::FeaturePtr;

std::string number(std::size_t n) { return std::to_string(n); }

// ---- bytes: what kind of file is this? ----------------------------------------------------------

bool startsWith(std::string_view bytes, std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; }

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// Excel on a Chinese Windows saves "CSV (逗号分隔)" in the ANSI code page 936 (GBK), of which
// GB18030 is the superset. iconv is strict: a byte sequence that is no GB18030 fails (EILSEQ).
std::optional<std::string> gb18030ToUtf8(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, int (*)(iconv_t)> closer(cd, &iconv_close);
  std::string out(bytes.size() * 2 + 16, '\0');  // a GB18030 character never grows beyond 2× in UTF-8
  char* in = const_cast<char*>(bytes.data());
  std::size_t inLeft = bytes.size();
  char* outPtr = out.data();
  std::size_t outLeft = out.size();
  if (iconv(cd, &in, &inLeft, &outPtr, &outLeft) == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - outLeft);
  return out;
}

// The bytes GDAL is to read, and which of its drivers reads them.
struct Source {
  TableFormat format = TableFormat::Csv;
  std::string ownBytes;  // a CSV re-encoded to UTF-8; empty when the caller's bytes are used as they are
};

Source classify(std::string_view bytes, const std::string& label) {
  if (bytes.empty()) throw EocError(ErrorCode::InvalidBody, label + ": the file is empty, not a spreadsheet");
  if (startsWith(bytes, std::string_view("PK\x03\x04", 4))) return {TableFormat::Xlsx, {}};
  if (startsWith(bytes, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    throw EocError(ErrorCode::InvalidBody,
                   label + ": an Excel 97-2003 workbook (.xls), which eoc does not read; save it as .xlsx or .csv");
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0 || (u < 0x20 && c != '\t' && c != '\r' && c != '\n'))
      throw EocError(ErrorCode::InvalidBody, label + ": binary data, not a spreadsheet (expected .xlsx or .csv)");
  }
  if (isUtf8(bytes)) return {TableFormat::Csv, {}};
  if (auto utf8 = gb18030ToUtf8(bytes)) return {TableFormat::Csv, std::move(*utf8)};
  throw EocError(ErrorCode::InvalidBody,
                 label + ": text in neither UTF-8 nor GB18030, not a spreadsheet (expected .xlsx or .csv)");
}

// ---- GDAL's in-memory files and thread-local options ---------------------------------------------

// A /vsimem/ file over the caller's buffer (not copied), unlinked when this ends. The buffer must
// outlive it; GDAL only reads it (the dataset is opened read-only).
class MemoryFile {
 public:
  MemoryFile(std::string_view bytes, std::string_view extension) {
    static std::atomic<unsigned long> counter{0};
    path_ = "/vsimem/eoc-table-" + std::to_string(++counter) + "." + std::string(extension);
    VSILFILE* file = VSIFileFromMemBuffer(path_.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                          static_cast<vsi_l_offset>(bytes.size()), FALSE);
    if (!file) throw EocError(ErrorCode::Internal, "cannot create an in-memory file for GDAL");
    VSIFCloseL(file);
  }
  ~MemoryFile() { VSIUnlink(path_.c_str()); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Sets a GDAL configuration option for this thread only, restoring the previous value after.
class ThreadConfig {
 public:
  ThreadConfig(const char* key, const char* value) : key_(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) old_ = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ThreadConfig() { CPLSetThreadLocalConfigOption(key_, old_ ? old_->c_str() : nullptr); }
  ThreadConfig(const ThreadConfig&) = delete;
  ThreadConfig& operator=(const ThreadConfig&) = delete;

 private:
  const char* key_;
  std::optional<std::string> old_;
};

struct StringListDeleter {
  void operator()(char** list) const { CSLDestroy(list); }
};
using StringList = std::unique_ptr<char*, StringListDeleter>;

// An XLSX is a ZIP archive: add up what its parts unpack to before GDAL inflates any of them.
void checkUnpackedSize(const std::string& memoryPath, const std::string& label, const TableLimits& limits) {
  const std::string zip = "/vsizip/" + memoryPath;
  StringList entries(VSIReadDirRecursive(zip.c_str()));
  vsi_l_offset total = 0;
  for (char** entry = entries.get(); entry && *entry; ++entry) {
    VSIStatBufL stat;
    if (VSIStatL((zip + "/" + *entry).c_str(), &stat) == 0 && !VSI_ISDIR(stat.st_mode)) total += stat.st_size;
    if (total > limits.maxUnpackedBytes)
      throw EocError(ErrorCode::PayloadTooLarge, label + ": the workbook unpacks to more than " +
                                                     number(limits.maxUnpackedBytes) + " bytes, the limit");
  }
}

DatasetPtr open(const MemoryFile& file, TableFormat format, const std::string& label, const ErrorCapture& errors) {
  detail::registerGdalDrivers();
  // The header row is found by findHeader(), not by GDAL: GDAL's own detection (AUTO) takes an
  // all-text first row for data — a roster's header is all text, hence the usual advice of
  // HEADERS=FORCE — and FORCE would take a title row above the header ("2026年12月值班表") for the
  // header. With detection off every row is a row, numbered as the spreadsheet numbers it, and
  // with FIELD_TYPES=STRING every cell is text. GDAL 3.6 (Debian 12) reads these two as
  // configuration options; later versions also as open options of the same names.
  ThreadConfig headers("OGR_XLSX_HEADERS", "DISABLE");
  ThreadConfig types("OGR_XLSX_FIELD_TYPES", "STRING");
  const char* xlsxDrivers[] = {"XLSX", nullptr};
  const char* csvDrivers[] = {"CSV", nullptr};
  const char* csvOptions[] = {"HEADERS=NO", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", nullptr};
  const bool xlsx = format == TableFormat::Xlsx;
  DatasetPtr dataset(GDALDataset::Open(file.path().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                       xlsx ? xlsxDrivers : csvDrivers, xlsx ? nullptr : csvOptions));
  if (!dataset) {
    if (xlsx)
      throw EocError(ErrorCode::InvalidBody,
                     label + ": a ZIP archive but not an XLSX workbook, not a spreadsheet" + errors.suffix());
    // GDAL's CSV driver opens nothing without a separator (comma, semicolon or tab) on the first line.
    throw EocError(ErrorCode::InvalidBody, label +
                                               ": cannot be read as CSV (at least two columns, separated by commas, "
                                               "semicolons or tabs)" +
                                               errors.suffix());
  }
  return dataset;
}

// ---- cells ---------------------------------------------------------------------------------------

// Trims ASCII white space, U+3000 (ideographic space), U+00A0 (no-break space) and a BOM.
std::string trim(std::string_view s) {
  auto strip = [&](bool front) {
    static constexpr std::string_view wide[] = {"\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF"};
    for (bool again = true; again && !s.empty();) {
      again = false;
      const char c = front ? s.front() : s.back();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
        s = front ? s.substr(1) : s.substr(0, s.size() - 1);
        again = true;
        continue;
      }
      for (std::string_view w : wide) {
        if (front ? s.substr(0, w.size()) == w : (s.size() >= w.size() && s.substr(s.size() - w.size()) == w)) {
          s = front ? s.substr(w.size()) : s.substr(0, s.size() - w.size());
          again = true;
          break;
        }
      }
    }
  };
  strip(true);
  strip(false);
  return std::string(s);
}

bool hasContent(OGRLayer& layer) {
  layer.ResetReading();
  for (FeaturePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature()))
    for (int i = 0; i < feature->GetFieldCount(); ++i)
      if (feature->IsFieldSetAndNotNull(i) && !trim(feature->GetFieldAsString(i)).empty()) return true;
  return false;
}

OGRLayer& pickSheet(GDALDataset& dataset, const std::string& wanted, const std::string& label) {
  const int count = dataset.GetLayerCount();
  std::string names;
  for (int i = 0; i < count; ++i) {
    OGRLayer* layer = dataset.GetLayer(i);
    if (!wanted.empty() && wanted == layer->GetName()) return *layer;
    names += std::string(names.empty() ? "" : ", ") + "\"" + layer->GetName() + "\"";
  }
  if (!wanted.empty())
    throw EocError(ErrorCode::InvalidBody, label + ": no sheet \"" + wanted + "\" (the workbook has " +
                                               (names.empty() ? std::string("none") : names) + ")");
  for (int i = 0; i < count; ++i)
    if (hasContent(*dataset.GetLayer(i))) return *dataset.GetLayer(i);
  throw EocError(ErrorCode::InvalidBody, label + ": every sheet is empty");
}

Table readRows(OGRLayer& layer, TableFormat format, const std::string& label, const TableLimits& limits,
               const ErrorCapture& errors) {
  Table table;
  table.format = format;
  if (format == TableFormat::Xlsx) table.sheet = layer.GetName();
  layer.ResetReading();
  std::size_t ordinal = 0;
  for (FeaturePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
    ++ordinal;
    // The XLSX driver numbers features by their row in the sheet; the CSV driver (headers off) by
    // line, not counting blank lines. GDAL closes a gap of more than about 10,000 empty rows in a
    // sheet, so numbers after such a gap are lower than the sheet's.
    const GIntBig fid = feature->GetFID();
    TableRow row;
    row.number = fid > 0 ? static_cast<std::size_t>(fid) : ordinal;
    std::size_t lastFilled = 0;
    const int fields = feature->GetFieldCount();
    for (int i = 0; i < fields; ++i) {
      std::string cell = feature->IsFieldSetAndNotNull(i) ? trim(feature->GetFieldAsString(i)) : std::string();
      if (cell.empty()) {
        row.cells.emplace_back();
        continue;
      }
      if (static_cast<std::size_t>(i) >= limits.maxColumns)
        throw EocError(ErrorCode::PayloadTooLarge, label + ": row " + number(row.number) + " has a value in column " +
                                                       columnLetter(static_cast<std::size_t>(i)) + ", beyond the " +
                                                       number(limits.maxColumns) + " columns a table may have");
      if (cell.size() > limits.maxCellBytes)
        throw EocError(ErrorCode::InvalidBody, label + ": row " + number(row.number) + ", column " +
                                                   columnLetter(static_cast<std::size_t>(i)) + ": " +
                                                   number(cell.size()) + " bytes, more than the " +
                                                   number(limits.maxCellBytes) + " a cell may hold");
      row.cells.push_back(std::move(cell));
      lastFilled = static_cast<std::size_t>(i) + 1;
    }
    if (lastFilled == 0) continue;  // an empty row
    row.cells.resize(lastFilled);
    if (row.number > limits.maxRows)
      throw EocError(ErrorCode::PayloadTooLarge, label + ": row " + number(row.number) + " is beyond the " +
                                                     number(limits.maxRows) + " rows a table may have");
    table.rows.push_back(std::move(row));
  }
  if (!errors.lastError().empty()) throw EocError(ErrorCode::InvalidBody, label + ": cannot be read" + errors.suffix());
  if (table.rows.empty()) throw EocError(ErrorCode::InvalidBody, label + ": no rows, the table is empty");
  return table;
}

std::string squeeze(std::string_view header) {
  // Header texts compared without any white space ("值 班 员" is 值班员; line breaks in a cell too).
  std::string out;
  for (std::size_t i = 0; i < header.size();) {
    if (header.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else if (header.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (header[i] == ' ' || header[i] == '\t' || header[i] == '\r' || header[i] == '\n') {
      ++i;
    } else {
      out += header[i++];
    }
  }
  return out;
}

}  // namespace

std::string_view tableFormatName(TableFormat format) { return format == TableFormat::Xlsx ? "xlsx" : "csv"; }

const std::string& TableRow::cell(std::size_t column) const {
  static const std::string empty;
  return column < cells.size() ? cells[column] : empty;
}

std::string columnLetter(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), char('A' + (n - 1) % 26));
  return letters;
}

Table readTable(std::string_view bytes, const std::string& label, const TableReadOptions& options) {
  const TableLimits& limits = options.limits;
  if (bytes.size() > limits.maxBytes)
    throw EocError(ErrorCode::PayloadTooLarge, label + ": " + number(bytes.size()) + " bytes, more than the " +
                                                   number(limits.maxBytes) + " a spreadsheet may have");
  const Source source = classify(bytes, label);
  const std::string_view data = source.ownBytes.empty() ? bytes : std::string_view(source.ownBytes);
  MemoryFile file(data, tableFormatName(source.format));
  ErrorCapture errors;  // every GDAL error of this read, on this thread, instead of stderr
  if (source.format == TableFormat::Xlsx) checkUnpackedSize(file.path(), label, limits);
  DatasetPtr dataset = open(file, source.format, label, errors);
  OGRLayer* layer = dataset->GetLayer(0);
  if (source.format == TableFormat::Xlsx) {
    try {
      layer = &pickSheet(*dataset, options.sheet, label);
    } catch (const EocError&) {
      // A sheet that looked empty because GDAL could not read it is damaged, not empty.
      if (!errors.lastError().empty())
        throw EocError(ErrorCode::InvalidBody, label + ": cannot be read" + errors.suffix());
      throw;
    }
  }
  return readRows(*layer, source.format, label, limits, errors);
}

Table readTableFile(const std::filesystem::path& file, const TableReadOptions& options) {
  const std::string label = file.filename().string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw EocError(ErrorCode::InvalidParameter, file.string() + ": cannot be read: " + ec.message());
  if (size > options.limits.maxBytes)
    throw EocError(ErrorCode::PayloadTooLarge, label + ": " + number(size) + " bytes, more than the " +
                                                   number(options.limits.maxBytes) + " a spreadsheet may have");
  std::ifstream in(file, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
    throw EocError(ErrorCode::InvalidParameter, file.string() + ": cannot be read");
  return readTable(bytes, label, options);
}

// ---- header ---------------------------------------------------------------------------------------

std::optional<std::size_t> TableHeader::column(const std::string& key) const {
  auto it = columns.find(key);
  if (it == columns.end()) return std::nullopt;
  return it->second;
}

std::string TableHeader::describe(const std::string& key, const Table& table) const {
  auto index = column(key);
  if (!index) return key;
  for (const TableRow& r : table.rows)
    if (r.number == row) return r.cell(*index) + " (" + columnLetter(*index) + ")";
  return columnLetter(*index);
}

TableHeader findHeader(const Table& table, const std::vector<ColumnSpec>& columns, const std::string& label,
                       std::size_t searchRows) {
  std::size_t bestFound = 0;
  std::vector<std::string> bestMissing;
  std::size_t bestRow = 0;
  const std::size_t limit = std::min(searchRows, table.rows.size());
  for (std::size_t r = 0; r < limit; ++r) {
    const TableRow& row = table.rows[r];
    TableHeader header;
    header.row = row.number;
    std::vector<std::string> missing;
    std::size_t found = 0;
    for (const ColumnSpec& spec : columns) {
      std::vector<std::size_t> hits;
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const std::string cell = squeeze(row.cells[c]);
        for (const std::string& name : spec.names)
          if (!cell.empty() && cell == squeeze(name)) {
            hits.push_back(c);
            break;
          }
      }
      if (hits.size() > 1)
        throw EocError(ErrorCode::InvalidBody, label + ": row " + number(row.number) + ": columns " +
                                                   columnLetter(hits[0]) + " and " + columnLetter(hits[1]) +
                                                   " both name " + spec.names.front());
      if (hits.empty()) {
        if (spec.required) missing.push_back(spec.names.front());
      } else {
        header.columns[spec.key] = hits.front();
        ++found;
      }
    }
    if (missing.empty()) return header;
    if (found > bestFound) {
      bestFound = found;
      bestMissing = missing;
      bestRow = row.number;
    }
  }
  std::string names;
  if (bestFound == 0) {
    for (const ColumnSpec& spec : columns)
      if (spec.required) names += (names.empty() ? "" : ", ") + spec.names.front();
    throw EocError(ErrorCode::InvalidBody,
                   label + ": no header row naming the columns " + names + " in the first " + number(limit) + " rows");
  }
  for (const std::string& m : bestMissing) names += (names.empty() ? "" : ", ") + m;
  throw EocError(ErrorCode::InvalidBody, label + ": row " + number(bestRow) + " (the header): missing column" +
                                             (bestMissing.size() > 1 ? "s " : " ") + names);
}

std::vector<const TableRow*> rowsBelow(const Table& table, const TableHeader& header) {
  std::vector<const TableRow*> rows;
  for (const TableRow& row : table.rows)
    if (row.number > header.row) rows.push_back(&row);
  return rows;
}

}  // namespace eoc::gis
