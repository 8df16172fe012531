#include "io/words_zh.hpp"

#include <cmath>
#include <map>

#include "core/format.hpp"
#include "io/check_wording.hpp"

namespace lc::io {

namespace {

// The whole of a demand basis: 居民, 60岁及以上老年人, or the basis's own name.
std::string basis_all(const std::string& basis) {
  if (basis == "residents" || basis == "population") return "居民";
  if (basis == "elderly") return "60岁及以上老年人";
  return basis;
}

// A count of a demand basis: "12,430 人", "1,200 名60岁及以上老年人", "1,200 pop60".
std::string basis_count(const std::string& basis, double n) {
  if (basis == "residents" || basis == "population") return thousands(n) + " 人";
  if (basis == "elderly") return thousands(n) + " 名60岁及以上老年人";
  return thousands(n) + " " + basis;
}

// What share is measured, before 覆盖率: nothing for residents, else the basis.
std::string basis_group(const std::string& basis) {
  return basis == "residents" || basis == "population" ? "" : basis_all(basis);
}

// A facility attribute as a thing counted: 床位, 护理型床位, 社会办医院床位, 平方米.
std::string attribute_zh(const std::string& attribute) {
  if (attribute == "beds") return "床位";
  if (attribute == "nursing_beds") return "护理型床位";
  if (attribute == "private_beds") return "社会办医院床位";
  if (attribute == "area_m2") return "平方米";
  return attribute;
}

// An amount of an attribute: "1,200 张床位", "5,000 平方米", "35 beds_x".
std::string attribute_amount(const std::string& attribute, double n) {
  if (attribute == "beds" || attribute == "nursing_beds" || attribute == "private_beds")
    return thousands(n) + " 张" + attribute_zh(attribute);
  return thousands(n) + " " + attribute_zh(attribute);
}

// An attribute as a property of one facility: 床位数, 面积.
std::string attribute_name(const std::string& attribute) {
  if (attribute == "beds") return "床位数";
  if (attribute == "nursing_beds") return "护理型床位数";
  if (attribute == "private_beds") return "社会办医院床位数";
  if (attribute == "area_m2") return "面积";
  return attribute;
}

// The unit after a threshold of an attribute: 张, 平方米, or none.
std::string attribute_unit(const std::string& attribute) {
  if (attribute == "beds" || attribute == "nursing_beds" || attribute == "private_beds") return "张";
  if (attribute == "area_m2") return "平方米";
  return "";
}

std::string comparison_zh(const std::string& comparison) {
  if (comparison == ">=") return "不少于";
  if (comparison == ">") return "多于";
  if (comparison == "<=") return "不多于";
  if (comparison == "<") return "少于";
  return comparison;
}

// A ratio as people read it: whole numbers plain, else two decimals (as in English).
std::string ratio_text(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return thousands(v);
  return fixed(v, 2);
}

// 人均, 每百人, 每千人, 每万人, 每 N 人.
std::string per_zh(double per) {
  if (per == 1.0) return "人均";
  if (per == 100.0) return "每百人";
  if (per == 1000.0) return "每千人";
  if (per == 10000.0) return "每万人";
  return "每 " + thousands(per) + " 人";
}

std::string count_text(std::size_t n) { return std::to_string(n); }

// “beds”: a field name as the data spells it.
std::string field(const std::string& name) { return "“" + name + "”"; }

std::string reach_zh(const Rule& rule, const RuleRun& run) {
  return describe_reach_zh(rule.within, run.mode ? *run.mode : rule.mode, run.within_m);
}

// The reasons these words know; any other gets the English sentence.
bool known_reason(VerdictReason reason) {
  switch (reason) {
    case VerdictReason::passed:
    case VerdictReason::passed_within_reach:
    case VerdictReason::failed:
    case VerdictReason::no_demand:
    case VerdictReason::no_base:
    case VerdictReason::no_facility:
    case VerdictReason::no_facility_value:
    case VerdictReason::below_min_population:
    case VerdictReason::no_qualifying_district:
    case VerdictReason::no_district_layer:
    case VerdictReason::outside_districts:
    case VerdictReason::missing_field:
    case VerdictReason::not_selected:
    case VerdictReason::undefined_index:
      return true;
    default:
      return false;
  }
}

// "type为county、县或县城".
std::string selection_zh(const DistrictSelection& sel) {
  std::string values;
  for (std::size_t k = 0; k < sel.values.size(); ++k) {
    values += (k == 0 ? "" : k + 1 == sel.values.size() ? "或" : "、") + sel.values[k];
  }
  return field(sel.field) + "为" + values;
}

std::string not_selected_text(const Rule& r, const Verdict& v) {
  const std::string where = r.applies_to ? selection_zh(*r.applies_to) : "选定";
  if (v.district == overall_district) return "不适用：没有" + where + "的分区";
  return "不适用：本规则仅适用于" + where + "的分区";
}

std::string missing_text(const Rule& r, const RuleRun& run) {
  const std::string& f = run.missing_field;
  if (run.missing_in == "demand") return "未评估：需求数据没有" + field(f) + "权重字段";
  if (run.missing_in == "categories") return "未评估：没有设施来源提供" + field(f) + "类别";
  return "未评估：" + category_zh(r.category) + "设施均无" + field(f) + "数值";
}

std::string access_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  if (v.reason == VerdictReason::no_demand) return "不适用：此处没有" + basis_all(r.demand_basis);
  const std::string share = category_zh(r.category) + "设施" + reach_zh(r, run) + basis_group(r.demand_basis) +
                            "覆盖率 " + percent_zh(v.value);
  if (v.reason == VerdictReason::passed) return share;
  if (r.min_share >= 1.0) return share + "，尚有 " + basis_count(r.demand_basis, v.shortfall) + "未覆盖";
  return share + "，低于要求的 " + percent_zh(r.min_share) + "，尚有 " +
         basis_count(r.demand_basis, v.demand - v.demand_met) + "未覆盖，还需覆盖 " +
         basis_count(r.demand_basis, v.shortfall);
}

std::string supply_ratio_text(const Rule& r, const Verdict& v) {
  if (v.reason == VerdictReason::no_demand) return "不适用：此处没有" + basis_all(r.demand_basis);
  const std::string has = "现有 " + attribute_amount(r.supply_attribute, v.supply) + "，" + basis_all(r.demand_basis) +
                          " " + thousands(v.demand) + "，" + per_zh(r.per) + " " + ratio_text(v.value) + "；要求" +
                          comparison_zh(r.comparison) + " " + ratio_text(r.threshold);
  if (v.reason == VerdictReason::passed) return has;
  if (r.comparison == ">=" || r.comparison == ">")
    return "尚缺 " + attribute_amount(r.supply_attribute, v.shortfall) + "（" + has + "）";
  return "超出 " + attribute_amount(r.supply_attribute, v.shortfall) + "（" + has + "）";
}

std::string attribute_share_text(const Rule& r, const Verdict& v) {
  if (v.reason == VerdictReason::no_base)
    return "不适用：此处没有" + category_zh(r.category) + "设施的" + attribute_zh(r.base_attribute);
  const std::string has = attribute_amount(r.supply_attribute, v.supply) + "，占 " +
                          attribute_amount(r.base_attribute, v.demand) + "的 " + percent_zh(v.value) + "（要求" +
                          comparison_zh(r.comparison) + " " + percent_zh(r.threshold) + "）";
  if (v.reason == VerdictReason::passed) return has;
  if (r.comparison == ">=" || r.comparison == ">")
    return "尚缺 " + attribute_amount(r.supply_attribute, v.shortfall) + "：" + has;
  return "超出 " + attribute_amount(r.supply_attribute, v.shortfall) + "：" + has;
}

std::string per_facility_text(const Rule& r, const Verdict& v) {
  const std::string what = category_zh(r.category);
  if (v.reason == VerdictReason::no_facility) return "不适用：此处没有" + what + "设施";
  if (v.reason == VerdictReason::no_facility_value)
    return "不适用：此处的" + what + "设施均无" + field(r.supply_attribute) + "数值";
  const std::string judged = count_text(static_cast<std::size_t>(std::llround(v.demand)));  // facilities with a value
  const std::string test = attribute_name(r.supply_attribute) + comparison_zh(r.comparison) + " " +
                           ratio_text(r.threshold) + " " + attribute_unit(r.supply_attribute);
  std::string trimmed = test;
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
  if (v.reason == VerdictReason::passed) return "全部 " + judged + " 处" + what + "设施" + trimmed;
  std::string text = judged + " 处" + what + "设施中有 " + count_text(v.failing.size()) + " 处未达到" + trimmed + "：";
  constexpr std::size_t named = 5;
  for (std::size_t k = 0; k < v.failing.size() && k < named; ++k) {
    text += (k ? "、" : "") + v.failing[k].source_id + "（" + ratio_text(v.failing[k].value) + "）";
  }
  if (v.failing.size() > named) text += "，另有 " + count_text(v.failing.size() - named) + " 处";
  return text;
}

std::string two_step_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  if (v.reason == VerdictReason::no_demand) return "不适用：此处没有" + basis_all(r.demand_basis);
  const std::string measure = reach_zh(r, run) + "范围内" + per_zh(r.per) + attribute_zh(r.supply_attribute) +
                              comparison_zh(r.comparison) + " " + ratio_text(r.threshold);
  const std::string see = percent_zh(v.value) + "的" + basis_all(r.demand_basis) + "达到" + measure + "（要求 " +
                          percent_zh(r.min_share) + "）";
  if (v.reason == VerdictReason::passed) return see;
  return "尚有 " + basis_count(r.demand_basis, v.shortfall) + "需达到" + measure + "（" + percent_zh(v.value) + "的" +
         basis_all(r.demand_basis) + "达到，要求 " + percent_zh(r.min_share) + "）";
}

