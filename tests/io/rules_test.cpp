#include "io/rules.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using test::contains;

const Rule* find_rule(const RuleSet& set, const std::string& id) {
  for (const Rule& r : set.rules)
    if (r.id == id) return &r;
  return nullptr;
}

// --- the shipped preset ---------------------------------------------------------------------------

TEST(RulesPreset, CnHealthLoadsWithUniqueCitedRules) {
  const RuleSet set = preset_rules("cn-health");
  EXPECT_EQ(set.name, "cn-health");
  // 3 GB 50180 life circles + 2 fitness circles + 3 health + 6 elderly care + 1 sports ground.
  EXPECT_EQ(set.rules.size(), 15u);
  std::set<std::string> ids;
  for (const Rule& r : set.rules) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(r.unit.empty()) << r.id;
    EXPECT_TRUE(r.confidence == "V" || r.confidence == "S" || r.confidence == "R" || r.confidence == "?") << r.id;
    EXPECT_TRUE(r.preset) << r.id;
    EXPECT_GT(r.line, 0) << r.id;
  }
}

TEST(RulesPreset, CnHealthLoadsAsAUserFileToo) {
  // What --print-preset writes must load back with --rules.
  test::TempDir dir;
  const std::string path = dir.file("my.yaml");
  test::write_text(path, preset_text("cn-health"));
  const RuleSet set = load_rules(path);
  EXPECT_EQ(set.rules.size(), 15u);
  for (const Rule& r : set.rules) EXPECT_FALSE(r.preset) << r.id;
}

// The Chinese texts of the preset: GB 50437 3.2.1 in its own words (standards.md, confidence V).
TEST(RulesPreset, ChineseTexts) {
  const RuleSet set = preset_rules("cn-health");
  const Rule* r = find_rule(set, "elderly.beds_per_1000_elderly");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->title_zh.find("“每千名老人不应少于40床”"), std::string::npos) << r->title_zh;
  EXPECT_EQ(r->unit_zh, "每千名60岁及以上老年人养老床位数");
  const Rule* fit = find_rule(set, "fitness.city_15min_circle");
  ASSERT_NE(fit, nullptr);
  EXPECT_NE(fit->title_zh.find("15分钟健身圈"), std::string::npos) << fit->title_zh;
}

TEST(Rules, ChineseTextFieldsInAUserFile) {
  test::TempDir dir;
  const std::string path = dir.file("zh.yaml");
  test::write_text(path,
                   "name: zh\n"
                   "rules:\n"
                   "  - id: fit\n"
                   "    kind: access\n"
                   "    category: fitness\n"
                   "    within: 500m\n"
                   "    title_zh: 居民步行500米内有健身设施\n"
                   "    unit_zh: 步行500米范围内居民比例\n");
  const RuleSet set = load_rules(path);
  ASSERT_EQ(set.rules.size(), 1u);
  EXPECT_EQ(set.rules[0].title_zh, "居民步行500米内有健身设施");
  EXPECT_EQ(set.rules[0].unit_zh, "步行500米范围内居民比例");
  test::write_text(path,
                   "rules:\n"
                   "  - id: fit\n"
                   "    kind: access\n"
                   "    category: fitness\n"
                   "    within: 500m\n"
                   "    title_zh: [a, b]\n");
  try {
    load_rules(path);
    FAIL() << "a list as title_zh loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 6, rule 'fit': 'title_zh' must be a single value"), std::string::npos)
        << e.what();
  }
}

TEST(RulesPreset, ElderlyBedsRule) {
  const RuleSet set = preset_rules("cn-health");
  const Rule* r = find_rule(set, "elderly.beds_per_1000_elderly");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RuleKind::supply_ratio);
  EXPECT_EQ(r->category, "elderly_care");
  EXPECT_EQ(r->supply_attribute, "beds");
  EXPECT_EQ(r->demand_basis, "elderly");
  EXPECT_DOUBLE_EQ(r->per, 1000.0);
  EXPECT_DOUBLE_EQ(r->threshold, 40.0);
  EXPECT_EQ(r->comparison, ">=");
  EXPECT_EQ(r->confidence, "V");
  EXPECT_TRUE(contains(r->source, "GB 50437"));
}

