#pragma once
// What one shard of a split run computes (`coverage --shard PLAN:K`): the results of the demand
// points and facilities it owns, by their ids in the whole run's inputs, which every shard and the
// merge load alike. The merge (`--shard PLAN:merge`, `shard merge`) fills a whole run's result
// from them and computes the rest as one machine would (algorithms/coverage.hpp:
// summarise_coverage).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/check_result.hpp"
#include "core/ids.hpp"
#include "core/isochrone_result.hpp"

namespace lc {

struct CategoryShard {
  // Per owned point (indexed like CoverageShard::points).
  std::vector<float> nearest_m;
  std::vector<Id> nearest_facility;  // a facility id of the whole run; invalid_id when none
  std::vector<std::uint32_t> count_within;
  // The owned facilities of the category with the weight of the demand in their reach.
  std::vector<Id> facilities;
  std::vector<double> population_in_reach;
};

struct CoverageShard {
  Id shard = 0, shards = 0;
  Id demand_points = 0;   // the points the shard loaded
  Id facility_count = 0;  // of the whole run (every shard reads every facility)
  Id categories_count = 0;  // the run's categories (categories.size() once read whole)
  std::int64_t road_lines = -1;  // walk and drive: the road lines it read (shard.json only)
  // The demand points it owns, in the run's demand order: their ids in the shard's own loading
  // (which may read less than the whole run), and their coordinates, by which the merge finds
  // them among all the points.
  std::vector<Id> points;
  std::vector<double> x, y;
  std::vector<CategoryShard> categories;     // in the run's category order
  std::vector<std::string> arguments;        // the command as given, without its --shard
  std::vector<std::pair<std::string, std::string>> osm_extracts;  // OSM files read from its extracts (shard.json only)
};

// A demand point of a merged split run whose nearest facility of a category lies beyond the halo
// of the shard that owns it: the halo does not hold what the split assumes (every facility that
// could serve an owned point within its reach). The merge reports them.
struct HaloMiss {
  CategoryId category = 0;
  Id point = 0;      // the run's demand id
  Id shard = 0;      // its owner
  double nearest_m = 0;
};

// One category of an access shard: the measure at each owned point, and what each owned site's
// catchment holds.
struct AccessCategoryShard {
  std::vector<double> value;                // per owned point
  std::vector<std::uint32_t> sites_within;  // per owned point
  std::vector<Id> facilities;               // the owned sites of the category (facility ids)
  std::vector<double> site_demand, site_ratio;
  // Capacity: the Reach rows of those sites (CSR, row k is facilities[k]'s: the run's demand ids
  // ascending and their costs), which the merge assembles into the run's Reach; empty otherwise.
  std::vector<Id> row_first;
  std::vector<Id> row_demand;
  std::vector<float> row_cost;
  double reach_threshold = 0.0;
  std::uint32_t reach_unit = 0;  // CostUnit
};

struct AccessShard {
  Id shard = 0, shards = 0;
  Id demand_points = 0, facility_count = 0;
  std::vector<Id> points;  // owned demand ids, ascending
  std::vector<AccessCategoryShard> categories;
  std::vector<std::string> arguments;
  std::vector<std::pair<std::string, std::string>> osm_extracts;  // OSM files read from its extracts (shard.json only)
};

// A check shard (`check --shard PLAN:K`): per rule, what it measures at the demand points the shard
// owns (RulePoints, each per-point vector indexed like `points` or empty), with the (district,
// facility) pairs of those points. The merge fills every point's measures from the shard that owns
// it and judges the rules as one machine does (algorithms/compliance.hpp: check_verdicts).
struct CheckShard {
  Id shard = 0, shards = 0;
  Id demand_points = 0, facility_count = 0;
  std::vector<Id> points;         // owned demand ids, ascending
  std::vector<RulePoints> rules;  // in the rule set's order
  std::vector<std::string> arguments;
  std::vector<std::pair<std::string, std::string>> osm_extracts;  // OSM files read from its extracts (shard.json only)
};

// What a shard of a split siting run computes (`propose --shard PLAN:K`): the Reach rows of the
// sites it owns (candidates, existing facilities of the category, competitors in its districts;
// one in no district belongs to the nearest district's shard), over the demand it read. The solve
// (`--shard PLAN:merge`, `shard solve`) assembles the whole run's Reach from them and runs the
// model once (algorithms/propose.hpp: solve_proposal).
struct ProposeShard {
  Id shard = 0, shards = 0;
  Id demand_points = 0;   // the points the shard loaded
  Id facility_count = 0;  // of the whole run (every shard reads every facility)
  Id site_count = 0;      // the whole run's sites (algorithms/propose.hpp: proposal_sites)
  double reach_m = 0;     // how far the rows reach: the model's cost horizon, metres
  // The demand points its rows reach, in the run's demand order, by their coordinates (by which
  // the solve finds them among all the points).
  std::vector<double> x, y;
  // The sites it owns (indices among the run's sites, ascending) and their rows, CSR: row k is
  // point[first[k]] .. point[first[k + 1] - 1] (indices into x and y, ascending) with their cost.
  std::vector<Id> sites;
  std::vector<Id> first{0};
  std::vector<Id> point;
  std::vector<float> cost;
  std::vector<std::string> arguments;  // the command as given, without its --shard
  std::vector<std::pair<std::string, std::string>> osm_extracts;  // OSM files read from its extracts (shard.json only)
};

// What one shard of a split isochrones run draws (`isochrones --merge split --shard PLAN:K`): the
// polygons of the facilities it owns (each break's, as one machine draws them: a facility's split
// area depends only on the roads, facilities and demand around it), with the population of each.
// The merge puts them in the run's order.
struct IsochroneShard {
  Id shard = 0, shards = 0;
  Id demand_points = 0;   // the points the shard loaded
  Id facility_count = 0;  // of the whole run (every shard reads every facility)
  Id categories_count = 0, breaks = 0;
  std::int64_t road_lines = -1;  // the road lines it read (shard.json only)
  // The facilities it owns, with their category, ascending by category and then by facility id;
  // `breaks` polygons each, in break order.
  std::vector<CategoryId> category;
  std::vector<Id> facility;
  std::vector<IsochronePolygon> polygons;
  std::vector<double> population;  // per polygon
  std::vector<std::string> arguments;
  std::vector<std::pair<std::string, std::string>> osm_extracts;  // OSM files read from its extracts (shard.json only)
};

}  // namespace lc
