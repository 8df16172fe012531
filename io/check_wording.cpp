#include "io/check_wording.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/format.hpp"
#include "io/words_zh.hpp"

namespace lc::io {

namespace {

// A demand basis as people read it.
std::string basis_words(const std::string& basis) {
  if (basis == "residents" || basis == "population") return "residents";
  if (basis == "elderly") return "people aged 60+";
  return basis;
}

// A facility attribute as people read it.
std::string attribute_words(const std::string& attribute) {
  if (attribute == "beds") return "beds";
  if (attribute == "nursing_beds") return "nursing-type beds";
  if (attribute == "private_beds") return "privately-run hospital beds";
  if (attribute == "area_m2") return "m²";
  return attribute;
}

std::string category_words(const std::string& category) {
  std::string s = category;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// "a fitness", "an elderly care".
std::string a_(const std::string& word) {
  return (word.empty() || std::string("aeiou").find(word[0]) == std::string::npos ? "a " : "an ") + word;
}

// A ratio as people read it: whole numbers plain, else two decimals.
std::string ratio_text(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return thousands(v);
  return fixed(v, 2);
}

std::string per_text(double per) { return per == 1.0 ? "per" : "per " + thousands(per); }

// A count of things (districts, facilities) in a sentence.
std::string count_text(std::size_t n) { return std::to_string(n); }

// The reach of a rule as its run evaluated it.
std::string reach_words(const Rule& rule, const RuleRun& run) {
  return describe_reach(rule.within, run.mode ? *run.mode : rule.mode, run.within_m);
}

std::string missing_text(const Rule& r, const RuleRun& run) {
  const std::string& field = run.missing_field;
  if (run.missing_in == "demand") return "not evaluated: the demand has no '" + field + "' weight";
  if (run.missing_in == "categories") return "not evaluated: no facility source gives the '" + field + "' category";
  return "not evaluated: no " + category_words(r.category) + " facility has a '" + field + "' value";
}

std::string access_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  const std::string people = basis_words(r.demand_basis);
  if (v.reason == VerdictReason::no_demand) return "not applicable: no " + people + " here";
  const std::string facility = a_(category_words(r.category)) + " facility within " + reach_words(r, run);
  if (v.reason == VerdictReason::passed) return percent(v.value) + " of " + people + " have " + facility;
  if (r.min_share >= 1.0) return thousands(v.shortfall) + " " + people + " without " + facility;
  return thousands(v.shortfall) + " more " + people + " need " + facility + " (" + thousands(v.demand - v.demand_met) +
         " without; " + percent(r.min_share) + " required)";
}

std::string supply_ratio_text(const Rule& r, const Verdict& v) {
  const std::string people = basis_words(r.demand_basis);
  if (v.reason == VerdictReason::no_demand) return "not applicable: no " + people + " here";
  const std::string units = attribute_words(r.supply_attribute);
  const std::string has = "has " + thousands(v.supply) + " " + units + " for " + thousands(v.demand) + " " + people +
                          ", " + ratio_text(v.value) + " " + per_text(r.per) + "; " + r.comparison + " " +
                          ratio_text(r.threshold) + " required";
  if (v.reason == VerdictReason::passed) return has;
  if (r.comparison == ">=" || r.comparison == ">")
    return "needs " + thousands(v.shortfall) + " more " + units + " (" + has + ")";
  return thousands(v.shortfall) + " " + units + " too many (" + has + ")";
}

std::string attribute_share_text(const Rule& r, const Verdict& v) {
  const std::string base = attribute_words(r.base_attribute);
  if (v.reason == VerdictReason::no_base)
    return "not applicable: no " + base + " of " + category_words(r.category) + " here";
  const std::string units = attribute_words(r.supply_attribute);
  const std::string has = thousands(v.supply) + " of " + thousands(v.demand) + " " + base + " (" + percent(v.value) +
                          "; " + r.comparison + " " + percent(r.threshold) + " required)";
  if (v.reason == VerdictReason::passed) return has;
  if (r.comparison == ">=" || r.comparison == ">")
    return "needs " + thousands(v.shortfall) + " more " + units + ": " + has;
  return thousands(v.shortfall) + " " + units + " too many: " + has;
}

std::string per_facility_text(const Rule& r, const Verdict& v) {
  const std::string what = category_words(r.category);
  if (v.reason == VerdictReason::no_facility) return "not applicable: no " + what + " facility here";
  if (v.reason == VerdictReason::no_facility_value) {
    return "not applicable: no " + what + " facility here has a " + r.supply_attribute + " value";
  }
  const std::string judged = count_text(static_cast<std::size_t>(std::llround(v.demand)));  // facilities with a value
  const std::string test = r.comparison + " " + ratio_text(r.threshold) + " " + attribute_words(r.supply_attribute);
  if (v.reason == VerdictReason::passed) return "all " + judged + " " + what + " facilities " + test;
  std::string text = count_text(v.failing.size()) + " of " + judged + " " + what + " facilities not " + test + ":";
  constexpr std::size_t named = 5;
  for (std::size_t k = 0; k < v.failing.size() && k < named; ++k) {
    text += (k ? ", " : " ") + v.failing[k].source_id + " (" + ratio_text(v.failing[k].value) + ")";
  }
  if (v.failing.size() > named) text += ", and " + count_text(v.failing.size() - named) + " more";
  return text;
}

std::string two_step_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  const std::string people = basis_words(r.demand_basis);
  if (v.reason == VerdictReason::no_demand) return "not applicable: no " + people + " here";
  const std::string measure =
      attribute_words(r.supply_attribute) + " " + per_text(r.per) + " " + people + " within " + reach_words(r, run);
  const std::string see = percent(v.value) + " of " + people + " see " + r.comparison + " " + ratio_text(r.threshold) +
                          " " + measure + "; " + percent(r.min_share) + " required";
  if (v.reason == VerdictReason::passed) return see;
  return thousands(v.shortfall) + " more " + people + " need " + r.comparison + " " + ratio_text(r.threshold) + " " +
         measure + " (" + see + ")";
}

// --- accessibility and equity --------------------------------------------------------------------

// The unit of a rule's `within`, for decay parameters: "minute" or "metre".
std::string within_unit(const Rule& r) { return r.within.kind == Within::Kind::minutes ? "minute" : "metre"; }

// "zones decay", "exponential decay, beta 0.1 per minute", "power decay, exponent 1.5".
std::string decay_words(const Rule& r) {
  std::string d = r.decay == RuleDecay::gaussian ? "Gaussian" : std::string(rule_decay_name(r.decay));
  d += " decay";
  if (r.decay == RuleDecay::exponential) d += ", beta " + shortest(r.decay_param) + " per " + within_unit(r);
  if (r.decay == RuleDecay::power) d += ", exponent " + shortest(r.decay_param);
  return d;
}

// How the measure is computed: "cumulative opportunities", "gravity (exponential decay, ...)",
// "2SFCA", "E2SFCA (zones decay)", "3SFCA (step decay)".
std::string method_words(const Rule& r) {
  switch (r.measure) {
    case RuleMeasure::cumulative: return "cumulative opportunities";
    case RuleMeasure::gravity: return "gravity (" + decay_words(r) + ")";
    case RuleMeasure::two_step: return "2SFCA";
    case RuleMeasure::enhanced_two_step: return "E2SFCA (" + decay_words(r) + ")";
    case RuleMeasure::three_step: return "3SFCA (" + decay_words(r) + ")";
    case RuleMeasure::nearest: break;
  }
  return "nearest facility";
}

// What the supply counts: "beds", or "health facilities" without a supply attribute.
std::string supply_words(const Rule& r) {
  return r.supply_attribute.empty() ? category_words(r.category) + " facilities" : attribute_words(r.supply_attribute);
}

// The quantity an accessibility measure gives a person, e.g. "beds per 1,000 people aged 60+",
// "health facilities per person", "beds" (cumulative), "decay-weighted beds" (gravity).
std::string quantity_words(const Rule& r) {
  if (r.measure == RuleMeasure::cumulative) return supply_words(r);
  if (r.measure == RuleMeasure::gravity) return "decay-weighted " + supply_words(r);
  return supply_words(r) + " per " + (r.per == 1.0 ? "person" : thousands(r.per) + " " + basis_words(r.demand_basis));
}

// "beds per 1,000 people aged 60+ within a 15-minute walk by E2SFCA (zones decay)".
std::string measure_words(const Rule& r, const RuleRun& run) {
  return quantity_words(r) + " within " + reach_words(r, run) + " by " + method_words(r);
}

std::string accessibility_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  const std::string people = basis_words(r.demand_basis);
  if (v.reason == VerdictReason::no_demand) return "not applicable: no " + people + " here";
  const std::string measure = r.comparison + " " + ratio_text(r.threshold) + " " + measure_words(r, run);
  const std::string see = percent(v.value) + " of " + people + " see " + measure + "; " + percent(r.min_share) + " required";
  if (v.reason == VerdictReason::passed) return see;
  return thousands(v.shortfall) + " more " + people + " need " + measure + " (" + see + ")";
}

