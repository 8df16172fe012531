#pragma once
// Grouping districts into shards for a run split across machines: compact groups (consecutive
// along a Hilbert curve of the districts' centres) of about equal work, each with its area and
// its halo (the area buffered by the halo's width).

#include "core/ids.hpp"
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

// The Hilbert index of cell (x, y) on a 2^order x 2^order grid (order <= 31).
std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y, unsigned order);

}  // namespace lc
