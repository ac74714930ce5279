// The warnings use cases on real parts — the bundled data files, a SQLite store in a temp folder,
// the runtime and its Scheduler, the event hub — driven through their typed requests, without
// the HTTP edge: the typed interface drills use, the transaction + outbox rule, events, Acks.
#include "service/warnings_service.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "broadcast/event_hub.hpp"
#include "core/error.hpp"
#include "service/loaded_data.hpp"
#include "service/runtime.hpp"
#include "store/open.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"

namespace eoc::service::warnings_service_test {
namespace {

using namespace std::chrono_literals;
namespace w = eoc::warnings;

const TimePoint kStart = *parseIso8601("2026-07-12T14:30:00+08:00");

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/tests/warnings/fixtures/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Config sourceConfig(const std::filesystem::path& dataDir) {
  Config config;
  config.plansDir = std::filesystem::path(EOC_SOURCE_DIR) / "plans";
  config.geodataDir = std::filesystem::path(EOC_SOURCE_DIR) / "geodata";
  config.dataDir = dataDir;
  return config;
}

class WarningsServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  Config config = sourceConfig(dir.path());
  std::unique_ptr<const LoadedData> data = loadData(config);
  testing::ManualClock clock{kStart};
  std::unique_ptr<store::Store> store = store::openStore(config.dataDir, clock);
  Runtime runtime{1, clock};
  broadcast::EventHub events;
  ServiceContext context{config, clock, data->layers, *store, runtime.io(), runtime.scheduler(), events};
  WarningsService warnings{context, *data->signals, *data->texts,
                           WarningsSetup{"eoc.650103", "65010300000000", data->boundaryLayerId}};
  Principal officer{Role::DutyOfficer, "", "王敏", "t1"};
  Principal approver{Role::Approver, "", "李强", "t2"};

  w::DraftRequest draftRequest(w::WarningStatus status = w::WarningStatus::Actual) {
    w::DraftRequest r;
    r.type = "rainstorm";
    r.level = "orange";
    r.status = status;
    r.area.committees = {"650103001", "650103002"};
    r.onset = kStart;
    r.expires = kStart + 6h;
    return r;
  }
  size_t auditEntries(const std::string& kind) {
    store::AuditQuery q;
    q.kind = kind;
    return store->audit().query(q).size();
  }
};

TEST_F(WarningsServiceTest, AnIssueAnswersTheWarningAsGetShowsItAndAnnouncesIt) {
  auto drafted = warnings.draft(officer, draftRequest(), "r1");
  EXPECT_EQ(drafted.warning.state, w::WarningState::Draft);
  const auto before = events.lastId();
  auto issued = warnings.issue(approver, {drafted.warning.id}, "r2");
  EXPECT_EQ(issued.warning.state, w::WarningState::Issued);
  ASSERT_EQ(issued.warning.messages.size(), 1u);
  auto read = warnings.get({drafted.warning.id}, approver);
  EXPECT_EQ(read.texts.headline, issued.texts.headline);
  EXPECT_EQ(read.texts.sms, issued.texts.sms);
  EXPECT_EQ(read.history.size(), 2u);
  EXPECT_EQ(issued.history.back().action, "issue");
  EXPECT_EQ(issued.history.back().identifier, issued.warning.messages[0].identifier);
  auto published = events.read(before, broadcast::EventFilter{"", true}).events;
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].event.type, "warning.issued");
  const auto* payload = std::any_cast<std::shared_ptr<const WarningView>>(&published[0].event.payload);
  ASSERT_TRUE(payload) << "the event carries the typed warning the edge renders";
  EXPECT_EQ((*payload)->warning.id, drafted.warning.id);
}

TEST_F(WarningsServiceTest, DraftsAreTheDesksAlone) {
  auto drafted = warnings.draft(officer, draftRequest(), "r1");
  EXPECT_NO_THROW(warnings.get({drafted.warning.id}, officer));
  for (auto reader :
       {std::optional<Principal>{}, std::optional<Principal>{Principal{Role::Committee, "650103001", "", ""}},
        std::optional<Principal>{Principal{Role::Viewer, "", "", ""}}}) {
    try {
      warnings.get({drafted.warning.id}, reader);
      FAIL() << "a draft was shown to " << (reader ? reader->label() : "an anonymous reader");
    } catch (const EocError& e) {
      EXPECT_EQ(e.code(), ErrorCode::NotFound);
    }
    EXPECT_TRUE(warnings.list({}, reader).warnings.empty());
  }
  EXPECT_EQ(warnings.list({}, approver).warnings.size(), 1u);
}

