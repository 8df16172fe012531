#include "io/write_check.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <cpl_minixml.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/format.hpp"
#include "core/threshold.hpp"
#include "core/within.hpp"
#include "io/check_wording.hpp"
#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::contains;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const std::string chinese_name = "锦江区 | 东";    // a `|` to escape in tables
const std::string ampersand_name = "East & West";  // an `&` to escape in XML

// Three rules: an access rule that fails overall, a preset supply ratio whose field is missing (every
// verdict null), a presence rule that passes.
RuleSet sample_rules() {
  RuleSet rules;
  rules.name = "test-rules";
  Rule access;
  access.id = "access.health_1km";
  access.kind = RuleKind::access;
  access.category = "health";
  access.mode = TravelMode::walk;
  access.within = parse_within("1000m");
  access.has_within = true;
  access.min_share = 0.9;
  access.unit = "share of residents within 1000 m walk";
  access.source = "GB 50180-2018 table 3.0.4";
  access.confidence = "S";
  rules.rules.push_back(access);

  Rule beds;
  beds.id = "elderly.beds_per_1000";
  beds.kind = RuleKind::supply_ratio;
  beds.category = "elderly_care";
  beds.supply_attribute = "beds";
  beds.demand_basis = "elderly";
  beds.per = 1000;
  beds.threshold = 40;
  beds.unit = "beds per 1,000 people aged 60+";
  beds.source = "GB 50437-2007 3.2.1";
  beds.confidence = "V";
  beds.preset = true;
  rules.rules.push_back(beds);

  Rule presence;
  presence.id = "health.presence";
  presence.kind = RuleKind::presence;
  presence.category = "health";
  presence.mode = TravelMode::walk;
  presence.within = parse_within("15min");
  presence.has_within = true;
  presence.min_population = 1000;
  presence.unit = "communities with a health facility within a 15-minute walk";
  presence.source = "municipal plans";
  presence.confidence = "?";
  rules.rules.push_back(presence);
  return rules;
}

Districts sample_districts() {
  Districts d;
  d.source = "districts.geojson (districts)";
  d.push_back(ampersand_name, "fid:1", {});
  d.push_back(chinese_name, "fid:2", {});
  return d;
}

Categories sample_categories() {
  Categories c;
  c.add("health");
  c.add("elderly_care");
  return c;
}

Facilities sample_facilities() {
  Facilities f;
  f.push_back(0, 0, 0, "node/1", "Clinic A", FacilityStatus::existing);
  f.push_back(500, 0, 0, "way/2", "Clinic B", FacilityStatus::planned);
  f.push_back(900, 0, 1, "node/3", "Care home", FacilityStatus::existing);
  return f;
}

// A check's result and the words the reports print for it.
struct Sample {
  CheckResult result;
  CheckWords words;
};

// Adds a verdict to the sample with its text (what check_words would give for it).
void verdict(Sample& s, std::size_t rule, Id district, double value, double threshold, std::optional<bool> pass,
             double shortfall, std::string unit, std::string text, double demand, std::vector<Id> facilities) {
  Verdict v;
  v.rule = rule;
  v.district = district;
  v.value = value;
  v.threshold = threshold;
  v.pass = pass;
  v.shortfall = shortfall;
  v.shortfall_unit = std::move(unit);
  v.demand = demand;
  v.facilities = std::move(facilities);
  s.result.verdicts.push_back(std::move(v));
  s.words.verdicts.push_back(std::move(text));
}

// Verdicts (4 per rule: overall, district 0, district 1, outside):
//   access:   FAIL, PASS, FAIL (800 people), FAIL (1,234 people, no text)  -> 1 pass, 3 fail
//   beds:     n/a x 4 (no beds field)                                      -> 4 n/a
//   presence: PASS, PASS, PASS, n/a                                        -> 3 pass, 1 n/a
// Totals: 12 verdicts, 4 passed, 3 failed, 5 not applicable.
Sample sample_result() {
  Sample s;
  CheckResult& r = s.result;
  RuleRun access_run;
  access_run.mode = TravelMode::walk;
  access_run.within_m = 1000;
  r.runs.push_back(access_run);
  RuleRun beds_run;
  beds_run.missing_field = "beds";
  beds_run.missing_in = "facilities";
  r.runs.push_back(beds_run);
  RuleRun presence_run;
  presence_run.mode = TravelMode::walk;
  presence_run.within_m = 1000;
  presence_run.within_s = 900;
  r.runs.push_back(presence_run);
  s.words.run_notes = {{}, {"no facility of elderly_care has a beds value"}, {}};

  const std::string missing = "not evaluated: the facilities have no beds field";
  // 8,730 of 10,000 residents within 1000 m: 87.3 % against 90 %, 270 short.
  verdict(s, 0, overall_district, 0.873, 0.9, false, 270, "people", "270 people beyond 1000 m", 10000, {0, 1});
  verdict(s, 0, 0, 0.95, 0.9, true, 0, "people", "", 5000, {0});
  verdict(s, 0, 1, 0.7, 0.9, false, 800, "people", "800 people beyond 1000 m", 4000, {1});
  verdict(s, 0, outside_districts, 0.0, 0.9, false, 1234, "people", "", 1234, {});
  verdict(s, 1, overall_district, nan, 40, std::nullopt, 0, "beds", missing, 2000, {2});
  verdict(s, 1, 0, nan, 40, std::nullopt, 0, "beds", missing, 1200, {2});
  verdict(s, 1, 1, nan, 40, std::nullopt, 0, "beds", missing, 800, {});
  verdict(s, 1, outside_districts, nan, 40, std::nullopt, 0, "beds", missing, 0, {});
  verdict(s, 2, overall_district, 1.0, 1.0, true, 0, "communities", "", 10000, {0, 1});
  verdict(s, 2, 0, 1.0, 1.0, true, 0, "communities", "", 5000, {0});
  verdict(s, 2, 1, 1.0, 1.0, true, 0, "communities", "", 4000, {1});
  verdict(s, 2, outside_districts, nan, 1.0, std::nullopt, 0, "communities", "not a district", 1234, {});
  r.demand_outside = 1234;
  r.facilities_outside = 0;
  s.words.notes = {"demand assigned to districts by point in polygon"};
  return s;
}