TEST(RulesPreset, OtherRuleKinds) {
  const RuleSet set = preset_rules("cn-health");

  const Rule* gb15 = find_rule(set, "gb50180.life_circle_15min");
  ASSERT_NE(gb15, nullptr);
  EXPECT_EQ(gb15->kind, RuleKind::access);
  ASSERT_TRUE(gb15->has_within);
  EXPECT_EQ(gb15->within.kind, Within::Kind::preset);
  EXPECT_DOUBLE_EQ(gb15->within.value, 1000.0);  // gb15 = 1000 m

  const Rule* medical = find_rule(set, "health.walk_15min");
  ASSERT_NE(medical, nullptr);
  EXPECT_STREQ(to_string(medical->mode), "walk");
  EXPECT_EQ(medical->within.kind, Within::Kind::minutes);
  EXPECT_DOUBLE_EQ(medical->within.value, 15.0);
  EXPECT_DOUBLE_EQ(medical->min_share, 0.9);

  const Rule* nursing = find_rule(set, "elderly.nursing_bed_share");
  ASSERT_NE(nursing, nullptr);
  EXPECT_EQ(nursing->kind, RuleKind::attribute_share);
  EXPECT_EQ(nursing->supply_attribute, "nursing_beds");
  EXPECT_EQ(nursing->base_attribute, "beds");
  EXPECT_DOUBLE_EQ(nursing->threshold, 0.55);

  const Rule* site = find_rule(set, "elderly.site_min_area");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->kind, RuleKind::per_facility);
  EXPECT_DOUBLE_EQ(site->threshold, 120.0);
  EXPECT_EQ(site->confidence, "?");

  const Rule* sfca = find_rule(set, "elderly.beds_2sfca_15min");
  ASSERT_NE(sfca, nullptr);
  EXPECT_EQ(sfca->kind, RuleKind::accessibility_2sfca);
  EXPECT_DOUBLE_EQ(sfca->threshold, 40.0);
  EXPECT_DOUBLE_EQ(sfca->per, 1000.0);
  EXPECT_DOUBLE_EQ(sfca->min_share, 0.9);

  const Rule* presence = find_rule(set, "health.presence_community_1000");
  ASSERT_NE(presence, nullptr);
  EXPECT_EQ(presence->kind, RuleKind::presence);
  EXPECT_DOUBLE_EQ(presence->min_population, 1000.0);

  const Rule* ground = find_rule(set, "fitness.ground_per_capita");
  ASSERT_NE(ground, nullptr);
  EXPECT_DOUBLE_EQ(ground->threshold, 1.8);
  EXPECT_DOUBLE_EQ(ground->per, 1.0);
}

// City districts get the 15-minute fitness circle, county towns the 10-minute one, and every county
// a medical-care-combined institution, all by the district layer's `type`.
TEST(RulesPreset, CityAndCountyRulesSelectDistrictsByType) {
  const RuleSet set = preset_rules("cn-health");
  const Rule* city = find_rule(set, "fitness.city_15min_circle");
  const Rule* county = find_rule(set, "fitness.county_10min_circle");
  const Rule* combined = find_rule(set, "elderly.medical_care_combined_per_county");
  ASSERT_TRUE(city && county && combined);
  ASSERT_TRUE(city->applies_to && county->applies_to && combined->applies_to);
  EXPECT_EQ(city->applies_to->field, "type");
  EXPECT_TRUE(city->applies_to->if_unset);  // a run without types is checked as a city
  EXPECT_FALSE(county->applies_to->if_unset);
  EXPECT_TRUE(city->applies_to->selects("市辖区"));
  EXPECT_TRUE(city->applies_to->selects(" City "));
  EXPECT_FALSE(city->applies_to->selects("县"));
  EXPECT_TRUE(county->applies_to->selects("县"));
  EXPECT_TRUE(county->applies_to->selects("COUNTY"));
  EXPECT_FALSE(county->applies_to->selects("市辖区"));
  EXPECT_FALSE(county->applies_to->selects(""));
  EXPECT_TRUE(city->applies_to->selects(""));
  EXPECT_EQ(county->within.text, "10min");
  EXPECT_EQ(combined->kind, RuleKind::presence);
  EXPECT_EQ(combined->supply_attribute, "medical_care_combined");
  EXPECT_FALSE(combined->has_within);  // inside the county
}