// "Gini", "Palma ratio", "Theil index", "concentration index (ranked by income)".
std::string index_words(const Rule& r) {
  switch (r.index) {
    case EquityIndex::gini: return "Gini";
    case EquityIndex::palma: return "Palma ratio";
    case EquityIndex::theil: return "Theil index";
    case EquityIndex::concentration: return "concentration index (ranked by " + r.rank_by + ")";
  }
  return "index";
}

// The measure an equity rule's index is of: "walking time to the nearest health facility",
// "straight-line distance to the nearest health facility", or an accessibility measure.
std::string equity_subject(const Rule& r, const RuleRun& run) {
  if (r.measure != RuleMeasure::nearest) return measure_words(r, run);
  const TravelMode mode = run.mode ? *run.mode : r.mode;
  const std::string to = " to the nearest " + category_words(r.category) + " facility";
  if (mode == TravelMode::walk) return "walking time" + to;
  if (mode == TravelMode::drive) return "driving time" + to;
  return "straight-line distance" + to;
}

// A mean of an accessibility measure: as ratio_text, with two significant digits below 0.01 (0.0004
// beds per person would read "0.00").
std::string mean_text(double v) {
  if (v == 0.0 || std::fabs(v) >= 0.01) return ratio_text(v);
  const double scale = std::pow(10.0, 1.0 - std::floor(std::log10(std::fabs(v))));
  return shortest(std::round(v * scale) / scale);
}