CheckRunInfo sample_info() {
  CheckRunInfo info;
  info.command_line = "lifecircle check --rules rules.yaml --districts districts.geojson";
  info.rules_source = "rules.yaml";
  info.crs = "EPSG:32648";
  info.population_basis = "residents from the population field of demand.geojson";
  info.facility_sources = {"facilities.geojson (layer facilities), category field 'type'"};
  info.demand_source = "demand.geojson (population)";
  info.input_notes = {"2 facilities without a category were skipped"};
  info.skipped_features = 2;
  return info;
}

std::set<std::string> entries_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

struct Written {
  test::TempDir dir;
  fs::path out;
  json report;
  std::string junit;
  std::string md;
};

void write_sample(Written& w) {
  w.out = w.dir.path() / "check";
  const Sample s = sample_result();
  write_check_reports(w.out.string(), sample_rules(), s.result, s.words, sample_districts(), sample_facilities(),
                      sample_categories(), sample_info());
  const std::string text = test::read_bytes((w.out / "report.json").string());
  EXPECT_FALSE(contains(text, "NaN"));
  EXPECT_FALSE(contains(text, "nan,"));
  w.report = json::parse(text);
  w.junit = test::read_bytes((w.out / "junit.xml").string());
  w.md = test::read_bytes((w.out / "report.md").string());
}

TEST(WriteCheck, WritesTheThreeReportsAndTheDistricts) {
  Written w;
  write_sample(w);
  EXPECT_EQ(entries_in(w.out),
            (std::set<std::string>{".lifecircle-outputs", "report.json", "junit.xml", "report.md", "districts.geojson"}));
  EXPECT_EQ(test::read_bytes((w.out / ".lifecircle-outputs").string()), "districts.geojson\njunit.xml\nreport.json\nreport.md\n");
  // Per district, the verdicts with a pass or fail (see sample_result): district 0 has access
  // PASS and presence PASS (beds n/a): 2 evaluated, none failing; district 1 access FAIL and
  // presence PASS: 2 evaluated, 1 failing.
  const json d = json::parse(test::read_bytes((w.out / "districts.geojson").string()));
  ASSERT_EQ(d["features"].size(), 2u);
  const json& p0 = d["features"][0]["properties"];
  const json& p1 = d["features"][1]["properties"];
  EXPECT_EQ(p0["id"], "fid:1");
  EXPECT_EQ(p0["evaluated"], 2);
  EXPECT_EQ(p0["failing"], 0);
  EXPECT_EQ(p1["evaluated"], 2);
  EXPECT_EQ(p1["failing"], 1);
  EXPECT_EQ(p1["failing_rules"], "access.health_1km");
}

TEST(WriteCheck, ReportJsonSummaryAndInputs) {
  Written w;
  write_sample(w);
  const json& j = w.report;
  EXPECT_TRUE(j["lifecircle"].is_string());
  EXPECT_EQ(j["rules"]["name"], "test-rules");
  EXPECT_EQ(j["rules"]["source"], "rules.yaml");
  EXPECT_EQ(j["crs"], "EPSG:32648");
  EXPECT_EQ(j["inputs"]["districts"], "districts.geojson (districts)");
  EXPECT_TRUE(j["inputs"]["mode_override"].is_null());
  EXPECT_EQ(j["inputs"]["strict"], false);
  EXPECT_EQ(j["inputs"]["skipped_features"], 2);
  EXPECT_EQ(j["inputs"]["facilities"].size(), 1u);
  // See sample_result: 12 verdicts, 4 passed, 3 failed, 5 not applicable.
  const json& s = j["summary"];
  EXPECT_EQ(s["verdicts"], 12);
  EXPECT_EQ(s["passed"], 4);
  EXPECT_EQ(s["failed"], 3);
  EXPECT_EQ(s["not_applicable"], 5);
  EXPECT_EQ(s["exit_code"], 1);
  EXPECT_EQ(s["demand_outside_districts"], 1234.0);
  EXPECT_EQ(s["facilities_outside_districts"], 0);
}

