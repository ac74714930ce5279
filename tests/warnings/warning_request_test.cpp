// What a warnings request means: the one validation of warnings/warning_request.hpp, on typed
// requests (the JSON syntax before it is the HTTP edge's, tests/http/warnings_requests_test.cpp).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "warnings/support/warning_world.hpp"

using namespace eoc;
using namespace eoc::warnings;
using namespace eoc::warnings::testing;

namespace {

const TimePoint kNow = at("2026-07-12T14:50:00+08:00");

RingInput ring(std::initializer_list<GeoPoint> points) { return RingInput(points); }

DraftRequest goodRequest() {
  DraftRequest r;
  r.type = "rainstorm";
  r.level = "orange";
  r.status = WarningStatus::Actual;
  r.area.committees = {"650103001"};
  r.area.polygon = ring({{87.55, 43.78}, {87.56, 43.78}, {87.56, 43.79}, {87.55, 43.78}});
  r.onset = at("2026-07-12T15:00:00+08:00");
  r.expires = at("2026-07-12T21:00:00+08:00");
  return r;
}

// The error a request produces, and the field its detail names.
std::pair<ErrorCode, std::string> rejection(const DraftRequest& request) {
  try {
    validateDraft(request, shippedCatalogue(), district(), kNow);
  } catch (const EocError& e) {
    return {e.code(), e.detail()};
  }
  return {ErrorCode::Internal, "accepted"};
}

}  // namespace

TEST(WarningRequest, AGoodRequestBecomesAValidatedRequestWithAPolygon) {
  auto r = validateDraft(goodRequest(), shippedCatalogue(), district(), kNow);
  EXPECT_EQ(r.type, "rainstorm");
  EXPECT_EQ(r.status, WarningStatus::Actual);
  ASSERT_TRUE(r.area.polygon);
  EXPECT_EQ(r.expires - r.onset, std::chrono::hours(6));
}

TEST(WarningRequest, EveryMeaninglessRequestIsRefusedWithItsFieldNamed) {
  struct Case {
    const char* what;
    std::function<void(DraftRequest&)> spoil;
    ErrorCode code;
    const char* field;
  };
  const std::vector<Case> cases{
      {"level the type lacks",
       [](DraftRequest& r) {
         r.type = "sandstorm";
         r.level = "blue";
       },
       ErrorCode::UnknownLevel, "level"},
      {"unknown type", [](DraftRequest& r) { r.type = "volcano"; }, ErrorCode::UnknownHazard, "type"},
      {"unknown committee", [](DraftRequest& r) { r.area.committees = {"650104001"}; }, ErrorCode::UnknownCommittee,
       "area.committees[0]"},
      {"committee twice",
       [](DraftRequest& r) {
         r.area.committees = {"650103001", "650103001"};
       },
       ErrorCode::InvalidBody, "area.committees[1]"},
      {"expires before onset", [](DraftRequest& r) { r.expires = at("2026-07-12T14:59:00+08:00"); },
       ErrorCode::InvalidTime, "expires"},
      {"onset long past", [](DraftRequest& r) { r.onset = at("2026-07-12T10:00:00+08:00"); }, ErrorCode::InvalidTime,
       "onset"},
      {"expired already",
       [](DraftRequest& r) {
         r.onset = at("2026-07-12T14:00:00+08:00");
         r.expires = at("2026-07-12T14:30:00+08:00");
       },
       ErrorCode::InvalidTime, "expires"},
      {"longer than a week", [](DraftRequest& r) { r.expires = at("2026-07-20T15:00:00+08:00"); },
       ErrorCode::InvalidTime, "expires"},
      {"polygon outside",
       [](DraftRequest& r) {
         r.area.polygon = ring({{87.0, 43.0}, {87.1, 43.0}, {87.1, 43.1}, {87.0, 43.0}});
       },
       ErrorCode::OutsideDistrict, "area.polygon"},
      {"self-intersecting polygon",
       [](DraftRequest& r) {
         r.area.polygon = ring({{87.55, 43.78}, {87.56, 43.79}, {87.56, 43.78}, {87.55, 43.79}, {87.55, 43.78}});
       },
       ErrorCode::InvalidGeometry, "intersects itself"},
      {"open polygon",
       [](DraftRequest& r) {
         r.area.polygon = ring({{87.55, 43.78}, {87.56, 43.78}, {87.56, 43.79}, {87.55, 43.79}});
       },
       ErrorCode::InvalidGeometry, "not closed"},
      {"three positions",
       [](DraftRequest& r) {
         r.area.polygon = ring({{87.55, 43.78}, {87.56, 43.78}, {87.55, 43.78}});
       },
       ErrorCode::InvalidGeometry, "at least 4"},
      {"latitude out of range",
       [](DraftRequest& r) {
         (*r.area.polygon)[1] = {43.78, 187.0};
       },
       ErrorCode::InvalidCoordinate, "position 1"},
      {"drill on Actual", [](DraftRequest& r) { r.drillId = "D1"; }, ErrorCode::InvalidParameter, "drill_id"},
      {"description too long", [](DraftRequest& r) { r.description = std::string(2001, 'a'); }, ErrorCode::InvalidBody,
       "description"},
  };
  for (auto& c : cases) {
    auto request = goodRequest();
    c.spoil(request);
    auto [code, detail] = rejection(request);
    EXPECT_EQ(code, c.code) << c.what << ": " << detail;
    EXPECT_NE(detail.find(c.field), std::string::npos) << c.what << ": " << detail;
  }
}

