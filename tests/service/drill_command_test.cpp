// `eoc drill plan|run --simulate|report` on the command line works on the store without starting
// the serving part of eoc: a warning past its expiry stays as it is (no expiry catch-up), so a
// command run beside a serving eoc on the same store changes nothing but its drill.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/principal.hpp"
#include "service/eoc_service.hpp"
#include "service/warnings_service.hpp"
#include "store/open.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

namespace eoc::service::drill_command_test {
namespace {

using namespace std::chrono_literals;

Config configIn(const std::filesystem::path& dataDir) {
  Config config;
  config.plansDir = std::filesystem::path(EOC_SOURCE_DIR) / "plans";
  config.geodataDir = std::filesystem::path(EOC_SOURCE_DIR) / "geodata";
  config.dataDir = dataDir;
  config.backgroundThreads = 1;
  return config;
}

// Runs the built eoc with `args`; returns its exit status.
int runEoc(const std::vector<std::string>& args) {
  const std::string binary = std::string(EOC_BINARY_DIR) + "/eoc";
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t child = fork();
  if (child == 0) {
    if (!freopen("/dev/null", "w", stdout)) _exit(126);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(DrillCommand, PlanningOnTheCommandLineLeavesAnOverdueWarningAlone) {
  testing::TempDir dir;
  const Config config = configIn(dir.path());
  // A warning issued three hours ago that expired two hours ago, while no eoc was running.
  const TimePoint then = SystemTimeSource().now() - 3h;
  std::string warningId;
  {
    auto clock = std::make_shared<testing::ManualClock>(then);
    EocService eoc(config, clock);
    eoc.start();
    warnings::DraftRequest draft;
    draft.type = "rainstorm";
    draft.level = "blue";
    draft.status = warnings::WarningStatus::Actual;
    draft.area.committees = {"650103001"};
    draft.onset = then;
    draft.expires = then + 1h;
    Principal officer{Role::DutyOfficer, "", "王敏", "t1"};
    Principal approver{Role::Approver, "", "李强", "t2"};
    warningId = eoc.warnings().draft(officer, draft, "test").warning.id;
    eoc.warnings().issue(approver, {warningId}, "test");
    eoc.stop();
  }
  ASSERT_EQ(runEoc({"drill", "plan", "gas-leak-rescue", "--data-dir", config.dataDir.string(), "--plans",
                    config.plansDir.string(), "--geodata", config.geodataDir.string()}),
            0);
  SystemTimeSource clock;
  auto store = store::openStore(config.dataDir, clock);
  auto row = store->warnings().find(warningId);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, "issued") << "the command line expired a warning: it started the serving part of eoc";
  store::AuditQuery created;
  created.kind = "drill.create";
  EXPECT_EQ(store->audit().query(created).size(), 1u) << "the command planned its drill";
  store::AuditQuery expired;
  expired.kind = "warning.expire";
  EXPECT_TRUE(store->audit().query(expired).empty());
}

}  // namespace
}  // namespace eoc::service::drill_command_test
