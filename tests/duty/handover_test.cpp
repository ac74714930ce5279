// Handover: accepted once, by someone other than the officer who handed over.
#include "duty/handover.hpp"

#include <gtest/gtest.h>

#include "support/duty_fixtures.hpp"

namespace eoc::duty::handover_test {
namespace {

using testing::bj;
using testing::errorOf;

TEST(Handover, TheIncomingOfficerAcceptsOnce) {
  Handover h;
  h.id = "h1";
  h.from = "李娜";
  h.at = bj("2026-12-02 20:00");
  EXPECT_NO_THROW(checkCanAccept(h, "王强"));

  EocError e = errorOf([&] { checkCanAccept(h, "李娜"); });
  EXPECT_EQ(e.code(), ErrorCode::Forbidden);
  EXPECT_EQ(e.detail(), "handover h1: the officer handing over (李娜) cannot accept it; the incoming officer does");
  EXPECT_EQ(errorOf([&] { checkCanAccept(h, ""); }).code(), ErrorCode::Forbidden);

  h.acceptedAt = bj("2026-12-02 20:05");
  h.acceptedBy = "王强";
  e = errorOf([&] { checkCanAccept(h, "赵敏"); });
  EXPECT_EQ(e.code(), ErrorCode::Conflict);
  EXPECT_EQ(e.detail(), "handover h1 was accepted by 王强 at 2026-12-02T20:05:00+08:00");
}

TEST(Handover, NotesMayBeEmptyButNotEndless) {
  EXPECT_EQ(validateHandoverNotes({""}), "");
  EXPECT_EQ(validateHandoverNotes({"雅山北路燃气泄漏待终报"}), "雅山北路燃气泄漏待终报");
  EXPECT_EQ(errorOf([] { validateHandoverNotes({std::string(4001, 'x')}); }).code(), ErrorCode::InvalidBody);
}

}  // namespace
}  // namespace eoc::duty::handover_test