TEST(WriteCheck, ReportJsonRulesEvaluated) {
  Written w;
  write_sample(w);
  const json& rules = w.report["rules_evaluated"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0]["rule"], "access.health_1km");
  EXPECT_EQ(rules[0]["kind"], "access");
  EXPECT_EQ(rules[0]["mode"], "walk");
  EXPECT_EQ(rules[0]["within"], "1000m");
  EXPECT_EQ(rules[0]["within_m"], 1000.0);
  EXPECT_TRUE(rules[0]["within_s"].is_null());  // NaN in the run
  EXPECT_EQ(rules[0]["min_share"], 0.9);
  EXPECT_EQ(rules[0]["preset"], false);
  EXPECT_TRUE(rules[0]["missing_field"].is_null());

  EXPECT_EQ(rules[1]["kind"], "supply_ratio");
  EXPECT_TRUE(rules[1]["within"].is_null());
  EXPECT_TRUE(rules[1]["within_m"].is_null());
  EXPECT_FALSE(rules[1].contains("min_share"));  // access and 2SFCA only
  EXPECT_EQ(rules[1]["threshold"], 40.0);
  EXPECT_EQ(rules[1]["preset"], true);
  EXPECT_EQ(rules[1]["missing_field"], "beds");
  EXPECT_EQ(rules[1]["missing_in"], "facilities");
  EXPECT_EQ(rules[1]["notes"].size(), 1u);
  EXPECT_EQ(rules[1]["confidence"], "V");

  EXPECT_EQ(rules[2]["within_s"], 900.0);
}

TEST(WriteCheck, ReportJsonResults) {
  Written w;
  write_sample(w);
  const json& r = w.report["results"];
  ASSERT_EQ(r.size(), 12u);  // same order as the verdicts

  const json& overall = r[0];
  EXPECT_EQ(overall["rule"], "access.health_1km");
  EXPECT_EQ(overall["scope"], "overall");
  EXPECT_TRUE(overall["district"].is_null());
  EXPECT_TRUE(overall["district_id"].is_null());
  EXPECT_DOUBLE_EQ(overall["value"].get<double>(), 0.873);
  EXPECT_DOUBLE_EQ(overall["threshold"].get<double>(), 0.9);
  EXPECT_EQ(overall["unit"], "share of residents within 1000 m walk");
  EXPECT_EQ(overall["pass"], false);
  EXPECT_EQ(overall["shortfall"]["text"], "270 people beyond 1000 m");
  EXPECT_EQ(overall["shortfall"]["amount"], 270.0);
  EXPECT_EQ(overall["shortfall"]["unit"], "people");
  EXPECT_EQ(overall["demand"], 10000.0);
  EXPECT_TRUE(overall["supply"].is_null());
  EXPECT_EQ(overall["source"], "GB 50180-2018 table 3.0.4");
  // node/1 is existing, way/2 planned; statuses with no facility are left out.
  EXPECT_EQ(overall["facilities"]["count"], 2);
  EXPECT_EQ(overall["facilities"]["by_status"], (json{{"existing", 1}, {"planned", 1}}));
  EXPECT_EQ(overall["facilities"]["ids"], (json{"node/1", "way/2"}));

  EXPECT_EQ(r[1]["scope"], "district");
  EXPECT_EQ(r[1]["district"], ampersand_name);
  EXPECT_EQ(r[1]["pass"], true);
  EXPECT_EQ(r[2]["district"], chinese_name);  // UTF-8 kept as it is
  EXPECT_EQ(r[2]["district_id"], "fid:2");
  EXPECT_EQ(r[2]["pass"], false);
  EXPECT_EQ(r[2]["shortfall"]["amount"], 800.0);
  EXPECT_EQ(r[3]["scope"], "outside");
  EXPECT_TRUE(r[3]["district"].is_null());
  EXPECT_EQ(r[3]["facilities"]["count"], 0);
  EXPECT_TRUE(r[3]["facilities"]["by_status"].empty());

  const json& missing = r[4];  // the beds rule: field missing, not evaluated
  EXPECT_EQ(missing["rule"], "elderly.beds_per_1000");
  EXPECT_TRUE(missing["value"].is_null());
  EXPECT_TRUE(missing["pass"].is_null());
  EXPECT_EQ(missing["threshold"], 40.0);
  EXPECT_EQ(missing["shortfall"]["text"], "not evaluated: the facilities have no beds field");
  EXPECT_EQ(missing["facilities"]["ids"], (json{"node/3"}));
}

// The attribute `name` of an XML element, as an integer.
long attr(const CPLXMLNode* node, const char* name) {
  const char* v = CPLGetXMLValue(node, name, nullptr);
  EXPECT_NE(v, nullptr) << name;
  return v ? std::stol(v) : -1;
}

