#pragma once
// Grouping districts into shards for a run split across machines: compact groups (consecutive
// along a Hilbert curve of the districts' centres) of about equal work, each with its area and
// its halo (the area buffered by the halo's width).

#include <cstdint>
#include <vector>

#include "core/districts.hpp"
#include "core/ids.hpp"
#include "core/road_network.hpp"
#include "core/shard_plan.hpp"

namespace lc {

struct ShardPlanOptions {
  // Shards of about this many people (the count is the total over it, rounded up); 0: `shards`.
  double target_population = 2e6;
  Id shards = 0;  // > 0: this many shards (at most one per district)
  // The share of a district's work its population stands for, the rest its area (demand points
  // and roads, roughly), in [0, 1]. Without population, area alone.
  double population_weight = 0.5;
};

// Fills plan.district_area_m2, plan.district_shard and plan.shards from plan.districts,
// plan.district_population and plan.halo.metres. Districts are ordered along a Hilbert curve of
// their bounds' centres (ties by index) and the order cut into runs whose work is closest to
// equal shares of the total, none empty. Each shard's area is the union of its districts and its
// halo that area buffered by the halo's width. Throws std::invalid_argument for no district, a
// district whose WKB GEOS cannot read, a negative or non-finite population or halo, or options
// out of range.
void plan_shards(ShardPlan& plan, const ShardPlanOptions& options);

// The shard that owns each point (x[i], y[i]): that of the district covering it (on a border the
// lowest district index, as assign_to_districts decides), or for a point in no district that of
// the nearest district (ties: the lowest index). Every shard computes the same answer for a point
// from the plan alone, so the points are split between the shards with none counted twice.
// Throws std::invalid_argument when a district's WKB cannot be read.
std::vector<Id> owning_shards(const Districts& districts, const std::vector<Id>& district_shard,
                              const std::vector<double>& x, const std::vector<double>& y);

// The boxes a shard reads its demand within: each of its districts' bounds grown by the halo
// (x0, y0, x1, y1 each; the shard's bounds grown when the plan holds no district boxes). A point
// of a district within the halo of it lies in one.
std::vector<double> shard_read_boxes(const Shard& shard, double halo_m);
// Whether (x, y) lies in one of `boxes` (x0, y0, x1, y1 each, edges included).
bool in_boxes(const std::vector<double>& boxes, double x, double y);

// Fills every shard's demand_points and demand_points_read from the demand points (x[i], y[i]),
// owned as owning_shards decides; read: owned, or in one of shard_read_boxes. Throws as
// owning_shards does.
void count_shard_demand(ShardPlan& plan, const std::vector<double>& x, const std::vector<double>& y);

// Fills the plan's road_segments (every line's vertices less one) and every shard's
// road_segments_read (those of the lines whose bounds meet one of shard_read_boxes grown by
// `snap_m`: what a coverage shard reads).
void count_shard_roads(ShardPlan& plan, const RoadLines& roads, double snap_m);

// The memory to ask a batch engine for, in MiB, for a coverage shard that reads `points_read`
// demand points and `segments_read` road segments, and for the merge of `points` and `segments`
// in all: the peaks measured on a generated province (bench/README.md, "Split runs at scale":
// 100 MB and 210 B a point read by a shard, 100 MB and 280 B a point for the merge, with 100,000
// facilities; "The province on foot": 420 B a road segment, the walking merge's peak less the
// distance merge's over its 3,842,800 segments) times 1.5, rounded up to 256 MiB.
long shard_memory_mb(std::int64_t points_read, std::int64_t segments_read = 0);
long merge_memory_mb(std::int64_t points, std::int64_t segments = 0);

// The Hilbert index of cell (x, y) on a 2^order x 2^order grid (order <= 31).
std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y, unsigned order);

}  // namespace lc
