#include "store/sqlite/database.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/sqlite/migrations.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "support/store_fixture.hpp"

namespace eoc::store::duty_repository_test {
namespace {

using sqlite::Database;
using sqlite::DutyRepository;
using sqlite::IncidentRepository;
using sqlite::Transaction;
using testing::beijing;

class DutyRepositoryTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  Database db{dir.path()};
  DutyRepository duty{db};
  IncidentRepository incidents{db};

  DutyLogRow entry(const std::string& id, const char* at, const std::string& kind, const std::string& content) {
    DutyLogRow row;
    row.id = id;
    row.at = beijing(at);
    row.author = "李娜";
    row.authorLabel = "duty_officer (李娜)";
    row.kind = kind;
    row.content = content;
    return row;
  }

  void addIncident(const std::string& id, const char* firstKnown, const std::string& type) {
    db.write([&](Transaction& tx) {
      IncidentRow row;
      row.id = id;
      row.createdAt = beijing(firstKnown);
      row.createdBy = "duty_officer";
      row.lon = 87.58;
      row.lat = 43.79;
      row.firstKnownAt = beijing(firstKnown);
      row.type = type;
      row.level = "III";
      incidents.insert(tx, row);
    });
  }
};

TEST_F(DutyRepositoryTest, TheDutyLogRefusesUpdateAndDeleteAtTheStore) {
  db.write([&](Transaction& tx) { duty.appendLog(tx, entry("L1", "2026-12-02T09:00:00+08:00", "call_in", "来电")); });
  for (const char* sql : {"UPDATE duty_log SET content = '改过'", "DELETE FROM duty_log"}) {
    try {
      db.write([&](Transaction& tx) { tx.prepare(sql).run(); });
      ADD_FAILURE() << sql << " was allowed";
    } catch (const EocError& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
  auto rows = duty.log({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].content, "来电");
}

TEST_F(DutyRepositoryTest, ReportsUpwardRefuseUpdateAndDelete) {
  addIncident("i1", "2026-12-02T09:00:00+08:00", "gas_leak");
  db.write([&](Transaction& tx) {
    duty.insertReport(tx, ReportRow{"r1", "i1", "first", "phone", "首报", "市应急管理局",
                                    beijing("2026-12-02T09:10:00+08:00"), "李娜", "duty_officer", std::nullopt});
  });
  for (const char* sql : {"UPDATE duty_reports SET content = 'x'", "DELETE FROM duty_reports"})
    EXPECT_THROW(db.write([&](Transaction& tx) { tx.prepare(sql).run(); }), EocError) << sql;
  ASSERT_EQ(duty.reports("i1").size(), 1u);
}

TEST_F(DutyRepositoryTest, AHundredConcurrentWritersLoseNoEntryAndSeqIsStrictlyIncreasing) {
  constexpr int kWriters = 100;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back([&, i] {
      try {
        db.write([&](Transaction& tx) {
          duty.appendLog(tx, entry("L" + std::to_string(i), "2026-12-02T09:00:00+08:00", "info", std::to_string(i)));
        });
      } catch (...) {
        ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto rows = duty.log({});
  ASSERT_EQ(rows.size(), size_t(kWriters));
  std::set<std::string> contents;
  for (size_t k = 0; k < rows.size(); ++k) {
    contents.insert(rows[k].content);
    if (k > 0) {
      EXPECT_LT(rows[k - 1].seq, rows[k].seq);
    }
  }
  EXPECT_EQ(contents.size(), size_t(kWriters));
}

TEST_F(DutyRepositoryTest, TheLogFiltersByTimeKindAndIncident) {
  db.write([&](Transaction& tx) {
    duty.appendLog(tx, entry("L1", "2026-12-02T08:00:00+08:00", "call_in", "a"));
    auto e = entry("L2", "2026-12-02T09:00:00+08:00", "call_out", "b");
    e.incidentId = "i9";
    duty.appendLog(tx, e);
    duty.appendLog(tx, entry("L3", "2026-12-02T10:00:00+08:00", "call_in", "c"));
  });
  DutyLogFilter f;
  f.since = beijing("2026-12-02T09:00:00+08:00");
  EXPECT_EQ(duty.log(f).size(), 2u);
  f.until = beijing("2026-12-02T10:00:00+08:00");
  ASSERT_EQ(duty.log(f).size(), 1u);
  EXPECT_EQ(duty.log(f)[0].id, "L2");
  DutyLogFilter byKind;
  byKind.kind = "call_in";
  EXPECT_EQ(duty.log(byKind).size(), 2u);
  DutyLogFilter byIncident;
  byIncident.incidentId = "i9";
  ASSERT_EQ(duty.log(byIncident).size(), 1u);
  EXPECT_EQ(duty.findLog("L2")->incidentId, std::optional<std::string>("i9"));
  EXPECT_FALSE(duty.findLog("nope"));
}

TEST_F(DutyRepositoryTest, AnImportReplacesOnlyTheShiftsInsideItsRange) {
  auto shift = [](const char* from, const char* to, const std::string& leader) {
    ShiftRow s;
    s.start = beijing(from);
    s.end = beijing(to);
    s.label = "白班";
    s.leader = leader;
    s.officers = nlohmann::json::array({{{"name", "李娜"}, {"phone", "13800000000"}}});
    return s;
  };
  db.write([&](Transaction& tx) {
    duty.replaceShifts(tx, beijing("2026-12-01T08:00:00+08:00"), beijing("2026-12-03T20:00:00+08:00"),
                       {shift("2026-12-01T08:00:00+08:00", "2026-12-01T20:00:00+08:00", "甲"),
                        shift("2026-12-02T08:00:00+08:00", "2026-12-02T20:00:00+08:00", "乙"),
                        shift("2026-12-03T08:00:00+08:00", "2026-12-03T20:00:00+08:00", "丙")});
  });
  db.write([&](Transaction& tx) {
    duty.replaceShifts(tx, beijing("2026-12-02T08:00:00+08:00"), beijing("2026-12-02T20:00:00+08:00"),
                       {shift("2026-12-02T08:00:00+08:00", "2026-12-02T20:00:00+08:00", "丁")});
  });
  auto rows = duty.shifts();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].leader, "甲");
  EXPECT_EQ(rows[1].leader, "丁");
  EXPECT_EQ(rows[2].leader, "丙");
  EXPECT_EQ(rows[1].officers[0]["name"], "李娜");
}

TEST_F(DutyRepositoryTest, AnEscalationIsRaisedOnceAndClosedOnce) {
  ReportEscalationRow e;
  e.key = "report:i1:first:phone";
  e.incidentId = "i1";
  e.stage = "first";
  e.channel = "phone";
  e.dueAt = beijing("2026-12-02T09:30:00+08:00");
  e.raisedAt = e.dueAt;
  EXPECT_TRUE(db.write([&](Transaction& tx) { return duty.raiseEscalation(tx, e); }));
  EXPECT_FALSE(db.write([&](Transaction& tx) { return duty.raiseEscalation(tx, e); }));
  ASSERT_EQ(duty.escalations(true).size(), 1u);
  EXPECT_TRUE(db.write([&](Transaction& tx) {
    return duty.closeEscalation(tx, e.key, beijing("2026-12-02T09:40:00+08:00"), std::string("r1"));
  }));
  EXPECT_FALSE(db.write([&](Transaction& tx) {
    return duty.closeEscalation(tx, e.key, beijing("2026-12-02T09:41:00+08:00"), std::nullopt);
  }));
  EXPECT_TRUE(duty.escalations(true).empty());
  auto all = duty.escalations(false);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].state, "closed");
  EXPECT_EQ(all[0].reportId, std::optional<std::string>("r1"));
}

TEST_F(DutyRepositoryTest, AHandoverIsAcceptedOnce) {
  db.write([&](Transaction& tx) {
    duty.insertHandover(tx, HandoverRow{"h1", beijing("2026-12-02T20:00:00+08:00"), "李娜", "duty_officer", "无",
                                        {{"incidents", nlohmann::json::array()}}, std::nullopt, ""});
  });
  EXPECT_TRUE(db.write([&](Transaction& tx) {
    return duty.acceptHandover(tx, "h1", "王强", beijing("2026-12-02T20:05:00+08:00"));
  }));
  EXPECT_FALSE(db.write([&](Transaction& tx) {
    return duty.acceptHandover(tx, "h1", "赵敏", beijing("2026-12-02T20:06:00+08:00"));
  }));
  auto h = duty.findHandover("h1");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->acceptedBy, "王强");
  EXPECT_EQ(duty.handovers(10).size(), 1u);
}

TEST_F(DutyRepositoryTest, IncidentsListByStateAndTypeAndCloseOnce) {
  addIncident("i1", "2026-12-02T08:00:00+08:00", "gas_leak");
  addIncident("i2", "2026-12-02T09:00:00+08:00", "fire");
  db.write([&](Transaction& tx) {
    duty.insertReport(tx, ReportRow{"r1", "i1", "first", "phone", "首报", "市应急管理局",
                                    beijing("2026-12-02T08:10:00+08:00"), "李娜", "duty_officer", std::nullopt});
  });
  EXPECT_EQ(duty.reportsOfOpenIncidents().size(), 1u);
  EXPECT_TRUE(db.write([&](Transaction& tx) {
    return incidents.close(tx, "i1", beijing("2026-12-02T10:00:00+08:00"), "duty_officer");
  }));
  EXPECT_FALSE(db.write([&](Transaction& tx) {
    return incidents.close(tx, "i1", beijing("2026-12-02T10:00:00+08:00"), "duty_officer");
  }));
  EXPECT_TRUE(duty.reportsOfOpenIncidents().empty());
  IncidentFilter open;
  open.state = "open";
  ASSERT_EQ(incidents.list(open).size(), 1u);
  EXPECT_EQ(incidents.list(open)[0].id, "i2");
  IncidentFilter gas;
  gas.type = "gas_leak";
  ASSERT_EQ(incidents.list(gas).size(), 1u);
  EXPECT_EQ(incidents.list(gas)[0].state, "closed");
  auto found = incidents.find("i2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->level, std::optional<std::string>("III"));
  EXPECT_EQ(found->firstKnownAt, beijing("2026-12-02T09:00:00+08:00"));
}

TEST_F(DutyRepositoryTest, AnIncidentIsATypedRecordWithAColumnPerField) {
  db.write([&](Transaction& tx) {
    IncidentRow row;
    row.id = "i7";
    row.createdAt = beijing("2026-12-02T08:00:00+08:00");
    row.createdBy = "duty_officer (李娜)";
    row.type = "earthquake";
    row.lon = 87.5712;
    row.lat = 43.7921;
    row.casualties = 3;
    row.evacuated = 120;
    row.note = "某小区房屋开裂";
    row.magnitude = 5.2;
    row.depthKm = 10;
    row.size = "large";
    row.occurredAt = "2026-12-02T07:55:00+08:00";
    row.activationId = "a1";
    row.activation = {{"id", "a1"}, {"level", "III"}};
    row.firstKnownAt = beijing("2026-12-02T07:58:00+08:00");
    row.level = "III";
    incidents.insert(tx, row);
  });
  auto found = incidents.find("i7");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->type, "earthquake");
  EXPECT_DOUBLE_EQ(found->lon, 87.5712);
  EXPECT_DOUBLE_EQ(found->lat, 43.7921);
  EXPECT_EQ(found->casualties, 3);
  EXPECT_EQ(found->evacuated, 120);
  EXPECT_EQ(found->note, "某小区房屋开裂");
  EXPECT_EQ(found->magnitude, 5.2);
  EXPECT_EQ(found->depthKm, 10.0);
  EXPECT_EQ(found->size, std::optional<std::string>("large"));
  EXPECT_FALSE(found->areaKm2);
  EXPECT_EQ(found->occurredAt, std::optional<std::string>("2026-12-02T07:55:00+08:00"));
  EXPECT_EQ(found->activationId, std::optional<std::string>("a1"));
  EXPECT_EQ(found->activation["level"], "III");
  // The stored document is gone: no column of the table holds JSON of the incident itself.
  EXPECT_THROW(db.read([](sqlite::Connection& c) { return c.prepare("SELECT body_json FROM incidents").step(); }),
               EocError);
  // A duplicate id is a conflict.
  EXPECT_THROW(db.write([&](Transaction& tx) { incidents.insert(tx, *found); }), EocError);
}

TEST(IncidentMigration, RowsStoredAsADocumentMoveIntoTheirColumns) {
  testing::TempDir dir;
  {
    // A store as eoc left it before migration 65: the incident a JSON document in its row.
    sqlite::engine::Connection c(dir.path() / sqlite::engine::Database::kFileName);
    auto all = sqlite::migrations();
    size_t before65 = 0;
    while (before65 < all.size() && all[before65].version < 65) ++before65;
    ASSERT_LT(before65, all.size());
    sqlite::applyMigrations(c, all.first(before65));
    c.prepare(
         "INSERT INTO incidents (id, created_at, created_by, body_json, activation_json, first_known_at, type, level) "
         "VALUES ('i1', '2026-12-01T10:00:00+08:00', 'duty_officer', ?1, ?2, '2026-12-01T09:50:00+08:00', "
         "'earthquake', 'II'), ('i2', '2026-12-01T11:00:00+08:00', 'duty_officer', ?3, NULL, "
         "'2026-12-01T11:00:00+08:00', 'fire', NULL)")
        .bindAll(std::string(R"({"id":"i1","type":"earthquake","location":[87.55,43.8],"casualties":2,)"
                             R"("evacuated":40,"note":"房屋倒塌","magnitude":6.1,"depth_km":12.5,"time":)"
                             R"("2026-12-01T09:45:00+08:00","activation_id":"a9"})"),
                 std::string(R"({"id":"a9","level":"II"})"),
                 std::string(R"({"id":"i2","type":"fire","location":[87.6,43.75],"casualties":0,"evacuated":0,)"
                             R"("note":"","size":"small","area_km2":0.5})"))
        .run();
  }
  Database reopened{dir.path()};  // applies migration 65
  IncidentRepository repo{reopened};
  auto i1 = repo.find("i1");
  ASSERT_TRUE(i1);
  EXPECT_EQ(i1->type, "earthquake");
  EXPECT_DOUBLE_EQ(i1->lon, 87.55);
  EXPECT_DOUBLE_EQ(i1->lat, 43.8);
  EXPECT_EQ(i1->casualties, 2);
  EXPECT_EQ(i1->evacuated, 40);
  EXPECT_EQ(i1->note, "房屋倒塌");
  EXPECT_EQ(i1->magnitude, 6.1);
  EXPECT_EQ(i1->depthKm, 12.5);
  EXPECT_FALSE(i1->size);
  EXPECT_EQ(i1->occurredAt, std::optional<std::string>("2026-12-01T09:45:00+08:00"));
  EXPECT_EQ(i1->activationId, std::optional<std::string>("a9"));
  EXPECT_EQ(i1->activation["level"], "II");
  EXPECT_EQ(i1->level, std::optional<std::string>("II"));
  EXPECT_EQ(i1->firstKnownAt, beijing("2026-12-01T09:50:00+08:00"));
  auto i2 = repo.find("i2");
  ASSERT_TRUE(i2);
  EXPECT_EQ(i2->size, std::optional<std::string>("small"));
  EXPECT_EQ(i2->areaKm2, 0.5);
  EXPECT_FALSE(i2->magnitude);
  EXPECT_FALSE(i2->activationId);
  EXPECT_TRUE(i2->activation.is_null());
}

}  // namespace
}  // namespace eoc::store::duty_repository_test
