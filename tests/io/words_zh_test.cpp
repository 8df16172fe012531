// The Chinese words of a check (io/words_zh.hpp) on hand-made verdicts: each expected sentence is
// written out here from the verdict's numbers.

#include "io/words_zh.hpp"

#include <gtest/gtest.h>

#include "core/within.hpp"
#include "io/check_wording.hpp"

namespace lc::io {
namespace {

Rule access_rule(const std::string& category, double min_share) {
  Rule r;
  r.id = "fitness.city_15min_circle";
  r.kind = RuleKind::access;
  r.category = category;
  r.mode = TravelMode::walk;
  r.within = parse_within("15min");
  r.has_within = true;
  r.min_share = min_share;
  return r;
}

RuleRun walk_run() {
  RuleRun run;
  run.mode = TravelMode::walk;
  run.within_s = 900;
  return run;
}

TEST(WordsZh, CategoryNames) {
  EXPECT_EQ(category_zh("health"), "医疗卫生");
  EXPECT_EQ(category_zh("elderly_care"), "养老服务");
  EXPECT_EQ(category_zh("fitness"), "体育健身");
  EXPECT_EQ(category_zh("scenic"), "景区公园");
  EXPECT_EQ(category_zh("library"), "library");  // a custom category keeps its name
  EXPECT_EQ(category_zh("社区食堂"), "社区食堂");
}

// 74,900 residents, 62,470 within reach: 83.4 % covered, 12,430 without.
TEST(WordsZh, AccessShortfallSentence) {
  Verdict v;
  v.reason = VerdictReason::failed;
  v.pass = false;
  v.demand = 74900;
  v.demand_met = 62470;
  v.value = 62470.0 / 74900.0;  // 0.83405
  v.shortfall = 12430;
  EXPECT_EQ(verdict_text_zh(access_rule("fitness", 1.0), walk_run(), v), "体育健身设施15分钟步行覆盖率 83.4%，尚有 12,430 人未覆盖");
  // 90 % required: 0.9 x 74,900 = 67,410 needed, 4,940 more than the 62,470 reached.
  v.shortfall = 4940;
  EXPECT_EQ(verdict_text_zh(access_rule("fitness", 0.9), walk_run(), v),
            "体育健身设施15分钟步行覆盖率 83.4%，低于要求的 90.0%，尚有 12,430 人未覆盖，还需覆盖 4,940 人");
  v.reason = VerdictReason::passed;
  v.pass = true;
  EXPECT_EQ(verdict_text_zh(access_rule("library", 0.8), walk_run(), v), "library设施15分钟步行覆盖率 83.4%");
  v.reason = VerdictReason::no_demand;
  v.pass.reset();
  EXPECT_EQ(verdict_text_zh(access_rule("fitness", 1.0), walk_run(), v), "不适用：此处没有居民");
  EXPECT_EQ(verdict_word_zh(v), "不适用");
}

// 1,200 beds for 35,000 people aged 60+: 34.29 per 1,000; 40 x 35 = 1,400 needed, 200 missing.
TEST(WordsZh, SupplyRatioSentence) {
  Rule r;
  r.kind = RuleKind::supply_ratio;
  r.category = "elderly_care";
  r.supply_attribute = "beds";
  r.demand_basis = "elderly";
  r.per = 1000;
  r.threshold = 40;
  Verdict v;
  v.reason = VerdictReason::failed;
  v.pass = false;
  v.supply = 1200;
  v.demand = 35000;
  v.value = 1200.0 / 35.0;  // 34.2857
  v.shortfall = 200;
  EXPECT_EQ(verdict_text_zh(r, RuleRun{}, v),
            "尚缺 200 张床位（现有 1,200 张床位，60岁及以上老年人 35,000，每千人 34.29；要求不少于 40）");
  EXPECT_EQ(verdict_word_zh(v), "未达标");
  v.shortfall_unit = "beds";
  EXPECT_EQ(shortfall_unit_words_zh(r, v), "床位");
}

TEST(WordsZh, NotEvaluatedAndNotes) {
  Rule r;
  r.kind = RuleKind::supply_ratio;
  r.category = "elderly_care";
  r.supply_attribute = "beds";
  r.mode = TravelMode::distance;
  RuleRun run;
  run.missing_field = "beds";
  run.missing_in = "facilities";
  Verdict v;
  v.reason = VerdictReason::missing_field;
  EXPECT_EQ(verdict_text_zh(r, run, v), "未评估：养老服务设施均无“beds”数值");
  EXPECT_EQ(verdict_word_zh(v), "未评估");
  run.missing_in = "demand";
  run.missing_field = "elderly";
  EXPECT_EQ(verdict_text_zh(r, run, v), "未评估：需求数据没有“elderly”权重字段");

  RuleRun counted;
  counted.facilities_counted = 8;
  counted.supply_unknown = 1;
  counted.mode = TravelMode::walk;
  const std::vector<std::string> notes = run_notes_zh(r, counted);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "按步行评估（规则原为直线距离）");
  EXPECT_EQ(notes[1], "8 处养老服务设施中有 1 处没有“beds”数值，按 0 计");

