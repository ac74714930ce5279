// The teams policy: a team token acts for its own team only, a duty officer for any team where
// the use case allows it; phones are unmasked for the desk only.
#include "service/teams_policy.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace eoc::service::teams_policy_test {
namespace {

ErrorCode refusal(const Principal& who, const std::string& team, bool dutyOfficerMay) {
  try {
    TeamsPolicy::requireActsFor(who, team, dutyOfficerMay);
  } catch (const EocError& e) {
    return e.code();
  }
  return ErrorCode::Internal;  // allowed
}

TEST(TeamsPolicy, ATeamActsForItselfOnly) {
  Principal t07{Role::Team, "T07", "", "tok"};
  EXPECT_EQ(refusal(t07, "T07", false), ErrorCode::Internal);
  EXPECT_EQ(refusal(t07, "T08", false), ErrorCode::Forbidden);
  EXPECT_EQ(refusal(t07, "T08", true), ErrorCode::Forbidden);
}

TEST(TeamsPolicy, ADutyOfficerActsForAnyTeamOnlyWhereAllowed) {
  Principal officer{Role::DutyOfficer, "", "王敏", "tok"};
  EXPECT_EQ(refusal(officer, "T08", true), ErrorCode::Internal);
  EXPECT_EQ(refusal(officer, "T08", false), ErrorCode::Forbidden);
  for (Role role : {Role::Viewer, Role::Approver, Role::Admin, Role::Committee})
    EXPECT_EQ(refusal(Principal{role, "", "", "tok"}, "T08", true), ErrorCode::Forbidden);
}

TEST(TeamsPolicy, PhonesAreUnmaskedForTheDeskOnly) {
  EXPECT_FALSE(TeamsPolicy::seesPhones(nullptr));
  for (Role role : {Role::DutyOfficer, Role::Admin}) {
    Principal p{role, "", "", "tok"};
    EXPECT_TRUE(TeamsPolicy::seesPhones(&p));
  }
  for (Role role : {Role::Viewer, Role::Approver, Role::Committee, Role::Team}) {
    Principal p{role, "", "", "tok"};
    EXPECT_FALSE(TeamsPolicy::seesPhones(&p));
  }
}

}  // namespace
}  // namespace eoc::service::teams_policy_test
