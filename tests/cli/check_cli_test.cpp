// End-to-end tests of `lifecircle check`: a hand-made plan (EPSG:32650 metres, written here with
// GDAL) whose every verdict and shortfall is derived in the comments, and the cn-health preset on
// the bundled Chengdu extract with the bundled district grid, where the three reports must agree
// with each other and the exit code must follow the verdicts.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <cpl_minixml.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliCheck : public CliTest {};

// Metres in EPSG:32650, offset so the plan sits in the zone.
constexpr double X0 = kPlanX0, Y0 = kPlanY0;

std::string point(double x, double y) { return plan_point(x, y); }
std::string box(double x0, double y0, double x1, double y1) { return plan_box(x0, y0, x1, y1); }

//  Districts (field 名称): 甲 [0,1000]x[0,1000], 乙 [1000,2000]x[0,1000], 丙 [0,1000]x[1000,2000] (empty).
//  Demand (pop, pop60):  p0 (100,100) 1000/200, p1 (900,500) 500/100, p2 (1000,500) 300/60 on the
//  甲|乙 border (counted in 甲 only), p3 (1500,500) 2000/400, p4 (1900,900) 200/40.
//  甲: 1,800 residents, 360 aged 60+; 乙: 2,200 and 440.
//  Plan (类型, 状态, beds, area_m2): f0 (200,200) 养老院 现状 10 150; f1 (1600,600) 养老院 规划 8 100;
//  f2 (1500,500) 养老院 备选 100 500 (a candidate: never counted); g0 (100,50) 健身点 现状.
void write_plan(const fs::path& dir) {
  write_geojson(dir / "districts.geojson", 32650,
                {{box(0, 0, 1000, 1000), {{"名称", "甲街道"}}, {}},
                 {box(1000, 0, 2000, 1000), {{"名称", "乙街道"}}, {}},
                 {box(0, 1000, 1000, 2000), {{"名称", "丙街道"}}, {}}});
  write_geojson(dir / "demand.geojson", 32650,
                {{point(100, 100), {{"id", "p0"}}, {{"pop", 1000}, {"pop60", 200}}},
                 {point(900, 500), {{"id", "p1"}}, {{"pop", 500}, {"pop60", 100}}},
                 {point(1000, 500), {{"id", "p2"}}, {{"pop", 300}, {"pop60", 60}}},
                 {point(1500, 500), {{"id", "p3"}}, {{"pop", 2000}, {"pop60", 400}}},
                 {point(1900, 900), {{"id", "p4"}}, {{"pop", 200}, {"pop60", 40}}}});
  write_geojson(dir / "plan.geojson", 32650,
                {{point(200, 200), {{"id", "f0"}, {"类型", "养老院"}, {"状态", "现状"}}, {{"beds", 10}, {"area_m2", 150}}},
                 {point(1600, 600), {{"id", "f1"}, {"类型", "养老院"}, {"状态", "规划"}}, {{"beds", 8}, {"area_m2", 100}}},
                 {point(1500, 500), {{"id", "f2"}, {"类型", "养老院"}, {"状态", "备选"}}, {{"beds", 100}, {"area_m2", 500}}},
                 {point(100, 50), {{"id", "g0"}, {"类型", "健身点"}, {"状态", "现状"}}, {{"beds", 0}, {"area_m2", 0}}}});
  write_text(dir / "map.yaml", "养老院: elderly_care\n健身点: fitness\n");
}

const char* const plan_rules =
    "name: hand-plan\n"
    "rules:\n"
    "  - id: fit.500m\n"                       // line 3
    "    kind: access\n"
    "    category: fitness\n"
    "    mode: distance\n"
    "    within: 500m\n"
    "    min_share: 0.9\n"
    "    unit: share of residents within 500 m\n"
    "    source: hand test\n"
    "  - id: care.beds\n"                      // line 11
    "    kind: supply_ratio\n"
    "    category: elderly_care\n"
    "    supply_attribute: beds\n"
    "    demand_basis: elderly\n"
    "    per: 1000\n"
    "    threshold: 40\n"
    "    unit: beds per 1,000 people aged 60+\n"
    "    source: GB 50437-2007 3.2.1\n"
    "  - id: care.area\n"                      // line 20
    "    kind: per_facility\n"
    "    category: elderly_care\n"
    "    supply_attribute: area_m2\n"
    "    threshold: 120\n"
    "    unit: m² per site\n"
    "    source: municipal plan\n";

std::vector<std::string> plan_args(const fs::path& d, const std::string& rules, const std::string& out,
                                   bool elderly_field = true) {
  std::vector<std::string> args{"check", "--rules", (d / rules).string(), "--facilities", (d / "plan.geojson").string(),
          "--category-field", "类型", "--category-map", (d / "map.yaml").string(), "--status-field", "状态",
          "--demand", (d / "demand.geojson").string(), "--population-field", "pop", "--districts",
          (d / "districts.geojson").string(), "--out", (d / out).string()};
  if (elderly_field) args.insert(args.end(), {"--demand-field", "elderly=pop60"});
  return args;
}

const json* find_result(const json& report, const std::string& rule, const std::string& scope, const std::string& district) {
  for (const json& r : report["results"]) {
    if (r["rule"] != rule || r["scope"] != scope) continue;
    if (scope == "district" && r["district"] != district) continue;
    return &r;
  }
  return nullptr;
}

