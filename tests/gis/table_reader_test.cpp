// Spreadsheets through GDAL's XLSX and CSV drivers: rows of text with the spreadsheet's own row
// numbers, the header found by its column names, and every hostile input refused with a 4xx code.
#include "gis/table_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <iterator>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "gis/support/geodata_fixture.hpp"
#include "gis/table_writer.hpp"

namespace eoc::gis::table_reader_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<ColumnSpec> kRosterColumns = {
    {"date", {"日期", "值班日期"}},  {"shift", {"班次"}},
    {"leader", {"带班领导"}},        {"officers", {"值班员", "值班人员"}},
    {"phone", {"电话", "联系电话"}}, {"note", {"备注"}, false},
};

// Runs `read` and returns the EocError it throws (fails the test if it throws none).
template <class F>
EocError errorOf(F&& read) {
  try {
    read();
  } catch (const EocError& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return EocError(ErrorCode::Internal, "none");
}

std::string excelLike() { return testing::fixturePath("tables/excel-like-title-row-merged-cells-date-cells.xlsx"); }

TEST(TableReader, AllTextXlsxWrittenByGdalReadsBackWithItsRowNumbers) {
  const std::string bytes = writeTable({"日期", "班次", "带班领导", "值班员", "电话"},
                                       {{"2026-12-02", "白班", "张伟", "李娜、王强", "13312345678"},
                                        {"2026/12/2", "夜班", "张伟", "赵敏,钱程", "0991-5550123"}},
                                       TableFormat::Xlsx, "值班表");
  const Table table = readTable(bytes, "roster.xlsx");
  EXPECT_EQ(table.format, TableFormat::Xlsx);
  EXPECT_EQ(table.sheet, "值班表");
  ASSERT_EQ(table.rows.size(), 3u);
  // Every header cell is text, the case where GDAL's own header detection would read the header
  // as data: here it is simply row 1.
  EXPECT_EQ(table.rows[0].number, 1u);
  EXPECT_THAT(table.rows[0].cells, ElementsAre("日期", "班次", "带班领导", "值班员", "电话"));
  EXPECT_EQ(table.rows[2].number, 3u);
  EXPECT_THAT(table.rows[2].cells, ElementsAre("2026/12/2", "夜班", "张伟", "赵敏,钱程", "0991-5550123"));

  const TableHeader header = findHeader(table, kRosterColumns, "roster.xlsx");
  EXPECT_EQ(header.row, 1u);
  EXPECT_EQ(header.column("phone"), 4u);
  EXPECT_FALSE(header.column("note").has_value());
  EXPECT_EQ(header.describe("officers", table), "值班员 (D)");
  EXPECT_EQ(rowsBelow(table, header).size(), 2u);
}

TEST(TableReader, OfficeShapedWorkbookKeepsSheetRowNumbersAndReadsDateAndNumberCellsAsText) {
  const Table table = readTableFile(excelLike());
  EXPECT_EQ(table.sheet, "值班表");  // the empty first sheet "说明" is passed over
  std::vector<size_t> numbers;
  for (const TableRow& row : table.rows) numbers.push_back(row.number);
  EXPECT_THAT(numbers, ElementsAre(1u, 3u, 4u, 5u, 8u));  // row 2 and rows 6-7 are absent or empty

  EXPECT_THAT(table.rows[2].cells, ElementsAre("2026/12/02", "白班", "张伟", "李娜、王强", "13312345678"));
  // A5 and C5 are covered by merges: GDAL sees no cell there.
  EXPECT_THAT(table.rows[3].cells, ElementsAre("", "夜班", "", "赵敏,钱程", "13312345679"));
  EXPECT_EQ(table.rows[4].cell(4), "12:00:00");  // a time-formatted number
  EXPECT_EQ(table.rows[4].cell(9), "");          // beyond the last cell

  const TableHeader header = findHeader(table, kRosterColumns, "roster.xlsx");
  EXPECT_EQ(header.row, 3u);  // the title row above is not the header
  EXPECT_EQ(rowsBelow(table, header).front()->number, 4u);
}

TEST(TableReader, NamedSheetIsReadAndAMissingOneIsNamedWithTheSheetsThereAre) {
  TableReadOptions options;
  options.sheet = "值班表";
  EXPECT_EQ(readTableFile(excelLike(), options).rows.size(), 5u);
  options.sheet = "Sheet1";
  const EocError e = errorOf([&] { readTableFile(excelLike(), options); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_THAT(e.detail(), HasSubstr("no sheet \"Sheet1\" (the workbook has \"说明\", \"值班表\")"));
}

TEST(TableReader, Utf8CsvWithBomQuotesAndBlankCells) {
  const std::string csv =
      "\xEF\xBB\xBF日期,班次,带班领导,值班员,电话\r\n"
      "2026-12-02,白班,张伟,\"李娜,王强\",\r\n"
      ",,,,\r\n"
      "2026-12-03,\"08:00-20:00\",  刘洋　,孙丽,13312345678\r\n";
  const Table table = readTable(csv, "roster.csv");
  EXPECT_EQ(table.format, TableFormat::Csv);
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_THAT(table.rows[0].cells, ElementsAre("日期", "班次", "带班领导", "值班员", "电话"));
  EXPECT_THAT(table.rows[1].cells, ElementsAre("2026-12-02", "白班", "张伟", "李娜,王强"));
  EXPECT_EQ(table.rows[1].number, 2u);
  EXPECT_EQ(table.rows[2].number, 4u);       // the row of empty cells counts, then is skipped
  EXPECT_EQ(table.rows[2].cell(2), "刘洋");  // ASCII and ideographic spaces trimmed
}

TEST(TableReader, Gb18030CsvAsExcelOnAChineseWindowsSavesIt) {
  // "日期,班次\n2026-12-02,白班\n" in GB18030 (GBK), as `iconv -t GB18030` writes it.
  const std::string csv = "\xC8\xD5\xC6\xDA,\xB0\xE0\xB4\xCE\n2026-12-02,\xB0\xD7\xB0\xE0\n";
  const Table table = readTable(csv, "值班表.csv");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0].cells, ElementsAre("日期", "班次"));
  EXPECT_THAT(table.rows[1].cells, ElementsAre("2026-12-02", "白班"));
}

TEST(TableReader, WhatIsNoSpreadsheetIsRefusedSayingWhat) {
  struct Case {
    std::string name;
    std::string bytes;
    std::string says;
  };
  const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  const std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
  std::string zip;
  {
    std::ifstream in(testing::fixturePath("tables/zip-archive-holding-a-text-file.zip"), std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_FALSE(zip.empty());
  const std::vector<Case> cases = {
      {"empty file", "", "the file is empty"},
      {"PNG image", png, "binary data, not a spreadsheet"},
      {"Excel 97-2003", xls, "an Excel 97-2003 workbook (.xls)"},
      {"ZIP of a text file", zip, "a ZIP archive but not an XLSX workbook"},
      {"Latin-1 text", "caf\xE9\xFF\xFE,1\n", "text in neither UTF-8 nor GB18030"},
      {"only blank lines", "\n\n\r\n", "cannot be read as CSV (at least two columns"},
      {"one column", "日期\n2026-12-02\n", "cannot be read as CSV (at least two columns"},
      {"only empty cells", ",,,\n,,,\n", "no rows, the table is empty"},
  };
  for (const Case& c : cases) {
    const EocError e = errorOf([&] { readTable(c.bytes, "upload"); });
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody) << c.name;
    EXPECT_THAT(e.detail(), HasSubstr("upload: " + c.says)) << c.name;
  }
}

TEST(TableReader, DamagedWorkbookIsRefusedNotReadHalfway) {
  std::ifstream in(excelLike(), std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  // The compressed XML of the sheet "值班表" (the archive's 6th entry) with one byte changed:
  // GDAL reads on after the damage with what it got, and reports a CRC or XML error.
  const auto at = bytes.find("xl/worksheets/sheet2.xml");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 24 + 40] = static_cast<char>(bytes[at + 24 + 40] ^ 0x55);
  const EocError e = errorOf([&] { readTable(bytes, "roster.xlsx"); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_THAT(e.detail(), HasSubstr("roster.xlsx: cannot be read: "));
}

TEST(TableReader, LimitsAreRefusedAsTooLargeNamingTheLimit) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 200; ++i) rows.push_back({"2026-12-02", "白班", std::string(40, 'x'), "李娜"});
  const std::string xlsx = writeTable({"日期", "班次", "带班领导", "值班员"}, rows, TableFormat::Xlsx);

  TableReadOptions options;
  options.limits.maxBytes = xlsx.size() - 1;
  EocError e = errorOf([&] { readTable(xlsx, "big.xlsx", options); });
  EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  EXPECT_THAT(e.detail(), HasSubstr("big.xlsx: " + std::to_string(xlsx.size()) + " bytes, more than the " +
                                    std::to_string(xlsx.size() - 1)));

  // Small on the wire, large unpacked: the ZIP's parts are added up before GDAL inflates them.
  options = {};
  options.limits.maxUnpackedBytes = 4 * xlsx.size();
  ASSERT_GT(options.limits.maxUnpackedBytes, 0u);
  e = errorOf([&] { readTable(xlsx, "bomb.xlsx", options); });
  EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  EXPECT_THAT(e.detail(), HasSubstr("unpacks to more than"));

  options = {};
  options.limits.maxRows = 150;
  e = errorOf([&] { readTable(xlsx, "long.xlsx", options); });
  EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  EXPECT_THAT(e.detail(), HasSubstr("row 151 is beyond the 150 rows"));

  options = {};
  options.limits.maxColumns = 3;
  e = errorOf([&] { readTable(xlsx, "wide.xlsx", options); });
  EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  EXPECT_THAT(e.detail(), HasSubstr("row 1 has a value in column D, beyond the 3 columns"));

  options = {};
  options.limits.maxCellBytes = 39;
  e = errorOf([&] { readTable(xlsx, "fat.xlsx", options); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_THAT(e.detail(), HasSubstr("row 2, column C: 40 bytes, more than the 39"));
}

TEST(TableReader, FileLargerThanTheLimitIsRefusedBeforeItIsRead) {
  TableReadOptions options;
  options.limits.maxBytes = 100;
  const EocError e = errorOf([&] { readTableFile(excelLike(), options); });
  EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  EXPECT_THAT(e.detail(), HasSubstr("excel-like-title-row-merged-cells-date-cells.xlsx: "));
  EXPECT_EQ(errorOf([] { readTableFile("/nonexistent/roster.xlsx"); }).code(), ErrorCode::InvalidParameter);
}

TEST(TableReader, HeaderProblemsNameTheRowAndTheColumns) {
  Table table;
  table.rows = {{1, {"2026年12月值班表"}}, {2, {"日期", "班次", "值 班 员", "带班领导"}}, {3, {"2026-12-02", "白班"}}};
  EocError e = errorOf([&] { findHeader(table, kRosterColumns, "r.xlsx"); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_EQ(e.detail(), "r.xlsx: row 2 (the header): missing column 电话");

  table.rows[1].cells.push_back("联系\n电话");  // a line break inside the header cell
  const TableHeader header = findHeader(table, kRosterColumns, "r.xlsx");
  EXPECT_EQ(header.column("officers"), 2u);  // "值 班 员" is 值班员
  EXPECT_EQ(header.column("phone"), 4u);

  table.rows[1].cells.push_back("值班日期");
  e = errorOf([&] { findHeader(table, kRosterColumns, "r.xlsx"); });
  EXPECT_EQ(e.detail(), "r.xlsx: row 2: columns A and F both name 日期");

  Table none;
  none.rows = {{1, {"a", "b"}}, {2, {"c"}}};
  e = errorOf([&] { findHeader(none, kRosterColumns, "x.csv"); });
  EXPECT_EQ(e.detail(),
            "x.csv: no header row naming the columns 日期, 班次, 带班领导, 值班员, 电话 in the first 2 rows");
}

TEST(TableReader, ColumnLetters) {
  EXPECT_EQ(columnLetter(0), "A");
  EXPECT_EQ(columnLetter(25), "Z");
  EXPECT_EQ(columnLetter(26), "AA");
  EXPECT_EQ(columnLetter(701), "ZZ");
  EXPECT_EQ(columnLetter(702), "AAA");
}

TEST(TableReader, CsvWrittenByGdalRoundTrips) {
  const std::string csv = writeTable({"物资", "数量"}, {{"帐篷", "120"}, {"棉被, 加厚", ""}}, TableFormat::Csv);
  const Table table = readTable(csv, "stock.csv");
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_THAT(table.rows[2].cells, ElementsAre("棉被, 加厚"));
}

TEST(TableReader, SeveralThreadsReadAtOnce) {
  // Each read sets GDAL's XLSX options for its own thread only and has its own in-memory file.
  const std::string csv = "a,1\nb,2\nc,3\nd,4\ne,5\n";
  std::vector<std::future<size_t>> reads;
  for (int i = 0; i < 8; ++i)
    reads.push_back(std::async(std::launch::async, [i, &csv] {
      if (i % 2) return readTable(csv, "r.csv").rows.size();
      return readTableFile(excelLike()).rows.size();
    }));
  for (auto& read : reads) EXPECT_EQ(read.get(), 5u);
}

}  // namespace
}  // namespace eoc::gis::table_reader_test
