#include <gtest/gtest.h>

#include "core/error.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings;
using namespace eoc::warnings::testing;

namespace {

ErrorCode failure(const std::function<void()>& f) {
  try {
    f();
  } catch (const EocError& e) {
    return e.code();
  }
  return ErrorCode::Internal;  // "did not throw"
}

const TimePoint kLater = at("2026-07-12T16:00:00+08:00");

}  // namespace

TEST(Lifecycle, DraftIsMadeByADutyOfficerOnlyAndRecordsTheAuthor) {
  Desk desk;
  Warning w = desk.draft();
  EXPECT_EQ(w.state, WarningState::Draft);
  EXPECT_EQ(w.author, "王敏");
  EXPECT_TRUE(w.messages.empty());
  WarningRequest r{"rainstorm", "orange", WarningStatus::Actual, {{"650103001"}, {}},
                   at("2026-07-12T15:00:00+08:00"), at("2026-07-12T21:00:00+08:00"), {}, {}};
  for (Role role : {Role::Approver, Role::Viewer, Role::Admin, Role::Committee, Role::Team})
    EXPECT_EQ(failure([&] { desk.lifecycle.draft(r, "W2", person(role, "某人"), kLater); }), ErrorCode::Forbidden);
  EXPECT_EQ(failure([&] { desk.lifecycle.draft(r, "W2", person(Role::DutyOfficer, ""), kLater); }), ErrorCode::Forbidden);
}

TEST(Lifecycle, ActualIsIssuedByAnApproverWhoIsAnotherPersonAndGetsAFrozenIdentifier) {
  Desk desk;
  Warning w = desk.draft();
  auto& m = desk.lifecycle.issue(w, desk.approver, at("2026-07-12T15:00:00+08:00"));
  EXPECT_EQ(w.state, WarningState::Issued);
  EXPECT_EQ(w.approver, "李强");
  EXPECT_EQ(m.identifier, "65010300000000_20260712150000_0");  // N counts from 0
  EXPECT_EQ(m.sender, "eoc.650103");
  EXPECT_EQ(m.msgType, MsgType::Alert);
  EXPECT_TRUE(m.references.empty());
  const auto frozen = m.identifier;
  desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.approver, kLater);
  EXPECT_EQ(w.messages.front().identifier, frozen);
  EXPECT_EQ(w.messages.front().sent, at("2026-07-12T15:00:00+08:00"));
}

TEST(Lifecycle, TheAuthorCanNeverApproveTheirOwnActualDraftWhateverTokenTheyHold) {
  Desk desk;
  Warning w = desk.draft();
  for (Role role : {Role::Approver, Role::Admin, Role::DutyOfficer})
    EXPECT_EQ(failure([&] { desk.lifecycle.issue(w, person(role, "王敏"), kLater); }), ErrorCode::SelfApproval);
  EXPECT_EQ(w.state, WarningState::Draft);
  EXPECT_TRUE(w.messages.empty());
}

TEST(Lifecycle, ActualNeedsTheApproverRoleEvenFromAnotherPerson) {
  Desk desk;
  Warning w = desk.draft();
  EXPECT_EQ(failure([&] { desk.lifecycle.issue(w, desk.otherOfficer, kLater); }), ErrorCode::Forbidden);
  EXPECT_EQ(failure([&] { desk.lifecycle.issue(w, person(Role::Admin, "管理员"), kLater); }), ErrorCode::Forbidden);
  EXPECT_EQ(w.state, WarningState::Draft);
}

TEST(Lifecycle, ExerciseAndTestMayBeIssuedByTheirAuthorAloneAndStayWhatTheyAre) {
  for (auto status : {WarningStatus::Exercise, WarningStatus::Test}) {
    Desk desk;
    Warning w = desk.draft("rainstorm", "orange", status);
    desk.lifecycle.issue(w, desk.author, kLater);
    EXPECT_EQ(w.state, WarningState::Issued);
    desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.author, at("2026-07-12T16:10:00+08:00"));
    desk.lifecycle.cancel(w, "演练结束", false, desk.author, at("2026-07-12T16:20:00+08:00"));
    EXPECT_EQ(w.status, status);
  }
}

TEST(Lifecycle, UpgradeOfAnActualWarningNeedsASecondPersonButDowngradeAndExtensionDoNot) {
  Desk desk;
  Warning w = desk.issued();
  EXPECT_EQ(failure([&] { desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.author, kLater); }),
            ErrorCode::SelfApproval);
  EXPECT_EQ(failure([&] { desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.otherOfficer, kLater); }),
            ErrorCode::Forbidden);
  EXPECT_EQ(w.level, "orange");
  EXPECT_EQ(w.messages.size(), 1u);

  desk.lifecycle.update(w, WarningChanges{"yellow", {}, {}, {}}, desk.author, kLater);
  EXPECT_EQ(w.level, "yellow");
  desk.lifecycle.update(w, WarningChanges{{}, at("2026-07-13T03:00:00+08:00"), {}, {}}, desk.otherOfficer,
                        at("2026-07-12T16:30:00+08:00"));
  EXPECT_EQ(w.state, WarningState::Updated);
  EXPECT_EQ(w.messages.size(), 3u);
}