// The junit totals and every test case's outcome, read with GDAL's XML parser.
struct Junit {
  long tests = -1, failures = -1, skipped = -1;
  std::map<std::string, std::string> outcome;  // "suite/case" -> pass, failure, skipped
};

Junit read_junit(const fs::path& path) {
  Junit j;
  CPLXMLNode* root = CPLParseXMLString(read_text(path).c_str());
  if (!root) return j;
  const CPLXMLNode* suites = CPLGetXMLNode(root, "=testsuites");
  if (suites) {
    j.tests = std::atol(CPLGetXMLValue(suites, "tests", "-1"));
    j.failures = std::atol(CPLGetXMLValue(suites, "failures", "-1"));
    j.skipped = std::atol(CPLGetXMLValue(suites, "skipped", "-1"));
    for (const CPLXMLNode* s = suites->psChild; s; s = s->psNext) {
      if (s->eType != CXT_Element || std::string(s->pszValue) != "testsuite") continue;
      const std::string suite = CPLGetXMLValue(s, "name", "");
      for (const CPLXMLNode* c = s->psChild; c; c = c->psNext) {
        if (c->eType != CXT_Element || std::string(c->pszValue) != "testcase") continue;
        std::string o = "pass";
        if (CPLGetXMLNode(c, "failure")) o = "failure";
        if (CPLGetXMLNode(c, "skipped")) o = "skipped";
        j.outcome[suite + "/" + CPLGetXMLValue(c, "name", "")] = o;
      }
    }
  }
  CPLDestroyXMLNode(root);
  return j;
}

// report.json, junit.xml and report.md say the same: the same verdicts, counts and exit code.
void expect_reports_agree(const fs::path& out, int exit_code) {
  const json report = read_json(out / "report.json");
  const Junit j = read_junit(out / "junit.xml");
  const std::string md = read_text(out / "report.md");
  const json& s = report["summary"];
  EXPECT_EQ(s["verdicts"].get<long>(), static_cast<long>(report["results"].size()));
  EXPECT_EQ(j.tests, s["verdicts"].get<long>());
  EXPECT_EQ(j.failures, s["failed"].get<long>());
  EXPECT_EQ(j.skipped, s["not_applicable"].get<long>());
  EXPECT_EQ(s["passed"].get<long>() + s["failed"].get<long>() + s["not_applicable"].get<long>(), s["verdicts"].get<long>());
  EXPECT_EQ(s["exit_code"].get<int>(), exit_code);
  EXPECT_EQ(exit_code, s["failed"].get<long>() > 0 ? 1 : 0);
  long failures = 0, skipped = 0;
  for (const json& r : report["results"]) {
    const std::string name = r["scope"] == "overall"  ? "overall"
                             : r["scope"] == "outside" ? "(outside every district)"
                                                       : r["district"].get<std::string>();
    const std::string key = r["rule"].get<std::string>() + "/" + name;
    ASSERT_TRUE(j.outcome.count(key)) << key;
    const std::string want = r["pass"].is_null() ? "skipped" : r["pass"].get<bool>() ? "pass" : "failure";
    EXPECT_EQ(j.outcome.at(key), want) << key;
    failures += want == "failure";
    skipped += want == "skipped";
  }
  EXPECT_EQ(failures, j.failures);
  EXPECT_EQ(skipped, j.skipped);
  for (const json& r : report["rules_evaluated"]) {
    EXPECT_NE(md.find(r["rule"].get<std::string>()), std::string::npos) << r["rule"];
  }
}