// An index as a report states it: two decimals, three when two would read as the threshold.
std::string index_value_text(double v, double threshold) {
  if (std::isinf(v)) return "infinite";
  std::string s = fixed(v, 2);
  if (s == fixed(threshold, 2) && std::fabs(v - threshold) > 1e-9) s = fixed(v, 3);
  return s;
}

std::string equity_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  const std::string people = basis_words(r.demand_basis);
  if (v.reason == VerdictReason::no_demand) return "not applicable: no " + people + " here";
  const std::string what = category_words(r.category);
  const bool nearest = r.measure == RuleMeasure::nearest;
  const std::string left_out =
      v.unreached > 0 ? thousands(v.unreached) + " " + people + " reach no " + what + " facility and are left out" : "";
  if (v.reason == VerdictReason::undefined_index) {
    if (nearest && v.unreached >= v.demand) return "not applicable: no " + people + " here reach " + a_(what) + " facility";
    if (v.mean == 0.0) return "not applicable: the " + index_words(r) + " has no value here: the measure is 0 for everybody";
    return "not applicable: the " + index_words(r) + " has no value here: nobody here is counted" +
           (left_out.empty() ? "" : " (" + left_out + ")");
  }
  std::string mean = "mean ";
  const TravelMode mode = run.mode ? *run.mode : r.mode;
  if (nearest && mode != TravelMode::distance) {
    mean += fixed(v.mean, 1) + " minutes";
  } else if (nearest) {
    mean += thousands(v.mean) + " m";
  } else {
    mean += mean_text(v.mean);
  }
  const std::string details = " (" + mean + (left_out.empty() ? "" : "; " + left_out) + ")";
  const std::string head = index_words(r) + " of " + equity_subject(r, run) + " " + index_value_text(v.value, r.threshold);
  const std::string limit = r.comparison + " " + shortest(r.threshold);
  if (v.reason == VerdictReason::passed) return head + " " + limit + details;
  return head + ", not " + limit + details;
}

