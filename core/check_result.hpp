#pragma once
// The outcome of checking a plan against a rule set: one verdict per rule for the whole plan and
// per district. Plain data; algorithms/compliance.hpp computes it, io/write_check.hpp reports it.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/threshold.hpp"

namespace lc {

// Verdict::district values besides a district index.
inline constexpr Id overall_district = invalid_id;         // the whole plan
inline constexpr Id outside_districts = invalid_id - 1;    // demand and facilities in no district

struct Verdict {
  std::size_t rule = 0;                 // index into RuleSet::rules
  Id district = overall_district;       // a district index, overall_district or outside_districts
  // The measure: a share (0..1) for access and 2SFCA, the ratio for supply_ratio and
  // attribute_share, the worst facility's value for per_facility (the smallest for a minimum),
  // 1/0 (has one or not) for a district's presence and the share of communities served overall.
  // NaN: not evaluated or not applicable.
  double value = std::numeric_limits<double>::quiet_NaN();
  double threshold = std::numeric_limits<double>::quiet_NaN();  // what `value` is compared with
  std::optional<bool> pass;             // nullopt: not applicable or not evaluated (see `text`)
  double shortfall = 0.0;               // how much is missing, in shortfall_unit; 0 when it passes
  std::string shortfall_unit;           // "people", "beds", "m²", "facilities", "communities", ...
  std::string text;                     // the shortfall in words, or why there is no verdict
  double demand = 0.0;                  // the rule's demand basis summed over the scope
  double supply = std::numeric_limits<double>::quiet_NaN();  // the supply attribute summed, if any
  std::vector<Id> facilities;           // the facilities the verdict counted (ids into Facilities)
};

// How one rule was evaluated, shared by all its verdicts.
struct RuleRun {
  std::optional<TravelMode> mode;       // the travel mode used; nullopt for kinds without one
  double within_m = std::numeric_limits<double>::quiet_NaN();  // the limit as used: metres, or
  double within_s = std::numeric_limits<double>::quiet_NaN();  // seconds on the network
  std::string missing_field;            // not evaluated: the field the data lacks ("beds", ...)
  std::string missing_in;               // "facilities" or "demand"
  std::vector<std::string> notes;       // e.g. "4 of 12 facilities have no beds value (counted as 0)"
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
  std::vector<std::string> notes;

  std::size_t count(std::optional<bool> pass) const {
    std::size_t n = 0;
    for (const Verdict& v : verdicts) n += v.pass == pass ? 1 : 0;
    return n;
  }
  bool any_failure() const { return count(false) > 0; }
};

}  // namespace lc