TEST_F(CliCheck, HandPlanVerdictsAndShortfalls) {
  write_plan(tmp_.path());
  write_text(dir("rules.yaml"), plan_rules);
  const RunResult r = run(plan_args(tmp_.path(), "rules.yaml", "out"));
  ASSERT_EQ(r.exit_code, 1) << r.command << "\n" << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  ASSERT_EQ(report["results"].size(), 12u);  // 3 rules x (overall + 3 districts); nothing outside

  // Fitness within 500 m of g0 (100,50): p0 only (50 m); p1 is 918 m away.
  const json* fit = find_result(report, "fit.500m", "overall", "");
  ASSERT_TRUE(fit);
  EXPECT_NEAR((*fit)["value"].get<double>(), 1000.0 / 4000.0, 1e-9);
  EXPECT_EQ((*fit)["pass"], false);
  EXPECT_EQ((*fit)["shortfall"]["amount"].get<double>(), 2600);  // 0.9 * 4000 - 1000
  EXPECT_NE((*fit)["shortfall"]["text"].get<std::string>().find("2,600 more residents"), std::string::npos);
  const json* fit_a = find_result(report, "fit.500m", "district", "甲街道");
  ASSERT_TRUE(fit_a);
  EXPECT_NEAR((*fit_a)["value"].get<double>(), 1000.0 / 1800.0, 1e-9);
  EXPECT_EQ((*fit_a)["shortfall"]["amount"].get<double>(), 620);  // 0.9 * 1800 - 1000: p2 counted in 甲 only
  EXPECT_EQ((*find_result(report, "fit.500m", "district", "乙街道"))["shortfall"]["amount"].get<double>(), 1980);
  const json* fit_c = find_result(report, "fit.500m", "district", "丙街道");
  ASSERT_TRUE(fit_c);
  EXPECT_TRUE((*fit_c)["pass"].is_null());  // nobody lives there: not applicable
  EXPECT_TRUE((*fit_c)["value"].is_null());

  // Beds per 1,000 aged 60+: 18 / 800 = 22.5 (the candidate's 100 beds are not built), needs 14.
  const json* beds = find_result(report, "care.beds", "overall", "");
  ASSERT_TRUE(beds);
  EXPECT_NEAR((*beds)["value"].get<double>(), 22.5, 1e-9);
  EXPECT_EQ((*beds)["shortfall"]["amount"].get<double>(), 14);
  EXPECT_EQ((*beds)["source"], "GB 50437-2007 3.2.1");
  EXPECT_EQ((*beds)["facilities"]["count"], 2);
  EXPECT_EQ((*beds)["facilities"]["by_status"]["existing"], 1);
  EXPECT_EQ((*beds)["facilities"]["by_status"]["planned"], 1);
  // 甲: 10 / 360 -> needs 14.4 - 10 -> 5; 乙: 8 / 440 -> needs 17.6 - 8 -> 10. They add up to 18 beds.
  const json* beds_a = find_result(report, "care.beds", "district", "甲街道");
  const json* beds_b = find_result(report, "care.beds", "district", "乙街道");
  EXPECT_EQ((*beds_a)["shortfall"]["amount"].get<double>(), 5);
  EXPECT_EQ((*beds_b)["shortfall"]["amount"].get<double>(), 10);
  EXPECT_EQ((*beds_a)["supply"].get<double>() + (*beds_b)["supply"].get<double>(), (*beds)["supply"].get<double>());
  EXPECT_EQ((*beds_b)["facilities"]["ids"], json::array({"f1"}));

  // Each site >= 120 m²: f1 (100 m², in 乙) fails.
  const json* area = find_result(report, "care.area", "overall", "");
  EXPECT_EQ((*area)["pass"], false);
  EXPECT_EQ((*area)["shortfall"]["amount"].get<double>(), 1);
  EXPECT_EQ((*find_result(report, "care.area", "district", "甲街道"))["pass"], true);

  EXPECT_EQ(report["summary"]["failed"], 8);
  EXPECT_EQ(report["summary"]["passed"], 1);
  EXPECT_EQ(report["summary"]["not_applicable"], 3);
  expect_reports_agree(dir("out"), r.exit_code);
  EXPECT_NE(r.out.find("care.beds"), std::string::npos) << r.out;
}

TEST_F(CliCheck, BasisShareGivesTheSameAsTheField) {
  write_plan(tmp_.path());
  write_text(dir("rules.yaml"), plan_rules);
  std::vector<std::string> args = plan_args(tmp_.path(), "rules.yaml", "out", false);
  args.insert(args.end(), {"--basis-share", "elderly=0.2"});  // pop60 is 20 % of pop at every point
  const RunResult r = run(args);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  EXPECT_NEAR((*find_result(report, "care.beds", "overall", ""))["value"].get<double>(), 22.5, 1e-9);
}