std::string presence_text(const Rule& r, const RuleRun& run, const Verdict& v) {
  const std::string what = category_words(r.category);
  const std::string people = basis_words(r.demand_basis);
  const std::string qualifies = thousands(r.min_population) + "+ " + people;
  switch (v.reason) {
    case VerdictReason::below_min_population:
      return "not applicable: " + thousands(v.demand) + " " + people + " (fewer than " + thousands(r.min_population) +
             ")";
    case VerdictReason::no_district_layer:
      return "not applicable: presence is judged per community; give a district layer";
    case VerdictReason::no_qualifying_district:
      return "not applicable: no district has " + qualifies;
    case VerdictReason::outside_districts:
      return "not applicable: outside every district, not a community";
    case VerdictReason::passed_within_reach:
      return a_(what) + " facility within " + reach_words(r, run) + " of the population centre";
    default:
      break;
  }
  if (v.district == overall_district) {
    const std::size_t served = v.districts_served, qualifying = v.districts_qualifying;
    return count_text(served) + " of " + count_text(qualifying) + " districts with " + qualifies + " served" +
           (served == qualifying ? "" : "; " + count_text(qualifying - served) + " without " + a_(what) + " facility");
  }
  if (v.reason == VerdictReason::passed) return count_text(v.facilities.size()) + " " + what + " facilities inside";
  return "no " + what + " facility inside" +
         (r.has_within ? " or within " + reach_words(r, run) + " of the population centre" : "") + " (" +
         thousands(v.demand) + " " + people + ")";
}

// "type is county, 县 or 县城".
std::string selection_words(const DistrictSelection& sel) {
  std::string values;
  for (std::size_t k = 0; k < sel.values.size(); ++k) {
    values += (k == 0 ? "" : k + 1 == sel.values.size() ? " or " : ", ") + sel.values[k];
  }
  return sel.field + " is " + values;
}

std::string not_selected_text(const Rule& r, const Verdict& v) {
  const std::string where = r.applies_to ? selection_words(*r.applies_to) : "selected";
  if (v.district == overall_district) return "not applicable: no district where " + where;
  if (v.district == outside_districts) return "not applicable: the rule applies only where " + where;
  return "not applicable: the rule applies only where " + where;
}

}  // namespace

std::string describe_reach(const Within& written, TravelMode mode, double within_m) {
  const bool minutes = written.kind == Within::Kind::minutes;
  const std::string amount =
      minutes ? fixed(written.value, written.value == std::round(written.value) ? 0 : 1) : thousands(written.value);
  if (mode == TravelMode::distance) {
    if (minutes) return thousands(within_m) + " m in a straight line (" + amount + " minutes' walk)";
    return amount + " m in a straight line";
  }
  const bool drive = mode == TravelMode::drive;
  if (minutes) {
    const bool an = amount[0] == '8' || amount == "11" || amount == "18";
    return (an ? "an " : "a ") + amount + "-minute " + (drive ? "drive" : "walk");
  }
  return amount + " m " + (drive ? "by road" : "on foot along roads");
}

