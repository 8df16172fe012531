#pragma once
// `shard plan`: districts grouped into shards for a run split across machines or batch jobs,
// each shard with the halo its demand needs (algorithms/shard_plan.hpp).

#include <string>

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

}  // namespace lc::api
