// The relief stock API end to end on a real server and SQLite store: the catalogue, receipts and
// first-expiry-first-out issues, refusals below zero that write nothing, concurrent issues of the
// last units over HTTP, the ledger and its filters, a stocktake spreadsheet, needs and days of
// supply, roles, and the ledger surviving a restart.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/manual_clock.hpp"
#include "support/test_server.hpp"

namespace eoc::testing::stock_api_test {
namespace {

using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
  std::string contentType;
};

// Figures as the office writes them, computed here by hand (not by the product's functions).
std::string thousands(long long n) {
  std::string digits = std::to_string(n);
  for (int at = int(digits.size()) - 3; at > 0; at -= 3) digits.insert(size_t(at), ",");
  return digits;
}
// Days of supply with one decimal, rounded down: tenths = floor(on hand × 10 ÷ daily need).
std::string tenthsText(long long tenths) { return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10); }

// The sentence about the item called `name` (each sentence begins with the item's name).
std::string sentenceOf(const json& needs, const std::string& name) {
  for (const auto& s : needs["sentences"])
    if (s.get<std::string>().rfind(name, 0) == 0) return s;
  return "";
}

// Drinking water for `people` to last `tenths` tenths of a day: people × 2.5 L × tenths ÷ 10.
long long waterFor(long long people, long long tenths) { return people * 25 * tenths / 100; }

// The needs of `people` over 3 days with `waterOnHand` litres of drinking water (some, but less
// than 3 days' worth) and nothing else on hand, by hand from the catalogue's figures: drinking
// water 17.5 L and rice 2.8 kg per person per week (2.5 L and 0.4 kg a day), one family kit per
// 5 people.
void expectThreeDayFigures(const json& needs, long long people, long long waterOnHand) {
  ASSERT_TRUE(needs.is_object()) << needs;
  EXPECT_EQ(needs["people"], people);
  EXPECT_EQ(needs["days"], 3);
  const long long waterNeed = (people * 15 + 1) / 2;  // ⌈people × 2.5 L × 3⌉
  const long long waterShort = waterNeed - waterOnHand;
  const long long tenths = waterOnHand * 4 / people;  // ⌊on hand ÷ (people × 2.5 L) × 10⌋
  ASSERT_GT(tenths, 0) << "the water lasts part of a day at least";
  ASSERT_GT(waterShort, 0) << "and less than the 3 days";
  const std::string water = sentenceOf(needs, "饮用水");
  EXPECT_NE(water.find(thousands(people) + "名"), std::string::npos) << water;
  EXPECT_NE(water.find("使用" + tenthsText(tenths) + "天"), std::string::npos) << water;
  EXPECT_NE(water.find("缺" + thousands(waterShort) + "升"), std::string::npos) << water;
  const long long riceNeed = (people * 12 + 9) / 10;  // ⌈people × 0.4 kg × 3⌉
  const std::string rice = sentenceOf(needs, "大米");
  EXPECT_NE(rice.find("缺" + thousands(riceNeed) + "千克"), std::string::npos) << rice;
  const long long kits = (people + 4) / 5;  // ⌈people ÷ 5⌉
  const std::string kit = sentenceOf(needs, "家庭生活包");
  EXPECT_NE(kit.find("需" + thousands(kits) + "个"), std::string::npos) << kit;
  EXPECT_NE(kit.find("缺" + thousands(kits) + "个"), std::string::npos) << kit;
}