TEST(WriteCheck, JunitTotalsMatchTheReport) {
  Written w;
  write_sample(w);
  CPLXMLNode* root = CPLParseXMLString(w.junit.c_str());
  ASSERT_NE(root, nullptr) << w.junit;
  const CPLXMLNode* suites = CPLGetXMLNode(root, "=testsuites");
  ASSERT_NE(suites, nullptr);
  EXPECT_STREQ(CPLGetXMLValue(suites, "name", ""), "lifecircle check: test-rules");
  const json& s = w.report["summary"];
  EXPECT_EQ(attr(suites, "tests"), s["verdicts"].get<long>());
  EXPECT_EQ(attr(suites, "failures"), s["failed"].get<long>());
  EXPECT_EQ(attr(suites, "skipped"), s["not_applicable"].get<long>());

  std::vector<std::string> suite_names;
  std::map<std::string, std::vector<std::string>> cases;  // suite -> testcase names
  long tests = 0, failures = 0, skipped = 0;
  for (const CPLXMLNode* suite = suites->psChild; suite; suite = suite->psNext) {
    if (suite->eType != CXT_Element || std::string(suite->pszValue) != "testsuite") continue;
    const std::string name = CPLGetXMLValue(suite, "name", "");
    suite_names.push_back(name);
    long suite_tests = 0, suite_failures = 0, suite_skipped = 0;
    for (const CPLXMLNode* c = suite->psChild; c; c = c->psNext) {
      if (c->eType != CXT_Element || std::string(c->pszValue) != "testcase") continue;
      ++suite_tests;
      EXPECT_EQ(std::string(CPLGetXMLValue(c, "classname", "")), "test-rules." + name);
      cases[name].push_back(CPLGetXMLValue(c, "name", ""));
      if (const CPLXMLNode* f = CPLGetXMLNode(c, "failure")) {
        ++suite_failures;
        EXPECT_TRUE(contains(CPLGetXMLValue(f, "", ""), "threshold 90.0 %")) << CPLGetXMLValue(f, "", "");
      }
      if (CPLGetXMLNode(c, "skipped")) ++suite_skipped;
    }
    EXPECT_EQ(attr(suite, "tests"), suite_tests) << name;
    EXPECT_EQ(attr(suite, "failures"), suite_failures) << name;
    EXPECT_EQ(attr(suite, "skipped"), suite_skipped) << name;
    tests += suite_tests;
    failures += suite_failures;
    skipped += suite_skipped;
  }
  CPLDestroyXMLNode(root);
  EXPECT_EQ(tests, 12);
  EXPECT_EQ(failures, 3);
  EXPECT_EQ(skipped, 5);
  EXPECT_EQ(suite_names, (std::vector<std::string>{"access.health_1km", "elderly.beds_per_1000", "health.presence"}));
  const std::vector<std::string> expected = {"overall", ampersand_name, chinese_name, "(outside every district)"};
  EXPECT_EQ(cases["access.health_1km"], expected);  // unescaped by the parser, UTF-8 intact
  EXPECT_EQ(cases["health.presence"], expected);
  // Escaped in the file, the Chinese characters written as they are.
  EXPECT_TRUE(contains(w.junit, "East &amp; West"));
  EXPECT_TRUE(contains(w.junit, "锦江区 | 东"));
  EXPECT_TRUE(contains(w.junit, "<failure message=\"800 people beyond 1000 m\">"));
  EXPECT_TRUE(contains(w.junit, "<failure message=\"1,234 people\">"));  // no text: the amount
  EXPECT_TRUE(contains(w.junit, "<skipped message=\"not evaluated: the facilities have no beds field\"/>"));
}

TEST(WriteCheck, JunitEscapesEveryXmlSpecial) {
  test::TempDir dir;
  RuleSet rules = sample_rules();
  rules.name = "a<b>&\"c'";
  const Sample s = sample_result();
  write_check_reports(dir.file("out"), rules, s.result, s.words, sample_districts(), sample_facilities(),
                      sample_categories(), sample_info());
  const std::string xml = test::read_bytes(dir.file("out/junit.xml"));
  EXPECT_TRUE(contains(xml, "name=\"lifecircle check: a&lt;b&gt;&amp;&quot;c&apos;\""));
  CPLXMLNode* root = CPLParseXMLString(xml.c_str());
  ASSERT_NE(root, nullptr);
  EXPECT_STREQ(CPLGetXMLValue(CPLGetXMLNode(root, "=testsuites"), "name", ""), "lifecircle check: a<b>&\"c'");
  CPLDestroyXMLNode(root);
}

TEST(WriteCheck, MarkdownReport) {
  Written w;
  write_sample(w);
  const std::string& md = w.md;
  EXPECT_TRUE(contains(md, "# Compliance check: test-rules")) << md;
  EXPECT_TRUE(contains(md, "EPSG:32648"));
  EXPECT_TRUE(contains(md, "districts.geojson (districts) (2 districts)"));
  EXPECT_TRUE(contains(md, "residents from the population field"));
  EXPECT_TRUE(contains(md, "Mode override: none"));
  EXPECT_TRUE(contains(md, "12 verdicts: 4 passed, 3 failed, 5 not applicable."));
  // Overall rows: 87.3 % against 90 %, 1 of the 2 districts failing; n/a with no beds field; presence
  // shares 100 %.
  EXPECT_TRUE(contains(md, "| access.health_1km | 87.3 % | 90.0 % | FAIL | 1 of 2 | 270 people beyond 1000 m |")) << md;
  EXPECT_TRUE(contains(md,
                       "| elderly.beds_per_1000 | - | 40.00 | n/a | - | not evaluated: the facilities have no "
                       "beds field |"));
  EXPECT_TRUE(contains(md, "| health.presence | 100.0 % | 100.0 % | PASS | 0 of 2 | - |"));
  // The failing rows of the access rule, largest shortfall first; the outside row has no text, so its
  // amount is shown with a thousands separator.
  const auto outside_row = md.find("| (outside every district) | 0.0 % | FAIL | 1,234 people |");
  const auto chinese_row = md.find("| 锦江区 \\| 东 | 70.0 % | FAIL | 800 people beyond 1000 m |");
  ASSERT_NE(outside_row, std::string::npos) << md;
  ASSERT_NE(chinese_row, std::string::npos) << md;
  EXPECT_LT(outside_row, chinese_row);
  EXPECT_TRUE(contains(md, "1 of 2 districts pass."));
  EXPECT_TRUE(contains(md, "2 of 2 districts pass."));
  EXPECT_TRUE(contains(md, "0 of 2 districts pass."));
  EXPECT_TRUE(contains(md, "no `beds` in the facilities"));
  EXPECT_TRUE(contains(md, "GB 50437-2007 3.2.1 (confidence V)"));
  // The passing district is not listed under the access rule (it is under the beds rule, as n/a).
  const std::string access_section =
      md.substr(md.find("## access.health_1km"), md.find("## elderly.beds_per_1000") - md.find("## access.health_1km"));
  EXPECT_FALSE(contains(access_section, "East & West")) << access_section;
  EXPECT_TRUE(contains(md, "| East & West | - | n/a | not evaluated: the facilities have no beds field |"));
}