TEST(WarningRequest, AnExerciseMayBelongToADrill) {
  auto request = goodRequest();
  request.status = WarningStatus::Exercise;
  request.drillId = "D1";
  EXPECT_EQ(validateDraft(request, shippedCatalogue(), district(), kNow).drillId, "D1");
}

TEST(WarningChanges, AnExerciseCanNeverBeAskedToBecomeActual) {
  Desk desk;
  Warning w = desk.issued("rainstorm", "orange", WarningStatus::Exercise);
  UpdateRequest toActual{w.id, WarningStatus::Actual, "red", {}, {}, {}};
  try {
    validateUpdate(toActual, w, shippedCatalogue(), district(), kNow);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::ExerciseCannotBecomeActual);
  }
  UpdateRequest same{w.id, WarningStatus::Exercise, "red", {}, {}, {}};
  EXPECT_EQ(validateUpdate(same, w, shippedCatalogue(), district(), kNow).level, "red");
  EXPECT_THROW(validateUpdate(UpdateRequest{w.id, {}, {}, {}, {}, {}}, w, shippedCatalogue(), district(), kNow),
               EocError);
  EXPECT_THROW(validateUpdate(UpdateRequest{w.id, {}, "purple", {}, {}, {}}, w, shippedCatalogue(), district(), kNow),
               EocError);
  // The status alone names nothing to change, but asking for Actual is refused as such first.
  try {
    validateUpdate(UpdateRequest{w.id, WarningStatus::Actual, {}, {}, {}, {}}, w, shippedCatalogue(), district(), kNow);
    FAIL();
  } catch (const EocError& e) {
    EXPECT_EQ(e.code(), ErrorCode::ExerciseCannotBecomeActual);
  }
}

TEST(CancelRequest, AFalseAlarmNeedsNoReasonButAnOrdinaryCancelDoes) {
  EXPECT_NO_THROW(validateCancel(CancelRequest{"w1", "", true}));
  EXPECT_THROW(validateCancel(CancelRequest{"w1", "", false}), EocError);
  EXPECT_NO_THROW(validateCancel(CancelRequest{"w1", "降雨结束", false}));
}

TEST(CodePoints, CountsChineseCharactersNotBytes) {
  EXPECT_EQ(codePointCount("【演练】暴雨"), 6u);
  EXPECT_EQ(codePointCount("abc"), 3u);
}