class StockApi : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parseIso8601("2026-07-12T15:00:00+08:00"));
  std::optional<TestServer> server{std::in_place, TestServer::defaultConfig(), clock};
  std::string duty = server->token(Role::DutyOfficer, "", "王值班");
  std::string viewer = server->token(Role::Viewer, "", "张看");

  static httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  static Reply reply(const httplib::Result& res) {
    if (!res) return {};
    return {res->status, res->body.empty() ? json() : json::parse(res->body), res->get_header_value("Content-Type")};
  }
  Reply post(const std::string& path, const json& body, const std::string& token) {
    auto cli = server->client();
    return reply(cli.Post(path, auth(token), body.dump(), "application/json"));
  }
  Reply get(const std::string& path, const std::string& token) {
    auto cli = server->client();
    return reply(token.empty() ? cli.Get(path) : cli.Get(path, auth(token)));
  }
  Reply move(const json& body) { return post("/stock/movements", body, duty); }
  Reply receive(const std::string& warehouse, const std::string& item, long long quantity, const std::string& batch = "",
                const std::string& expires = "") {
    json body = {{"kind", "receive"}, {"warehouse", warehouse}, {"item", item}, {"quantity", quantity}};
    if (!batch.empty()) body["batch"] = batch;
    if (!expires.empty()) body["expires"] = expires;
    return move(body);
  }
  Reply issue(const std::string& warehouse, const std::string& item, long long quantity, const std::string& token) {
    return post("/stock/movements",
                {{"kind", "issue"}, {"warehouse", warehouse}, {"item", item}, {"quantity", quantity}, {"to", "S01"}},
                token);
  }
  json holding(const std::string& warehouse, const std::string& item) {
    auto w = get("/stock/" + warehouse, viewer);
    for (const auto& h : w.body["items"])
      if (h["item"] == item) return h;
    return json();
  }
  long long onHand(const std::string& warehouse, const std::string& item) {
    auto h = holding(warehouse, item);
    return h.is_null() ? 0 : h["on_hand"].get<long long>();
  }
  size_t ledgerSize() { return get("/stock/ledger", viewer).body["entries"].size(); }
};

TEST_F(StockApi, TheCatalogueAndAnEmptyLedgerAreServed) {
  auto items = get("/stock/items", viewer);
  ASSERT_EQ(items.status, 200);
  ASSERT_GE(items.body["items"].size(), 1u);
  bool water = false;
  for (const auto& i : items.body["items"])
    if (i["id"] == "drinking_water") {
      water = true;
      EXPECT_EQ(i["unit"], "升");
      EXPECT_EQ(i["need"]["kind"], "per_person_per_day");
      EXPECT_DOUBLE_EQ(i["need"]["per_person_per_day"].get<double>(), 17.5 / 7);
    }
  EXPECT_TRUE(water);
  auto stock = get("/stock", viewer);
  ASSERT_EQ(stock.status, 200);
  EXPECT_EQ(stock.body["today"], "2026-07-12");
  EXPECT_EQ(stock.body["expiry_window_days"], 90);
  EXPECT_EQ(stock.body["warehouses"].size(), server->service().layers().require("relief_stock").features().size());
  for (const auto& w : stock.body["warehouses"])
    for (const auto& h : w["items"]) EXPECT_EQ(h["on_hand"], 0) << w["id"] << " " << h["item"];
  EXPECT_EQ(ledgerSize(), 0u);
}

TEST_F(StockApi, AnIssueTakesFirstExpiryFirstAndSaysWhichBatches) {
  ASSERT_EQ(receive("R02", "drinking_water", 500, "B-LATE", "2027-01-31").status, 201);
  ASSERT_EQ(receive("R02", "drinking_water", 300, "B-EARLY", "2026-12-31").status, 201);
  auto issued = issue("R02", "drinking_water", 400, duty);
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.body["on_hand_before"], 800);
  EXPECT_EQ(issued.body["on_hand_after"], 400);
  ASSERT_EQ(issued.body["taken"].size(), 2u);
  EXPECT_EQ(issued.body["taken"][0]["batch"], "B-EARLY");
  EXPECT_EQ(issued.body["taken"][0]["quantity"], 300);
  EXPECT_EQ(issued.body["taken"][1]["batch"], "B-LATE");
  EXPECT_EQ(issued.body["taken"][1]["quantity"], 100);
  EXPECT_EQ(onHand("R02", "drinking_water"), 400);
  auto h = holding("R02", "drinking_water");
  ASSERT_EQ(h["batches"].size(), 1u);
  EXPECT_EQ(h["batches"][0]["batch"], "B-LATE");
  EXPECT_EQ(h["batches"][0]["quantity"], 400);
  // One movement, one entry per batch, sharing its id; both in the ledger with the recipient.
  auto ledger = get("/stock/ledger?item=drinking_water&warehouse=R02", viewer).body["entries"];
  ASSERT_EQ(ledger.size(), 4u);
  EXPECT_EQ(ledger[2]["movement"], issued.body["movement"]);
  EXPECT_EQ(ledger[3]["movement"], issued.body["movement"]);
  EXPECT_EQ(ledger[2]["delta"], -300);
  EXPECT_EQ(ledger[3]["counterpart"], "S01");
  EXPECT_EQ(get("/stock/ledger?item=rice", viewer).body["entries"].size(), 0u);
}

