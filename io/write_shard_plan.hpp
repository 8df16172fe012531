#pragma once
// Writing and reading a shard plan (`lifecircle shard plan --out PLAN`): PLAN/plan.json, the
// manifest every shard run and the merge read, and PLAN/shards.gpkg (layers shards, halos and
// districts, EPSG:4326) to look at in a GIS.

#include <string>

#include <nlohmann/json.hpp>

#include "core/shard_plan.hpp"

namespace lc::io {

// The manifest as JSON: the plan's CRS, the districts' source, the halo, and per shard its
// districts (indices, names, ids), population, area, its bounds and its halo's bounds in metres
// of the plan's CRS and in lon/lat.
nlohmann::json shard_plan_json(const ShardPlan& plan);

// Writes plan.json and shards.gpkg into `out_dir` (created when missing), all or nothing.
// Throws InputError when they cannot be written.
void write_shard_plan(const std::string& out_dir, const ShardPlan& plan);

// Reads PLAN/plan.json back: the CRS, the districts' source, the halo, and per shard its districts,
// population, area and bounds (not the polygons: the districts are read from their source, the
// areas are in shards.gpkg). Throws InputError naming the file when it is missing, not JSON, not
// a shard plan, or lacks a field.
ShardPlan read_shard_plan(const std::string& plan_dir);

}  // namespace lc::io