  CheckResult result;
  result.has_outside = true;
  result.demand_outside = 1234.4;
  result.facilities_outside = 2;
  result.candidates = 3;
  const std::vector<std::string> all = check_notes_zh(result);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], "1,234 名居民和 2 处设施不在任何分区内，单列为“不在任何分区内”");
  EXPECT_EQ(all[1], "3 处备选设施尚未建设，不计入规划");
}

// Presence overall: 9 districts of 1,000+ residents, 7 with a health facility.
TEST(WordsZh, PresenceSentences) {
  Rule r;
  r.kind = RuleKind::presence;
  r.category = "health";
  r.min_population = 1000;
  Verdict v;
  v.reason = VerdictReason::failed;
  v.pass = false;
  v.districts_qualifying = 9;
  v.districts_served = 7;
  EXPECT_EQ(verdict_text_zh(r, RuleRun{}, v), "9 个1,000 人以上的分区中 7 个已配置，2 个没有医疗卫生设施");
  v.district = 0;
  v.demand = 2500;
  EXPECT_EQ(verdict_text_zh(r, RuleRun{}, v), "区内没有医疗卫生设施（2,500 人）");
  v.reason = VerdictReason::below_min_population;
  v.pass.reset();
  v.demand = 800;
  EXPECT_EQ(verdict_text_zh(r, RuleRun{}, v), "不适用：800 人（少于 1,000 人）");
}

// A rule for county towns only (applies_to): the districts it leaves out, overall when it selects
// none, and the note saying how many it selected.
TEST(WordsZh, DistrictsTheRuleDoesNotApplyTo) {
  Rule r = access_rule("fitness", 1.0);
  r.applies_to = DistrictSelection{"type", {"county", "县", "县城"}, false};
  Verdict v;
  v.reason = VerdictReason::not_selected;
  v.district = 2;
  EXPECT_EQ(verdict_text_zh(r, walk_run(), v), "不适用：本规则仅适用于“type”为county、县或县城的分区");
  v.district = overall_district;
  EXPECT_EQ(verdict_text_zh(r, walk_run(), v), "不适用：没有“type”为county、县或县城的分区");
  RuleRun run = walk_run();
  run.districts_selected = 3;
  EXPECT_EQ(run_notes_zh(r, run).at(0), "适用于“type”为county、县或县城的 3 个分区");
  run.selection_field_missing = true;
  EXPECT_EQ(run_notes_zh(r, run).at(0), "分区没有“type”字段：本规则不适用于任何分区（applies_to，if_unset: false）");
}

TEST(WordsZh, Reaches) {
  EXPECT_EQ(describe_reach_zh(parse_within("15min"), TravelMode::walk, 1000), "15分钟步行");
  EXPECT_EQ(describe_reach_zh(parse_within("8min"), TravelMode::drive, 0), "8分钟车行");
  EXPECT_EQ(describe_reach_zh(parse_within("1000m"), TravelMode::walk, 1000), "路网步行1,000米");
  EXPECT_EQ(describe_reach_zh(parse_within("1000m"), TravelMode::distance, 1000), "直线1,000米");
  EXPECT_EQ(describe_reach_zh(parse_within("15min"), TravelMode::distance, 999), "直线999米（步行15分钟）");
}

// The Chinese words of a whole check are those of each verdict; English stays the default.
TEST(WordsZh, CheckWordsFollowTheLanguage) {
  RuleSet rules;
  rules.rules.push_back(access_rule("fitness", 1.0));
  CheckResult result;
  result.runs.push_back(walk_run());
  Verdict v;
  v.reason = VerdictReason::failed;
  v.pass = false;
  v.demand = 100;
  v.demand_met = 50;
  v.value = 0.5;
  v.shortfall = 50;
  result.verdicts.push_back(v);
  EXPECT_EQ(check_words(rules, result, Lang::zh).verdicts[0], "体育健身设施15分钟步行覆盖率 50.0%，尚有 50 人未覆盖");
  EXPECT_EQ(check_words(rules, result).verdicts[0], "50 residents without a fitness facility within a 15-minute walk");
}

