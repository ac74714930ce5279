// The office's roster spreadsheet, read through GDAL (gis/table_reader) and turned into shifts:
// good files give hand-computed shift times; every bad file is refused naming row and column, and
// nothing comes back from a refused file.
#include "duty/roster_import.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "gis/table_reader.hpp"
#include "gis/table_writer.hpp"
#include "support/duty_fixtures.hpp"

namespace eoc::duty::roster_import_test {
namespace {

using testing::bj;
using ::testing::ElementsAre;
using testing::errorOf;
using ::testing::HasSubstr;

const std::vector<std::string> kHeader = {"日期", "班次", "带班领导", "值班员", "电话"};

// The spreadsheet as the office writes it, made by GDAL's XLSX driver: every cell is text, the
// case in which GDAL's own header detection would take the header for data.
RosterImport importXlsx(const std::vector<std::vector<std::string>>& rows,
                        const std::vector<std::string>& header = kHeader) {
  const std::string bytes = gis::writeTable(header, rows, gis::TableFormat::Xlsx, "值班表");
  return readRoster(gis::readTable(bytes, "roster.xlsx"), testing::shippedRosterSettings(), "roster.xlsx");
}

std::vector<std::string> officerNames(const Shift& s) {
  std::vector<std::string> names;
  for (const Officer& o : s.officers) names.push_back(o.name);
  return names;
}

TEST(RosterImport, GoodWorkbookGivesHandComputedShifts) {
  const RosterImport roster = importXlsx({
      {"2026-12-02", "白班", "张伟", "李娜、王强", "0991-5550110"},
      {"2026/12/2", "夜班", "张伟", "赵敏,钱程", "13312345678、13312345679"},
      {"2026年12月3日", "08:00-20:00", "刘洋", "孙丽", "13900001111"},
      {"2026-12-03", "20:00—08:00", "刘洋", "周杰，吴昊", "13900002222"},
      {"2026-12-04", "全天", "王芳", "郑爽", "13900003333"},
  });
  EXPECT_EQ(roster.header, 1u);
  ASSERT_EQ(roster.shifts.size(), 5u);
  const Shift& day = roster.shifts[0];
  EXPECT_EQ(day.start, bj("2026-12-02 08:00"));
  EXPECT_EQ(day.end, bj("2026-12-02 20:00"));
  EXPECT_EQ(day.label, "白班");
  EXPECT_EQ(day.leader, "张伟");
  EXPECT_THAT(officerNames(day), ElementsAre("李娜", "王强"));
  EXPECT_EQ(day.phone, "0991-5550110");
  EXPECT_EQ(day.phoneOf(1), "0991-5550110");
  EXPECT_EQ(day.sourceRow, 2u);

  const Shift& night = roster.shifts[1];  // past midnight
  EXPECT_EQ(night.start, bj("2026-12-02 20:00"));
  EXPECT_EQ(night.end, bj("2026-12-03 08:00"));
  EXPECT_THAT(officerNames(night), ElementsAre("赵敏", "钱程"));
  EXPECT_EQ(night.phoneOf(0), "13312345678");  // one number per officer, in order
  EXPECT_EQ(night.phoneOf(1), "13312345679");
  EXPECT_EQ(night.phone, "");

  EXPECT_EQ(roster.shifts[2].start, bj("2026-12-03 08:00"));
  EXPECT_EQ(roster.shifts[3].end, bj("2026-12-04 08:00"));  // a range with an em dash
  EXPECT_THAT(officerNames(roster.shifts[3]), ElementsAre("周杰", "吴昊"));
  EXPECT_EQ(roster.shifts[4].start, bj("2026-12-04 08:00"));  // 全天: 24 hours
  EXPECT_EQ(roster.shifts[4].end, bj("2026-12-05 08:00"));

  EXPECT_EQ(roster.from, bj("2026-12-02 08:00"));
  EXPECT_EQ(roster.to, bj("2026-12-05 08:00"));
  EXPECT_TRUE(roster.gaps.empty());
}

TEST(RosterImport, MergedDateAndLeaderCellsContinueTheRowAbove) {
  // A date merged down over the day's shifts reads empty below its first row; so does a leader
  // merged over the day.
  const RosterImport roster = importXlsx({
      {"2026-12-02", "白班", "张伟", "李娜", "13312345678"},
      {"", "夜班", "", "王强", "13312345679"},
      {"2026-12-03", "白班", "刘洋", "孙丽", "13900001111"},
  });
  ASSERT_EQ(roster.shifts.size(), 3u);
  EXPECT_EQ(roster.shifts[1].start, bj("2026-12-02 20:00"));
  EXPECT_EQ(roster.shifts[1].leader, "张伟");

  // A leader is not carried over to another date.
  const EocError e = errorOf([] {
    importXlsx(
        {{"2026-12-02", "白班", "张伟", "李娜", "13312345678"}, {"2026-12-03", "白班", "", "王强", "13312345679"}});
  });
  EXPECT_EQ(e.detail(), "roster.xlsx: row 3, column 带班领导 (C): empty (the leader on duty is required)");
}

TEST(RosterImport, OfficeShapedWorkbookReadsPastTheTitleAndNamesTheBadCell) {
  // Title row, header on row 3, dates as date cells merged down, a phone cell formatted as a time.
  const auto table = gis::readTableFile(
      testing::repoPath("tests/gis/fixtures/tables/excel-like-title-row-merged-cells-date-cells.xlsx"));
  const EocError e = errorOf([&] { readRoster(table, testing::shippedRosterSettings(), "值班表.xlsx"); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  // Rows 4 and 5 (a merged date and leader) are good; only row 8 is named.
  EXPECT_EQ(e.detail(), "值班表.xlsx: row 8, column 电话 (E): \"12:00:00\" is not a phone number");
}

TEST(RosterImport, BadFilesAreRefusedNamingRowAndColumn) {
  struct Case {
    std::string name;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {"missing column",
       {"日期", "班次", "带班领导", "值班员"},
       {{"2026-12-02", "白班", "张伟", "李娜"}},
       "roster.xlsx: row 1 (the header): missing column 电话"},
      {"bad date",
       kHeader,
       {{"2026-12-02", "白班", "张伟", "李娜", "13312345678"}, {"2026-13-01", "白班", "张伟", "李娜", "13312345678"}},
       "roster.xlsx: row 3, column 日期 (A): \"2026-13-01\" is not a date (write 2026-12-02 or 2026/12/2)"},
      {"first date empty",
       kHeader,
       {{"", "白班", "张伟", "李娜", "13312345678"}},
       "roster.xlsx: row 2, column 日期 (A): empty, and no date above it to continue"},
      {"overlapping shifts",
       kHeader,
       {{"2026-12-02", "白班", "张伟", "李娜", "13312345678"},
        {"2026-12-02", "18:00-06:00", "刘洋", "王强", "13312345679"}},
       "roster.xlsx: shifts overlap: 2026-12-02 白班 08:00–20:00 (row 2) and 2026-12-02 18:00–次日06:00 (row 3)"},
      {"the same shift twice",
       kHeader,
       {{"2026-12-02", "夜班", "张伟", "李娜", "13312345678"}, {"2026/12/2", "夜班", "张伟", "李娜", "13312345678"}},
       "roster.xlsx: shifts overlap: 2026-12-02 夜班 20:00–次日08:00 (row 2) and 2026-12-02 夜班 20:00–次日08:00 (row "
       "3)"},
      {"unknown shift",
       kHeader,
       {{"2026-12-02", "早班", "张伟", "李娜", "13312345678"}},
       "roster.xlsx: row 2, column 班次 (B): \"早班\" is neither a shift of the roster settings (全天, 夜班, 白班) nor "
       "a "
       "range of times such as 08:00-20:00"},
      {"no officer",
       kHeader,
       {{"2026-12-02", "白班", "张伟", "、", "13312345678"}},
       "roster.xlsx: row 2, column 值班员 (D): no officer named"},
      {"phones do not match officers",
       kHeader,
       {{"2026-12-02", "白班", "张伟", "李娜、王强", "13312345678,13312345679,13312345670"}},
       "roster.xlsx: row 2, column 电话 (E): 3 numbers for 2 officers (give one for the shift, or one per officer in "
       "the same order)"},
      {"not a phone",
       kHeader,
       {{"2026-12-02", "白班", "张伟", "李娜", "找办公室"}},
       "roster.xlsx: row 2, column 电话 (E): \"找办公室\" is not a phone number"},
      {"a mistyped year",
       kHeader,
       {{"2026-12-02", "白班", "张伟", "李娜", "13312345678"}, {"2062-12-02", "白班", "张伟", "李娜", "13312345678"}},
       "roster.xlsx: the roster runs from 2026-12-02 to 2062-12-02, more than 366 days (a mistyped year?)"},
  };
  for (const Case& c : cases) {
    const EocError e = errorOf([&] { importXlsx(c.rows, c.header); });
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody) << c.name;
    EXPECT_EQ(e.detail(), c.detail) << c.name;
  }

  // A header and nothing below it.
  const std::string headerOnly = "日期,班次,带班领导,值班员,电话\n";
  EocError e = errorOf(
      [&] { readRoster(gis::readTable(headerOnly, "roster.csv"), testing::shippedRosterSettings(), "roster.csv"); });
  EXPECT_EQ(e.detail(), "roster.csv: no shifts below the header (row 1)");
  // A workbook GDAL writes without rows has no cells at all.
  e = errorOf([] { importXlsx({}); });
  EXPECT_EQ(e.detail(), "roster.xlsx: every sheet is empty");
}

TEST(RosterImport, EveryBadRowIsListedUpToTheLimit) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 25; ++i) rows.push_back({"12月" + std::to_string(i + 1) + "日", "白班", "张伟", "李娜", "110"});
  const EocError e = errorOf([&] { importXlsx(rows); });
  EXPECT_THAT(e.detail(), HasSubstr("roster.xlsx: row 2, column 日期 (A): \"12月1日\" is not a date"));
  EXPECT_THAT(e.detail(), HasSubstr("; row 21, column 日期 (A): \"12月20日\""));
  EXPECT_THAT(e.detail(), HasSubstr("; and 5 more"));
  EXPECT_THAT(e.detail(), ::testing::Not(HasSubstr("row 22,")));
}

TEST(RosterImport, AGapIsReportedNotRefused) {
  const RosterImport roster = importXlsx(
      {{"2026-12-02", "白班", "张伟", "李娜", "13312345678"}, {"2026-12-03", "白班", "刘洋", "王强", "13312345679"}});
  ASSERT_EQ(roster.gaps.size(), 1u);
  EXPECT_EQ(roster.gaps[0].from, bj("2026-12-02 20:00"));
  EXPECT_EQ(roster.gaps[0].until, bj("2026-12-03 08:00"));
}

TEST(RosterImport, Gb18030CsvWithExtraColumns) {
  // 日期,班次,带班领导,值班员,电话,备注 / 2026-12-02,白班,张伟,李娜、王强,13312345678,无 — GB18030, as
  // Excel on a Chinese Windows saves "CSV (逗号分隔)" (`iconv -t GB18030` of the UTF-8 text).
  const std::string csv =
      "\xC8\xD5\xC6\xDA,\xB0\xE0\xB4\xCE,\xB4\xF8\xB0\xE0\xC1\xEC\xB5\xBC,\xD6\xB5\xB0\xE0\xD4\xB1,\xB5\xE7\xBB\xB0,"
      "\xB1\xB8\xD7\xA2\r\n"
      "2026-12-02,\xB0\xD7\xB0\xE0,\xD5\xC5\xCE\xB0,\xC0\xEE\xC4\xC8\xA1\xA2\xCD\xF5\xC7\xBF,13312345678,\xCE\xDE\r\n";
  const RosterImport roster =
      readRoster(gis::readTable(csv, "值班表.csv"), testing::shippedRosterSettings(), "值班表.csv");
  ASSERT_EQ(roster.shifts.size(), 1u);
  EXPECT_EQ(roster.shifts[0].leader, "张伟");
  EXPECT_THAT(officerNames(roster.shifts[0]), ElementsAre("李娜", "王强"));
  EXPECT_EQ(roster.shifts[0].start, bj("2026-12-02 08:00"));
}

TEST(RosterImport, FilesThatAreNoRosterAreRefusedBeforeAnyRowIsRead) {
  // An empty file, a 10 MB file and a picture: the table reader refuses them with a 4xx code.
  EocError e = errorOf([] { gis::readTable("", "roster.xlsx"); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_EQ(e.detail(), "roster.xlsx: the file is empty, not a spreadsheet");

  std::string big = "日期,班次,带班领导,值班员,电话\n";
  while (big.size() < 10 * 1024 * 1024) big += "2026-12-02,白班,张伟,李娜,13312345678\n";
  e = errorOf([&] { gis::readTable(big, "roster.csv"); });
  EXPECT_EQ(e.code(), ErrorCode::PayloadTooLarge);
  EXPECT_THAT(e.detail(), HasSubstr("roster.csv: " + std::to_string(big.size()) + " bytes, more than the 2097152"));

  const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10", 20);
  e = errorOf([&] { gis::readTable(png, "roster.png"); });
  EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
  EXPECT_THAT(e.detail(), HasSubstr("not a spreadsheet"));
}

TEST(RosterImport, NamesAndPhones) {
  const auto& seps = testing::shippedRosterSettings().separators;
  EXPECT_THAT(splitNames("李娜、王强", seps), ElementsAre("李娜", "王强"));
  EXPECT_THAT(splitNames(" 李娜 ，王强;;艾力·买买提 ", seps), ElementsAre("李娜", "王强", "艾力·买买提"));
  EXPECT_TRUE(splitNames("、 ,", seps).empty());
  EXPECT_TRUE(isPhoneNumber("13312345678"));
  EXPECT_TRUE(isPhoneNumber("0991-5550110"));
  EXPECT_TRUE(isPhoneNumber("+86 133 1234 5678"));
  EXPECT_TRUE(isPhoneNumber("(0991)5550110"));
  EXPECT_TRUE(isPhoneNumber("110"));
  EXPECT_FALSE(isPhoneNumber("12"));
  EXPECT_FALSE(isPhoneNumber("12:00:00"));
  EXPECT_FALSE(isPhoneNumber("133+1234"));
  EXPECT_FALSE(isPhoneNumber("123456789012345678901"));
}

TEST(RosterSettings, ShippedFileAndPointerNamedErrors) {
  const RosterSettings& s = testing::shippedRosterSettings();
  EXPECT_EQ(s.namedShifts.at("夜班").start.count(), 20 * 60);
  EXPECT_EQ(s.namedShifts.at("夜班").end.count(), 8 * 60);
  ASSERT_EQ(s.columns.size(), 5u);

  std::ifstream in(testing::repoPath("plans/duty-roster.json"));
  const auto good = nlohmann::json::parse(in);
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {[](auto& d) { d["shifts"]["白班"] = "8点到20点"; },
       "duty-roster.json: /shifts/白班: must be a range of times such as \"08:00-20:00\""},
      {[](auto& d) { d["columns"].erase("phone"); }, "duty-roster.json: /columns/phone: is required"},
      {[](auto& d) { d["columns"]["date"] = nlohmann::json::array(); },
       "duty-roster.json: /columns/date: must not be empty"},
      {[](auto& d) { d["colums"] = 1; }, "duty-roster.json: /colums: unknown member"},
      {[](auto& d) { d["schema"] = "eoc.duty-roster/2"; }, "duty-roster.json: /schema: must be \"eoc.duty-roster/1\""},
      {[](auto& d) { d["max_span_days"] = 0; }, "duty-roster.json: /max_span_days: must be between 1 and 3660"},
  };
  for (const Case& c : cases) {
    auto doc = good;
    c.edit(doc);
    const EocError e = errorOf([&] { RosterSettings::fromJson(doc); });
    EXPECT_EQ(e.code(), ErrorCode::InvalidBody);
    EXPECT_EQ(e.detail(), c.detail);
  }
}

}  // namespace
}  // namespace eoc::duty::roster_import_test
