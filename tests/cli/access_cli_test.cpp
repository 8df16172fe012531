// End-to-end tests of `lifecircle access` on a hand-made line of homes and facilities (EPSG:32650
// metres, written here with GDAL), every value derived in the comments, and its usage and input
// errors.

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliAccess : public CliTest {};

constexpr double X0 = kPlanX0, Y0 = kPlanY0;

std::string point(double x, double y) { return plan_point(x, y); }
std::string box(double x0, double y0, double x1, double y1) { return plan_box(x0, y0, x1, y1); }

// On the line y = 0 (metres from X0):
//   health  A at 0 (10 beds, priority 1), B at 1500 (50 beds, priority 2); fitness F at 2000.
//   homes   d1 at -700 (100 people, 30 aged 60+), d2 at 600 (200, 20), d3 at 1200 (300, 90),
//           d4 at 3000 (50, 10).
//   districts West [-1000, 1000] (d1, d2) and East [1000, 3500] (d3, d4), 100 m either side of the line.
// Straight-line distances to A / B: d1 700 / 2200, d2 600 / 900, d3 1200 / 300, d4 3000 / 1500;
// to F: d1 2700, d2 1400, d3 800, d4 1000.
void write_line(const fs::path& dir) {
  write_geojson(dir / "sites.geojson", 32650,
                {{point(0, 0), {{"id", "A"}, {"kind", "clinic"}}, {{"beds", 10}, {"prio", 1}}},
                 {point(1500, 0), {{"id", "B"}, {"kind", "clinic"}}, {{"beds", 50}, {"prio", 2}}},
                 {point(2000, 0), {{"id", "F"}, {"kind", "gym"}}, {{"beds", 0}, {"prio", 3}}}});
  write_geojson(dir / "homes.geojson", 32650,
                {{point(-700, 0), {{"id", "d1"}}, {{"pop", 100}, {"pop60", 30}}},
                 {point(600, 0), {{"id", "d2"}}, {{"pop", 200}, {"pop60", 20}}},
                 {point(1200, 0), {{"id", "d3"}}, {{"pop", 300}, {"pop60", 90}}},
                 {point(3000, 0), {{"id", "d4"}}, {{"pop", 50}, {"pop60", 10}}}});
  write_geojson(dir / "districts.geojson", 32650,
                {{box(-1000, -100, 1000, 100), {{"name", "West"}}, {}},
                 {box(1000, -100, 3500, 100), {{"name", "East"}}, {}}});
  write_text(dir / "map.yaml", "clinic: health\ngym: fitness\n");
}