// --- accessibility and equity --------------------------------------------------------------------

std::string within_unit(const Rule& r) { return r.within.kind == Within::Kind::minutes ? "每分钟" : "每米"; }

// 分段衰减, 指数衰减，beta 每分钟 0.1, 幂函数衰减，指数 1.5.
std::string decay_zh(const Rule& r) {
  switch (r.decay) {
    case RuleDecay::step: return "阶梯衰减";
    case RuleDecay::linear: return "线性衰减";
    case RuleDecay::exponential: return "指数衰减，beta " + within_unit(r) + " " + shortest(r.decay_param);
    case RuleDecay::gaussian: return "高斯衰减";
    case RuleDecay::power: return "幂函数衰减，指数 " + shortest(r.decay_param);
    case RuleDecay::zones: return "分段衰减";
  }
  return "";
}

// 累积机会法, 重力模型（…衰减）, 两步移动搜寻法, 增强两步移动搜寻法（…衰减）, 三步移动搜寻法（…衰减）.
std::string method_zh(const Rule& r) {
  switch (r.measure) {
    case RuleMeasure::cumulative: return "累积机会法";
    case RuleMeasure::gravity: return "重力模型，" + decay_zh(r);
    case RuleMeasure::two_step: return "两步移动搜寻法";
    case RuleMeasure::enhanced_two_step: return "增强两步移动搜寻法，" + decay_zh(r);
    case RuleMeasure::three_step: return "三步移动搜寻法，" + decay_zh(r);
    case RuleMeasure::nearest: break;
  }
  return "最近设施";
}

