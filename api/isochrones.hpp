#pragma once
// `isochrones`: the areas and population within travel-time (or network-distance) bands of each
// category's facilities, all breaks from one search.

#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"
#include "core/shard_run.hpp"

namespace lc::api {

struct IsochroneRequest {
  Sources sources;                 // sources.load.mode: walk or drive
  std::vector<Threshold> breaks;   // ascending, all in one unit (seconds, or metres of network)
  bool split = false;              // one polygon per facility (each place to its cheapest), else dissolved
  IsochroneShape shape = IsochroneShape::disks;
  NetworkSettings network;
  double surface_cell_m = 0.0;     // > 0 also computes travel-time surfaces
  std::string command_line;
};

// Throws UsageError or InputError.
IsochroneRun isochrones(const IsochroneRequest& request);

// Shard `shard` of a run split by the plan in `plan_dir` (`--shard PLAN:K`, --merge split only):
// the polygons of the facilities it owns (those in its districts; one in no district belongs to
// the nearest district's shard and must lie within the plan's halo of its districts), drawn from
// the demand and roads within its districts' bounds grown by what weighs on them (README).
IsochroneShard isochrones_shard(const IsochroneRequest& request, const std::string& plan_dir, Id shard);

// The whole run from every shard's results (`--shard PLAN:merge`, `shard merge`): the inputs read
// again in the plan's CRS, each facility's polygons from the shard that owns it, and the files one
// machine writes. Throws InputError for an incomplete set, naming the shards missing.
IsochroneRun merge_isochrones(const IsochroneRequest& request, const std::string& plan_dir,
                              const std::vector<IsochroneShard>& shards);

}  // namespace lc::api