TEST(Lifecycle, EveryUpdateAndCancelReferencesAllEarlierMessagesAsSenderIdentifierSentTriples) {
  Desk desk;
  Warning w = desk.issued();
  desk.lifecycle.update(w, WarningChanges{"red", {}, {}, {}}, desk.approver, kLater);
  desk.lifecycle.update(w, WarningChanges{"orange", {}, {}, {}}, desk.author, kLater);  // same second
  desk.lifecycle.cancel(w, "", true, desk.otherOfficer, at("2026-07-12T17:00:00+08:00"));
  ASSERT_EQ(w.messages.size(), 4u);
  EXPECT_EQ(w.messages[2].identifier, "65010300000000_20260712160000_1");  // per-second counter
  for (size_t i = 1; i < w.messages.size(); ++i) {
    ASSERT_EQ(w.messages[i].references.size(), i);
    for (size_t k = 0; k < i; ++k)
      EXPECT_EQ(w.messages[i].references[k],
                "eoc.650103," + w.messages[k].identifier + "," + formatBeijing(w.messages[k].sent));
  }
  EXPECT_EQ(w.messages.back().msgType, MsgType::Cancel);
  EXPECT_TRUE(w.messages.back().falseAlarm);
}

TEST(Lifecycle, AFalseAlarmIsWithdrawnByOneDutyOfficerInOneCall) {
  Desk desk;
  Warning w = desk.issued();
  auto* m = desk.lifecycle.cancel(w, "", true, desk.otherOfficer, kLater);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(w.state, WarningState::Cancelled);
  EXPECT_EQ(m->actor, "张伟");
}

TEST(Lifecycle, ForbiddenTransitionsLeaveTheWarningUntouched) {
  Desk desk;
  Warning cancelled = desk.issued();
  desk.lifecycle.cancel(cancelled, "天气好转", false, desk.author, at("2026-07-12T15:30:00+08:00"));
  const auto before = cancelled.messages.size();
  EXPECT_EQ(failure([&] { desk.lifecycle.issue(cancelled, desk.approver, kLater); }), ErrorCode::InvalidTransition);
  EXPECT_EQ(failure([&] { desk.lifecycle.update(cancelled, WarningChanges{"yellow", {}, {}, {}}, desk.author, kLater); }),
            ErrorCode::InvalidTransition);
  EXPECT_EQ(failure([&] { desk.lifecycle.cancel(cancelled, "x", false, desk.author, kLater); }),
            ErrorCode::InvalidTransition);
  EXPECT_EQ(cancelled.messages.size(), before);

  Warning draft = desk.draft();
  EXPECT_EQ(failure([&] { desk.lifecycle.update(draft, WarningChanges{"red", {}, {}, {}}, desk.approver, kLater); }),
            ErrorCode::InvalidTransition);
  EXPECT_FALSE(desk.lifecycle.expire(draft, at("2026-07-13T00:00:00+08:00")));

  Warning issued = desk.issued();
  EXPECT_EQ(failure([&] { desk.lifecycle.issue(issued, desk.approver, kLater); }), ErrorCode::InvalidTransition);
  EXPECT_EQ(failure([&] { desk.lifecycle.update(issued, WarningChanges{"hail", {}, {}, {}}, desk.author, kLater); }),
            ErrorCode::UnknownLevel);
  EXPECT_EQ(failure([&] { desk.lifecycle.update(issued, WarningChanges{"orange", {}, {}, {}}, desk.author, kLater); }),
            ErrorCode::InvalidParameter);  // changes nothing
  EXPECT_EQ(issued.messages.size(), 1u);
  EXPECT_EQ(desk.ids.next(kLater), "65010300000000_20260712160000_0");  // no identifier was spent
}

TEST(Lifecycle, ExpiryEndsALiveWarningAndNothingFollowsIt) {
  Desk desk;
  Warning w = desk.issued();
  EXPECT_FALSE(desk.lifecycle.expire(w, at("2026-07-12T20:59:59+08:00")));
  EXPECT_TRUE(desk.lifecycle.expire(w, at("2026-07-12T21:00:00+08:00")));
  EXPECT_EQ(w.state, WarningState::Expired);
  EXPECT_EQ(failure([&] { desk.lifecycle.cancel(w, "x", false, desk.author, at("2026-07-12T21:01:00+08:00")); }),
            ErrorCode::InvalidTransition);
  Warning late = desk.draft();
  EXPECT_EQ(failure([&] { desk.lifecycle.issue(late, desk.approver, at("2026-07-12T21:00:00+08:00")); }),
            ErrorCode::InvalidTime);
}

TEST(Lifecycle, CancellingADraftDiscardsItWithoutAMessage) {
  Desk desk;
  Warning w = desk.draft();
  EXPECT_EQ(desk.lifecycle.cancel(w, "写错了", false, desk.author, kLater), nullptr);
  EXPECT_EQ(w.state, WarningState::Cancelled);
  EXPECT_TRUE(w.messages.empty());
}

TEST(IdentifierSequence, RefusesAnIssuingUnitCodeThatIsNotFourteenDigits) {
  EXPECT_THROW(IdentifierSequence("650103"), EocError);
  EXPECT_THROW(IdentifierSequence("6501030000000A"), EocError);
}