TEST(WriteCheck, UnwritableFolderThrowsAndWritesNothing) {
  test::TempDir dir;
  test::write_text(dir.file("blocker"), "a file, not a folder");
  const std::string out = dir.file("blocker") + "/check";
  const Sample s = sample_result();
  EXPECT_THROW(write_check_reports(out, sample_rules(), s.result, s.words, sample_districts(), sample_facilities(),
                                   sample_categories(), sample_info()),
               InputError);
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "blocker"));
  EXPECT_EQ(entries_in(dir.path()), (std::set<std::string>{"blocker"}));
}

TEST(WriteCheck, ExistingReportIsLeftWhenAFinalNameIsAFolder) {
  test::TempDir dir;
  const fs::path out = dir.path() / "check";
  fs::create_directories(out / "report.md");  // cannot take the file
  const Sample s = sample_result();
  EXPECT_THROW(write_check_reports(out.string(), sample_rules(), s.result, s.words, sample_districts(),
                                   sample_facilities(), sample_categories(), sample_info()),
               InputError);
  EXPECT_EQ(entries_in(out), (std::set<std::string>{"report.md"}));  // no report.json, no temp files
}

TEST(CheckExitCode, FailsOnAnyFailingVerdict) {
  CheckResult r = sample_result().result;
  EXPECT_EQ(check_exit_code(r), 1);

  // Only passes and nulls: 0.
  for (Verdict& v : r.verdicts) {
    if (v.pass == false) v.pass = true;
  }
  EXPECT_EQ(check_exit_code(r), 0);

  // The overall verdict passes but one district fails: 1.
  r.verdicts[2].pass = false;
  EXPECT_EQ(check_exit_code(r), 1);

  EXPECT_EQ(check_exit_code(CheckResult{}), 0);
}

TEST(CheckTable, OneLinePerRuleThenTotals) {
  const RuleSet rules = sample_rules();
  const Sample s = sample_result();
  const std::string table = check_table(rules, s.result, s.words, sample_districts());
  std::vector<std::string> lines;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 1 + rules.rules.size() + 1) << table;  // header, rules, totals
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    EXPECT_EQ(lines[1 + i].rfind(rules.rules[i].id, 0), 0u) << lines[1 + i];
  }
  for (const std::string& line : lines) EXPECT_LE(line.size(), 120u) << line;
  EXPECT_TRUE(contains(lines[1], "87.3 %"));
  EXPECT_TRUE(contains(lines[1], "90.0 %"));
  EXPECT_TRUE(contains(lines[1], "FAIL"));
  EXPECT_TRUE(contains(lines[1], "1/2"));
  EXPECT_TRUE(contains(lines[1], "270 people beyond 1000 m"));
  EXPECT_TRUE(contains(lines[2], "n/a"));
  EXPECT_TRUE(contains(lines[3], "PASS"));
  EXPECT_TRUE(contains(lines[4], "12 verdicts: 4 passed, 3 failed, 5 n/a"));
  EXPECT_TRUE(contains(lines[4], "1,234 people"));
}

TEST(CheckTable, LongShortfallTextIsCut) {
  const RuleSet rules = sample_rules();
  Sample s = sample_result();
  s.words.verdicts[0] = std::string(300, 'x');
  const std::string table = check_table(rules, s.result, s.words, sample_districts());
  const std::string line = table.substr(table.find("access.health_1km"));
  EXPECT_LE(line.find('\n'), 120u);
  EXPECT_TRUE(contains(line.substr(0, line.find('\n')), "xxx..."));
}

TEST(CheckTable, SmallRatiosKeepTwoSignificantDigits) {
  const RuleSet rules = sample_rules();
  Sample s = sample_result();
  s.result.verdicts[4].value = 33.0 / 4270.0;  // 0.00773 beds per resident would read "0.01"
  s.result.verdicts[4].threshold = 0.005;
  const std::string table = check_table(rules, s.result, s.words, sample_districts());
  const std::string line = table.substr(table.find("elderly.beds_per_1000"));
  EXPECT_TRUE(contains(line.substr(0, line.find('\n')), "0.0077  ")) << table;
  EXPECT_TRUE(contains(line.substr(0, line.find('\n')), "0.005  ")) << table;
}

