#pragma once
// `shard plan`: districts grouped into shards for a run split across machines or batch jobs,
// each shard with the halo its demand needs (algorithms/shard_plan.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "core/coverage_total.hpp"
#include "core/inputs.hpp"
#include "core/shard_plan.hpp"

namespace lc::api {

struct ShardPlanRequest {
  std::string districts_path, districts_layer, district_name_field;
  WebCoords districts_coords = WebCoords::wgs84;
  // The populations: the run's demand, spread and assigned to the districts; or, without a demand
  // path, `population_field` of the districts; neither: the shards are balanced by area alone.
  DemandSource demand;
  std::string population_field;
  // The farthest any threshold of the runs reaches: "1500m" or "15min" in `mode`. In distance mode
  // minutes are metres at walk_speed_mps; in walk and drive a time is the time at the mode's top
  // speed (top_speed_mps, or the fastest line of `roads`), a length the network length.
  std::string halo;
  TravelMode mode = TravelMode::distance;
  double walk_speed_mps = default_walk_speed_mps;
  double top_speed_mps = 0;  // 0: from the roads
  RoadSource roads;
  std::string road_profile;
  double target_population = 2e6;
  Id shards = 0;  // > 0: this many shards instead
  std::string metric_crs, source_crs, encoding;
  double cell_size_m = 100.0;
  std::string tag_mapping, proxy_settings;
};

// Throws UsageError (a bad halo, no roads for a time halo in a network mode) or InputError.
ShardPlan shard_plan(const ShardPlanRequest& request);

// The memory a batch engine should give the tasks of `shards` of a `command` run ("coverage",
// "access", ...) and the merge, from the plan's demand counts (algorithms/shard_plan.hpp:
// shard_memory_mb, merge_memory_mb). The shards of access and check runs read the whole demand,
// those of isochrones the demand several halos around their districts:
// theirs is the merge's estimate. counted is false, and the rest zero, for a plan made without a
// demand source.
// In walk and drive (`network`), with a plan made with --roads, the road segments count too: a
// coverage or propose shard's those near its districts, the tasks of access, check and
// isochrones (which read several halos around) and the merge the plan's every segment.
struct ShardMemory {
  bool counted = false;
  bool whole_demand = false;   // the command's shards read the whole demand
  std::int64_t most_read = 0;  // the most demand points one of the shards reads
  std::int64_t points = 0;     // the run's demand points
  bool roads_counted = false;  // a network run on a plan that counted its roads
  std::int64_t most_segments = 0, segments = 0;  // the most road segments a task reads; the plan's
  long task_mb = 0, merge_mb = 0;
};
ShardMemory shard_memory(const ShardPlan& plan, const std::vector<Id>& shards, const std::string& command, bool network = false);

// `shard extract`: an OSM file cut into one extract per shard of a plan (io/osm_extract.hpp), each
// holding what the plan's shards read: the ways meeting the shard's district boxes grown by
// `grow_m`, the land use reaching into them, the facilities (`tag_mapping`'s matches) anywhere.
// A shard's run then reads its extract in place of the file (coverage; check and access where the
// file is not their demand). Recorded in PLAN/extracts.json.
struct ShardExtractRequest {
  std::string plan_dir, source;
  double grow_m = -1;        // < 0: 4 halos + max_snap_m, what check and access shards read
  double max_snap_m = 250;   // the runs' --max-snap
  std::string tag_mapping;   // empty: <data>/osm_categories.yaml
};
// Throws UsageError (not an OSM file, a negative grow) or InputError (unreadable file or plan).
OsmExtractSet shard_extract(const ShardExtractRequest& request);

// `shard total`: the figures of coverage runs over regions that do not overlap (a country's
// provinces, each split and merged on its own) read from their folders and added up. Throws
// InputError (a folder without a coverage summary, runs whose figures do not add up) or
// UsageError (no folder).
CoverageTotal coverage_total(const std::vector<std::string>& run_dirs);

}  // namespace lc::api