TEST(RulesPreset, UnknownPresetListsThePresets) {
  try {
    preset_rules("cn-wealth");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_TRUE(contains(e.what(), "cn-wealth")) << e.what();
    EXPECT_TRUE(contains(e.what(), "cn-health")) << e.what();
  }
  EXPECT_THROW(preset_text("cn-wealth"), UsageError);
  EXPECT_THROW(preset_text("../osm_categories"), UsageError);  // no paths
}

// --- malformed user files -------------------------------------------------------------------------

class RulesLoad : public ::testing::Test {
 protected:
  // Loads `text` and returns the InputError's message (empty when loading succeeded).
  std::string error_of(const std::string& text) {
    test::write_text(path_, text);
    try {
      load_rules(path_);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  void expect_error(const std::string& text, const std::string& id, int line, const std::string& detail) {
    const std::string msg = error_of(text);
    ASSERT_FALSE(msg.empty()) << "expected an InputError for:\n" << text;
    EXPECT_TRUE(contains(msg, path_)) << msg;
    // "PATH, line N, rule 'ID': ..." (no rule part when the id is not known yet).
    const std::string at = path_ + ", line " + std::to_string(line) + (id.empty() ? ":" : ", rule '" + id + "':");
    EXPECT_TRUE(contains(msg, at)) << msg;
    EXPECT_TRUE(contains(msg, detail)) << msg;
  }
  test::TempDir dir_;
  std::string path_ = dir_.file("rules.yaml");
};

// Line numbers in the comments are 1-based, as in the file.
const std::string kHead =
    "name: test\n"  // line 1
    "rules:\n";     // line 2
const std::string kGood =
    "  - id: ok\n"                  // line 3
    "    kind: supply_ratio\n"      // line 4
    "    category: elderly_care\n"  // line 5
    "    supply_attribute: beds\n"  // line 6
    "    demand_basis: elderly\n"   // line 7
    "    per: 1000\n"               // line 8
    "    threshold: 40\n";          // line 9

TEST_F(RulesLoad, AcceptsAMinimalFile) {
  test::write_text(path_, kHead + kGood +
                              "  - id: share\n"              // line 10
                              "    kind: access\n"           // line 11
                              "    category: fitness\n"      // line 12
                              "    within: 15min\n"          // line 13
                              "    min_share: \"90%\"\n");   // line 14
  const RuleSet set = load_rules(path_);
  EXPECT_EQ(set.name, "test");
  ASSERT_EQ(set.rules.size(), 2u);
  EXPECT_EQ(set.rules[0].line, 3);
  EXPECT_EQ(set.rules[1].line, 10);
  EXPECT_DOUBLE_EQ(set.rules[1].min_share, 0.9);  // "90%"
  EXPECT_STREQ(to_string(set.rules[1].mode), "distance");  // default
  EXPECT_FALSE(set.rules[1].preset);
}

TEST_F(RulesLoad, UnknownKind) {
  expect_error(kHead + kGood +
                   "  - id: bad_kind\n"           // line 10
                   "    kind: coverage_ratio\n"   // line 11
                   "    category: health\n",      // line 12
               "bad_kind", 11, "unknown kind 'coverage_ratio'");
}

TEST_F(RulesLoad, UnknownCategory) {
  expect_error(kHead + kGood +
                   "  - id: bad_cat\n"        // line 10
                   "    kind: access\n"       // line 11
                   "    within: 15min\n"      // line 12
                   "    category: schools\n", // line 13
               "bad_cat", 13, "unknown category 'schools'");
}

TEST_F(RulesLoad, KnownCategoriesCanBeGiven) {
  test::write_text(path_, kHead +
                              "  - id: schools\n"
                              "    kind: access\n"
                              "    category: school\n"
                              "    within: 800m\n");
  EXPECT_EQ(load_rules(path_, {"school"}).rules.at(0).category, "school");
  EXPECT_THROW(load_rules(path_), InputError);
}

TEST_F(RulesLoad, BadWithin) {
  expect_error(kHead + kGood +
                   "  - id: far\n"               // line 10
                   "    kind: access\n"          // line 11
                   "    category: health\n"      // line 12
                   "    within: 15parsecs\n",    // line 13
               "far", 13, "15parsecs");
}

TEST_F(RulesLoad, MissingThresholdNamesTheRuleLine) {
  expect_error(kHead + kGood +
                   "  - id: no_threshold\n"       // line 10: the rule starts here
                   "    kind: per_facility\n"     // line 11
                   "    category: elderly_care\n" // line 12
                   "    supply_attribute: area_m2\n",  // line 13
               "no_threshold", 10, "needs 'threshold'");
}

TEST_F(RulesLoad, ThresholdMustBeANumber) {
  expect_error(kHead +
                   "  - id: words\n"                 // line 3
                   "    kind: supply_ratio\n"        // line 4
                   "    category: fitness\n"         // line 5
                   "    supply_attribute: area_m2\n" // line 6
                   "    threshold: 1.8 m2\n",        // line 7
               "words", 7, "'threshold' must be a number");
}

TEST_F(RulesLoad, DuplicateId) {
  expect_error(kHead + kGood +
                   "  - id: ok\n"                 // line 10: same id as line 3
                   "    kind: access\n"           // line 11
                   "    category: health\n"       // line 12
                   "    within: gb15\n",          // line 13
               "ok", 10, "duplicate rule id (first defined on line 3)");
}

TEST_F(RulesLoad, UnknownAndInapplicableFields) {
  expect_error(kHead + kGood +
                   "  - id: typo\n"               // line 10
                   "    kind: access\n"           // line 11
                   "    category: health\n"       // line 12
                   "    within: gb15\n"           // line 13
                   "    metric: walk_time\n",     // line 14
               "typo", 14, "unknown field 'metric'");
  expect_error(kHead +
                   "  - id: per_on_access\n"      // line 3
                   "    kind: access\n"           // line 4
                   "    category: health\n"       // line 5
                   "    within: gb15\n"           // line 6
                   "    per: 1000\n",             // line 7
               "per_on_access", 7, "does not apply to a rule of kind 'access'");
}

TEST_F(RulesLoad, AppliesToSelectsDistricts) {
  test::write_text(path_, kHead + kGood +
                              "    applies_to: {field: type, values: [county, 县]}\n"   // line 10
                              "  - id: one\n"                                           // line 11
                              "    kind: access\n"
                              "    category: fitness\n"
                              "    within: 10min\n"
                              "    applies_to: {field: kind, values: town, if_unset: true}\n");
  const RuleSet set = load_rules(path_);
  ASSERT_TRUE(set.rules[0].applies_to.has_value());
  EXPECT_EQ(set.rules[0].applies_to->field, "type");
  EXPECT_EQ(set.rules[0].applies_to->values, (std::vector<std::string>{"county", "县"}));
  EXPECT_FALSE(set.rules[0].applies_to->if_unset);
  EXPECT_EQ(set.rules[1].applies_to->values, (std::vector<std::string>{"town"}));
  EXPECT_TRUE(set.rules[1].applies_to->if_unset);

  expect_error(kHead + kGood + "    applies_to: county\n", "ok", 10, "'applies_to' must be a map");
  expect_error(kHead + kGood + "    applies_to: {values: [county]}\n", "ok", 10, "it needs 'field'");
  expect_error(kHead + kGood + "    applies_to: {field: type}\n", "ok", 10, "it needs 'values'");
  expect_error(kHead + kGood + "    applies_to: {field: type, values: []}\n", "ok", 10, "'applies_to.values' is empty");
  expect_error(kHead + kGood + "    applies_to: {field: type, values: [county], only: 1}\n", "ok", 10,
               "unknown field 'only' in 'applies_to'");
  expect_error(kHead + kGood + "    applies_to: {field: type, values: [county], if_unset: maybe}\n", "ok", 10,
               "'applies_to.if_unset' must be true or false, not 'maybe'");
}

TEST_F(RulesLoad, BadModeShareAndConfidence) {
  expect_error(kHead +
                   "  - id: fly\n"            // line 3
                   "    kind: access\n"       // line 4
                   "    category: scenic\n"   // line 5
                   "    within: 2h\n",        // line 6
               "fly", 6, "bad 'within'");
  expect_error(kHead +
                   "  - id: bike\n"           // line 3
                   "    kind: access\n"       // line 4
                   "    category: scenic\n"   // line 5
                   "    mode: bike\n"         // line 6
                   "    within: 15min\n",     // line 7
               "bike", 6, "unknown mode 'bike'");
  expect_error(kHead +
                   "  - id: matrix\n"         // line 3
                   "    kind: access\n"       // line 4
                   "    category: scenic\n"   // line 5
                   "    mode: cost_matrix\n"  // line 6: a travel mode, but not one a rule can use
                   "    within: 15min\n",     // line 7
               "matrix", 6, "unknown mode 'cost_matrix' (expected distance, walk or drive)");
  expect_error(kHead +
                   "  - id: share\n"          // line 3
                   "    kind: access\n"       // line 4
                   "    category: scenic\n"   // line 5
                   "    within: 15min\n"      // line 6
                   "    min_share: 90\n",     // line 7: 90 is not a fraction
               "share", 7, "at most 1");
  expect_error(kHead +
                   "  - id: conf\n"           // line 3
                   "    kind: access\n"       // line 4
                   "    category: scenic\n"   // line 5
                   "    within: 15min\n"      // line 6
                   "    confidence: high\n",  // line 7
               "conf", 7, "unknown confidence 'high'");
}

TEST_F(RulesLoad, FileErrors) {
  const std::string msg = error_of("rules: [\n");  // YAML syntax error
  EXPECT_TRUE(contains(msg, path_)) << msg;
  EXPECT_TRUE(contains(msg, "line ")) << msg;
  EXPECT_THROW(load_rules(dir_.file("missing.yaml")), InputError);
  expect_error("name: x\n", "", 1, "expected a 'rules:' list");
}

// --- accessibility and equity rules ---------------------------------------------------------------

TEST_F(RulesLoad, AccessibilityAndEquityRules) {
  test::write_text(path_, kHead +
                              "  - id: beds.e2sfca\n"                 // line 3
                              "    kind: accessibility\n"
                              "    category: elderly_care\n"
                              "    measure: e2sfca\n"
                              "    mode: walk\n"
                              "    within: 15min\n"
                              "    zones: [5, 10, 15]\n"
                              "    zone_weights: [1, 0.68, 0.22]\n"
                              "    supply_attribute: beds\n"
                              "    demand_basis: elderly\n"
                              "    per: 1000\n"
                              "    threshold: 40\n"
                              "    min_share: 90%\n"
                              "  - id: gravity\n"                     // line 16
                              "    kind: accessibility\n"
                              "    category: health\n"
                              "    measure: gravity\n"
                              "    decay: exponential\n"
                              "    decay_param: 0.1\n"
                              "    within: 30min\n"
                              "    threshold: 1\n"
                              "  - id: health.gini\n"                 // line 24
                              "    kind: equity\n"
                              "    category: health\n"
                              "    index: gini\n"
                              "    of: nearest\n"
                              "    mode: walk\n"
                              "    threshold: 0.3\n"
                              "  - id: health.conc\n"                 // line 31
                              "    kind: equity\n"
                              "    category: health\n"
                              "    index: concentration\n"
                              "    of: 2sfca\n"
                              "    within: 1000m\n"
                              "    rank_by: income\n"
                              "    comparison: '>='\n"
                              "    threshold: -0.1\n");
  const RuleSet set = load_rules(path_);
  ASSERT_EQ(set.rules.size(), 4u);
  const Rule& e2 = set.rules[0];
  EXPECT_EQ(e2.kind, RuleKind::accessibility);
  EXPECT_EQ(e2.measure, RuleMeasure::enhanced_two_step);
  EXPECT_EQ(e2.decay, RuleDecay::zones);  // e2sfca's default, written or not
  EXPECT_EQ(e2.zones, (std::vector<double>{5, 10, 15}));
  EXPECT_EQ(e2.zone_weights, (std::vector<double>{1, 0.68, 0.22}));
  EXPECT_DOUBLE_EQ(e2.min_share, 0.9);
  EXPECT_DOUBLE_EQ(e2.per, 1000);
  EXPECT_TRUE(travels(e2));
  const Rule& g = set.rules[1];
  EXPECT_EQ(g.measure, RuleMeasure::gravity);
  EXPECT_EQ(g.decay, RuleDecay::exponential);
  EXPECT_DOUBLE_EQ(g.decay_param, 0.1);
  EXPECT_TRUE(g.supply_attribute.empty());  // one per facility
  const Rule& gini = set.rules[2];
  EXPECT_EQ(gini.kind, RuleKind::equity);
  EXPECT_EQ(gini.index, EquityIndex::gini);
  EXPECT_EQ(gini.measure, RuleMeasure::nearest);
  EXPECT_EQ(gini.comparison, "<=");  // an index's default: less inequality passes
  EXPECT_FALSE(travels(gini));       // no reach: the cost to the nearest is not capped
  EXPECT_TRUE(uses_mode(gini));
  const Rule& conc = set.rules[3];
  EXPECT_EQ(conc.index, EquityIndex::concentration);
  EXPECT_EQ(conc.measure, RuleMeasure::two_step);
  EXPECT_EQ(conc.rank_by, "income");
  EXPECT_EQ(conc.comparison, ">=");
  EXPECT_DOUBLE_EQ(conc.threshold, -0.1);  // the concentration index has a sign
}

// The example rule file of the README loads, its rules as their comments say.
TEST(RulesExample, AccessibilityAndEquityExampleLoads) {
  const RuleSet set = load_rules(std::string(LIFECIRCLE_SOURCE_DIR) + "/examples/rules_access.yaml");
  ASSERT_EQ(set.rules.size(), 4u);
  EXPECT_EQ(set.rules[0].measure, RuleMeasure::enhanced_two_step);
  EXPECT_EQ(set.rules[0].zones, (std::vector<double>{5, 10, 15}));
  EXPECT_EQ(set.rules[1].decay, RuleDecay::exponential);
  EXPECT_EQ(set.rules[2].kind, RuleKind::equity);
  EXPECT_EQ(set.rules[2].measure, RuleMeasure::nearest);
  EXPECT_EQ(set.rules[3].index, EquityIndex::concentration);
  EXPECT_DOUBLE_EQ(set.rules[3].threshold, -0.1);
}

// A correct accessibility rule, lines 3-9, to break one field at a time.
const std::string kAccess =
    "  - id: acc\n"                 // line 3
    "    kind: accessibility\n"     // line 4
    "    category: elderly_care\n"  // line 5
    "    within: 15min\n"           // line 6
    "    threshold: 40\n";          // line 7

TEST_F(RulesLoad, AccessibilityErrors) {
  expect_error(kHead + kAccess, "acc", 3, "a rule of kind 'accessibility' needs 'measure'");
  expect_error(kHead + kAccess + "    measure: 4sfca\n", "acc", 8,
               "unknown measure '4sfca' (expected cumulative, gravity, 2sfca, e2sfca, 3sfca)");
  expect_error(kHead + kAccess + "    measure: nearest\n", "acc", 8, "unknown measure 'nearest'");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    decay: cubic\n", "acc", 9,
               "unknown decay 'cubic' (expected step, linear, exponential, gaussian, power, zones)");
  expect_error(kHead + kAccess + "    measure: 2sfca\n    decay: gaussian\n", "acc", 9,
               "the 2sfca measure counts everything within 'within' alike");
  expect_error(kHead + kAccess + "    measure: gravity\n    decay: exponential\n", "acc", 3,
               "the exponential decay needs 'decay_param' (beta per minute");
  expect_error(kHead + kAccess + "    measure: gravity\n    decay: power\n    decay_param: -1\n", "acc", 10,
               "'decay_param' must be a finite number >= 0");
  expect_error(kHead + kAccess + "    measure: gravity\n    decay: power\n    decay_param: 0\n", "acc", 10,
               "'decay_param' must be above 0 (the exponent)");
  expect_error(kHead + kAccess + "    measure: gravity\n    decay: power\n    decay_param: 12\n", "acc", 10,
               "'decay_param' of the power decay is an exponent at most 10, not '12'");
  expect_error(kHead + kAccess + "    measure: 3sfca\n    decay: linear\n    decay_param: 2\n", "acc", 10,
               "'decay_param' applies only to the exponential decay");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    zones: [5, 10, 20]\n    zone_weights: [1, 0.5, 0.2]\n", "acc",
               9, "the last zone ends beyond 'within' (15min)");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    zones: [10, 5]\n    zone_weights: [1, 0.5]\n", "acc", 9,
               "'zones' must be above 0 and ascending");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    zones: [5, 15]\n    zone_weights: [1, 1.5]\n", "acc", 10,
               "'zone_weights' must be above 0 and at most 1");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    zones: [5, 15]\n    zone_weights: [1]\n", "acc", 10,
               "1 zone weights for 2 zones");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    zones: [5, 15]\n", "acc", 9, "go together");
  expect_error(kHead + kAccess + "    measure: gravity\n    zones: [5, 15]\n    zone_weights: [1, 1]\n", "acc", 9,
               "'zones' applies only to decay 'zones'");
  expect_error(kHead + kAccess + "    measure: gravity\n    per: 1000\n", "acc", 9,
               "'per' applies only to the floating catchment measures");
  expect_error(kHead + kAccess + "    measure: e2sfca\n    index: gini\n", "acc", 9,
               "field 'index' does not apply to a rule of kind 'accessibility'");
}

