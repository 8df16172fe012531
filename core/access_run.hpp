#pragma once
// An `access` run (api/access.hpp): one accessibility measure per facility category, per demand
// point, per facility, per district and overall, with the equity of its distribution. The api/
// layer fills it; io/ writes it; cli/ prints it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/equity_result.hpp"
#include "core/ids.hpp"
#include "core/inputs.hpp"
#include "core/runs.hpp"
#include "core/threshold.hpp"
#include "core/timings.hpp"

namespace lc {

// The measures of `lifecircle access`, as written on its command line.
enum class AccessKind : std::uint8_t { cumulative, gravity, two_step, enhanced_two_step, three_step, proximity, capacity };

// "cumulative", "gravity", "2sfca", "e2sfca", "3sfca", "proximity", "capacity".
inline const char* to_string(AccessKind k) {
  switch (k) {
    case AccessKind::cumulative: return "cumulative";
    case AccessKind::gravity: return "gravity";
    case AccessKind::two_step: return "2sfca";
    case AccessKind::enhanced_two_step: return "e2sfca";
    case AccessKind::three_step: return "3sfca";
    case AccessKind::proximity: return "proximity";
    case AccessKind::capacity: return "capacity";
  }
  return "";
}

// Equity of one measure over one weight: overall, and per district (indexed like
// Inputs::districts; empty without districts).
struct AccessEquity {
  std::string weight;  // "population", or the subgroup's field (e.g. "elderly")
  EquityFigures overall;
  std::vector<EquityFigures> districts;
  LorenzCurve lorenz;  // the overall curve at population shares 0, 0.01, ..., 1
};

struct AccessCategory {
  CategoryId category = 0;
  Threshold within;             // the catchment (proximity: the search limit)
  std::vector<Id> facilities;   // the sites, ids into Inputs::facilities, in id order
  // Per site: its supply as used (1 each without a supply field; capacity: places), NaN where the
  // field had no value (counted 0).
  std::vector<double> supply;
  std::size_t supply_unknown = 0;

  // Per demand point: the value written as <category>_<measure>. FCA family: supply per person
  // times `per`; cumulative: supply within reach; gravity: decayed supply; proximity: minutes to
  // the k nearest (NaN: fewer than k within the search limit); capacity: the share of the point's
  // weight served (0..1; NaN for a point of no weight).
  std::vector<double> value;
  std::vector<std::uint32_t> sites_within;  // per demand point (not for proximity)
  std::vector<double> served;               // capacity: per demand point, the weight served

  // Per site. FCA family, cumulative, gravity: the weighted demand of its catchment and its supply
  // per person (times `per`); capacity: the weight it serves, its capacity in people, the share of
  // it used and its place in the priority order (0 first).
  std::vector<double> site_demand;
  std::vector<double> site_ratio;
  std::vector<double> site_served, site_capacity_people, site_capacity_used;
  std::vector<Id> site_priority;

  // capacity: totals of the weight.
  double weight_total = 0.0;
  double covered = 0.0, unserved_in_reach = 0.0, out_of_reach = 0.0;

  // Equity of `value` over the run's weight, and over all residents when that is a subgroup.
  AccessEquity equity;
  std::optional<AccessEquity> residents_equity;
};

// Proximity time across categories (Bruno et al. 2024).
struct AccessProximity {
  bool used = false;
  std::vector<double> overall;  // per demand point: mean of the categories' minutes, NaN: one not reached
  double target_min = 15.0;
  double weight_total = 0.0, weight_within_target = 0.0, weight_not_reached = 0.0;
  double score = 0.0;  // weight_within_target / weight_total
  std::vector<double> district_score;  // per district
  AccessEquity equity;
  std::optional<AccessEquity> residents_equity;
};

struct AccessRunInfo {
  std::string command_line;
  std::vector<FacilitySource> facility_sources;
  DemandSource demand_source;
  LoadOptions load_options;
  std::string mode = "distance";
  AccessKind measure = AccessKind::two_step;
  std::string decay;         // step, linear, exponential, gaussian, power, zones
  std::string decay_params;  // as used, in words (e.g. "beta 0.1 per minute")
  double per = 1.0;          // FCA family: values are supply per `per` people
  unsigned k = 1;            // proximity
  std::string supply_field;  // empty: 1 per facility
  std::string weight_field;  // empty: the population
  double places_per_person = 1.0;  // capacity
  std::string priority;      // capacity: how sites were ordered, in words
  std::string rank_by;       // concentration index ranking, as given; empty: none
  std::string value_unit;    // of the per-point values, in words
  NetworkRunInfo network;
  StageTimings timings;
  int threads = 0;
};

struct AccessRun {
  Inputs inputs;
  std::vector<AccessCategory> categories;
  AccessProximity proximity;
  // Per demand point: its district (an index into inputs.districts) or outside_districts; empty
  // without districts.
  std::vector<Id> demand_district;
  std::vector<double> district_population;  // per district: the population weight of its points
  std::vector<double> district_weight;      // per district: the run's weight (the subgroup's)
  std::vector<double> residents;            // per demand point: the population, whatever the run's weight
  std::vector<double> weight;               // per demand point: the run's weight
  AccessRunInfo info;
};

}  // namespace lc
