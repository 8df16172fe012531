#pragma once
// Checking a plan (facilities, demand, districts) against a rule set: one verdict per rule for the
// whole plan and for every district, with the shortfall in numbers and the facts a report words
// (io/check_wording.hpp).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/check_result.hpp"
#include "core/demand.hpp"
#include "core/districts.hpp"
#include "core/facilities.hpp"
#include "core/road_network.hpp"
#include "core/rules.hpp"
#include "core/threshold.hpp"
#include "core/within.hpp"

namespace lc {

struct CheckOptions {
  // One per rule, in RuleSet order: its reach resolved once (rule_thresholds), in the mode it is
  // evaluated in, in metres or seconds. Only rules that travel read theirs.
  std::vector<Threshold> thresholds;
  // The mode `thresholds` were resolved in for every rule instead of its own; nullopt: each rule's own.
  std::optional<TravelMode> mode_override;
  const RoadGraph* walk_graph = nullptr;   // needed by rules evaluated in walk mode
  const RoadGraph* drive_graph = nullptr;  // and in drive mode
  double max_snap_m = 250.0;          // network modes: points farther from every road reach nothing
  double access_speed_mps = default_walk_speed_mps;     // walking between a point and the road
};

// What a rule needs and the data lacks: a facility attribute no counted facility of the rule's
// category has a value for, a demand basis the demand has no column for, or the category itself.
struct MissingField {
  std::size_t rule = 0;     // index into RuleSet::rules
  std::string field;        // "beds", "elderly", ... or the category's name
  std::string in;           // "facilities", "demand" or "categories"
};

// Whether a facility counts towards a plan: existing, planned and competitors' facilities serve
// residents; candidate sites are not built and do not.
inline bool counts_in_plan(FacilityStatus s) { return s != FacilityStatus::candidate; }

// The demand weight a rule's `demand_basis` names: the population weight for "residents" (or
// "population"), else Demand::attributes[basis]; null when the demand has no such column.
const std::vector<double>* demand_basis(const Demand& demand, const std::string& basis);

// Every field the rules need and the data lacks (cheap; run it before check_plan to turn missing
// fields of user rules into input errors).
std::vector<MissingField> missing_fields(const RuleSet& rules, const Categories& categories,
                                         const Facilities& facilities, const Demand& demand);

// Evaluates every rule overall and per district. A rule with a missing field or category is
// reported as not evaluated (pass null, the field named). Throws std::invalid_argument when the
// options do not give one threshold per rule, when a rule that uses a mode has a cost-matrix threshold
// or one in another mode than the override, and when a rule needs a road graph the options do not
// give.
CheckResult check_plan(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                       const Demand& demand, const Districts& districts, const CheckOptions& options);

// check_plan in its two stages, for a run split by district (api/check.hpp: check_shard): what
// every rule measures at the demand points (check_points), then the verdicts from those measures
// and the inputs (check_verdicts); check_plan is check_verdicts(check_points(...)).
//
// `points_wanted` (per demand point; empty: all) limits the nearest facilities found, and the
// (district, facility) pairs kept, to those points; `sites_counted` (per facility; empty: all)
// limits the facilities whose catchments the accessibility measures count. A point's measures are
// the whole run's when every facility that weighs on it is counted (for 3SFCA: every one within
// three reaches of it); the other points' are left as they come. `rules_wanted` (per rule; empty:
// all) limits the rules measured: the others' RulePoints are left empty.
std::vector<RulePoints> check_points(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                                     const Demand& demand, const Districts& districts, const CheckOptions& options,
                                     const std::vector<std::uint8_t>& points_wanted = {},
                                     const std::vector<std::uint8_t>& sites_counted = {},
                                     const std::vector<std::uint8_t>& rules_wanted = {});

// Whether rule `r` measures the nearest facility at the demand points (access, presence within a
// reach, the equity of the nearest cost): what a split run's merge searches again over the whole
// network in walk and drive mode.
bool measures_nearest(const Rule& r);

// The verdicts from `points` (one per rule, every demand point's measures given). Throws
// std::invalid_argument as check_plan does, and when `points` are not one per rule.
CheckResult check_verdicts(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                           const Demand& demand, const Districts& districts, const CheckOptions& options,
                           const std::vector<RulePoints>& points);

}  // namespace lc