TEST_F(WarningsServiceTest, AnOutboxThatCannotBeWrittenLeavesTheWarningUnissuedAndUnaudited) {
  auto drafted = warnings.draft(officer, draftRequest(), "r1");
  warnings.addDisseminationListener(
      [](store::Transaction&, const OutgoingMessage&) { throw EocError(ErrorCode::StorageFull, "outbox: disk full"); });
  try {
    warnings.issue(approver, {drafted.warning.id}, "r2");
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::StorageFull);
  }
  auto read = warnings.get({drafted.warning.id}, officer);
  EXPECT_EQ(read.warning.state, w::WarningState::Draft);
  EXPECT_TRUE(read.warning.messages.empty());
  EXPECT_TRUE(store->warnings().messages(drafted.warning.id).empty());
  EXPECT_EQ(auditEntries("warning.issue"), 0u);
}

TEST_F(WarningsServiceTest, DrillsIssueFindAndLiftTheirExerciseWarningThroughTheTypedInterface) {
  ExerciseWarnings& exercises = warnings;
  EXPECT_FALSE(exercises.issuedFor("D1"));
  ExerciseWarning exercise{"D1", "rainstorm", "yellow", {"650103003"}, kStart, kStart + 6h, "【演练】暴雨内涝"};
  Principal controller{Role::DutyOfficer, "", "演练控制员", ""};
  auto id = exercises.issueExercise(controller, exercise, "drill:D1");
  EXPECT_EQ(exercises.issuedFor("D1"), id);
  EXPECT_FALSE(exercises.issuedFor("D2"));
  auto read = warnings.get({id}, approver);
  EXPECT_EQ(read.warning.status, w::WarningStatus::Exercise);
  EXPECT_EQ(read.warning.drillId, "D1");
  EXPECT_EQ(read.warning.state, w::WarningState::Issued);
  EXPECT_TRUE(read.texts.headline.starts_with("【演练】")) << read.texts.headline;
  exercises.cancelExercise(controller, id, "演练结束", "drill:D1");
  EXPECT_EQ(warnings.get({id}, approver).warning.state, w::WarningState::Cancelled);
  try {
    exercises.cancelExercise(controller, id, "演练结束", "drill:D1");
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidTransition);
  }
}

TEST_F(WarningsServiceTest, ADrillsWarningDraftedBeforeACrashIsAdoptedAndIssuedOnceNotDraftedAgain) {
  ExerciseWarnings& exercises = warnings;
  Principal controller{Role::DutyOfficer, "", "演练控制员", ""};
  auto request = draftRequest(w::WarningStatus::Exercise);
  request.drillId = "D1";
  // The inject drafted, then the process died before the issue.
  auto crashed = warnings.draft(controller, request, "drill:D1");
  EXPECT_FALSE(exercises.issuedFor("D1")) << "a draft is not an issued warning";
  ExerciseWarning exercise{"D1", "rainstorm", "orange", {"650103001"}, kStart, kStart + 6h, "【演练】暴雨内涝"};
  auto id = exercises.issueExercise(controller, exercise, "drill:D1");
  EXPECT_EQ(id, crashed.warning.id) << "the drill's draft is adopted";
  EXPECT_EQ(warnings.get({id}, approver).warning.state, w::WarningState::Issued);
  EXPECT_EQ(store->warnings().ofDrill("D1").size(), 1u);
  // Fired once more (a replay after a restart, a second instance): the same warning, no second message.
  EXPECT_EQ(exercises.issueExercise(controller, exercise, "drill:D1"), id);
  EXPECT_EQ(store->warnings().messages(id).size(), 1u);
  // A desk's own draft naming the drill is always a new warning: only the drill's inject adopts.
  EXPECT_NE(warnings.draft(controller, request, "r9").warning.id, id);
  EXPECT_EQ(store->warnings().ofDrill("D1").size(), 2u);
}

TEST_F(WarningsServiceTest, ACapAckWithoutAcknowledgementTrackingIsAcksNotEnabled) {
  try {
    warnings.ingest(officer, {fixture("committee-ack.xml")}, "r1");
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::AcksNotEnabled);
    EXPECT_EQ(e.info().status, 501);
  }
}

TEST_F(WarningsServiceTest, AnExpiryTimerExpiresTheWarningWhenTheClockReachesIt) {
  auto drafted = warnings.draft(officer, draftRequest(), "r1");
  warnings.issue(approver, {drafted.warning.id}, "r2");
  EXPECT_TRUE(runtime.scheduler().scheduled("warnings.expire:" + drafted.warning.id));
  clock.set(kStart + 6h);
  EXPECT_EQ(runtime.scheduler().runDue(), 1u);
  EXPECT_EQ(warnings.get({drafted.warning.id}, approver).warning.state, w::WarningState::Expired);
  EXPECT_EQ(auditEntries("warning.expire"), 1u);
  warnings.stop();
  EXPECT_FALSE(runtime.scheduler().scheduled("warnings.expire:" + drafted.warning.id));
}

}  // namespace
}  // namespace eoc::service::warnings_service_test
