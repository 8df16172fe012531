#pragma once
// Planning compliance rules as plain data (issue 6). io/rules.hpp reads them from YAML; evaluation
// lives elsewhere. A rule names what it measures, the threshold it must meet and where the threshold
// comes from, so a report never shows an unverified number as law.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/threshold.hpp"
#include "core/within.hpp"

namespace lc {

enum class RuleKind {
  // Share of (weighted) demand within `within` of a facility of `category`, by `mode`, >= `min_share`.
  access,
  // sum(supply_attribute of `category` facilities in a district) / sum(demand_basis) * `per`
  // compared with `threshold`, e.g. beds per 1,000 people aged 60+.
  supply_ratio,
  // sum(supply_attribute) / sum(base_attribute) over the same facilities of `category`, compared with
  // `threshold` (a fraction: 0.55 = 55 %), e.g. nursing-type beds among all elderly-care beds. A kind
  // of its own because both sums are facility attributes; no demand enters it.
  attribute_share,
  // Two-step floating catchment: supply within `within` per demand within `within` (times `per`) at
  // every demand point; passes when the share of demand whose ratio meets `threshold` is >= `min_share`.
  accessibility_2sfca,
  // Every facility of `category` has supply_attribute `comparison` `threshold` (e.g. area_m2 >= 120).
  per_facility,
  // Every district (settlement, community) whose `demand_basis` total is >= `min_population` has a
  // facility of `category` inside it, or within `within` when it is set; with `supply_attribute`,
  // only facilities whose value of it is above 0 count (e.g. a medical-care-combined institution).
  presence,
  // An accessibility measure (`measure`, `decay`) of `category` within `within` at every demand
  // point, times `per`; passes when the share of demand whose value meets `threshold` is >=
  // `min_share` (e.g. 90 % of the elderly see >= 40 beds per 1,000 by E2SFCA).
  accessibility,
  // An inequality index (`index`) of a per-person measure (`measure`: the travel cost to the
  // nearest facility of `category`, or an accessibility measure) over the demand, compared with
  // `threshold` (e.g. the Gini of walking time to health <= 0.3).
  equity,
};

// What an accessibility or equity rule measures at every demand point. nearest: the travel cost to
// the nearest facility of the category (equity only); the others are algorithms/access.hpp's.
enum class RuleMeasure { nearest, cumulative, gravity, two_step, enhanced_two_step, three_step };

// The distance decay of a measure (algorithms/access.hpp's Decay), its parameters in the unit of
// the rule's `within`: minutes for a within in minutes, metres otherwise.
enum class RuleDecay { step, linear, exponential, gaussian, power, zones };

// The inequality indexes of algorithms/equity.hpp.
enum class EquityIndex { gini, palma, theil, concentration };

// The districts a rule applies to, by one of their fields (Districts::attributes): a district is
// selected when its value of `field` is one of `values` (compared exactly, after trimming spaces;
// ASCII letters in either case), e.g. {type, [county, 县]}. A district whose value is empty, or a run
// without the field or without districts, counts as selected when `if_unset` is true.
struct DistrictSelection {
  std::string field;
  std::vector<std::string> values;
  bool if_unset = false;

