#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"
// docs/design.md, "The store": once write() has returned (and a 2xx could be sent), kill -9 loses nothing; a
// transaction that had not committed leaves no trace.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/store_fixture.hpp"

namespace eoc::store::durability_test {
namespace {

// The SQLite backend, tested through its own classes.
using sqlite::Database;
using sqlite::Transaction;
using sqlite::AuditRepository;

AuditEntry entry(const std::string& kind) {
  return AuditEntry{testing::beijing("2026-07-12T15:00:00+08:00"), "duty_officer", kind, "W1", nullptr,
                    nlohmann::json{{"state", "issued"}},           "req-1"};
}

// Runs in the forked child only: reports each step on `report`, then blocks until killed.
[[noreturn]] void childWritesThenHangs(const std::filesystem::path& dir, int report, int hold) {
  try {
    Database db(dir);
    AuditRepository audit(db);
    db.write([&](Transaction& tx) { audit.append(tx, entry("acknowledged")); });
    if (::write(report, "c", 1) != 1) _exit(2);
    db.write([&](Transaction& tx) {
      audit.append(tx, entry("never.committed"));
      if (::write(report, "u", 1) != 1) _exit(2);
      char byte;
      while (::read(hold, &byte, 1) != 0) {
      }  // the parent never writes: wait here for SIGKILL
    });
  } catch (...) {
  }
  _exit(3);
}

TEST(Durability, ARowCommittedBeforeSigkillSurvivesAndAnUncommittedOneDoesNot) {
  testing::TempDir dir;
  int report[2], hold[2];
  ASSERT_EQ(pipe(report), 0);
  ASSERT_EQ(pipe(hold), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(report[0]);
    close(hold[1]);
    childWritesThenHangs(dir.path(), report[1], hold[0]);
  }
  close(report[1]);
  close(hold[0]);

  char steps[2] = {0, 0};
  ASSERT_EQ(::read(report[0], &steps[0], 1), 1);
  ASSERT_EQ(::read(report[0], &steps[1], 1), 1);
  EXPECT_EQ(std::string(steps, 2), "cu");  // committed, then inside an open transaction
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  close(report[0]);
  close(hold[1]);

  Database reopened(dir.path());
  auto rows = AuditRepository(reopened).query({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, "acknowledged");
  EXPECT_EQ(rows[0].after, (nlohmann::json{{"state", "issued"}}));
}

}  // namespace
}  // namespace eoc::store::durability_test