// A correct equity rule, lines 3-7.
const std::string kEquity =
    "  - id: eq\n"                  // line 3
    "    kind: equity\n"            // line 4
    "    category: health\n"        // line 5
    "    threshold: 0.3\n";         // line 6

TEST_F(RulesLoad, EquityErrors) {
  expect_error(kHead + kEquity + "    of: nearest\n", "eq", 3, "a rule of kind 'equity' needs 'index'");
  expect_error(kHead + kEquity + "    index: gini\n", "eq", 3, "a rule of kind 'equity' needs 'of'");
  expect_error(kHead + kEquity + "    index: atkinson\n    of: nearest\n", "eq", 7,
               "unknown index 'atkinson' (expected gini, palma, theil, concentration)");
  expect_error(kHead + kEquity + "    index: gini\n    of: farthest\n", "eq", 8,
               "unknown measure 'farthest' (expected nearest, cumulative, gravity, 2sfca, e2sfca, 3sfca)");
  expect_error(kHead + kEquity + "    index: concentration\n    of: nearest\n", "eq", 3,
               "the concentration index needs 'rank_by'");
  expect_error(kHead + kEquity + "    index: gini\n    of: nearest\n    rank_by: income\n", "eq", 9,
               "'rank_by' applies only to the concentration index");
  expect_error(kHead + kEquity + "    index: gini\n    of: nearest\n    within: 15min\n", "eq", 9,
               "'within' does not apply to equity of nearest");
  expect_error(kHead + kEquity + "    index: gini\n    of: e2sfca\n", "eq", 3, "equity of e2sfca needs 'within'");
  expect_error(kHead + kEquity + "    index: gini\n    of: e2sfca\n    measure: e2sfca\n", "eq", 9,
               "give the measure as 'of', e.g. of: e2sfca");
  expect_error(kHead + kEquity + "    index: gini\n    of: e2sfca\n    within: 1km\n    per: 1000\n", "eq", 10,
               "field 'per' does not apply to a rule of kind 'equity'");
  expect_error(kHead + kEquity + "    index: gini\n    of: nearest\n    min_share: 0.9\n", "eq", 9,
               "field 'min_share' does not apply to a rule of kind 'equity'");
  expect_error(kHead + "  - id: eq\n    kind: equity\n    category: health\n    index: gini\n    of: nearest\n"
                       "    threshold: 30\n",  // line 8
               "eq", 8, "a Gini is at most 1, so 'threshold' must be too, not '30'");
  expect_error(kHead + "  - id: eq\n    kind: equity\n    category: health\n    index: concentration\n"
                       "    rank_by: income\n    of: nearest\n    threshold: -1.5\n",  // line 9
               "eq", 9, "a concentration index runs from -1 to 1");
  // A negative threshold is an index value only the concentration index can take.
  expect_error(kHead +
                   "  - id: eq\n"
                   "    kind: equity\n"
                   "    category: health\n"
                   "    index: gini\n"
                   "    of: nearest\n"
                   "    threshold: -0.3\n",  // line 8
               "eq", 8, "'threshold' must be a finite number >= 0");
}

}  // namespace
}  // namespace lc::io