// What the supply counts: 床位, or 医疗卫生设施数 without a supply attribute.
std::string supply_zh(const Rule& r) {
  return r.supply_attribute.empty() ? category_zh(r.category) + "设施数" : attribute_zh(r.supply_attribute);
}

// 每千人床位, 人均医疗卫生设施数, 床位 (cumulative), 衰减加权床位 (gravity).
std::string quantity_zh(const Rule& r) {
  if (r.measure == RuleMeasure::cumulative) return supply_zh(r);
  if (r.measure == RuleMeasure::gravity) return "衰减加权" + supply_zh(r);
  return per_zh(r.per) + supply_zh(r);
}

// "15分钟步行范围内每千人床位（增强两步移动搜寻法，分段衰减）".
std::string measure_zh(const Rule& r, const RuleRun& run) {
  return reach_zh(r, run) + "范围内" + quantity_zh(r) + "（" + method_zh(r) + "）";
}

std::string accessibility_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  if (v.reason == VerdictReason::no_demand) return "不适用：此处没有" + basis_all(r.demand_basis);
  const std::string measure = measure_zh(r, run) + comparison_zh(r.comparison) + " " + ratio_text(r.threshold);
  const std::string see = percent_zh(v.value) + "的" + basis_all(r.demand_basis) + "达到" + measure + "（要求 " +
                          percent_zh(r.min_share) + "）";
  if (v.reason == VerdictReason::passed) return see;
  return "尚有 " + basis_count(r.demand_basis, v.shortfall) + "需达到" + measure + "（" + percent_zh(v.value) + "的" +
         basis_all(r.demand_basis) + "达到，要求 " + percent_zh(r.min_share) + "）";
}

