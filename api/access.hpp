#pragma once
// `access`: how well each demand point is served, beyond a yes/no circle: cumulative
// opportunities, gravity, the floating catchment family (2SFCA, E2SFCA, 3SFCA), proximity time
// and capacity-limited coverage (algorithms/access.hpp), per demand point, per facility, per
// district and overall, with the equity of each measure's distribution (algorithms/equity.hpp).

#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/access_run.hpp"
#include "core/shard_run.hpp"

namespace lc::api {

struct AccessRequest {
  Sources sources;  // sources.load.mode: distance, walk or drive; districts optional
  // The catchment of each category (proximity: the search limit), resolved in the request's
  // mode; empty: gb15 (proximity: 30 minutes).
  std::vector<CategoryThreshold> within;
  NetworkSettings network;
  AccessKind measure = AccessKind::two_step;
  // The distance decay: empty for the measure's own (cumulative and 2SFCA step, E2SFCA zones,
  // gravity and 3SFCA gaussian); "step", "linear", "exponential", "gaussian", "power" or "zones".
  std::string decay;
  // exponential: beta; power: the exponent; zones: the weights of equal zones of the catchment,
  // nearest first (default 1, 0.68, 0.22). beta is per minute when the catchment is a time (or
  // minutes in distance mode), per kilometre when it is a length.
  std::vector<double> decay_params;
  double per = 0.0;          // FCA family: supply per this many people; 0: 1,000 (others 1)
  unsigned k = 1;            // proximity: the nearest k facilities of each category
  double target_min = 15.0;  // proximity: the score's limit in minutes
  std::string supply_field;  // facility field of supply (beds, places); empty: 1 each. capacity: required
  // Demand weight: a demand field or, with a census, elderly / aged65; empty: the population.
  std::string weight_field;
  double places_per_person = 1.0;  // capacity: places one person needs (0.04 beds per person aged 60+)
  std::string priority_field;      // capacity: facilities served in this field's order; empty: by capacity
  bool priority_ascending = false;  // capacity: lowest value of priority_field first
  // The concentration index's ranking variable: a demand field, or FIELD/population for its share
  // of the residents at each point (e.g. elderly/population); empty: none.
  std::string rank_by;
  std::string command_line;
};

// Loads, builds each category's Reach (straight line or along the roads), computes the measure,
// assigns demand to districts and computes equity. Throws UsageError or InputError.
AccessRun access(const AccessRequest& request);

// One shard of an access run split by a shard plan, as coverage_shard (api/coverage.hpp): the
// inputs loaded whole, the sites within three halos of the shard's districts (every site that
// can weigh on the measure of a point it owns, 3SFCA's selection weights included), the values of
// the points and sites it owns. The run's --districts must be the plan's. Not for proximity and
// capacity (whose sites serve people across the whole map in turn). Throws UsageError.
AccessShard access_shard(const AccessRequest& request, const std::string& plan_dir, Id shard);

// The whole run from its shards: every value from the shard owning it, then the equity, the
// districts and the reports' figures as access() computes them. Throws InputError for missing
// shards or shards of other inputs.
AccessRun merge_access(const AccessRequest& request, const std::string& plan_dir, const std::vector<AccessShard>& shards);

}  // namespace lc::api
