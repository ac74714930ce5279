// The write-ahead log is copied into the database file by a thread beside the writer, never by a
// commit (store/sqlite/engine/checkpointer.hpp). SQLite's own automatic checkpoint would copy it
// inside the commit that crosses 1,000 pages; these tests fail if that still happens.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/sqlite/engine/checkpointer.hpp"
#include "store/sqlite/engine/connection.hpp"
#include "store/sqlite/engine/database.hpp"
#include "support/temp_dir.hpp"

namespace eoc::store::checkpointer_test {
namespace {

using sqlite::engine::Checkpointer;
using sqlite::engine::Connection;

constexpr uintmax_t kPage = 4096;  // SQLite's default page size

void createFiller(Connection& c) { c.exec("CREATE TABLE IF NOT EXISTS filler (text TEXT NOT NULL)"); }

// `rows` rows of 3 KB (a page each).
void insertFiller(Connection& c, int rows) {
  auto insert = c.prepare("INSERT INTO filler (text) VALUES (?1)");
  for (int i = 0; i < rows; ++i) insert.bind(1, std::string(3000, 'x')).run();
}

// About `pages` pages in `commits` transactions.
void writePages(Connection& c, int pages, int commits) {
  createFiller(c);
  for (int k = 0; k < commits; ++k) {
    c.exec("BEGIN IMMEDIATE");
    insertFiller(c, pages / commits);
    c.exec("COMMIT");
  }
}

uintmax_t sizeOf(const std::filesystem::path& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

// A writer connection with a checkpointer of the given threshold attached, in a fresh directory.
struct AttachedWriter {
  explicit AttachedWriter(int pages) : checkpointer(file, pages) { checkpointer.attach(writer); }
  ~AttachedWriter() { Checkpointer::detach(writer); }

  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "eoc.sqlite";
  Checkpointer checkpointer;
  Connection writer{file};
};

TEST(Checkpointer, CommitsBelowItsThresholdCopyNothingEvenPastSqlitesOwn1000Pages) {
  AttachedWriter w(/*pages=*/4000);
  auto& [dir, file, checkpointer, writer] = w;
  writePages(writer, 2500, 5);
  EXPECT_EQ(checkpointer.completed(), 0u);
  EXPECT_GT(sizeOf(dir.path() / "eoc.sqlite-wal"), 2000 * kPage) << "the commits are in the log";
  EXPECT_LT(sizeOf(file), 100 * kPage) << "no commit copied the log into the file";
}

TEST(Checkpointer, PastItsThresholdTheThreadCopiesTheLogIntoTheFile) {
  AttachedWriter w(/*pages=*/500);
  auto& [dir, file, checkpointer, writer] = w;
  writePages(writer, 1200, 3);
  ASSERT_TRUE(checkpointer.waitForCompleted(1, std::chrono::seconds(30)));
  EXPECT_GT(sizeOf(file), 500 * kPage) << "the pages are in the database file";
  // Everything committed reads back through another connection.
  Connection reader(file, {std::chrono::milliseconds(5000), true});
  auto count = reader.prepare("SELECT count(*) FROM filler");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 1200);
}

TEST(Checkpointer, TheDatabaseWritersCommitsAreCheckpointedBesideIt) {
  testing::TempDir dir;
  sqlite::engine::Database db(dir.path());
  db.write([&](sqlite::engine::Transaction& tx) { createFiller(tx.connection()); });
  for (int k = 0; k < 3; ++k) db.write([&](sqlite::engine::Transaction& tx) { insertFiller(tx.connection(), 400); });
  EXPECT_TRUE(db.checkpointer().waitForCompleted(1, std::chrono::seconds(30)));
  EXPECT_GT(sizeOf(db.file()), 1000 * kPage);
}

}  // namespace
}  // namespace eoc::store::checkpointer_test