// 基尼系数, 帕尔玛比值, 泰尔指数, 集中指数（按“income”排序）.
std::string index_zh(const Rule& r) {
  switch (r.index) {
    case EquityIndex::gini: return "基尼系数";
    case EquityIndex::palma: return "帕尔玛比值";
    case EquityIndex::theil: return "泰尔指数";
    case EquityIndex::concentration: return "集中指数（按" + field(r.rank_by) + "排序）";
  }
  return "";
}

// 步行至最近医疗卫生设施时间, 至最近医疗卫生设施直线距离, or an accessibility measure.
std::string equity_subject_zh(const Rule& r, const RuleRun& run) {
  if (r.measure != RuleMeasure::nearest) return measure_zh(r, run);
  const TravelMode mode = run.mode ? *run.mode : r.mode;
  const std::string to = "至最近" + category_zh(r.category) + "设施";
  if (mode == TravelMode::walk) return "步行" + to + "时间";
  if (mode == TravelMode::drive) return "车行" + to + "时间";
  return to + "直线距离";
}

// An index compared with a threshold: 不高于 (<=), 低于 (<), 不低于 (>=), 高于 (>); `met` false: the
// opposite, as a failing index is.
std::string index_comparison_zh(const std::string& comparison, bool met) {
  if (comparison == "<=") return met ? "不高于" : "高于";
  if (comparison == "<") return met ? "低于" : "不低于";
  if (comparison == ">=") return met ? "不低于" : "低于";
  return met ? "高于" : "不高于";
}

// A mean of an accessibility measure: as ratio_text, with two significant digits below 0.01 (0.0004
// beds per person would read "0.00").
std::string mean_text(double v) {
  if (v == 0.0 || std::fabs(v) >= 0.01) return ratio_text(v);
  const double scale = std::pow(10.0, 1.0 - std::floor(std::log10(std::fabs(v))));
  return shortest(std::round(v * scale) / scale);
}

std::string index_value_zh(double v, double threshold) {
  if (std::isinf(v)) return "无穷大";
  std::string s = fixed(v, 2);
  if (s == fixed(threshold, 2) && std::fabs(v - threshold) > 1e-9) s = fixed(v, 3);
  return s;
}

std::string equity_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  if (v.reason == VerdictReason::no_demand) return "不适用：此处没有" + basis_all(r.demand_basis);
  const std::string what = category_zh(r.category);
  const bool nearest = r.measure == RuleMeasure::nearest;
  const std::string left_out =
      v.unreached > 0 ? basis_count(r.demand_basis, v.unreached) + "无法到达任何" + what + "设施，未计入" : "";
  if (v.reason == VerdictReason::undefined_index) {
    if (nearest && v.unreached >= v.demand) return "不适用：此处" + basis_all(r.demand_basis) + "均无法到达" + what + "设施";
    if (v.mean == 0.0) return "不适用：此处指标均为 0，" + index_zh(r) + "无定义";
    return "不适用：此处没有可计入的人口，" + index_zh(r) + "无定义" + (left_out.empty() ? "" : "（" + left_out + "）");
  }
  std::string mean = "平均 ";
  const TravelMode mode = run.mode ? *run.mode : r.mode;
  if (nearest && mode != TravelMode::distance) {
    mean += fixed(v.mean, 1) + " 分钟";
  } else if (nearest) {
    mean += thousands(v.mean) + " 米";
  } else {
    mean += mean_text(v.mean);
  }
  const std::string details = mean + (left_out.empty() ? "" : "；" + left_out) + "）";
  const std::string head = equity_subject_zh(r, run) + "的" + index_zh(r) + " " + index_value_zh(v.value, r.threshold) + "，";
  const std::string limit = " " + shortest(r.threshold);
  if (v.reason == VerdictReason::passed) return head + index_comparison_zh(r.comparison, true) + limit + "（" + details;
  return head + index_comparison_zh(r.comparison, false) + limit + "（要求" + index_comparison_zh(r.comparison, true) +
         limit + "；" + details;
}