TEST_F(StockApi, GoingBelowZeroIs409NamingItemWarehouseAndOnHandAndWritesNothing) {
  ASSERT_EQ(receive("R02", "drinking_water", 400, "B1", "2027-01-31").status, 201);
  const size_t before = ledgerSize();
  auto refused = issue("R02", "drinking_water", 401, duty);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.contentType, "application/problem+json");
  EXPECT_EQ(refused.body["code"], "InsufficientStock");
  const std::string detail = refused.body.value("detail", "");
  EXPECT_NE(detail.find("drinking_water"), std::string::npos) << detail;
  EXPECT_NE(detail.find("R02"), std::string::npos) << detail;
  EXPECT_NE(detail.find("on hand 400"), std::string::npos) << detail;
  EXPECT_EQ(ledgerSize(), before);
  EXPECT_EQ(onHand("R02", "drinking_water"), 400);
}

TEST_F(StockApi, OfConcurrentIssuesOfTheLastUnitsExactlyOneSucceeds) {
  ASSERT_EQ(receive("R03", "tent", 10).status, 201);
  constexpr int kClients = 8;
  std::atomic<int> created{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&] {
      auto r = issue("R03", "tent", 10, duty);
      if (r.status == 201) ++created;
      else if (r.status == 409) ++refused;
      else ++other;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(onHand("R03", "tent"), 0);
  auto issues = get("/stock/ledger?item=tent", viewer).body["entries"];
  ASSERT_EQ(issues.size(), 2u);  // the receipt and exactly one issue
  EXPECT_EQ(issues[1]["delta"], -10);
}

TEST_F(StockApi, BadMovementsAreNamed4xx) {
  struct Case {
    json body;
    int status;
    std::string field;
  } cases[] = {
      {{{"kind", "steal"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", 1}}, 400, "kind"},
      {{{"kind", "receive"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", 1.5}}, 400, "quantity"},
      {{{"kind", "receive"}, {"warehouse", "R99"}, {"item", "tent"}, {"quantity", 1}}, 400, "warehouse"},
      {{{"kind", "receive"}, {"warehouse", "R01"}, {"item", "unicorn"}, {"quantity", 1}}, 400, "item"},
      {{{"kind", "receive"}, {"warehouse", "R01"}, {"item", "rice"}, {"quantity", 1}, {"batch", "X"}}, 400, "expires"},
      {{{"kind", "receive"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", 1}, {"colour", "red"}}, 400, "colour"},
      {{{"kind", "write_off"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", 1}}, 400, "reason"},
  };
  for (const auto& c : cases) {
    auto r = move(c.body);
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_EQ(r.contentType, "application/problem+json") << c.body;
    EXPECT_NE(r.body.value("detail", "").find(c.field), std::string::npos) << c.body << ": " << r.body;
  }
  EXPECT_EQ(ledgerSize(), 0u);
}

TEST_F(StockApi, OnlyTheDutyDeskMovesStockAndSignedInDeskRolesRead) {
  EXPECT_EQ(issue("R01", "tent", 1, viewer).status, 403);
  EXPECT_EQ(issue("R01", "tent", 1, server->token(Role::Approver, "", "审批")).status, 403);
  EXPECT_EQ(issue("R01", "tent", 1, "").status, 401);
  EXPECT_EQ(receive("R01", "tent", 1).status, 201);
  EXPECT_EQ(post("/stock/movements", {{"kind", "receive"}, {"warehouse", "R01"}, {"item", "tent"}, {"quantity", 1}},
                 server->token(Role::Admin, "", "管理员"))
                .status,
            201);
  EXPECT_EQ(get("/stock", "").status, 401);
  EXPECT_EQ(get("/stock", server->token(Role::Team, "T01", "队长")).status, 403);
  EXPECT_EQ(get("/stock", server->token(Role::Committee, "650103001", "片区")).status, 200);
  EXPECT_EQ(get("/stock/R99", viewer).status, 404);
}

TEST_F(StockApi, NeedsForPeopleGiveDaysOfSupplyAndTheShortfallAsComputedByHand) {
  // 24,300 people drink 17.5 L a week: 60,750 L a day. 109,350 L last 1.8 days; 3 days need
  // 182,250 L, short 72,900 L.
  ASSERT_EQ(receive("R01", "drinking_water", 109350, "W1", "2027-06-30").status, 201);
  auto needs = get("/stock/needs?people=24300&days=3", viewer);
  ASSERT_EQ(needs.status, 200) << needs.body;
  EXPECT_EQ(needs.body["source"], "people");
  EXPECT_EQ(needs.body["people"], 24300);
  json water;
  for (const auto& i : needs.body["items"])
    if (i["item"] == "drinking_water") water = i;
  ASSERT_FALSE(water.is_null());
  EXPECT_DOUBLE_EQ(water["daily_need"].get<double>(), 60750);
  EXPECT_EQ(water["need"], 182250);
  EXPECT_EQ(water["on_hand"], 109350);
  EXPECT_DOUBLE_EQ(water["days_of_supply"].get<double>(), 1.8);
  EXPECT_EQ(water["shortfall"], 72900);
  ASSERT_EQ(water["draw_from"].size(), 1u);
  EXPECT_EQ(water["draw_from"][0]["warehouse"], "R01");
  bool sentence = false;
  for (const auto& s : needs.body["sentences"])
    sentence = sentence || (s.get<std::string>().find("1.8") != std::string::npos &&
                            s.get<std::string>().find("72,900") != std::string::npos);
  EXPECT_TRUE(sentence) << needs.body["sentences"];
  EXPECT_EQ(get("/stock/needs?people=10&drill=D1", viewer).status, 400);
  EXPECT_EQ(get("/stock/needs?people=10&days=0", viewer).status, 400);
  EXPECT_EQ(get("/stock/needs?activation=nope", viewer).status, 404);
}

TEST_F(StockApi, AStocktakeSpreadsheetCorrectsTheBooksAndABadRowIsNamedWithNothingWritten) {
  ASSERT_EQ(receive("R02", "drinking_water", 500, "B1", "2027-01-31").status, 201);
  auto cli = server->client();
  auto bad = reply(cli.Post("/stock/stocktake", auth(duty), "仓库,物资,批次,实盘数量\nR02,饮用水,B1,四百\n", "text/csv"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.value("detail", "").find("row 2"), std::string::npos) << bad.body;
  EXPECT_EQ(ledgerSize(), 1u);
  auto ok = reply(cli.Post("/stock/stocktake", auth(duty), "仓库,物资,批次,实盘数量\nR02,饮用水,B1,480\n", "text/csv"));
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.body["lines"], 1);
  EXPECT_EQ(ok.body["changed"], 1);
  EXPECT_EQ(onHand("R02", "drinking_water"), 480);
  auto ledger = get("/stock/ledger?warehouse=R02", viewer).body["entries"];
  ASSERT_EQ(ledger.size(), 2u);
  EXPECT_EQ(ledger[1]["kind"], "count");
  EXPECT_EQ(ledger[1]["delta"], -20);
}

TEST_F(StockApi, AStoredActivationCarriesTheNeedsSentenceForItsPeopleToShelter) {
  ASSERT_EQ(receive("R01", "drinking_water", 20000, "W1", "2027-06-30").status, 201);
  json body = {{"warning", {{"type", "rainstorm"}, {"level", "red"}, {"area", {{"committees", {"650103009"}}}}}}};
  auto created = post("/activations", body, duty);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.body["id"];
  auto activation = get("/activations/" + id, viewer);
  ASSERT_EQ(activation.status, 200);
  const auto& needs = activation.body["stock_needs"];
  ASSERT_TRUE(needs.is_object()) << activation.body;
  EXPECT_EQ(needs["people"], activation.body["people_to_shelter"]);
  EXPECT_EQ(needs["days"], 3);
  // The same sentences GET /stock/needs gives for that activation.
  auto direct = get("/stock/needs?activation=" + id + "&days=3", viewer);
  ASSERT_EQ(direct.status, 200);
  EXPECT_EQ(needs["sentences"], direct.body["sentences"]);
  if (needs["people"].get<long long>() > 0) {
    EXPECT_FALSE(needs["sentences"].empty());
  }
  // A team in the field reads the activation, not the stock.
  auto team = get("/activations/" + id, server->token(Role::Team, "T07", "队长"));
  ASSERT_EQ(team.status, 200);
  EXPECT_TRUE(team.body["stock_needs"].is_null());
}

TEST_F(StockApi, ThePostedActivationAnswersWithTheNeedsSentenceAsComputedByHand) {
  json body = {{"warning", {{"type", "rainstorm"}, {"level", "red"}, {"area", {{"committees", {"650103009"}}}}}}};
  // A dry run first (stored nowhere), to learn how many people the activation moves.
  auto dry = post("/activations?dry_run=true", body, duty);
  ASSERT_EQ(dry.status, 200) << dry.body;
  const long long people = dry.body["people_to_shelter"];
  ASSERT_GT(people, 0) << "the fixture's activation moves nobody: nothing to compute";
  EXPECT_EQ(dry.body["stock_needs"]["people"], people);
  size_t withNeed = 0;
  const json items = get("/stock/items", viewer).body["items"];
  for (const auto& i : items) withNeed += i.value("need", json()).is_object() ? 1 : 0;
  ASSERT_GT(withNeed, 0u);
  EXPECT_EQ(dry.body["stock_needs"]["short_items"], withNeed) << "nothing on hand: every item with a need is short";
  EXPECT_EQ(dry.body["stock_needs"]["sentences"].size(), withNeed);

  const long long water = waterFor(people, 16);  // water for 1.6 days
  ASSERT_EQ(receive("R01", "drinking_water", water, "W1", "2027-06-30").status, 201);
  auto created = post("/activations", body, duty);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body["people_to_shelter"], people);
  expectThreeDayFigures(created.body["stock_needs"], people, water);
  // The answer of the POST is the field the stored activation's GET carries.
  auto stored = get("/activations/" + created.body["id"].get<std::string>(), duty);
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(created.body["stock_needs"], stored.body["stock_needs"]);
  // And a dry run now gives the same sentences for the same people.
  EXPECT_EQ(post("/activations?dry_run=true", body, duty).body["stock_needs"], stored.body["stock_needs"]);
}

TEST_F(StockApi, TheDrillReportShowsTheNeedsOfItsDisplacedInJsonAndPrintableHtml) {
  auto planned = post("/drills", {{"scenario_id", "earthquake-yamalik"}}, duty);
  ASSERT_EQ(planned.status, 201) << planned.body;
  const std::string id = planned.body["id"];
  const long long displaced = planned.body["impact"]["earthquake"]["displaced"];
  ASSERT_GT(displaced, 0);
  ASSERT_EQ(post("/drills/" + id + "/run", {{"mode", "simulated"}, {"seed", 7}}, duty).status, 200);
  // The report reads the stock when it is asked for: water for 2.3 days now.
  const long long water = waterFor(displaced, 23);
  ASSERT_EQ(receive("R02", "drinking_water", water, "W1", "2027-06-30").status, 201);

  auto report = get("/drills/" + id + "/report", viewer);
  ASSERT_EQ(report.status, 200) << report.body;
  const auto& needs = report.body["stock_needs"];
  expectThreeDayFigures(needs, displaced, water);

  auto cli = server->client();
  auto html = cli.Get("/drills/" + id + "/report.html", auth(viewer));
  ASSERT_TRUE(html);
  ASSERT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("救灾物资保障（" + std::to_string(displaced) + "人，按3天计）"), std::string::npos);
  for (const auto& sentence : needs["sentences"])  // every sentence, as the JSON gives it
    EXPECT_NE(html->body.find("<li>" + sentence.get<std::string>() + "</li>"), std::string::npos) << sentence;
  // The HTML section follows the impact and comes before the improvement plan.
  EXPECT_LT(html->body.find("五、影响评估要点"), html->body.find("救灾物资保障"));
  EXPECT_LT(html->body.find("救灾物资保障"), html->body.find("六、改进计划"));
}

TEST_F(StockApi, ARestartKeepsTheLedgerAndTheStock) {
  ASSERT_EQ(receive("R02", "drinking_water", 500, "B1", "2027-01-31").status, 201);
  ASSERT_EQ(issue("R02", "drinking_water", 120, duty).status, 201);
  Config config = server->config();
  server->keepDataDir();
  server.reset();
  server.emplace(config, clock);
  viewer = server->token(Role::Viewer, "", "张看");
  duty = server->token(Role::DutyOfficer, "", "王值班");
  EXPECT_EQ(onHand("R02", "drinking_water"), 380);
  EXPECT_EQ(ledgerSize(), 2u);
  // And the rebuilt levels still refuse what is not there.
  EXPECT_EQ(issue("R02", "drinking_water", 381, duty).status, 409);
  EXPECT_EQ(issue("R02", "drinking_water", 380, duty).status, 201);
}

}  // namespace
}  // namespace eoc::testing::stock_api_test
