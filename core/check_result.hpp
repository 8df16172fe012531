#pragma once
// The outcome of checking a plan against a rule set: one verdict per rule for the whole plan and
// per district. Plain data and no words: algorithms/compliance.hpp computes it, io/check_wording.hpp
// words it, io/write_check.hpp reports it.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/threshold.hpp"

namespace lc {

// Verdict::district values besides a district index.
inline constexpr Id overall_district = invalid_id;         // the whole plan
inline constexpr Id outside_districts = invalid_id - 1;    // demand and facilities in no district

// Why a verdict is what it is: a pass or a fail, or why there is none. io/check_wording.hpp puts
// each into words.
enum class VerdictReason : std::uint8_t {
  passed,                  // the measure meets the threshold
  passed_within_reach,     // presence: no facility inside the district, one within reach of its population centre
  failed,                  // the measure misses the threshold (see shortfall)
  no_demand,               // not applicable: none of the rule's demand basis here
  no_base,                 // not applicable (attribute_share): no base-attribute total here
  no_facility,             // not applicable (per_facility): no facility of the category here
  no_facility_value,       // not applicable (per_facility): none of them has the attribute
  below_min_population,    // not applicable (presence): a district smaller than the rule's min_population
  no_qualifying_district,  // not applicable (presence, overall): no district reaches min_population
  no_district_layer,       // not applicable (presence, overall): no districts to judge
  outside_districts,       // not applicable (presence): the demand in no district is not a community
  missing_field,           // not evaluated: the data lacks a field (RuleRun::missing_field, missing_in)
  not_selected,            // not applicable: the rule's applies_to does not select this district (or,
                           // overall, any district)
  undefined_index,         // not applicable (equity): nobody here is counted (none reaches a facility),
                           // or the measure is 0 for everybody counted, so the index has no value
};

// A facility and the value a rule tested.
struct FacilityValue {
  Id facility = invalid_id;  // id into Facilities
  std::string source_id;     // its source id, so a report can name it without the facility table
  double value = std::numeric_limits<double>::quiet_NaN();
};

struct Verdict {
  std::size_t rule = 0;                 // index into RuleSet::rules
  Id district = overall_district;       // a district index, overall_district or outside_districts
  VerdictReason reason = VerdictReason::missing_field;
  // The measure: a share (0..1) for access, 2SFCA and accessibility, the ratio for supply_ratio and
  // attribute_share, the worst facility's value for per_facility (the smallest for a minimum),
  // 1/0 (has one or not) for a district's presence and the share of communities served overall,
  // the index for equity (infinity for a Palma ratio whose bottom 40 % hold nothing).
  // NaN: not evaluated or not applicable.
  double value = std::numeric_limits<double>::quiet_NaN();
  double threshold = std::numeric_limits<double>::quiet_NaN();  // what `value` is compared with
  std::optional<bool> pass;             // nullopt: not applicable or not evaluated (see `reason`)
  double shortfall = 0.0;               // how much is missing, in shortfall_unit; 0 when it passes
  // What the shortfall counts: the rule's demand basis ("residents", "elderly", ...) for access,
  // 2SFCA and accessibility, its supply attribute ("beds", "area_m2", ...) for supply_ratio and
  // attribute_share, "facilities" for per_facility, "communities" for presence, the index
  // ("gini", ...) for equity, whose shortfall is how far the index is on the wrong side.
  std::string shortfall_unit;
  // The rule's demand basis summed over the scope; attribute_share: the base attribute summed;
  // per_facility: the facilities judged (those with a value).
  double demand = 0.0;
  double supply = std::numeric_limits<double>::quiet_NaN();  // the supply attribute summed, if any
  // Access: the demand within reach; 2SFCA and accessibility: the demand whose measure meets the
  // threshold. NaN for the other kinds and where nobody lives.
  double demand_met = std::numeric_limits<double>::quiet_NaN();
  // Equity: the demand-weighted mean of the measure over the people counted (for nearest, minutes
  // in walk and drive mode, metres in distance mode), and, of nearest, the demand that reaches no
  // facility of the category: left out of the index (it has no travel cost to rank).
  double mean = std::numeric_limits<double>::quiet_NaN();
  double unreached = 0.0;
  // Presence overall: the districts that qualify (min_population) and how many of them are served.
  std::size_t districts_qualifying = 0;
  std::size_t districts_served = 0;
  std::vector<Id> facilities;           // the facilities the verdict counted (ids into Facilities)
  std::vector<FacilityValue> failing;   // per_facility: the judged facilities that miss the threshold, by id
};

// How one rule was evaluated, shared by all its verdicts.
struct RuleRun {
  std::optional<TravelMode> mode;       // the travel mode used; nullopt for kinds without one
  double within_m = std::numeric_limits<double>::quiet_NaN();  // the limit as used: metres, or
  double within_s = std::numeric_limits<double>::quiet_NaN();  // seconds on the network
  std::string missing_field;            // not evaluated: the field the data lacks ("beds", ...)
  std::string missing_in;               // "facilities", "demand" or "categories"
  // Facility values the rule found missing (supply_ratio, attribute_share, per_facility, 2SFCA,
  // accessibility, equity of an accessibility measure):
  std::size_t facilities_counted = 0;   // the plan facilities of the rule's category
  // Of those, without a supply_attribute value: counted as 0 (per_facility: not judged;
  // attribute_share: among those with a base_attribute value).
  std::size_t supply_unknown = 0;
  std::size_t base_unknown = 0;         // attribute_share: without a base_attribute value, left out
  std::size_t rank_unknown = 0;         // equity, concentration: demand points without a rank_by value, left out
  // Rules with applies_to: the districts it selected, and whether the districts have its field
  // at all (when not, every district counted as its if_unset says).
  std::size_t districts_selected = 0;
  bool selection_field_missing = false;
};

// What one rule measures at the demand points, before its verdicts sum by district
// (algorithms/compliance.hpp: check_points); empty for the rules that measure nothing there.
struct RulePoints {
  // access, presence within reach, equity of the nearest cost: per demand point, the cost to the
  // nearest plan facility of the category (metres or seconds; infinity: none) and its id.
  std::vector<float> nearest_cost;
  std::vector<Id> nearest_facility;  // invalid_id: none
  // 2SFCA, accessibility, equity of an accessibility measure: per demand point, the measure.
  std::vector<double> measure;
  // And the (district, facility) pairs of a facility weighing on a demand point in that district
  // (outside_districts: in none), ascending, each once.
  std::vector<std::pair<Id, Id>> touching;
};

struct CheckResult {
  std::vector<RuleRun> runs;            // per rule
  // Per rule: overall first, then every district in order, then outside_districts when any demand
  // or facility lies in no district.
  std::vector<Verdict> verdicts;
  std::vector<Id> demand_district;      // per demand point: its district, or outside_districts
  std::vector<Id> facility_district;    // per facility
  double demand_outside = 0.0;          // residents (weight) in no district
  std::size_t facilities_outside = 0;
  // Districts were given and some demand point or counted facility lies in none of them: every rule
  // then has an outside_districts verdict.
  bool has_outside = false;
  std::size_t candidates = 0;           // candidate sites: not built, not counted towards the plan

  std::size_t count(std::optional<bool> pass) const {
    std::size_t n = 0;
    for (const Verdict& v : verdicts) n += v.pass == pass ? 1 : 0;
    return n;
  }
  bool any_failure() const { return count(false) > 0; }
};

}  // namespace lc