std::string presence_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  const std::string what = category_zh(r.category);
  const std::string qualifies = basis_count(r.demand_basis, r.min_population) + "以上";
  switch (v.reason) {
    case VerdictReason::below_min_population:
      return "不适用：" + basis_count(r.demand_basis, v.demand) + "（少于 " +
             basis_count(r.demand_basis, r.min_population) + "）";
    case VerdictReason::no_district_layer:
      return "不适用：按社区逐一评价，需提供分区图层";
    case VerdictReason::no_qualifying_district:
      return "不适用：没有" + qualifies + "的分区";
    case VerdictReason::outside_districts:
      return "不适用：不在任何分区内，不属于社区";
    case VerdictReason::passed_within_reach:
      return "人口重心" + reach_zh(r, run) + "范围内有" + what + "设施";
    default:
      break;
  }
  if (v.district == overall_district) {
    const std::size_t served = v.districts_served, qualifying = v.districts_qualifying;
    return count_text(qualifying) + " 个" + qualifies + "的分区中 " + count_text(served) + " 个已配置" +
           (served == qualifying ? "" : "，" + count_text(qualifying - served) + " 个没有" + what + "设施");
  }
  if (v.reason == VerdictReason::passed) return "区内有 " + count_text(v.facilities.size()) + " 处" + what + "设施";
  return "区内没有" + what + "设施" + (r.has_within ? "，人口重心" + reach_zh(r, run) + "范围内也没有" : "") + "（" +
         basis_count(r.demand_basis, v.demand) + "）";
}

}  // namespace

std::string category_zh(const std::string& category) {
  static const std::map<std::string, std::string> names = {
      {"health", "医疗卫生"}, {"elderly_care", "养老服务"}, {"fitness", "体育健身"}, {"scenic", "景区公园"}};
  const auto it = names.find(category);
  return it != names.end() ? it->second : category;
}

std::string mode_zh(const std::string& mode) {
  if (mode == "distance") return "直线距离";
  if (mode == "walk") return "步行";
  if (mode == "drive") return "车行";
  return mode;
}

std::string mode_zh(TravelMode mode) { return mode_zh(std::string(to_string(mode))); }

std::string measure_zh(const std::string& measure) {
  static const std::map<std::string, std::string> names = {
      {"cumulative", "累积机会"},
      {"gravity", "重力模型"},
      {"2sfca", "两步移动搜寻法（2SFCA）"},
      {"e2sfca", "增强两步移动搜寻法（E2SFCA）"},
      {"3sfca", "三步移动搜寻法（3SFCA）"},
      {"proximity", "邻近时间"},
      {"capacity", "容量约束覆盖"}};
  const auto it = names.find(measure);
  return it != names.end() ? it->second : measure;
}

std::string describe_reach_zh(const Within& written, TravelMode mode, double within_m) {
  const bool minutes = written.kind == Within::Kind::minutes;
  const std::string amount =
      minutes ? fixed(written.value, written.value == std::round(written.value) ? 0 : 1) : thousands(written.value);
  if (mode == TravelMode::distance) {
    if (minutes) return "直线" + thousands(within_m) + "米（步行" + amount + "分钟）";
    return "直线" + amount + "米";
  }
  const std::string how = mode == TravelMode::drive ? "车行" : "步行";
  if (minutes) return amount + "分钟" + how;
  return "路网" + how + amount + "米";
}

std::string verdict_text_zh(const Rule& rule, const RuleRun& run, const Verdict& verdict) {
  if (!known_reason(verdict.reason)) return verdict_text(rule, run, verdict);
  if (verdict.reason == VerdictReason::missing_field) return missing_text(rule, run);
  if (verdict.reason == VerdictReason::not_selected) return not_selected_text(rule, verdict);
  switch (rule.kind) {
    case RuleKind::access:
      return access_text(rule, run, verdict);
    case RuleKind::supply_ratio:
      return supply_ratio_text(rule, verdict);
    case RuleKind::attribute_share:
      return attribute_share_text(rule, verdict);
    case RuleKind::accessibility_2sfca:
      return two_step_text(rule, run, verdict);
    case RuleKind::per_facility:
      return per_facility_text(rule, verdict);
    case RuleKind::presence:
      return presence_text(rule, run, verdict);
    case RuleKind::accessibility:
      return accessibility_text(rule, run, verdict);
    case RuleKind::equity:
      return equity_text(rule, run, verdict);
  }
  return "";
}