TEST(WordsZh, PhrasesFallBackToEnglish) {
  EXPECT_EQ(phrase_zh("## Inputs\n\n"), "## 输入数据\n\n");
  EXPECT_EQ(phrase_zh("no such phrase"), "no such phrase");
  EXPECT_EQ(verdicts_summary_zh(12, 3, 2, 7), "共 12 项结论：达标 3 项，未达标 2 项，不适用或未评估 7 项");
}

// 10,000 people aged 60+, 8,500 seeing 40 beds per 1,000 by E2SFCA: 85 %; 0.9 x 10,000 - 8,500 =
// 500 more needed.
TEST(WordsZh, AccessibilitySentence) {
  Rule r;
  r.kind = RuleKind::accessibility;
  r.category = "elderly_care";
  r.measure = RuleMeasure::enhanced_two_step;
  r.decay = RuleDecay::zones;
  r.mode = TravelMode::walk;
  r.within = parse_within("15min");
  r.has_within = true;
  r.supply_attribute = "beds";
  r.demand_basis = "elderly";
  r.per = 1000;
  r.threshold = 40;
  r.min_share = 0.9;
  Verdict v;
  v.reason = VerdictReason::failed;
  v.pass = false;
  v.value = 0.85;
  v.shortfall = 500;
  v.shortfall_unit = "elderly";
  EXPECT_EQ(verdict_text_zh(r, walk_run(), v),
            "尚有 500 名60岁及以上老年人需达到15分钟步行范围内每千人床位（增强两步移动搜寻法，分段衰减）不少于 40"
            "（85.0%的60岁及以上老年人达到，要求 90.0%）");
  EXPECT_EQ(shortfall_unit_words_zh(r, v), "60岁及以上老年人");
  r.measure = RuleMeasure::gravity;
  r.decay = RuleDecay::exponential;
  r.decay_param = 0.1;
  r.per = 1;
  v.reason = VerdictReason::passed;
  v.pass = true;
  EXPECT_EQ(verdict_text_zh(r, walk_run(), v),
            "85.0%的60岁及以上老年人达到15分钟步行范围内衰减加权床位（重力模型，指数衰减，beta 每分钟 0.1）不少于 40"
            "（要求 90.0%）");
}

// The Gini of walking time to the nearest health facility, 0.27 and 0.36 against 0.3.
TEST(WordsZh, EquitySentences) {
  Rule r;
  r.kind = RuleKind::equity;
  r.category = "health";
  r.measure = RuleMeasure::nearest;
  r.index = EquityIndex::gini;
  r.mode = TravelMode::walk;
  r.threshold = 0.3;
  r.comparison = "<=";
  RuleRun run;
  run.mode = TravelMode::walk;
  Verdict v;
  v.reason = VerdictReason::passed;
  v.pass = true;
  v.value = 0.27;
  v.mean = 8.24;
  v.demand = 5000;
  EXPECT_EQ(verdict_text_zh(r, run, v), "步行至最近医疗卫生设施时间的基尼系数 0.27，不高于 0.3（平均 8.2 分钟）");
  v.reason = VerdictReason::failed;
  v.pass = false;
  v.value = 0.36;
  v.unreached = 120;
  EXPECT_EQ(verdict_text_zh(r, run, v),
            "步行至最近医疗卫生设施时间的基尼系数 0.36，高于 0.3（要求不高于 0.3；平均 8.2 分钟；120 人无法到达任何医疗卫生设施，"
            "未计入）");
  EXPECT_EQ(shortfall_unit_words_zh(r, v), "基尼系数");
  // Everybody beyond reach: no index.
  v.reason = VerdictReason::undefined_index;
  v.pass.reset();
  v.unreached = 5000;
  EXPECT_EQ(verdict_text_zh(r, run, v), "不适用：此处居民均无法到达医疗卫生设施");
  EXPECT_EQ(verdict_word_zh(v), "不适用");
  // In a straight line, a Palma ratio.
  r.index = EquityIndex::palma;
  run.mode = TravelMode::distance;
  v.reason = VerdictReason::passed;
  v.pass = true;
  v.value = 1.2;
  v.mean = 812;
  v.unreached = 0;
  r.threshold = 1.5;
  EXPECT_EQ(verdict_text_zh(r, run, v), "至最近医疗卫生设施直线距离的帕尔玛比值 1.20，不高于 1.5（平均 812 米）");
}

}  // namespace
}  // namespace lc::io
