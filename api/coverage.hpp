#pragma once
// `coverage`: who is within reach of each facility category, by straight-line distance or along
// the road network.

#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"
#include "core/shard_run.hpp"

namespace lc::api {

struct CoverageRequest {
  Sources sources;                        // sources.load.mode: distance, walk or drive
  std::vector<CategoryThreshold> within;  // resolved in the request's mode; empty: gb15 everywhere
  NetworkSettings network;
  double surface_cell_m = 0.0;            // network modes: > 0 also computes travel-time surfaces
  std::string command_line;               // recorded in the summary
};

// Loads, computes coverage, the service areas and (network modes) the straight-line comparison,
// the network's figures and the surfaces. Throws UsageError or InputError.
CoverageRun coverage(const CoverageRequest& request);

// One shard of a coverage run split by a shard plan (`lifecircle shard plan`): loads the inputs as
// coverage() does (in the plan's CRS, with the plan's districts), computes coverage for the demand
// within the shard's halo against every facility, and keeps the results of the demand points and
// facilities the shard owns (algorithms/shard_plan.hpp: owning_shards). Distance mode. Throws
// UsageError (a threshold beyond the plan's halo, a network mode, an index out of range, another
// --crs than the plan's) or InputError (districts that are not the plan's).
CoverageShard coverage_shard(const CoverageRequest& request, const std::string& plan_dir, Id shard);

// The whole run from its shards: loads the inputs again, fills every point's and facility's
// result from the shards' results under run_dir (OUT/shard-K, read one at a time once the inputs
// are loaded, so that the merge holds no more than one shard's), computes the totals, the service
// areas and the grid as coverage() does: the same run, to the bit. `heads` are the shards present
// (io::read_coverage_shards with head_only, in any order). Throws InputError naming the shards
// missing or given twice, or a shard of other inputs.
CoverageRun merge_coverage(const CoverageRequest& request, const std::string& plan_dir, const std::vector<CoverageShard>& heads,
                           const std::string& run_dir);

}  // namespace lc::api