std::string shortfall_unit_words_zh(const Rule& rule, const Verdict& verdict) {
  switch (rule.kind) {
    case RuleKind::access:
    case RuleKind::accessibility_2sfca:
    case RuleKind::accessibility:
      return basis_all(verdict.shortfall_unit);
    case RuleKind::supply_ratio:
    case RuleKind::attribute_share:
      return attribute_zh(verdict.shortfall_unit);
    case RuleKind::equity:
      return index_zh(rule);
    case RuleKind::per_facility:
    case RuleKind::presence:
      break;
  }
  if (verdict.shortfall_unit == "facilities") return "处设施";
  if (verdict.shortfall_unit == "communities") return "个社区";
  return verdict.shortfall_unit;
}

std::vector<std::string> run_notes_zh(const Rule& rule, const RuleRun& run) {
  std::vector<std::string> notes;
  if (run.mode && *run.mode != rule.mode) {
    notes.push_back("按" + mode_zh(*run.mode) + "评估（规则原为" + mode_zh(rule.mode) + "）");
  }
  if (rule.applies_to) {
    const DistrictSelection& sel = *rule.applies_to;
    if (run.selection_field_missing) {
      notes.push_back("分区没有" + field(sel.field) + "字段：本规则" + (sel.if_unset ? "适用于全部分区" : "不适用于任何分区") +
                      "（applies_to，if_unset: " + (sel.if_unset ? "true" : "false") + "）");
    } else {
      notes.push_back("适用于" + selection_zh(sel) + (sel.if_unset ? "或该字段为空" : "") + "的 " +
                      count_text(run.districts_selected) + " 个分区");
    }
  }
  const std::string of_all = count_text(run.facilities_counted) + " 处" + category_zh(rule.category) + "设施中有 ";
  switch (rule.kind) {
    case RuleKind::supply_ratio:
    case RuleKind::accessibility_2sfca:
    case RuleKind::accessibility:
    case RuleKind::equity:
      if (run.supply_unknown > 0) {
        notes.push_back(of_all + count_text(run.supply_unknown) + " 处没有" + field(rule.supply_attribute) + "数值，按 0 计");
      }
      if (run.rank_unknown > 0) {
        notes.push_back(count_text(run.rank_unknown) + " 个需求点没有" + field(rule.rank_by) + "数值，未计入集中指数");
      }
      break;
    case RuleKind::attribute_share:
      if (run.base_unknown > 0) {
        notes.push_back(of_all + count_text(run.base_unknown) + " 处没有" + field(rule.base_attribute) + "数值，不计入");
      }
      if (run.supply_unknown > 0) {
        notes.push_back("有" + field(rule.base_attribute) + "数值的" + category_zh(rule.category) + "设施中有 " +
                        count_text(run.supply_unknown) + " 处没有" + field(rule.supply_attribute) + "数值，按 0 计");
      }
      break;
    case RuleKind::per_facility:
      if (run.supply_unknown > 0) {
        notes.push_back(of_all + count_text(run.supply_unknown) + " 处没有" + field(rule.supply_attribute) + "数值，未作评价");
      }
      break;
    case RuleKind::presence:
      if (!rule.supply_attribute.empty()) {
        notes.push_back("仅计" + field(rule.supply_attribute) + "大于 0 的" + category_zh(rule.category) + "设施" +
                        (run.supply_unknown > 0 ? "；" + of_all + count_text(run.supply_unknown) + " 处没有" +
                                                      field(rule.supply_attribute) + "数值"
                                                : ""));
      }
      break;
    case RuleKind::access:
      break;
  }
  return notes;
}

std::vector<std::string> check_notes_zh(const CheckResult& result) {
  std::vector<std::string> notes;
  if (result.has_outside) {
    notes.push_back(thousands(result.demand_outside) + " 名居民和 " + count_text(result.facilities_outside) +
                    " 处设施不在任何分区内，单列为“不在任何分区内”");
  }
  if (result.candidates > 0) {
    notes.push_back(count_text(result.candidates) + " 处备选设施尚未建设，不计入规划");
  }
  return notes;
}

std::string verdict_word_zh(const Verdict& verdict) {
  if (verdict.pass) return *verdict.pass ? "达标" : "未达标";
  return verdict.reason == VerdictReason::missing_field ? "未评估" : "不适用";
}