std::string verdict_text(const Rule& rule, const RuleRun& run, const Verdict& verdict) {
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

std::string shortfall_unit_words(const Rule& rule, const Verdict& verdict) {
  switch (rule.kind) {
    case RuleKind::access:
    case RuleKind::accessibility_2sfca:
    case RuleKind::accessibility:
      return basis_words(verdict.shortfall_unit);
    case RuleKind::supply_ratio:
    case RuleKind::attribute_share:
      return attribute_words(verdict.shortfall_unit);
    case RuleKind::equity:
      return index_words(rule);
    case RuleKind::per_facility:
    case RuleKind::presence:
      break;
  }
  return verdict.shortfall_unit;
}

std::vector<std::string> run_notes(const Rule& rule, const RuleRun& run) {
  std::vector<std::string> notes;
  if (run.mode && *run.mode != rule.mode) {
    notes.push_back(std::string("evaluated in ") + to_string(*run.mode) + " mode instead of the rule's " +
                    to_string(rule.mode));
  }
  if (rule.applies_to) {
    const DistrictSelection& sel = *rule.applies_to;
    if (run.selection_field_missing) {
      notes.push_back("no district has a '" + sel.field + "' field: the rule applies " +
                      (sel.if_unset ? "everywhere" : "nowhere") + " (applies_to, if_unset: " +
                      (sel.if_unset ? "true" : "false") + ")");
    } else {
      notes.push_back("applies to the " + count_text(run.districts_selected) +
                      (run.districts_selected == 1 ? " district where " : " districts where ") +
                      selection_words(sel) + (sel.if_unset ? ", or " + sel.field + " is empty" : ""));
    }
  }
  const std::string what = category_words(rule.category);
  const std::string of_all = " of " + count_text(run.facilities_counted) + " " + what + " facilities have no ";
  switch (rule.kind) {
    case RuleKind::supply_ratio:
    case RuleKind::accessibility_2sfca:
    case RuleKind::accessibility:
    case RuleKind::equity:
      if (run.supply_unknown > 0) {
        notes.push_back(count_text(run.supply_unknown) + of_all + rule.supply_attribute + " value; counted as 0");
      }
      if (run.rank_unknown > 0) {
        notes.push_back(count_text(run.rank_unknown) + (run.rank_unknown == 1 ? " demand point has" : " demand points have") +
                        " no " + rule.rank_by + " value and " + (run.rank_unknown == 1 ? "is" : "are") +
                        " left out of the concentration index");
      }
      break;
    case RuleKind::attribute_share:
      if (run.base_unknown > 0) {
        notes.push_back(count_text(run.base_unknown) + of_all + rule.base_attribute + " value; left out");
      }
      if (run.supply_unknown > 0) {
        notes.push_back(count_text(run.supply_unknown) + " " + what + " facilities with " + rule.base_attribute +
                        " have no " + rule.supply_attribute + " value; counted as 0");
      }
      break;
    case RuleKind::per_facility:
      if (run.supply_unknown > 0) {
        notes.push_back(count_text(run.supply_unknown) + of_all + rule.supply_attribute + " value and are not judged");
      }
      break;
    case RuleKind::presence:
      if (!rule.supply_attribute.empty()) {
        notes.push_back("counts only " + what + " facilities whose " + rule.supply_attribute + " is above 0" +
                        (run.supply_unknown > 0
                             ? "; " + count_text(run.supply_unknown) + of_all + rule.supply_attribute + " value"
                             : ""));
      }
      break;
    case RuleKind::access:
      break;
  }
  return notes;
}

std::vector<std::string> check_notes(const CheckResult& result) {
  std::vector<std::string> notes;
  if (result.has_outside) {
    notes.push_back(thousands(result.demand_outside) + " residents and " + count_text(result.facilities_outside) +
                    " facilities lie in no district; reported as \"outside every district\"");
  }
  if (result.candidates > 0) {
    notes.push_back(count_text(result.candidates) + " candidate sites are not built and do not count towards the plan");
  }
  return notes;
}

CheckWords check_words(const RuleSet& rules, const CheckResult& result, Lang lang) {
  const bool zh = lang == Lang::zh;
  if (result.runs.size() != rules.rules.size()) {
    throw std::logic_error("check words: " + std::to_string(result.runs.size()) + " runs for " +
                           std::to_string(rules.rules.size()) + " rules");
  }
  CheckWords words;
  words.verdicts.reserve(result.verdicts.size());
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    const Verdict& v = result.verdicts[i];
    if (v.rule >= rules.rules.size()) {
      throw std::logic_error("check words: verdict " + std::to_string(i) + " names rule " + std::to_string(v.rule) +
                             " of " + std::to_string(rules.rules.size()));
    }
    words.verdicts.push_back(zh ? verdict_text_zh(rules.rules[v.rule], result.runs[v.rule], v)
                                : verdict_text(rules.rules[v.rule], result.runs[v.rule], v));
  }
  for (std::size_t r = 0; r < rules.rules.size(); ++r)
    words.run_notes.push_back(zh ? run_notes_zh(rules.rules[r], result.runs[r]) : run_notes(rules.rules[r], result.runs[r]));
  words.notes = zh ? check_notes_zh(result) : check_notes(result);
  return words;
}

}  // namespace lc::io