TEST(WriteCheck, VerdictNamingAMissingDistrictIsABug) {
  test::TempDir dir;
  Sample s = sample_result();
  s.result.verdicts[1].district = 7;
  EXPECT_THROW(write_check_reports(dir.file("out"), sample_rules(), s.result, s.words, sample_districts(),
                                   sample_facilities(), sample_categories(), sample_info()),
               std::logic_error);
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(WriteCheck, WordsOfAnotherResultAreABug) {
  test::TempDir dir;
  Sample s = sample_result();
  s.words.verdicts.pop_back();  // 11 texts for 12 verdicts
  EXPECT_THROW(write_check_reports(dir.file("out"), sample_rules(), s.result, s.words, sample_districts(),
                                   sample_facilities(), sample_categories(), sample_info()),
               std::logic_error);
  EXPECT_THROW(check_table(sample_rules(), s.result, s.words, sample_districts()), std::logic_error);
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

// ---- the words ---------------------------------------------------------------------------------

// `text` resolved as check() resolves a rule's threshold, then described.
std::string reach(const std::string& text, TravelMode mode, double speed_mps) {
  const Within w = parse_within(text);
  return describe_reach(w, mode, resolve_threshold(w, mode, speed_mps).metres());
}

TEST(WriteCheckWording, DescribeReach) {
  EXPECT_EQ(reach("15min", TravelMode::walk, 1.0), "a 15-minute walk");
  EXPECT_EQ(reach("10min", TravelMode::drive, 1.0), "a 10-minute drive");
  EXPECT_EQ(reach("8min", TravelMode::walk, 1.0), "an 8-minute walk");
  EXPECT_EQ(reach("1km", TravelMode::walk, 1.0), "1,000 m on foot along roads");
  EXPECT_EQ(reach("gb10", TravelMode::distance, 1.0), "500 m in a straight line");
  EXPECT_EQ(thousands(12430), "12,430");
  EXPECT_EQ(thousands(999), "999");
  // Minutes in a straight line: 15 min at 1000 m / 15 min = 1,000 m; 7.5 min at 1 m/s = 450 m.
  EXPECT_EQ(reach("15min", TravelMode::distance, default_walk_speed_mps),
            "1,000 m in a straight line (15 minutes' walk)");
  EXPECT_EQ(reach("7.5min", TravelMode::distance, 1.0), "450 m in a straight line (7.5 minutes' walk)");
  EXPECT_EQ(reach("2km", TravelMode::drive, 1.0), "2,000 m by road");
}

Verdict fact(VerdictReason reason, Id district = overall_district) {
  Verdict v;
  v.reason = reason;
  v.district = district;
  if (reason == VerdictReason::passed || reason == VerdictReason::passed_within_reach) v.pass = true;
  if (reason == VerdictReason::failed) v.pass = false;
  return v;
}

TEST(WriteCheckWording, AccessAndTwoStep) {
  Rule r;
  r.kind = RuleKind::access;
  r.category = "health";
  r.within = parse_within("15min");
  r.min_share = 0.9;
  RuleRun run;
  run.mode = TravelMode::walk;
  run.within_s = 900;
  // 1,000 of 4,000 residents reached; 0.9 * 4,000 - 1,000 = 2,600 short.
  Verdict v = fact(VerdictReason::failed);
  v.value = 0.25, v.demand = 4000, v.demand_met = 1000, v.shortfall = 2600, v.shortfall_unit = "residents";
  EXPECT_EQ(verdict_text(r, run, v),
            "2,600 more residents need a health facility within a 15-minute walk (3,000 without; 90.0 % required)");
  EXPECT_EQ(shortfall_unit_words(r, v), "residents");
  r.min_share = 1.0;
  v.shortfall = 3000;
  EXPECT_EQ(verdict_text(r, run, v), "3,000 residents without a health facility within a 15-minute walk");
  v = fact(VerdictReason::passed);
  v.value = 0.95;
  EXPECT_EQ(verdict_text(r, run, v), "95.0 % of residents have a health facility within a 15-minute walk");
  r.demand_basis = "elderly";
  EXPECT_EQ(verdict_text(r, run, fact(VerdictReason::no_demand)), "not applicable: no people aged 60+ here");

  Rule t;
  t.kind = RuleKind::accessibility_2sfca;
  t.category = "elderly_care";
  t.within = parse_within("1000m");
  t.supply_attribute = "beds";
  t.demand_basis = "elderly";
  t.per = 1000;
  t.threshold = 40;
  t.min_share = 0.5;
  RuleRun line;
  line.mode = TravelMode::distance;
  line.within_m = 1000;
  // 160 of 800 elderly see 40 beds per 1,000: 20 %; 0.5 * 800 - 160 = 240 short.
  v = fact(VerdictReason::failed);
  v.value = 0.2, v.shortfall = 240;
  EXPECT_EQ(verdict_text(t, line, v),
            "240 more people aged 60+ need >= 40 beds per 1,000 people aged 60+ within 1,000 m in a straight line "
            "(20.0 % of people aged 60+ see >= 40 beds per 1,000 people aged 60+ within 1,000 m in a straight line; "
            "50.0 % required)");
}

// The sentences of the accessibility and equity kinds, from the verdicts' numbers.
TEST(WriteCheckWording, AccessibilityAndEquity) {
  Rule a;
  a.kind = RuleKind::accessibility;
  a.category = "elderly_care";
  a.measure = RuleMeasure::three_step;
  a.decay = RuleDecay::gaussian;
  a.within = parse_within("15min");
  a.demand_basis = "elderly";
  a.per = 1000;
  a.threshold = 2;
  a.min_share = 0.9;
  RuleRun walk;
  walk.mode = TravelMode::walk;
  walk.within_s = 900;
  // 7,000 of 10,000 elderly see 2 facilities per 1,000; 0.9 * 10,000 - 7,000 = 2,000 short.
  Verdict v = fact(VerdictReason::failed);
  v.value = 0.7, v.shortfall = 2000, v.shortfall_unit = "elderly";
  EXPECT_EQ(verdict_text(a, walk, v),
            "2,000 more people aged 60+ need >= 2 elderly care facilities per 1,000 people aged 60+ within a 15-minute "
            "walk by 3SFCA (Gaussian decay) (70.0 % of people aged 60+ see >= 2 elderly care facilities per 1,000 "
            "people aged 60+ within a 15-minute walk by 3SFCA (Gaussian decay); 90.0 % required)");
  EXPECT_EQ(shortfall_unit_words(a, v), "people aged 60+");
  a.measure = RuleMeasure::cumulative;
  a.decay = RuleDecay::step;
  a.supply_attribute = "beds";
  v = fact(VerdictReason::passed);
  v.value = 0.95;
  EXPECT_EQ(verdict_text(a, walk, v),
            "95.0 % of people aged 60+ see >= 2 beds within a 15-minute walk by cumulative opportunities; 90.0 % required");

  Rule e;
  e.kind = RuleKind::equity;
  e.category = "health";
  e.measure = RuleMeasure::nearest;
  e.index = EquityIndex::palma;
  e.threshold = 2;
  e.comparison = "<=";
  RuleRun drive;
  drive.mode = TravelMode::drive;
  // A Palma ratio whose bottom 40 % hold nothing is infinite, and fails.
  v = fact(VerdictReason::failed);
  v.value = std::numeric_limits<double>::infinity(), v.mean = 3.24, v.demand = 900;
  EXPECT_EQ(verdict_text(e, drive, v),
            "Palma ratio of driving time to the nearest health facility infinite, not <= 2 (mean 3.2 minutes)");
  EXPECT_EQ(shortfall_unit_words(e, v), "Palma ratio");
  // Two decimals would read as the threshold: three.
  v.value = 2.004;
  EXPECT_EQ(verdict_text(e, drive, v), "Palma ratio of driving time to the nearest health facility 2.004, not <= 2 "
                                       "(mean 3.2 minutes)");
  // The measure is 0 for everybody: no index.
  v = fact(VerdictReason::undefined_index);
  v.mean = 0, v.demand = 900;
  e.index = EquityIndex::theil;
  EXPECT_EQ(verdict_text(e, drive, v), "not applicable: the Theil index has no value here: the measure is 0 for everybody");
  EXPECT_EQ(verdict_text(e, drive, fact(VerdictReason::no_demand)), "not applicable: no residents here");
  // Of a 2SFCA measure: 0.000437 beds per person on average keeps two significant digits.
  e.measure = RuleMeasure::two_step;
  e.index = EquityIndex::gini;
  e.within = parse_within("30min");
  e.supply_attribute = "beds";
  e.threshold = 0.4;
  drive.within_s = 1800;
  v = fact(VerdictReason::passed);
  v.value = 0.31, v.mean = 0.000437, v.demand = 900;
  EXPECT_EQ(verdict_text(e, drive, v),
            "Gini of beds per person within a 30-minute drive by 2SFCA 0.31 <= 0.4 (mean 0.00044)");
}

TEST(WriteCheckWording, SuppliesSharesAndFacilities) {
  Rule r;
  r.kind = RuleKind::supply_ratio;
  r.category = "elderly_care";
  r.supply_attribute = "beds";
  r.demand_basis = "elderly";
  r.per = 1000;
  r.threshold = 40;
  const RuleRun run;
  // 18 beds for 800 elderly: 22.5 per 1,000; 32 - 18 = 14 short.
  Verdict v = fact(VerdictReason::failed);
  v.supply = 18, v.demand = 800, v.value = 22.5, v.shortfall = 14, v.shortfall_unit = "beds";
  EXPECT_EQ(verdict_text(r, run, v),
            "needs 14 more beds (has 18 beds for 800 people aged 60+, 22.50 per 1,000; >= 40 required)");
  r.comparison = "<=";
  r.threshold = 20;
  v.shortfall = 2;  // 18 - 20 * 800 / 1000
  EXPECT_EQ(verdict_text(r, run, v),
            "2 beds too many (has 18 beds for 800 people aged 60+, 22.50 per 1,000; <= 20 required)");

  Rule share;
  share.kind = RuleKind::attribute_share;
  share.category = "elderly_care";
  share.supply_attribute = "nursing_beds";
  share.base_attribute = "beds";
  share.threshold = 0.55;
  // 8 of 18 beds: 44.4 %; 0.55 * 18 - 8 = 1.9 -> 2.
  v = fact(VerdictReason::failed);
  v.supply = 8, v.demand = 18, v.value = 8.0 / 18.0, v.shortfall = 2, v.shortfall_unit = "nursing_beds";
  EXPECT_EQ(verdict_text(share, run, v), "needs 2 more nursing-type beds: 8 of 18 beds (44.4 %; >= 55.0 % required)");
  EXPECT_EQ(shortfall_unit_words(share, v), "nursing-type beds");
  EXPECT_EQ(verdict_text(share, run, fact(VerdictReason::no_base)), "not applicable: no beds of elderly care here");

  Rule area;
  area.kind = RuleKind::per_facility;
  area.category = "elderly_care";
  area.supply_attribute = "area_m2";
  area.threshold = 120;
  // 7 sites judged, 6 below 120 m²: the first five named, then the count of the rest.
  v = fact(VerdictReason::failed);
  v.demand = 7, v.shortfall = 6;
  for (const auto& [id, value] : std::vector<std::pair<std::string, double>>{
           {"f1", 100}, {"f3", 90}, {"f4", 80}, {"f5", 60}, {"f6", 110}, {"f7", 119.5}}) {
    v.failing.push_back({static_cast<Id>(v.failing.size()), id, value});
  }
  EXPECT_EQ(verdict_text(area, run, v),
            "6 of 7 elderly care facilities not >= 120 m²: f1 (100), f3 (90), f4 (80), f5 (60), f6 (110), and 1 more");
  v.failing.resize(1);
  v.failing[0].value = 119.5;
  EXPECT_EQ(verdict_text(area, run, v), "1 of 7 elderly care facilities not >= 120 m²: f1 (119.50)");
  v = fact(VerdictReason::passed);
  v.demand = 2;
  EXPECT_EQ(verdict_text(area, run, v), "all 2 elderly care facilities >= 120 m²");
  EXPECT_EQ(verdict_text(area, run, fact(VerdictReason::no_facility)), "not applicable: no elderly care facility here");
  EXPECT_EQ(verdict_text(area, run, fact(VerdictReason::no_facility_value)),
            "not applicable: no elderly care facility here has a area_m2 value");
}

TEST(WriteCheckWording, PresenceAndMissingFields) {
  Rule r;
  r.kind = RuleKind::presence;
  r.category = "fitness";
  r.min_population = 1000;
  r.has_within = true;
  r.within = parse_within("500m");
  RuleRun run;
  run.mode = TravelMode::distance;
  run.within_m = 500;
  Verdict v = fact(VerdictReason::failed);
  v.districts_qualifying = 2, v.districts_served = 1;
  EXPECT_EQ(verdict_text(r, run, v), "1 of 2 districts with 1,000+ residents served; 1 without a fitness facility");
  v = fact(VerdictReason::failed, 0);
  v.demand = 2200;
  EXPECT_EQ(verdict_text(r, run, v),
            "no fitness facility inside or within 500 m in a straight line of the population centre (2,200 residents)");
  EXPECT_EQ(verdict_text(r, run, fact(VerdictReason::passed_within_reach, 0)),
            "a fitness facility within 500 m in a straight line of the population centre");
  v = fact(VerdictReason::passed, 1);
  v.facilities = {0, 3};
  EXPECT_EQ(verdict_text(r, run, v), "2 fitness facilities inside");
  v = fact(VerdictReason::below_min_population, 2);
  v.demand = 300;
  EXPECT_EQ(verdict_text(r, run, v), "not applicable: 300 residents (fewer than 1,000)");
  EXPECT_EQ(verdict_text(r, run, fact(VerdictReason::no_qualifying_district)),
            "not applicable: no district has 1,000+ residents");
  EXPECT_EQ(verdict_text(r, run, fact(VerdictReason::no_district_layer)),
            "not applicable: presence is judged per community; give a district layer");
  EXPECT_EQ(verdict_text(r, run, fact(VerdictReason::outside_districts, outside_districts)),
            "not applicable: outside every district, not a community");

  RuleRun missing;
  missing.missing_field = "beds";
  missing.missing_in = "facilities";
  r.category = "elderly_care";
  EXPECT_EQ(verdict_text(r, missing, fact(VerdictReason::missing_field)),
            "not evaluated: no elderly care facility has a 'beds' value");
  missing.missing_field = "elderly";
  missing.missing_in = "demand";
  EXPECT_EQ(verdict_text(r, missing, fact(VerdictReason::missing_field)),
            "not evaluated: the demand has no 'elderly' weight");
  missing.missing_field = "library";
  missing.missing_in = "categories";
  EXPECT_EQ(verdict_text(r, missing, fact(VerdictReason::missing_field)),
            "not evaluated: no facility source gives the 'library' category");
}

TEST(WriteCheckWording, Notes) {
  Rule r;
  r.kind = RuleKind::attribute_share;
  r.category = "elderly_care";
  r.supply_attribute = "nursing_beds";
  r.base_attribute = "beds";
  RuleRun run;
  run.facilities_counted = 8;
  run.base_unknown = 1;
  run.supply_unknown = 2;
  EXPECT_EQ(run_notes(r, run),
            (std::vector<std::string>{"1 of 8 elderly care facilities have no beds value; left out",
                                      "2 elderly care facilities with beds have no nursing_beds value; counted as 0"}));
  r.kind = RuleKind::per_facility;
  r.supply_attribute = "area_m2";
  EXPECT_EQ(run_notes(r, run),
            (std::vector<std::string>{"2 of 8 elderly care facilities have no area_m2 value and are not judged"}));
  // A rule evaluated in another mode than its own says so, first.
  r.kind = RuleKind::access;
  r.mode = TravelMode::distance;
  run.mode = TravelMode::walk;
  EXPECT_EQ(run_notes(r, run), (std::vector<std::string>{"evaluated in walk mode instead of the rule's distance"}));
  run.mode = TravelMode::distance;
  EXPECT_TRUE(run_notes(r, run).empty());

  CheckResult result;
  EXPECT_TRUE(check_notes(result).empty());
  result.has_outside = true;
  result.demand_outside = 20765;
  result.facilities_outside = 3;
  result.candidates = 1;
  EXPECT_EQ(check_notes(result),
            (std::vector<std::string>{
                "20,765 residents and 3 facilities lie in no district; reported as \"outside every district\"",
                "1 candidate sites are not built and do not count towards the plan"}));
}

}  // namespace
}  // namespace lc::io
