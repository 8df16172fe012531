#pragma once
// A shard plan (`lifecircle shard plan`): districts grouped into shards of about the same work, each
// with a halo wide enough that the demand it owns sees every facility and road that could serve
// it. Metres of the plan's metric CRS.

#include <cstdint>
#include <string>
#include <vector>

#include "core/districts.hpp"
#include "core/ids.hpp"
#include "core/threshold.hpp"

namespace lc {

// How far a run's thresholds can reach, beyond a shard's own area.
struct ShardHalo {
  std::string text;   // as given: "15min", "1500m"
  TravelMode mode = TravelMode::distance;
  double metres = 0;  // the width
  std::string basis;  // how it was found, in words
};

struct Shard {
  Id index = 0;
  std::vector<Id> districts;  // indices into ShardPlan::districts, ascending
  double population = 0, area_m2 = 0;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // the owned districts' bounds
  // Each owned district's bounds, x0, y0, x1, y1 in `districts` order: grown by the halo, the
  // area a shard reads (tighter than the bounds of them all when the districts make a ragged
  // shape). Empty in a plan written before them: the shard's bounds stand for them.
  std::vector<double> district_boxes;
  // With a demand source at planning: the points the shard owns, and those it reads (owned, or
  // within its halo's bounds: what a shard of a coverage run loads). -1: not counted.
  std::int64_t demand_points = -1, demand_points_read = -1;
  // With roads at planning: the road segments of the lines a coverage shard reads (those meeting
  // its halo boxes grown by the default snap distance, 250 m). -1: not counted.
  std::int64_t road_segments_read = -1;
  std::vector<unsigned char> area_wkb;  // the union of the owned districts (WKB, metres)
  std::vector<unsigned char> halo_wkb;  // that area buffered by the halo
};

struct ShardPlan {
  std::string crs, crs_wkt;         // the metric CRS every shard computes in
  Districts districts;
  std::string districts_path, districts_layer, district_name_field;
  std::vector<double> district_population;  // per district
  std::vector<double> district_area_m2;     // per district
  std::vector<Id> district_shard;           // per district: its shard
  std::string population_basis;             // where the populations came from
  ShardHalo halo;
  std::vector<Shard> shards;
  std::int64_t road_segments = -1;  // with roads at planning: the segments of every line; -1: not counted
};

// `shard extract`: an OSM file cut into one extract per shard of a plan (PLAN/extracts.json), which
// a shard's run reads in its place.
struct OsmExtractShard {
  std::string file;  // relative to the plan's folder
  std::int64_t nodes = 0, ways = 0, relations = 0, bytes = 0;
};

struct OsmExtractSet {
  std::string source;                // the file cut, absolute
  std::int64_t source_bytes = 0;     // its size and modification time (s) when it was cut
  std::int64_t source_mtime = 0;
  double grow_m = 0;                 // each shard's district boxes grown by this (metres of the plan)
  std::string tag_mapping;           // the facility tag rules whose matches were kept anywhere
  std::string tag_mapping_digest;    // io::file_digest of them
  std::string plan_digest;           // io::file_digest of the plan's plan.json it was cut for
  std::vector<OsmExtractShard> shards;  // one per shard of the plan
};

}  // namespace lc