std::vector<std::string> line_args(const fs::path& d, const std::string& out, std::vector<std::string> more) {
  std::vector<std::string> args{"access", "--facilities", (d / "sites.geojson").string(), "--category-field", "kind",
                                "--category-map", (d / "map.yaml").string(), "--demand", (d / "homes.geojson").string(),
                                "--population-field", "pop", "--crs", "EPSG:32650", "--out", (d / out).string()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// id -> properties of a GeoJSON output.
std::map<std::string, json> by_id(const fs::path& geojson) {
  std::map<std::string, json> out;
  const json collection = read_json(geojson);  // kept: the loop below runs over a part of it
  for (const json& f : collection["features"]) out[f["properties"]["id"].get<std::string>()] = f["properties"];
  return out;
}

double num(const json& v) { return v.is_null() ? NAN : v.get<double>(); }

TEST_F(CliAccess, TwoStepFloatingCatchmentByHand) {
  write_line(tmp_.path());
  const RunResult r = run(line_args(tmp_.path(), "out", {"--measure", "2sfca", "--within", "1000m", "--supply-field", "beds",
                                                          "--categories", "health", "--districts",
                                                          (tmp_ / "districts.geojson").string(), "--rank-by",
                                                          "pop60/population"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Catchments within 1,000 m: A {d1, d2}: 300 people, R_A = 10 / 300; B {d2, d3}: 500, R_B = 50 / 500.
  // Per 1,000 people: d1 R_A = 33.333, d2 R_A + R_B = 133.333, d3 R_B = 100, d4 none = 0.
  const auto d = by_id(tmp_ / "out" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d1")["health_2sfca"]), 1000.0 * 10 / 300, 1e-4);
  EXPECT_NEAR(num(d.at("d2")["health_2sfca"]), 1000.0 * (10.0 / 300 + 0.1), 1e-4);
  EXPECT_NEAR(num(d.at("d3")["health_2sfca"]), 100.0, 1e-4);
  EXPECT_EQ(num(d.at("d4")["health_2sfca"]), 0.0);
  EXPECT_EQ(d.at("d2")["health_sites"], 2);
  EXPECT_EQ(d.at("d4")["health_sites"], 0);
  EXPECT_EQ(d.at("d1")["district"], "West");
  EXPECT_EQ(d.at("d4")["district"], "East");
  const auto f = by_id(tmp_ / "out" / "facilities.geojson");
  EXPECT_NEAR(num(f.at("A")["demand_in_catchment"]), 300.0, 1e-6);
  EXPECT_NEAR(num(f.at("B")["demand_in_catchment"]), 500.0, 1e-6);
  EXPECT_NEAR(num(f.at("A")["supply_ratio"]), 1000.0 * 10 / 300, 1e-4);
  EXPECT_NEAR(num(f.at("B")["supply_ratio"]), 100.0, 1e-4);

  const json s = read_json(tmp_ / "out" / "summary.json");
  const json& e = s["categories"]["health"]["equity"];
  // Weighted mean: (100 x 33.333 + 200 x 133.333 + 300 x 100 + 50 x 0) / 650 = 60,000 / 650.
  EXPECT_NEAR(e["mean"].get<double>(), 60000.0 / 650, 1e-6);
  // Gini as the mean absolute difference over twice the mean: sum over pairs i < j of
  // w_i w_j |x_i - x_j| = 2,000,000 (d1,d2) + 2,000,000 (d1,d3) + 166,667 (d1,d4) + 2,000,000
  // (d2,d3) + 1,333,333 (d2,d4) + 1,500,000 (d3,d4) = 9,000,000; G = 2 x 9e6 / (2 x 650^2 x 92.308)
  // = 3 / 13.
  EXPECT_NEAR(e["gini"].get<double>(), 3.0 / 13.0, 1e-9);
  // Palma: the 260 least served (d4 50 at 0, d1 100 at 33.333, 110 of d3 at 100) hold 14,333.3
  // of 60,000; the top 65 (all of d2, at 133.333) hold 8,666.7: 8,666.7 / 14,333.3.
  EXPECT_NEAR(e["palma"].get<double>(), 8666.6667 / 14333.3333, 1e-6);
  // Theil T: sum p_i r_i ln r_i, r_i = x_i / mean.
  const double mu = 60000.0 / 650;
  double theil = 0;
  for (auto [w, x] : {std::pair{100.0, 1000.0 / 30}, {200.0, 400.0 / 3}, {300.0, 100.0}}) theil += w / 650 * (x / mu) * std::log(x / mu);
  EXPECT_NEAR(e["theil"].get<double>(), theil, 1e-9);
  EXPECT_NEAR(s["categories"]["health"]["weight_without_facility_in_reach"].get<double>(), 50.0, 1e-9);
  // Concentration index, people ranked by the share aged 60+ where they live: d2 0.1, d4 0.2, d1
  // and d3 0.3 (tied: their mean rank). Fractional ranks: d2 100/650, d4 225/650, d1 and d3
  // (250 + 200)/650. C = 2 sum(w x R) / (W mu) - 1 = 2 (26,666.7 x 100 + 33,333.3 x 450) / 650
  // / 60,000 - 1 = 106/117 - 1 = -11/117: more access where fewer elderly live.
  EXPECT_NEAR(e["concentration"].get<double>(), -11.0 / 117.0, 1e-9);
  // Districts: West (d1, d2) (100 x 33.333 + 200 x 133.333) / 300 = 100; East (d3, d4) 30,000 / 350.
  const json& list = s["districts"]["list"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "West");
  EXPECT_NEAR(list[0]["categories"]["health"]["mean"].get<double>(), 100.0, 1e-6);
  EXPECT_NEAR(list[1]["categories"]["health"]["mean"].get<double>(), 30000.0 / 350, 1e-6);
  EXPECT_NEAR(list[1]["population"].get<double>(), 350.0, 1e-9);
  // The Lorenz curve from (0, 0) to (1, 1), the least served first: d4's 50 people hold nothing.
  const json& lorenz = e["lorenz"];
  EXPECT_EQ(lorenz["population_share"].front(), 0.0);
  EXPECT_NEAR(lorenz["measure_share"].back().get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(lorenz["population_share"][1].get<double>(), 50.0 / 650, 1e-12);
  EXPECT_NEAR(lorenz["measure_share"][1].get<double>(), 0.0, 1e-12);

  const std::string md = read_text(tmp_ / "out" / "report.md");
  EXPECT_NE(md.find("| health | 650 | 7.7 % | 92.308 | 0.231 | 0.605 |"), std::string::npos) << md;
  const std::string html = read_text(tmp_ / "out" / "report.html");
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_NE(html.find("health (Gini 0.23)"), std::string::npos);
  EXPECT_NE(r.out.find("Accessibility (2sfca)"), std::string::npos) << r.out;
}

TEST_F(CliAccess, CumulativeGravityAndEnhancedByHand) {
  write_line(tmp_.path());
  const std::vector<std::string> common = {"--within", "1000m", "--supply-field", "beds", "--categories", "health"};
  auto with = [&](std::vector<std::string> m) {
    m.insert(m.end(), common.begin(), common.end());
    return m;
  };
  ASSERT_EQ(run(line_args(tmp_.path(), "cum", with({"--measure", "cumulative"}))).exit_code, 0);
  // Beds within 1,000 m: d1 A 10, d2 A + B 60, d3 B 50, d4 0.
  auto d = by_id(tmp_ / "cum" / "demand.geojson");
  EXPECT_EQ(num(d.at("d1")["health_cumulative"]), 10.0);
  EXPECT_EQ(num(d.at("d2")["health_cumulative"]), 60.0);
  EXPECT_EQ(num(d.at("d3")["health_cumulative"]), 50.0);
  EXPECT_EQ(num(d.at("d4")["health_cumulative"]), 0.0);

  const RunResult g = run(line_args(tmp_.path(), "grav", with({"--measure", "gravity", "--decay", "exponential", "--decay-param", "1"})));
  ASSERT_EQ(g.exit_code, 0) << g.err;
  // exp(-1 per km x distance): d1 10 e^-0.7, d2 10 e^-0.6 + 50 e^-0.9, d3 50 e^-0.3, d4 0.
  d = by_id(tmp_ / "grav" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d1")["health_gravity"]), 10 * std::exp(-0.7), 1e-5);
  EXPECT_NEAR(num(d.at("d2")["health_gravity"]), 10 * std::exp(-0.6) + 50 * std::exp(-0.9), 1e-5);
  EXPECT_NEAR(num(d.at("d3")["health_gravity"]), 50 * std::exp(-0.3), 1e-5);
  EXPECT_EQ(num(d.at("d4")["health_gravity"]), 0.0);

  ASSERT_EQ(run(line_args(tmp_.path(), "e2", with({"--measure", "e2sfca"}))).exit_code, 0);
  // Zones of a third of 1,000 m weighted 1, 0.68, 0.22: d1-A 700 m 0.22, d2-A 600 m 0.68, d2-B
  // 900 m 0.22, d3-B 300 m 1. D_A = 100 x 0.22 + 200 x 0.68 = 158, D_B = 200 x 0.22 + 300 = 344.
  // d1 0.22 x 10/158, d2 0.68 x 10/158 + 0.22 x 50/344, d3 50/344, per 1,000.
  d = by_id(tmp_ / "e2" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d1")["health_e2sfca"]), 1000 * 0.22 * 10 / 158, 1e-4);
  EXPECT_NEAR(num(d.at("d2")["health_e2sfca"]), 1000 * (0.68 * 10 / 158 + 0.22 * 50 / 344), 1e-4);
  EXPECT_NEAR(num(d.at("d3")["health_e2sfca"]), 1000.0 * 50 / 344, 1e-4);
  const auto f = by_id(tmp_ / "e2" / "facilities.geojson");
  EXPECT_NEAR(num(f.at("A")["demand_in_catchment"]), 158.0, 1e-6);
  EXPECT_NEAR(num(f.at("B")["demand_in_catchment"]), 344.0, 1e-6);

  // Other zone weights, two equal zones: d1-A 700 m and d2-B 900 m in the outer one (0.5), d2-A
  // 600 m too (0.5), d3-B 300 m inner (1). D_A = 50 + 100 = 150, D_B = 100 + 300 = 400.
  ASSERT_EQ(run(line_args(tmp_.path(), "e2z", with({"--measure", "e2sfca", "--decay", "zones", "--decay-param", "1,0.5"}))).exit_code, 0);
  d = by_id(tmp_ / "e2z" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d2")["health_e2sfca"]), 1000 * (0.5 * 10 / 150 + 0.5 * 50 / 400), 1e-4);
}

TEST_F(CliAccess, ElderlyWeightAndEquityForBothGroups) {
  write_line(tmp_.path());
  const RunResult r = run(line_args(tmp_.path(), "out", {"--measure", "2sfca", "--within", "1000m", "--supply-field", "beds",
                                                          "--categories", "health", "--weight-field", "pop60"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Demand of the catchments in people aged 60+: A {d1 30, d2 20} = 50, B {d2 20, d3 90} = 110.
  // d1 10/50 = 200 beds per 1,000 aged 60+, d2 10/50 + 50/110, d3 50/110, d4 0.
  const auto d = by_id(tmp_ / "out" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d1")["health_2sfca"]), 200.0, 1e-4);
  EXPECT_NEAR(num(d.at("d2")["health_2sfca"]), 1000 * (10.0 / 50 + 50.0 / 110), 1e-4);
  EXPECT_NEAR(num(d.at("d3")["health_2sfca"]), 1000 * 50.0 / 110, 1e-4);
  EXPECT_NEAR(num(d.at("d2")["pop60"]), 20.0, 1e-9);
  const json s = read_json(tmp_ / "out" / "summary.json");
  EXPECT_EQ(s["weight"], "pop60");
  const json& c = s["categories"]["health"];
  EXPECT_EQ(c["equity"]["weight"], "pop60");
  EXPECT_EQ(c["equity_residents"]["weight"], "population");
  // Means: over the elderly (30 x 200 + 20 x 654.55 + 90 x 454.55) / 150 = 60,000 / 150 = 400
  // (every bed is shared out); over all residents (100 x 200 + 200 x 654.55 + 300 x 454.55) / 650.
  EXPECT_NEAR(c["equity"]["mean"].get<double>(), 400.0, 1e-6);
  EXPECT_NEAR(c["equity_residents"]["mean"].get<double>(),
              (100 * 200.0 + 200 * 1000 * (10.0 / 50 + 50.0 / 110) + 300 * 1000 * 50.0 / 110) / 650, 1e-6);
}

TEST_F(CliAccess, CapacityServesTheNearestInPriorityOrder) {
  write_line(tmp_.path());
  // 0.1 bed per person: A serves 100 people, B 500.
  // By capacity (B first): B takes d3 (300 m) 300, then d2 (900 m) 200, full; A then finds d2 served
  // and takes d1 (700 m) 100, full. Everyone in reach is served: 600; d4 (out of reach) 50.
  RunResult r = run(line_args(tmp_.path(), "cap", {"--measure", "capacity", "--within", "1000m", "--supply-field", "beds",
                                                   "--places-per-person", "0.1", "--categories", "health"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json s = read_json(tmp_ / "cap" / "summary.json");
  json c = s["categories"]["health"];
  EXPECT_NEAR(c["covered"].get<double>(), 600.0, 1e-9);
  EXPECT_NEAR(c["unserved_in_reach"].get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(c["out_of_reach"].get<double>(), 50.0, 1e-9);
  auto f = by_id(tmp_ / "cap" / "facilities.geojson");
  EXPECT_EQ(f.at("B")["priority"], 1);
  EXPECT_NEAR(num(f.at("A")["capacity_people"]), 100.0, 1e-9);
  EXPECT_NEAR(num(f.at("B")["served"]), 500.0, 1e-9);
  EXPECT_NEAR(num(f.at("B")["capacity_used"]), 1.0, 1e-9);

  // By --priority-field prio, lowest first (A first): A takes d2 (600 m) 100 and is full, leaving
  // d1 (only A reaches it) unserved; B takes d3 300 and the rest of d2, 100: 400 of its 500.
  r = run(line_args(tmp_.path(), "prio", {"--measure", "capacity", "--within", "1000m", "--supply-field", "beds",
                                          "--places-per-person", "0.1", "--categories", "health", "--priority-field", "prio",
                                          "--priority-ascending"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  s = read_json(tmp_ / "prio" / "summary.json");
  c = s["categories"]["health"];
  EXPECT_NEAR(c["covered"].get<double>(), 500.0, 1e-9);
  EXPECT_NEAR(c["unserved_in_reach"].get<double>(), 100.0, 1e-9);
  EXPECT_NEAR(c["out_of_reach"].get<double>(), 50.0, 1e-9);
  f = by_id(tmp_ / "prio" / "facilities.geojson");
  EXPECT_EQ(f.at("A")["priority"], 1);
  EXPECT_NEAR(num(f.at("B")["capacity_used"]), 0.8, 1e-9);
  const auto d = by_id(tmp_ / "prio" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d1")["health_capacity"]), 0.0, 1e-9);
  EXPECT_NEAR(num(d.at("d2")["health_capacity"]), 1.0, 1e-9);
  EXPECT_NEAR(num(d.at("d2")["health_served"]), 200.0, 1e-9);
  EXPECT_NEAR(num(d.at("d3")["health_capacity"]), 1.0, 1e-9);
}

TEST_F(CliAccess, ProximityTimeByHand) {
  write_line(tmp_.path());
  // At 1 m/s the search limit of 30 minutes is 1,800 m. Minutes to the nearest health site: d1
  // 700 s, d2 600, d3 300, d4 1500 -> 11.667, 10, 5, 25; to F: d1 2,700 m (not reached), d2 23.333,
  // d3 13.333, d4 16.667. Mean over the two: d1 not reached, d2 16.667, d3 9.167, d4 20.833.
  // Within 15 minutes: d3 only, 300 of 650 people.
  RunResult r = run(line_args(tmp_.path(), "px", {"--measure", "proximity", "--speed", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto d = by_id(tmp_ / "px" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d1")["health_proximity"]), 11.67, 0.005);
  EXPECT_TRUE(d.at("d1")["fitness_proximity"].is_null());
  EXPECT_TRUE(d.at("d1")["proximity"].is_null());
  EXPECT_NEAR(num(d.at("d2")["proximity"]), 16.67, 0.005);
  EXPECT_NEAR(num(d.at("d3")["proximity"]), 9.17, 0.005);
  EXPECT_NEAR(num(d.at("d4")["proximity"]), 20.83, 0.005);
  EXPECT_EQ(d.at("d3")["proximity_within_target"], true);
  EXPECT_EQ(d.at("d2")["proximity_within_target"], false);
  json s = read_json(tmp_ / "px" / "summary.json");
  EXPECT_NEAR(s["proximity"]["score"].get<double>(), 300.0 / 650, 1e-12);
  EXPECT_NEAR(s["proximity"]["weight_not_reached"].get<double>(), 100.0, 1e-12);
  EXPECT_FALSE(fs::exists(tmp_ / "px" / "facilities.geojson"));
  // "categories" is keyed by name; their order in the run (the category map's: clinic, then gym)
  // is written beside it.
  EXPECT_EQ(s["category_order"], json::parse(R"(["health", "fitness"])"));
  EXPECT_EQ(s["value_unit"], "minutes to the nearest facility of the category");

  // k = 2 for health: d2 (600 + 900) / 2 = 750 s, d3 (1,200 + 300) / 2 = 750 s: 12.5 minutes; d1's
  // second (B, 2,200 m) and d4's (A, 3,000 m) are beyond the limit.
  r = run(line_args(tmp_.path(), "px2", {"--measure", "proximity", "--speed", "1", "--k", "2", "--categories", "health"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  d = by_id(tmp_ / "px2" / "demand.geojson");
  EXPECT_NEAR(num(d.at("d2")["health_proximity"]), 12.5, 1e-9);
  EXPECT_NEAR(num(d.at("d3")["health_proximity"]), 12.5, 1e-9);
  EXPECT_TRUE(d.at("d1")["health_proximity"].is_null());
  EXPECT_TRUE(d.at("d4")["health_proximity"].is_null());
}

TEST_F(CliAccess, ChineseReport) {
  write_line(tmp_.path());
  const RunResult r = run(line_args(tmp_.path(), "zh", {"--measure", "2sfca", "--within", "1000m", "--supply-field", "beds",
                                                         "--categories", "health", "--lang", "zh"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The figures of TwoStepFloatingCatchmentByHand in Chinese words: 650 residents, 50 (7.7 %) with
  // no clinic within 1,000 m, mean 60,000 / 650, Gini 3/13, Palma 0.605.
  const std::string md = read_text(tmp_ / "zh" / "report.md");
  EXPECT_NE(md.find("# 可达性：两步移动搜寻法（2SFCA）"), std::string::npos) << md;
  EXPECT_NE(md.find("| 类别 | 常住人口 | 范围内无设施 | 均值 | 基尼系数 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 医疗卫生 | 650 | 7.7% | 92.308 | 0.231 | 0.605 |"), std::string::npos) << md;
  EXPECT_NE(read_text(tmp_ / "zh" / "report.html").find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(r.out.find("医疗卫生"), std::string::npos) << r.out;
}

TEST_F(CliAccess, UsageAndInputErrors) {
  write_line(tmp_.path());
  auto code = [&](std::vector<std::string> more) { return run(line_args(tmp_.path(), "out", std::move(more))).exit_code; };
  EXPECT_EQ(code({"--measure", "nonesuch"}), 2);
  EXPECT_EQ(code({"--measure", "capacity"}), 2);                         // no --supply-field
  EXPECT_EQ(code({"--measure", "2sfca", "--decay", "gaussian"}), 2);     // 2SFCA is a step
  EXPECT_EQ(code({"--measure", "gravity", "--decay", "exponential"}), 2);  // no beta
  EXPECT_EQ(code({"--measure", "gravity", "--decay", "exponential", "--decay-param", "-1"}), 2);
  EXPECT_EQ(code({"--measure", "e2sfca", "--decay", "zones", "--decay-param", "1,1.5"}), 2);  // a weight above 1
  EXPECT_EQ(code({"--measure", "2sfca", "--k", "3"}), 2);                // --k is proximity's
  EXPECT_EQ(code({"--measure", "proximity", "--target", "800m"}), 2);    // a length
  EXPECT_EQ(code({"--measure", "2sfca", "--rank-by", "pop60/area"}), 2);
  const RunResult r = run(line_args(tmp_.path(), "out", {"--measure", "2sfca", "--supply-field", "doctors"}));
  EXPECT_EQ(r.exit_code, 3) << r.err;  // no facility has the field
  EXPECT_NE(r.err.find("doctors"), std::string::npos) << r.err;
  EXPECT_TRUE(leftover_outputs(tmp_ / "out").empty());
}

}  // namespace
}  // namespace lc::clitest