TEST_F(CliCheck, PassingPlanExitsZero) {
  write_plan(tmp_.path());
  write_text(dir("rules.yaml"),
             "name: easy\n"
             "rules:\n"
             "  - id: fit.5km\n"
             "    kind: access\n"
             "    category: fitness\n"
             "    within: 5km\n"
             "    min_share: 1\n"
             "    source: hand test\n");
  const RunResult r = run(plan_args(tmp_.path(), "rules.yaml", "out"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  EXPECT_EQ(report["summary"]["passed"], 3);          // overall, 甲, 乙
  EXPECT_EQ(report["summary"]["not_applicable"], 1);  // 丙
  expect_reports_agree(dir("out"), r.exit_code);
}

TEST_F(CliCheck, UserRuleWithAMissingFieldIsAnInputError) {
  write_plan(tmp_.path());
  write_text(dir("rules.yaml"),
             "name: missing\n"
             "rules:\n"
             "  - id: care.private\n"  // line 3
             "    kind: supply_ratio\n"
             "    category: elderly_care\n"
             "    supply_attribute: private_beds\n"
             "    threshold: 1\n"
             "    per: 1000\n"
             "    source: plan\n");
  const RunResult r = run(plan_args(tmp_.path(), "rules.yaml", "out"));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("care.private"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'private_beds'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plan.geojson"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir("out") / "report.json"));
}

TEST_F(CliCheck, UsageErrors) {
  write_plan(tmp_.path());
  write_text(dir("rules.yaml"), plan_rules);
  std::vector<std::string> both = plan_args(tmp_.path(), "rules.yaml", "out");
  both.insert(both.end(), {"--preset", "cn-health"});
  EXPECT_EQ(run(both).exit_code, 2);
  std::vector<std::string> mode = plan_args(tmp_.path(), "rules.yaml", "out");
  mode.insert(mode.end(), {"--mode", "fly"});
  EXPECT_EQ(run(mode).exit_code, 2);
  EXPECT_EQ(run({"check", "--preset", "cn-health"}).exit_code, 2);  // no sources
  EXPECT_EQ(run({"check", "--print-preset", "nonesuch"}).exit_code, 2);
}

TEST_F(CliCheck, PrintedPresetLoadsBackAsUserRules) {
  const RunResult p = run({"check", "--print-preset", "cn-health"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(p.out, read_text(fs::path(source_dir()) / "data/presets/cn-health.yaml"));
  write_text(dir("my.yaml"), p.out);
  // As the user's own rules, the fields the extract lacks (beds, area, elderly) are errors.
  const std::string pbf = chengdu_pbf();
  const RunResult r = run({"check", "--rules", (tmp_ / "my.yaml").string(), "--facilities", pbf, "--demand", pbf,
                           "--mode", "distance", "--out", (tmp_ / "out").string()});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("my.yaml, line"), std::string::npos) << r.err;
}

// The preset on the bundled extract, walking along its roads, with the bundled district grid.
TEST_F(CliCheck, PresetOnChengduWithDistricts) {
  const std::string pbf = chengdu_pbf();
  const std::string grid = source_dir() + "/data/chengdu_grid_districts.geojson";
  const RunResult r = run({"check", "--preset", "cn-health", "--facilities", pbf, "--demand", pbf, "--districts", grid,
                           "--out", (tmp_ / "out").string()});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  expect_timings(report, {"load", "graph", "evaluate"});
  expect_reports_agree(dir("out"), r.exit_code);
  // 15 rules, each overall, in the 9 cells and outside them (the extract reaches beyond its core box).
  EXPECT_EQ(report["results"].size(), 15u * 11u);
  std::map<std::string, const json*> run_of;
  for (const json& e : report["rules_evaluated"]) run_of[e["rule"]] = &e;
  ASSERT_EQ(run_of.size(), 15u);
  // The grid has no `type`: it is checked as a city; the county rules apply nowhere.
  for (const char* id : {"fitness.county_10min_circle", "elderly.medical_care_combined_per_county"}) {
    for (const json& x : report["results"]) {
      if (x["rule"] == id) {
        EXPECT_TRUE(x["pass"].is_null()) << id;
      }
    }
    EXPECT_EQ((*run_of[id])["districts_selected"], 0) << id;
  }
  EXPECT_EQ((*run_of["fitness.city_15min_circle"])["districts_selected"], 9);
  // OSM has no beds, floor areas or ages: those preset rules are not evaluated, the field named.
  for (const char* id : {"elderly.beds_per_1000_elderly", "elderly.nursing_bed_share", "elderly.space_per_resident",
                         "elderly.beds_2sfca_15min", "health.private_beds_per_1000", "fitness.ground_per_capita"}) {
    ASSERT_TRUE(run_of.count(id)) << id;
    EXPECT_FALSE((*run_of[id])["missing_field"].is_null()) << id;
    for (const json& x : report["results"]) {
      if (x["rule"] == id) {
        EXPECT_TRUE(x["pass"].is_null()) << id;
      }
    }
  }
  // Access rules: the cells and the outside add up to the whole, and walking is along roads.
  for (const char* id : {"fitness.city_15min_circle", "health.walk_15min", "gb50180.life_circle_15min"}) {
    double parts = 0, covered_parts = 0, overall = 0, overall_covered = 0;
    for (const json& x : report["results"]) {
      if (x["rule"] != id || x["value"].is_null()) continue;
      const double d = x["demand"].get<double>(), v = x["value"].get<double>();
      if (x["scope"] == "overall") overall = d, overall_covered = d * v;
      else parts += d, covered_parts += d * v;
    }
    EXPECT_GT(overall, 0) << id;
    EXPECT_NEAR(parts, overall, 1e-6 * overall) << id;
    EXPECT_NEAR(covered_parts, overall_covered, 1e-6 * overall) << id;
    EXPECT_EQ((*run_of[id])["mode"], "walk") << id;
  }
  // The walking shares agree with an independent `lifecircle coverage --mode walk` run (its own
  // per-category nearest search and totals).
  const RunResult c = run({"coverage", "--facilities", pbf, "--demand", pbf, "--mode", "walk", "--within", "15min",
                           "--out", (tmp_ / "coverage").string()});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const json summary = read_json(dir("coverage") / "summary.json");
  const json* fit = find_result(report, "fitness.city_15min_circle", "overall", "");
  const json* health = find_result(report, "health.walk_15min", "overall", "");
  EXPECT_NEAR((*fit)["value"].get<double>(), summary["categories"]["fitness"]["share"].get<double>(), 1e-9);
  EXPECT_NEAR((*health)["value"].get<double>(), summary["categories"]["health"]["share"].get<double>(), 1e-9);
  EXPECT_NEAR((*fit)["demand"].get<double>(), summary["population_total"].get<double>(), 1e-6);

  // With --strict, the missing fields are input errors and nothing is written.
  const RunResult s = run({"check", "--preset", "cn-health", "--strict", "--facilities", pbf, "--demand", pbf,
                           "--districts", grid, "--out", (tmp_ / "strict").string()});
  EXPECT_EQ(s.exit_code, 3) << s.out << s.err;
  EXPECT_NE(s.err.find("preset cn-health, rule '"), std::string::npos) << s.err;
  EXPECT_FALSE(fs::exists(dir("strict") / "report.json"));
}

// The preset on the hand plan with a district layer of types: 甲 a city district (市辖区), 乙 a county
// (县), 丙 a city district nobody lives in. In distance mode at the GB 50180 pace (1,000 m in 15
// minutes) the city circle is 1,000 m and the county one 666.7 m. From g0 (100,50): p0 50 m,
// p1 917.9 m, p2 1,006.2 m, p3 1,470.5 m, p4 1,990.6 m. City (甲): p0 and p1, 1,500 of 1,800, short
// by 300; 乙 and the whole plan's county verdict: nobody of 2,200 within 666.7 m. f1 (乙) is a
// medical-care-combined institution: 乙 passes; 甲 is not a county.
TEST_F(CliCheck, PresetAppliesTheCityAndCountyCirclesByDistrictType) {
  const fs::path d = tmp_.path();
  write_plan(d);
  write_geojson(d / "typed.geojson", 32650,
                {{box(0, 0, 1000, 1000), {{"名称", "甲街道"}, {"type", "市辖区"}}, {}},
                 {box(1000, 0, 2000, 1000), {{"名称", "乙街道"}, {"type", "县"}}, {}},
                 {box(0, 1000, 1000, 2000), {{"名称", "丙街道"}, {"type", "市辖区"}}, {}}});
  write_geojson(d / "care.geojson", 32650,
                {{point(200, 200), {{"id", "f0"}, {"类型", "养老院"}, {"状态", "现状"}}, {{"medical_care_combined", 0}}},
                 {point(1600, 600), {{"id", "f1"}, {"类型", "养老院"}, {"状态", "规划"}}, {{"medical_care_combined", 1}}},
                 {point(100, 50), {{"id", "g0"}, {"类型", "健身点"}, {"状态", "现状"}}, {{"medical_care_combined", 0}}}});
  const RunResult r = run({"check", "--preset", "cn-health", "--mode", "distance", "--facilities",
                           (d / "care.geojson").string(), "--category-field", "类型", "--category-map",
                           (d / "map.yaml").string(), "--status-field", "状态", "--demand",
                           (d / "demand.geojson").string(), "--population-field", "pop", "--districts",
                           (d / "typed.geojson").string(), "--district-name-field", "名称", "--out",
                           (d / "typed").string()});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  expect_reports_agree(d / "typed", 1);
  const json report = read_json(d / "typed" / "report.json");
  auto result = [&](const char* rule, const char* scope, const char* district) {
    const json* x = find_result(report, rule, scope, district);
    EXPECT_NE(x, nullptr) << rule << " " << scope << " " << district;
    return x ? *x : json();
  };
  const char* city = "fitness.city_15min_circle";
  const char* county = "fitness.county_10min_circle";
  EXPECT_DOUBLE_EQ(result(city, "district", "甲街道")["demand"].get<double>(), 1800);
  EXPECT_DOUBLE_EQ(result(city, "district", "甲街道")["value"].get<double>(), 1500.0 / 1800.0);
  EXPECT_DOUBLE_EQ(result(city, "district", "甲街道")["shortfall"]["amount"].get<double>(), 300);
  EXPECT_TRUE(result(city, "district", "乙街道")["pass"].is_null());
  EXPECT_EQ(result(city, "district", "乙街道")["shortfall"]["text"],
            "not applicable: the rule applies only where type is city, urban, district, 市辖区, 城区, 市区 or 区");
  EXPECT_DOUBLE_EQ(result(city, "overall", "")["demand"].get<double>(), 1800);
  EXPECT_DOUBLE_EQ(result(city, "overall", "")["value"].get<double>(), 1500.0 / 1800.0);
  EXPECT_TRUE(result(county, "district", "甲街道")["pass"].is_null());
  EXPECT_TRUE(result(county, "district", "丙街道")["pass"].is_null());
  EXPECT_DOUBLE_EQ(result(county, "district", "乙街道")["demand"].get<double>(), 2200);
  EXPECT_DOUBLE_EQ(result(county, "district", "乙街道")["value"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(result(county, "overall", "")["demand"].get<double>(), 2200);
  EXPECT_DOUBLE_EQ(result(county, "overall", "")["shortfall"]["amount"].get<double>(), 2200);
  for (const json& e : report["rules_evaluated"]) {
    if (e["rule"] == city) {
      EXPECT_DOUBLE_EQ(e["within_m"].get<double>(), 1000);
    }
    if (e["rule"] == county) {
      EXPECT_NEAR(e["within_m"].get<double>(), 2000.0 / 3.0, 1e-9);
    }
  }
  const char* combined = "elderly.medical_care_combined_per_county";
  EXPECT_EQ(result(combined, "district", "乙街道")["pass"], true);
  EXPECT_TRUE(result(combined, "district", "甲街道")["pass"].is_null());
  EXPECT_EQ(result(combined, "overall", "")["pass"], true);
  EXPECT_DOUBLE_EQ(result(combined, "overall", "")["value"].get<double>(), 1.0);
}

// A user rule selecting districts by a field the district layer lacks is an input error naming it.
TEST_F(CliCheck, AppliesToAFieldTheDistrictsLackIsAnInputError) {
  const fs::path d = tmp_.path();
  write_plan(d);
  write_text(d / "county.yaml",
             "name: county\n"
             "rules:\n"
             "  - id: fit.county\n"  // line 3
             "    kind: access\n"
             "    category: fitness\n"
             "    within: 500m\n"
             "    applies_to: {field: kind, values: [county]}\n");
  const RunResult r = run(plan_args(d, "county.yaml", "out"));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("county.yaml, line 3, rule 'fit.county': applies_to field 'kind' is not a field of"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("(fields: 名称)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d / "out" / "report.json"));
}

// Rules in two network modes: each is evaluated on its own roads, and each share equals an
// independent `lifecircle coverage` run in that mode.
TEST_F(CliCheck, WalkAndDriveRulesInOneFile) {
  const std::string pbf = chengdu_pbf();
  write_text(dir("rules.yaml"),
             "name: modes\n"
             "rules:\n"
             "  - id: health.walk\n"
             "    kind: access\n"
             "    category: health\n"
             "    mode: walk\n"
             "    within: 10min\n"
             "    min_share: 0.5\n"
             "    source: test\n"
             "  - id: health.drive\n"
             "    kind: access\n"
             "    category: health\n"
             "    mode: drive\n"
             "    within: 3min\n"
             "    min_share: 0.5\n"
             "    source: test\n");
  const RunResult r = run({"check", "--rules", (tmp_ / "rules.yaml").string(), "--facilities", pbf, "--demand", pbf,
                           "--out", (tmp_ / "out").string()});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  for (const auto& [id, mode, within] : {std::tuple<std::string, std::string, std::string>{"health.walk", "walk", "10min"},
                                         {"health.drive", "drive", "3min"}}) {
    const RunResult c = run({"coverage", "--facilities", pbf, "--demand", pbf, "--categories", "health", "--mode", mode,
                             "--within", within, "--out", (tmp_ / mode).string()});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    const json summary = read_json(dir(mode) / "summary.json");
    const json* v = find_result(report, id, "overall", "");
    ASSERT_TRUE(v) << id;
    EXPECT_NEAR((*v)["value"].get<double>(), summary["categories"]["health"]["share"].get<double>(), 1e-9) << id;
  }
  EXPECT_EQ(report["rules_evaluated"][0]["mode"], "walk");
  EXPECT_EQ(report["rules_evaluated"][1]["mode"], "drive");
  EXPECT_DOUBLE_EQ(report["rules_evaluated"][1]["within_s"].get<double>(), 180.0);
}

// A plan is the extract plus planned sites with beds: the planned beds are counted, and the report
// says which facilities and of which status.
TEST_F(CliCheck, ExtractPlusPlannedSites) {
  const std::string pbf = chengdu_pbf();
  // Two planned elderly-care sites in the centre of the core box (lon/lat), 60 and 45 beds.
  write_geojson(dir("planned.geojson"), 4326,
                {{"POINT (104.085 30.69)", {{"id", "plan-1"}, {"status", "planned"}}, {{"beds", 60}, {"area_m2", 900}}},
                 {"POINT (104.09 30.70)", {{"id", "plan-2"}, {"status", "planned"}}, {{"beds", 45}, {"area_m2", 100}}}});
  write_text(dir("rules.yaml"),
             "name: planned\n"
             "rules:\n"
             "  - id: care.beds\n"
             "    kind: supply_ratio\n"
             "    category: elderly_care\n"
             "    supply_attribute: beds\n"
             "    demand_basis: residents\n"
             "    per: 1000\n"
             "    threshold: 0.001\n"
             "    source: test\n"
             "  - id: care.area\n"
             "    kind: per_facility\n"
             "    category: elderly_care\n"
             "    supply_attribute: area_m2\n"
             "    threshold: 120\n"
             "    source: test\n");
  const RunResult r = run({"check", "--rules", (tmp_ / "rules.yaml").string(), "--facilities", pbf, "--facilities",
                           (tmp_ / "planned.geojson").string(), "--category", "elderly_care", "--status-field", "status",
                           "--demand", pbf, "--mode", "distance", "--out", (tmp_ / "out").string()});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // plan-2 has 100 m² < 120
  const json report = read_json(dir("out") / "report.json");
  const json* beds = find_result(report, "care.beds", "overall", "");
  ASSERT_TRUE(beds);
  EXPECT_EQ((*beds)["supply"].get<double>(), 105);  // the extract has no elderly care (data/README.md)
  EXPECT_EQ((*beds)["facilities"]["by_status"]["planned"], 2);
  EXPECT_EQ((*beds)["pass"], true);
  const json* area = find_result(report, "care.area", "overall", "");
  EXPECT_EQ((*area)["pass"], false);
  EXPECT_NE((*area)["shortfall"]["text"].get<std::string>().find("plan-2 (100)"), std::string::npos);
  expect_reports_agree(dir("out"), r.exit_code);
}

//  A plan on a line (EPSG:32650 metres, checked in that grid, in a straight line): districts 东
//  [0,1000] and 西 [1000,2000] (x; y in [-500, 500]). A health facility h0 at (0, 0); elderly care
//  e0 (200, 0) with 6 beds and e1 (1200, 0) with 4. Demand (pop, pop60): a (100, 0) 100/10,
//  b (300, 0) 100/30 in 东; c (1100, 0) 100/20, d (1300, 0) 300/40 in 西.
void write_line_plan(const fs::path& dir) {
  write_geojson(dir / "districts.geojson", 32650,
                {{box(0, -500, 1000, 500), {{"名称", "东"}}, {}}, {box(1000, -500, 2000, 500), {{"名称", "西"}}, {}}});
  write_geojson(dir / "demand.geojson", 32650,
                {{point(100, 0), {{"id", "a"}}, {{"pop", 100}, {"pop60", 10}}},
                 {point(300, 0), {{"id", "b"}}, {{"pop", 100}, {"pop60", 30}}},
                 {point(1100, 0), {{"id", "c"}}, {{"pop", 100}, {"pop60", 20}}},
                 {point(1300, 0), {{"id", "d"}}, {{"pop", 300}, {"pop60", 40}}}});
  write_geojson(dir / "plan.geojson", 32650,
                {{point(0, 0), {{"id", "h0"}, {"类型", "医院"}}, {{"beds", 0}}},
                 {point(200, 0), {{"id", "e0"}, {"类型", "养老院"}}, {{"beds", 6}}},
                 {point(1200, 0), {{"id", "e1"}, {"类型", "养老院"}}, {{"beds", 4}}}});
  write_text(dir / "map.yaml", "医院: health\n养老院: elderly_care\n");
}

const char* const measure_rules =
    "name: measures\n"
    "rules:\n"
    "  - id: care.e2sfca\n"        // line 3
    "    kind: accessibility\n"
    "    category: elderly_care\n"
    "    measure: e2sfca\n"
    "    within: 15min\n"          // 1,000 m at the GB 50180 pace
    "    zones: [5, 15]\n"         // 333 m and 1,000 m
    "    zone_weights: [1, 0.5]\n"
    "    supply_attribute: beds\n"
    "    demand_basis: elderly\n"
    "    per: 1000\n"
    "    threshold: 100\n"
    "    min_share: 0.8\n"
    "    source: hand test\n"
    "  - id: health.gini\n"        // line 16
    "    kind: equity\n"
    "    category: health\n"
    "    index: gini\n"
    "    of: nearest\n"
    "    threshold: 0.26\n"
    "    unit: Gini of the distance to the nearest health facility\n"
    "    source: hand test\n";

std::vector<std::string> line_args(const fs::path& d, const std::string& rules, const std::string& out) {
  return {"check", "--rules", (d / rules).string(), "--facilities", (d / "plan.geojson").string(), "--category-field",
          "类型", "--category-map", (d / "map.yaml").string(), "--demand", (d / "demand.geojson").string(),
          "--population-field", "pop", "--demand-field", "elderly=pop60", "--districts",
          (d / "districts.geojson").string(), "--crs", "EPSG:32650", "--out", (d / out).string()};
}

//  care.e2sfca, zones 0-333 m weight 1, 333-1,000 m weight 0.5:
//    e0 (200, 0): a 100 m (1), b 100 m (1), c 900 m (0.5), d 1,100 m (out).
//    e1 (1200, 0): b 900 m (0.5), c 100 m (1), d 100 m (1).
//    Step 1: D(e0) = 10 + 30 + 0.5 * 20 = 50, R = 6 / 50 = 0.12; D(e1) = 0.5 * 30 + 20 + 40 = 75,
//            R = 4 / 75 = 0.05333.
//    Step 2, per 1,000: a 120, b 120 + 26.67 = 146.67, c 60 + 53.33 = 113.33, d 53.33.
//    At >= 100: a, b, c = 60 of 100 aged 60+: 60 % < 80 %, short by 80 - 60 = 20. 东: 40 of 40
//    passes; 西: 20 of 60 = 33.3 %, short by 0.8 * 60 - 20 = 28.
//  health.gini, straight-line distances to h0: 东 a 100, b 300 (100 people each): Gini 0.25; 西 c
//    1,100 (100), d 1,300 (300): mean 1,250, Gini 1 - (0.25 * 0.22 + 0.75 * 1.22) = 0.03; overall
//    mean 540,000 / 600 = 900, Gini = sum_ij w_i w_j |xi - xj| / (2 W^2 mean) = 2 * 1e4 * (200 +
//    1000 + 3 * 1200 + 800 + 3 * 1000 + 3 * 200) / (2 * 36e4 * 900) = 0.283951 > 0.26: fails.
TEST_F(CliCheck, AccessibilityAndEquityRulesOnALine) {
  write_line_plan(tmp_.path());
  write_text(dir("rules.yaml"), measure_rules);
  const RunResult r = run(line_args(tmp_.path(), "rules.yaml", "out"));
  ASSERT_EQ(r.exit_code, 1) << r.command << "\n" << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  ASSERT_EQ(report["results"].size(), 6u);  // 2 rules x (overall + 2 districts)

  const json* acc = find_result(report, "care.e2sfca", "overall", "");
  ASSERT_TRUE(acc);
  EXPECT_NEAR((*acc)["value"].get<double>(), 0.6, 1e-12);
  EXPECT_EQ((*acc)["pass"], false);
  EXPECT_EQ((*acc)["shortfall"]["amount"].get<double>(), 20);
  EXPECT_EQ((*acc)["threshold"].get<double>(), 0.8);
  EXPECT_EQ((*acc)["facilities"]["count"], 2);
  EXPECT_EQ((*acc)["shortfall"]["text"],
            "20 more people aged 60+ need >= 100 beds per 1,000 people aged 60+ within 1,000 m in a straight line (15 "
            "minutes' walk) by E2SFCA (zones decay) (60.0 % of people aged 60+ see >= 100 beds per 1,000 people aged "
            "60+ within 1,000 m in a straight line (15 minutes' walk) by E2SFCA (zones decay); 80.0 % required)");
  const json* acc_e = find_result(report, "care.e2sfca", "district", "东");
  const json* acc_w = find_result(report, "care.e2sfca", "district", "西");
  ASSERT_TRUE(acc_e && acc_w);
  EXPECT_EQ((*acc_e)["pass"], true);
  EXPECT_NEAR((*acc_e)["value"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR((*acc_w)["value"].get<double>(), 20.0 / 60.0, 1e-12);
  EXPECT_EQ((*acc_w)["shortfall"]["amount"].get<double>(), 28);

  const json* gini = find_result(report, "health.gini", "overall", "");
  ASSERT_TRUE(gini);
  EXPECT_NEAR((*gini)["value"].get<double>(), 18400.0 / 64800.0, 1e-9);
  EXPECT_EQ((*gini)["pass"], false);
  EXPECT_EQ((*gini)["index"], "gini");
  EXPECT_NEAR((*gini)["mean"].get<double>(), 900, 1e-6);
  EXPECT_EQ((*gini)["unreached"].get<double>(), 0);
  const std::string gini_text = "Gini of straight-line distance to the nearest health facility 0.28, not <= 0.26 (mean 900 m)";
  EXPECT_EQ((*gini)["shortfall"]["text"], gini_text);
  EXPECT_NEAR((*find_result(report, "health.gini", "district", "东"))["value"].get<double>(), 0.25, 1e-9);
  EXPECT_NEAR((*find_result(report, "health.gini", "district", "西"))["value"].get<double>(), 0.03, 1e-9);
  EXPECT_EQ((*find_result(report, "health.gini", "district", "西"))["pass"], true);

  // The rules as evaluated: their measure, decay and index.
  const json& rules = report["rules_evaluated"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["kind"], "accessibility");
  EXPECT_EQ(rules[0]["measure"], "e2sfca");
  EXPECT_EQ(rules[0]["decay"], "zones");
  EXPECT_EQ(rules[0]["zones"]["upper"], json::array({5, 15}));
  EXPECT_EQ(rules[0]["zones"]["weights"], json::array({1, 0.5}));
  EXPECT_EQ(rules[0]["min_share"], 0.8);
  EXPECT_EQ(rules[0]["mode"], "distance");
  EXPECT_DOUBLE_EQ(rules[0]["within_m"].get<double>(), 1000);
  EXPECT_EQ(rules[1]["kind"], "equity");
  EXPECT_EQ(rules[1]["index"], "gini");
  EXPECT_EQ(rules[1]["of"], "nearest");
  EXPECT_TRUE(rules[1]["decay"].is_null());
  EXPECT_EQ(rules[1]["comparison"], "<=");
  EXPECT_EQ(rules[1]["threshold"], 0.26);

  const std::string md = read_text(dir("out") / "report.md");
  EXPECT_NE(md.find("| health.gini | 0.28 | 0.26 | FAIL | 0 of 2 | " + gini_text + " |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| care.e2sfca | 60.0 % | 80.0 % | FAIL | 1 of 2 | "), std::string::npos) << md;
  EXPECT_NE(md.find("(accessibility, category elderly_care, distance within 15min, measure e2sfca, decay zones)"),
            std::string::npos) << md;
  EXPECT_NE(md.find("(equity, category health, distance, index gini, of nearest)"), std::string::npos) << md;
  expect_reports_agree(dir("out"), r.exit_code);

  // In Chinese: the same numbers in the standard's terms.
  std::vector<std::string> zh = line_args(tmp_.path(), "rules.yaml", "out_zh");
  zh.insert(zh.end(), {"--lang", "zh"});
  const RunResult z = run(zh);
  ASSERT_EQ(z.exit_code, 1) << z.out << z.err;
  const json zh_report = read_json(dir("out_zh") / "report.json");
  EXPECT_EQ((*find_result(zh_report, "health.gini", "overall", ""))["shortfall"]["text"],
            "至最近医疗卫生设施直线距离的基尼系数 0.28，高于 0.26（要求不高于 0.26；平均 900 米）");
  EXPECT_EQ((*find_result(zh_report, "health.gini", "district", "东"))["shortfall"]["text"],
            "至最近医疗卫生设施直线距离的基尼系数 0.25，不高于 0.26（平均 200 米）");
  EXPECT_EQ((*find_result(zh_report, "care.e2sfca", "district", "西"))["shortfall"]["text"],
            "尚有 28 名60岁及以上老年人需达到直线1,000米（步行15分钟）范围内每千人床位（增强两步移动搜寻法，分段衰减）不少于 100"
            "（33.3%的60岁及以上老年人达到，要求 80.0%）");
  const std::string zh_md = read_text(dir("out_zh") / "report.md");
  EXPECT_NE(zh_md.find("（equity，类别 医疗卫生，直线距离，指数 gini，对象 nearest）"), std::string::npos) << zh_md;
}

// A rule file with a measure the engine does not know: an input error (exit 3) naming the file, the
// line and the rule, and no report.
TEST_F(CliCheck, UnknownMeasureIsAnInputError) {
  write_line_plan(tmp_.path());
  std::string rules = measure_rules;
  rules.replace(rules.find("measure: e2sfca"), 15, "measure: e3sfca");
  write_text(dir("rules.yaml"), rules);
  const RunResult r = run(line_args(tmp_.path(), "rules.yaml", "out"));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("rules.yaml, line 6, rule 'care.e2sfca': unknown measure 'e3sfca'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir("out") / "report.json"));
  // A ranking field the demand does not have: an input error too.
  write_text(dir("conc.yaml"),
             "rules:\n"
             "  - id: conc\n"  // line 2
             "    kind: equity\n"
             "    category: health\n"
             "    index: concentration\n"
             "    of: nearest\n"
             "    rank_by: income\n"
             "    threshold: 0.1\n");
  const RunResult c = run(line_args(tmp_.path(), "conc.yaml", "out"));
  EXPECT_EQ(c.exit_code, 3) << c.out << c.err;
  EXPECT_NE(c.err.find("line 2, rule 'conc': demand basis 'income' is not in"), std::string::npos) << c.err;
}

}  // namespace
}  // namespace lc::clitest