  bool selects(std::string_view value) const {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty()) return if_unset;
    for (const std::string& v : values) {
      if (v.size() != value.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < v.size() && same; ++k) {
        const auto a = static_cast<unsigned char>(v[k]), b = static_cast<unsigned char>(value[k]);
        same = a == b || (a < 0x80 && b < 0x80 && (a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a' && (a | 0x20) <= 'z');
      }
      if (same) return true;
    }
    return false;
  }
};

struct Rule {
  std::string id;                 // unique within a rule set, e.g. "elderly.beds_per_1000_elderly"
  RuleKind kind = RuleKind::access;
  std::string category;           // facility category, e.g. "health", "elderly_care"
  TravelMode mode = TravelMode::distance;  // distance, walk or drive (the kinds that use_mode)
  Within within;                  // the kinds that travel (optional for presence)
  bool has_within = false;        // false: presence means "inside the district"
  double min_share = 1.0;         // access, 2SFCA, accessibility: required share of demand, 0..1
  std::string supply_attribute;   // facility attribute summed or tested, e.g. "beds", "area_m2"
  std::string base_attribute;     // attribute_share: the denominator facility attribute, e.g. "beds"
  std::string demand_basis = "residents";  // demand weight field or named basis: residents, elderly, ...
  double per = 1.0;               // ratio multiplier: 1000 for "per 1,000"
  double threshold = 0.0;         // value the measure is compared with
  std::string unit;               // for reports, e.g. "beds per 1,000 people aged 60+"
  std::string title_zh;           // Chinese reports: the requirement as the standard words it
  std::string unit_zh;            // Chinese reports: what the measure is, e.g. "每千名60岁及以上老年人养老床位数"
  std::string comparison = ">=";  // ">=" | ">" | "<=" | "<" (equity reads "<=" when not given)
  double min_population = 0.0;    // presence: districts below this are not applicable
  // The districts the rule applies to; unset: all. Elsewhere its verdict is "not applicable", and
  // the whole plan's verdict is over the selected districts only (access and 2SFCA still count
  // facilities anywhere, since people cross district lines; the kinds that sum facilities count
  // those inside the selected districts).
  std::optional<DistrictSelection> applies_to;
  // accessibility, equity: the measure at every demand point; equity takes nearest too (`of`).
  RuleMeasure measure = RuleMeasure::two_step;
  RuleDecay decay = RuleDecay::step;
  // exponential: beta per unit of `within` (per minute, per metre), > 0; power: the exponent, in
  // (0, 10] (costs below 1 unit count as 1 unit); NaN for the other decays.
  double decay_param = std::numeric_limits<double>::quiet_NaN();
  // zones: ascending upper bounds in the unit of `within` (the last at most `within`) and their
  // weights in (0, 1]; empty: three equal thirds of `within` weighted 1, 0.68, 0.22 (Luo & Qi 2009).
  std::vector<double> zones;
  std::vector<double> zone_weights;
  EquityIndex index = EquityIndex::gini;  // equity
  std::string rank_by;            // equity, concentration: the demand field people are ranked by
  std::string source;             // citation (standard, clause, plan)
  std::string confidence;         // "V" | "S" | "R" | "?" (see shared/research/standards.md)
  bool preset = false;            // came from a shipped preset (missing data → not evaluated)
  int line = 0;                   // 1-based line of the rule in its file, for messages
};

struct RuleSet {
  std::string name;   // the file's `name:` (or the preset name)
  std::string path;   // the file it was read from, for messages
  std::vector<Rule> rules;
};

// "access", "supply_ratio", ... as written in rule files.
inline std::string_view rule_kind_name(RuleKind kind) {
  switch (kind) {
    case RuleKind::access: return "access";
    case RuleKind::supply_ratio: return "supply_ratio";
    case RuleKind::attribute_share: return "attribute_share";
    case RuleKind::accessibility_2sfca: return "accessibility_2sfca";
    case RuleKind::per_facility: return "per_facility";
    case RuleKind::presence: return "presence";
    case RuleKind::accessibility: return "accessibility";
    case RuleKind::equity: return "equity";
  }
  return "unknown";
}

// "nearest", "cumulative", "gravity", "2sfca", "e2sfca", "3sfca", as written in rule files.
inline std::string_view rule_measure_name(RuleMeasure m) {
  switch (m) {
    case RuleMeasure::nearest: return "nearest";
    case RuleMeasure::cumulative: return "cumulative";
    case RuleMeasure::gravity: return "gravity";
    case RuleMeasure::two_step: return "2sfca";
    case RuleMeasure::enhanced_two_step: return "e2sfca";
    case RuleMeasure::three_step: return "3sfca";
  }
  return "unknown";
}

// "step", "linear", "exponential", "gaussian", "power", "zones".
inline std::string_view rule_decay_name(RuleDecay d) {
  switch (d) {
    case RuleDecay::step: return "step";
    case RuleDecay::linear: return "linear";
    case RuleDecay::exponential: return "exponential";
    case RuleDecay::gaussian: return "gaussian";
    case RuleDecay::power: return "power";
    case RuleDecay::zones: return "zones";
  }
  return "unknown";
}

// "gini", "palma", "theil", "concentration".
inline std::string_view equity_index_name(EquityIndex i) {
  switch (i) {
    case EquityIndex::gini: return "gini";
    case EquityIndex::palma: return "palma";
    case EquityIndex::theil: return "theil";
    case EquityIndex::concentration: return "concentration";
  }
  return "unknown";
}

// Whether a rule measures travel within a reach, so has a mode and a `within`: access, 2SFCA,
// accessibility, equity of an accessibility measure, and presence within a reach (presence without
// one means "inside the district").
inline bool travels(const Rule& rule) {
  return rule.kind == RuleKind::access || rule.kind == RuleKind::accessibility_2sfca ||
         rule.kind == RuleKind::accessibility || (rule.kind == RuleKind::equity && rule.measure != RuleMeasure::nearest) ||
         (rule.kind == RuleKind::presence && rule.has_within);
}

// Whether a rule is evaluated in a travel mode: those that travel, and equity of the travel cost
// to the nearest facility (which has a mode but no reach: the cost is not capped).
inline bool uses_mode(const Rule& rule) {
  return travels(rule) || (rule.kind == RuleKind::equity && rule.measure == RuleMeasure::nearest);
}

// Every rule's reach resolved once, in rule order: in `mode` when given, else in the rule's own, with
// minutes turned into metres at `walk_speed_mps` in distance mode. Rules that do not travel get
// theirs too (from an empty `within`); only its mode is read, by the rules that use one. Throws std::invalid_argument as
// resolve_threshold does (a cost-matrix mode, a speed that is not positive).
inline std::vector<Threshold> rule_thresholds(const RuleSet& rules, std::optional<TravelMode> mode,
                                              double walk_speed_mps) {
  std::vector<Threshold> out;
  out.reserve(rules.rules.size());
  for (const Rule& r : rules.rules) out.push_back(resolve_threshold(r.within, mode ? *mode : r.mode, walk_speed_mps));
  return out;
}

}  // namespace lc
