// POST /cap/ingest on a real server: upstream CAP from the city observatory becomes a relay
// draft the duty desk issues under the two-person rule; duplicates change nothing; upstream
// Update/Cancel follow the draft or become proposals; hostile XML is refused.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/manual_clock.hpp"
#include "service/warnings_service.hpp"
#include "core/error.hpp"
#include "support/test_server.hpp"

namespace eoc::testing {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(EOC_SOURCE_DIR) + "/tests/warnings/fixtures/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Reply {
  int status = 0;
  json body;
  std::string text;
};

struct Observatory {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parseIso8601("2026-07-12T14:05:00+08:00"));
  TestServer server{TestServer::defaultConfig(), clock};
  std::string feed = server.token(Role::Admin, "", "市气象台接口");
  std::string officer = server.token(Role::DutyOfficer, "", "王敏");
  std::string approver = server.token(Role::Approver, "", "李强");

  Reply send(const std::string& path, const std::string& body, const std::string& token,
             const char* type = "application/json") {
    auto res = server.client().Post(path, {{"Authorization", "Bearer " + token}}, body, type);
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.text = res->body;
    r.body = json::parse(res->body, nullptr, false);
    return r;
  }
  Reply ingest(const std::string& file) { return send("/cap/ingest", fixture(file), feed, "application/cap+xml"); }
  json warning(const std::string& id) {
    auto res = server.client().Get("/warnings/" + id, {{"Authorization", "Bearer " + officer}});
    return res ? json::parse(res->body) : json();
  }
  size_t warningCount() {
    auto res = server.client().Get("/warnings", {{"Authorization", "Bearer " + officer}});
    return json::parse(res->body)["count"].get<size_t>();
  }
};

TEST(CapApi, AnObservatoryAlertBecomesARelayDraftThatAnApproverIssues) {
  Observatory obs;
  auto r = obs.ingest("observatory-rainstorm-orange-alert.xml");
  ASSERT_EQ(r.status, 201) << r.text;
  EXPECT_EQ(r.body["outcome"], "drafted");
  const std::string id = r.body["warning_id"];
  auto w = obs.warning(id);
  EXPECT_EQ(w["state"], "draft");
  EXPECT_EQ(w["type"], "rainstorm");
  EXPECT_EQ(w["level"], "orange");
  EXPECT_EQ(w["source"], "wlmqqxt,65010000000000_20260712140000_3,2026-07-12T14:00:00+08:00");
  EXPECT_FALSE(w["area"]["committees"].empty());  // mapped from the upstream polygon

  // The feed account drafted it, so another person approves it.
  auto issued = obs.send("/warnings/" + id + "/issue", "{}", obs.approver);
  ASSERT_EQ(issued.status, 200) << issued.text;
  auto cap = obs.server.client().Get("/warnings/" + id + "/cap.xml");
  EXPECT_NE(cap->body.find("<source>wlmqqxt,65010000000000_20260712140000_3"), std::string::npos) << cap->body;
}

TEST(CapApi, TheSameUpstreamMessageTwiceIsIdempotent) {
  Observatory obs;
  auto first = obs.ingest("observatory-rainstorm-orange-alert.xml");
  auto second = obs.ingest("observatory-rainstorm-orange-alert.xml");
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(second.status, 200) << second.text;
  EXPECT_TRUE(second.body["duplicate"].get<bool>());
  EXPECT_EQ(second.body["warning_id"], first.body["warning_id"]);
  EXPECT_EQ(obs.warningCount(), 1u);
}

TEST(CapApi, UpstreamUpdateAndCancelFollowTheRelayDraftWhileItIsADraft) {
  Observatory obs;
  auto id = obs.ingest("observatory-rainstorm-orange-alert.xml").body["warning_id"].get<std::string>();
  obs.clock->set(*parseIso8601("2026-07-12T16:05:00+08:00"));
  auto updated = obs.ingest("observatory-rainstorm-red-update.xml");
  ASSERT_EQ(updated.status, 200) << updated.text;
  EXPECT_EQ(updated.body["outcome"], "draft_updated");
  EXPECT_EQ(obs.warning(id)["level"], "red");
  EXPECT_EQ(obs.warning(id)["state"], "draft");
  obs.clock->set(*parseIso8601("2026-07-12T18:05:00+08:00"));
  auto cancelled = obs.ingest("observatory-rainstorm-cancel.xml");
  ASSERT_EQ(cancelled.status, 200) << cancelled.text;
  EXPECT_EQ(cancelled.body["outcome"], "draft_cancelled");
  EXPECT_EQ(obs.warning(id)["state"], "cancelled");
  EXPECT_EQ(obs.warningCount(), 1u);
}

