// The city-wide question of issue 17 — "every team within 5 km of this point across all
// districts" — as one query on PostgreSQL: each district's eoc has its schema (same migrations),
// a view unions their positions, and the GiST index of each schema answers its part.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "postgres/pg_test_support.hpp"
#include "store/postgres/pg_database.hpp"

namespace eoc::store::postgres::pg_postgis_test {
namespace {

using testing::TestSchema;

void report(Database& db, const char* team, double lon, double lat, int64_t at) {
  db.write([&](Transaction& tx) {
    tx.prepare("INSERT INTO team_positions (team_id, lon, lat, fix_time, received_at) VALUES (?1, ?2, ?3, ?4, ?4)")
        .bindAll(team, lon, lat, at)
        .run();
  });
}

// The latest fix of each team within `metres` of (lon, lat), nearest first, across `view`.
// Candidates come from the spatial index (any kept fix near the point), then each candidate's
// latest fix decides: a team that has since driven away is not "within 5 km".
constexpr const char* kNearSql = R"sql(
WITH here AS (SELECT ST_SetSRID(ST_MakePoint(?1, ?2), 4326)::geography AS point),
candidates AS (
  SELECT DISTINCT district, team_id FROM city_team_positions, here WHERE ST_DWithin(position, here.point, ?3))
SELECT latest.district, latest.team_id, round(ST_Distance(latest.position, here.point)) AS metres
FROM candidates c CROSS JOIN here
CROSS JOIN LATERAL (SELECT * FROM city_team_positions p WHERE p.district = c.district AND p.team_id = c.team_id
                    ORDER BY p.seq DESC LIMIT 1) AS latest
WHERE ST_DWithin(latest.position, here.point, ?3)
ORDER BY metres, latest.district, latest.team_id
)sql";

TEST(PgPostgis, EveryTeamWithin5KmAcrossDistrictsIsOneIndexedQuery) {
  TestSchema shayibake, tianshan;
  Database a(shayibake.url(), shayibake.database(1));
  Database b(tianshan.url(), tianshan.database(1));
  // Around Urumqi railway station (87.5556, 43.8112); 0.01° of latitude is ~1.11 km.
  report(a, "T01", 87.5556, 43.8112 + 0.01, 1);  // ~1.1 km north
  report(a, "T02", 87.5556, 43.8112 + 0.10, 1);  // ~11 km north: too far
  report(a, "T03", 87.5556, 43.8112 + 0.02, 1);  // was near ...
  report(a, "T03", 87.5556, 43.8112 + 0.20, 2);  // ... and drove 22 km away since
  report(b, "T01", 87.5556 + 0.03, 43.8112, 1);  // another district's T01, ~2.4 km east
  report(b, "T09", 87.5556, 43.8112 - 0.044, 1);  // ~4.9 km south: inside
  report(b, "T10", 87.5556, 43.8112 - 0.046, 1);  // ~5.1 km south: outside

  std::vector<std::string> rows;
  std::string plan;
  a.write([&](Transaction& tx) {
    Connection& c = tx.connection();
    c.exec("CREATE TEMPORARY VIEW city_team_positions AS "
           "SELECT 'shayibake' AS district, seq, team_id, position FROM " + shayibake.name() + ".team_positions "
           "UNION ALL SELECT 'tianshan', seq, team_id, position FROM " + tianshan.name() + ".team_positions");
    Statement near = c.prepare(kNearSql);
    near.bindAll(87.5556, 43.8112, 5000.0);
    while (near.step()) rows.push_back(near.text(0) + " " + near.text(1) + " " + near.text(2));
    // With seven rows the planner rightly prefers a scan; without that option it must use the
    // GiST indexes, which proves they serve this predicate.
    c.exec("SET LOCAL enable_seqscan = off");
    Statement explain = c.prepare(std::string("EXPLAIN ") + kNearSql);
    explain.bindAll(87.5556, 43.8112, 5000.0);
    while (explain.step()) plan += explain.text(0) + "\n";
  });
  ASSERT_EQ(rows.size(), 3u) << ::testing::PrintToString(rows);
  EXPECT_EQ(rows[0].substr(0, rows[0].rfind(' ')), "shayibake T01");
  EXPECT_EQ(rows[1].substr(0, rows[1].rfind(' ')), "tianshan T01");
  EXPECT_EQ(rows[2].substr(0, rows[2].rfind(' ')), "tianshan T09");
  // Metres on the ellipsoid: 0.01° of latitude here is 1,112 m.
  EXPECT_NEAR(std::stod(rows[0].substr(rows[0].rfind(' ') + 1)), 1112, 3);
  EXPECT_NE(plan.find("team_positions_position"), std::string::npos) << plan;
}

TEST(PgPostgis, IncidentsNearAPointUseTheirGeneratedLocation) {
  TestSchema schema;
  Database db(schema.url(), schema.database(1));
  db.write([](Transaction& tx) {
    auto insert = tx.prepare(
        "INSERT INTO incidents (id, created_at, created_by, type, lon, lat) VALUES (?1, 't', 'a', 'gas_leak', ?2, ?3)");
    insert.bindAll("near", 87.5600, 43.8100).run();
    insert.bindAll("far", 87.9000, 43.8100).run();
  });
  auto ids = db.read([](Connection& c) {
    Statement s = c.prepare(
        "SELECT id FROM incidents WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(?1, ?2), 4326)::geography, ?3)");
    s.bindAll(87.5556, 43.8112, 2000.0);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
  EXPECT_EQ(ids, std::vector<std::string>{"near"});
}

}  // namespace
}  // namespace eoc::store::postgres::pg_postgis_test
