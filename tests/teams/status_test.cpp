#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "core/error.hpp"
#include "teams/status.hpp"

namespace eoc::teams::status_test {
namespace {

using S = TeamStatus;

// The machine as the issue states it, written out independently of the implementation's table.
const std::set<std::pair<S, S>> kExpected = {
    {S::Available, S::Notified}, {S::Notified, S::EnRoute},       {S::EnRoute, S::OnScene},
    {S::OnScene, S::Returning},  {S::Returning, S::Available},    {S::Available, S::Unavailable},
    {S::Unavailable, S::Available}, {S::Notified, S::Available},  {S::Notified, S::Unavailable},
    {S::EnRoute, S::Returning},  {S::Returning, S::Unavailable},
};

TEST(TeamStatusMachine, EveryPairOfStatesIsAllowedExactlyWhenTheTableSaysSo) {
  for (S from : allStatuses())
    for (S to : allStatuses())
      EXPECT_EQ(canTransition(from, to), kExpected.count({from, to}) == 1)
          << statusName(from) << " -> " << statusName(to);
}

TEST(TeamStatusMachine, TheFullDutyCycleReturnsToAvailable) {
  S s = S::Available;
  for (S next : {S::Notified, S::EnRoute, S::OnScene, S::Returning, S::Available}) {
    ASSERT_NO_THROW(requireTransition("T01", s, next));
    s = next;
  }
  EXPECT_EQ(s, S::Available);
}

TEST(TeamStatusMachine, AnIllegalMoveNamesTheAllowedNextStates) {
  try {
    requireTransition("T07", S::Available, S::OnScene);
    FAIL() << "expected InvalidTransition";
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidTransition);
    EXPECT_EQ(e.info().status, 409);
    EXPECT_NE(e.detail().find("T07"), std::string::npos);
    EXPECT_NE(e.detail().find("allowed: notified, unavailable"), std::string::npos) << e.detail();
  }
}

TEST(TeamStatusMachine, NoStateMayStayWhereItIs) {
  for (S s : allStatuses()) EXPECT_FALSE(canTransition(s, s)) << statusName(s);
}

TEST(TeamStatusMachine, NamesRoundTripAndUnknownNamesAreRefused) {
  for (S s : allStatuses()) EXPECT_EQ(parseStatus(statusName(s)), s);
  EXPECT_FALSE(parseStatus("en route"));
  EXPECT_FALSE(parseStatus("off_duty_forever"));
}

}  // namespace
}  // namespace eoc::teams::status_test