TEST(CapApi, UpstreamUpdateAndCancelOfAnIssuedRelayAreProposedToTheDeskReadyToSend) {
  Observatory obs;
  auto id = obs.ingest("observatory-rainstorm-orange-alert.xml").body["warning_id"].get<std::string>();
  ASSERT_EQ(obs.send("/warnings/" + id + "/issue", "{}", obs.approver).status, 200);

  obs.clock->set(*parseIso8601("2026-07-12T16:05:00+08:00"));
  auto proposed = obs.ingest("observatory-rainstorm-red-update.xml");
  ASSERT_EQ(proposed.status, 200) << proposed.text;
  EXPECT_EQ(proposed.body["outcome"], "proposed_update");
  auto proposal = obs.warning(id)["proposal"];
  ASSERT_EQ(proposal["action"], "update");
  EXPECT_EQ(obs.warning(id)["level"], "orange");  // nothing sent until the desk decides
  // Raising the level of an Actual warning is for an approver who did not draft it.
  auto applied = obs.send(proposal["path"], proposal["body"].dump(), obs.approver);
  ASSERT_EQ(applied.status, 200) << applied.text;
  EXPECT_EQ(applied.body["level"], "red");
  EXPECT_FALSE(applied.body.contains("proposal"));

  obs.clock->set(*parseIso8601("2026-07-12T18:05:00+08:00"));
  auto cancel = obs.ingest("observatory-rainstorm-cancel.xml");
  EXPECT_EQ(cancel.body["outcome"], "proposed_cancel");
  proposal = obs.warning(id)["proposal"];
  auto done = obs.send(proposal["path"], proposal["body"].dump(), obs.officer);
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(done.body["state"], "cancelled");
}

TEST(CapApi, HostileOrInvalidCapIsRefusedAndNothingIsStored) {
  Observatory obs;
  for (const char* file : {"hostile-billion-laughs.xml", "hostile-external-entity-passwd.xml",
                           "hostile-doctype-external-dtd.xml", "malformed-unclosed-info.xml",
                           "update-without-references.xml", "z-time-sent.xml", "hail-blue-nonexistent-level.xml"}) {
    auto r = obs.ingest(file);
    EXPECT_EQ(r.status, 400) << file << ": " << r.text;
    EXPECT_EQ(r.body.value("code", ""), "InvalidCap") << file;
  }
  EXPECT_EQ(obs.warningCount(), 0u);
  // Ingest changes state: a viewer may not.
  EXPECT_EQ(obs.send("/cap/ingest", fixture("observatory-rainstorm-orange-alert.xml"),
                     obs.server.token(Role::Viewer, "", "赵六"), "application/cap+xml")
                .status,
            403);
}

TEST(CapApi, ACapAckIsHandedToTheRegisteredAcknowledgementListener) {
  Observatory obs;
  std::vector<std::string> acknowledged;
  obs.server.service().warnings().setCapAckListener([&](const service::IncomingCapAck& ack) {
    acknowledged = ack.references;
    return size_t(1);
  });
  auto r = obs.ingest("committee-ack.xml");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["outcome"], "acknowledged");
  EXPECT_EQ(r.body["acknowledged"], 1);
  EXPECT_EQ(acknowledged, std::vector<std::string>{"65010300000000_20260712150000_1"});
}

}  // namespace
}  // namespace eoc::testing

namespace eoc::testing {
namespace {

// Without acknowledgement tracking a CAP Ack is answered with the catalogue's own code and status
// (docs/api.md), not an Internal problem patched after it was written.
TEST(CapApi, ACapAckWithoutAcknowledgementTrackingIsA501AcksNotEnabled) {
  Observatory obs;
  obs.server.service().warnings().setCapAckListener({});
  auto r = obs.ingest("committee-ack.xml");
  EXPECT_EQ(r.status, 501) << r.text;
  EXPECT_EQ(r.body.value("code", ""), "AcksNotEnabled") << r.text;
  EXPECT_EQ(r.body.value("title", ""), std::string(errorInfo(ErrorCode::AcksNotEnabled).title));
  EXPECT_EQ(r.body.value("type", ""), "https://eoc.shayibake.local/errors/AcksNotEnabled");
  EXPECT_EQ(errorInfo(ErrorCode::AcksNotEnabled).status, 501);
}

}  // namespace
}  // namespace eoc::testing