std::string phrase_zh(std::string_view english) {
  static const std::map<std::string_view, std::string_view> phrases = {
      // report.md
      {"# Compliance check: ", "# 规划达标检查："},
      {"## Inputs\n\n", "## 输入数据\n\n"},
      {"- Rules: ", "- 规则："},
      {"- Facilities: ", "- 设施："},
      {"- Demand: ", "- 人口："},
      {"- Districts: ", "- 分区："},
      {"none (overall verdicts only)", "无（仅作总体评价）"},
      {"- CRS: ", "- 坐标系："},
      {"- Population basis: ", "- 人口依据："},
      {"- Mode override: ", "- 统一出行方式："},
      {"none (each rule's own mode)", "无（各规则按其自身方式）"},
      {" (every rule's mode replaced)", "（替换所有规则的出行方式）"},
      {"- Strict: rules whose data is missing fail instead of being not evaluated\n",
       "- 严格模式：缺少数据的规则判为错误，而非未评估\n"},
      {"- Skipped features: ", "- 跳过的要素："},
      {"- Outside every district: ", "- 不在任何分区内："},
      {"- Note: ", "- 说明："},
      {"\n## Summary\n\n", "\n## 结论汇总\n\n"},
      {"| rule | value | threshold | verdict | districts failing | shortfall |\n",
       "| 规则 | 指标值 | 标准值 | 结论 | 未达标分区 | 差距 |\n"},
      {"- Measure: ", "- 指标："},
      {", category ", "，类别 "},
      {" within ", "，范围 "},
      {"- Overall: ", "- 总体："},
      {" against ", "，标准值 "},
      {"- Facilities counted: ", "- 计入设施："},
      {"- Source: ", "- 依据："},
      {"not given", "未注明"},
      {" (confidence ", "（可信度 "},
      {"; from a shipped preset", "；内置规则集"},
      {"- Missing field: no `", "- 缺少字段：`"},
      {"\n| district | value | verdict | shortfall |\n|---|---:|---|---|\n",
       "\n| 分区 | 指标值 | 结论 | 差距 |\n|---|---:|---|---|\n"},
      {"- Requirement: ", "- 要求："},
      {", measure ", "，测度 "},
      {", decay ", "，衰减 "},
      {", index ", "，指数 "},
      {", of ", "，对象 "},
      // scopes, the table and values
      {"overall", "总体"},
      {"(outside every district)", "（不在任何分区内）"},
      {"district ", "分区 "},
      {"yes", "有"},
      {"no", "无"},
      {"n/a", "不适用"},
      {"rule", "规则"},
      {"value", "指标值"},
      {"threshold", "标准值"},
      {"verdict", "结论"},
      {"failing", "未达标"},
      {"shortfall", "差距"},
      {"no overall verdict", "无总体结论"},
      {"people", "人"},
      {"facilities", "处设施"},
      {" (overall and ", "（总体及 "},
      {" districts)", " 个分区）"},
      {"; outside every district: ", "；不在任何分区内："},
      {"not evaluated", "未评估"},
      {"below the threshold", "未达到标准值"},
  };
  const auto it = phrases.find(english);
  return std::string(it != phrases.end() ? it->second : english);
}

std::string verdicts_summary_zh(std::size_t verdicts, std::size_t passed, std::size_t failed,
                                std::size_t not_applicable) {
  return "共 " + count_text(verdicts) + " 项结论：达标 " + count_text(passed) + " 项，未达标 " + count_text(failed) +
         " 项，不适用或未评估 " + count_text(not_applicable) + " 项";
}

std::string districts_passing_zh(std::size_t passing, std::size_t districts) {
  return count_text(districts) + " 个分区中 " + count_text(passing) + " 个达标";
}

std::string status_zh(const std::string& status) {
  if (status == "existing") return "现状";
  if (status == "planned") return "规划";
  if (status == "candidate") return "备选";
  if (status == "competitor") return "他方";
  return status;
}

std::string missing_in_zh(const std::string& missing_in) {
  if (missing_in == "facilities") return "设施数据";
  if (missing_in == "demand") return "需求数据";
  if (missing_in == "categories") return "设施类别";
  return "数据";
}

}  // namespace lc::io
