#include "algorithms/coverage.hpp"

#include <cassert>
#include <map>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "algorithms/point_index.hpp"
#include "algorithms/spatial_order.hpp"
#include "core/exact_sum.hpp"
#include "core/interrupt.hpp"

namespace lc {

namespace {

CategoryCoverage cover_category(const Demand& demand, const Facilities& facilities, const CategoryLimit& cr,
                                const std::vector<Id>& order) {
  assert(cr.within.unit == CostUnit::metres);
  const double radius_m = cr.within.value;
  CategoryCoverage out;
  out.category = cr.category;
  out.within_m = radius_m;
  out.facilities = facilities.of_category(cr.category);
  const Id n = demand.size();
  const std::size_t nf = out.facilities.size();
  out.nearest_m.assign(n, unreachable_m);
  out.nearest_facility.assign(n, invalid_id);
  out.count_within.assign(n, 0);
  out.population_in_reach.assign(nf, 0.0);
  out.population_nearest.assign(nf, 0.0);
  if (nf == 0 || n == 0) return out;

  const PointIndex index(facilities.x_m, facilities.y_m, out.facilities);
  const double radius_sq = radius_m * radius_m;

  // The population in reach of each facility is summed per chunk of demand, then over the chunks,
  // exactly (core/exact_sum.hpp): the same figures whatever the number of threads, however TBB
  // shares the work out, and whatever other demand was loaded (a shard's facility sums are the
  // whole run's).
  const Id chunks = std::clamp<Id>(n / 4096, 1, 64);
  auto chunk_begin = [&](Id c) { return static_cast<Id>(std::uint64_t(n) * c / chunks); };
  std::vector<std::vector<ExactSum>> in_reach(chunks);
  tbb::parallel_for(Id{0}, chunks, [&](Id c) {
    std::vector<ExactSum>& local = in_reach[c];
    local.assign(nf, ExactSum{});
    for (Id i = chunk_begin(c); i != chunk_begin(c + 1); ++i) {
      if ((i & 1023) == 0) check_interrupt();
      const Id d = order[i];
      const double qx = demand.x_m[d], qy = demand.y_m[d], w = demand.weight[d];
      std::uint32_t count = 0;
      std::size_t best = 0;
      double best_sq = INFINITY;
      index.for_each_within(qx, qy, radius_sq, [&](std::size_t k, double dist_sq) {
        ++count;
        local[k].add(w);
        // Ties go to the lower facility id so the answer does not depend on tree order.
        if (dist_sq < best_sq || (dist_sq == best_sq && k < best)) {
          best_sq = dist_sq;
          best = k;
        }
      });
      if (count == 0) index.nearest(qx, qy, best, best_sq);
      out.count_within[d] = count;
      out.nearest_facility[d] = index.id(best);
      out.nearest_m[d] = static_cast<float>(std::sqrt(best_sq));
    }
  });
  std::vector<ExactSum> total(nf);
  for (const std::vector<ExactSum>& local : in_reach) {
    for (std::size_t k = 0; k < nf; ++k) total[k].add(local[k]);
  }
  for (std::size_t k = 0; k < nf; ++k) out.population_in_reach[k] = total[k].value();
  return out;
}

}  // namespace

CoverageResult compute_coverage(const Demand& demand, const Facilities& facilities,
                                const CoverageOptions& options) {
  CoverageResult result;
  result.population_total = demand.total_weight();
  // Queries in spatial order share tree paths; demand loaded by io/ is already in this order.
  const std::vector<Id> order = morton_order(demand.x_m, demand.y_m, demand_order_cell_m);
  for (const CategoryLimit& cr : options.categories) {
    result.categories.push_back(cover_category(demand, facilities, cr, order));
  }
  summarise_coverage(demand, facilities, result);
  return result;
}

void summarise_coverage(const Demand& demand, const Facilities& facilities, CoverageResult& result) {
  const Id n = demand.size();
  result.population_total = demand.total_weight();
  // Sums that decide the headline figures run in demand order, so they do not depend on threads.
  std::vector<std::size_t> local_of(facilities.size(), 0);
  for (CategoryCoverage& c : result.categories) {
    c.population_total = result.population_total;
    c.population_covered = 0.0;
    c.population_nearest.assign(c.facilities.size(), 0.0);
    for (std::size_t k = 0; k < c.facilities.size(); ++k) local_of[c.facilities[k]] = k;
    for (Id d = 0; d < n; ++d) {
      if (c.count_within[d] == 0) continue;
      c.population_covered += demand.weight[d];
      if (c.nearest_facility[d] != invalid_id) c.population_nearest[local_of[c.nearest_facility[d]]] += demand.weight[d];
    }
  }
  double complete = 0.0;
  for (Id d = 0; d < n; ++d) {
    bool all = !result.categories.empty();
    for (const CategoryCoverage& c : result.categories) all = all && c.count_within[d] > 0;
    if (all) complete += demand.weight[d];
  }
  result.population_complete = complete;
}

// One KD-tree over the sites, queried from every demand point in parallel, in fixed chunks of
// consecutive demand. Two passes: the first counts each chunk's pairs per site, which gives every
// chunk its own slots in each site's range; the second writes them. Demand ids come out ascending
// within every site with no sort and no temporary pair buffer, and the result does not depend on
// the thread count. (Querying from the sites instead is about twice as slow.)
Reach distance_reach(const std::vector<double>& site_x, const std::vector<double>& site_y, const Demand& demand,
                     double radius_m) {
  const auto n_sites = static_cast<Id>(site_x.size());
  const Id n_demand = demand.size();
  std::vector<Id> ids(n_sites);
  for (Id j = 0; j < n_sites; ++j) ids[j] = j;
  const PointIndex index(site_x, site_y, std::move(ids));
  const double radius_sq = radius_m * radius_m;

  constexpr Id chunks = 64;
  auto chunk_begin = [&](Id c) { return static_cast<Id>(std::uint64_t(n_demand) * c / chunks); };
  std::vector<std::vector<Id>> slot(chunks);  // per chunk and site: the count, then the next slot
  tbb::parallel_for(tbb::blocked_range<Id>(0, chunks, 1), [&](const tbb::blocked_range<Id>& r) {
    for (Id c = r.begin(); c < r.end(); ++c) {
      std::vector<Id>& count = slot[c];
      count.assign(n_sites, 0);
      for (Id i = chunk_begin(c); i < chunk_begin(c + 1); ++i) {
        if ((i & 1023) == 0) check_interrupt();
        index.for_each_within(demand.x_m[i], demand.y_m[i], radius_sq, [&](std::size_t k, double) { ++count[index.id(k)]; });
      }
    }
  });

  Reach reach;
  reach.n_sites = n_sites;
  reach.n_demand = n_demand;
  reach.threshold = radius_m;
  reach.unit = CostUnit::metres;
  reach.first.assign(std::size_t(n_sites) + 1, 0);
  for (Id j = 0; j < n_sites; ++j) {
    Id at = reach.first[j];
    for (Id c = 0; c < chunks; ++c) {
      const Id n = slot[c][j];
      slot[c][j] = at;
      at += n;
    }
    reach.first[j + 1] = at;
  }
  reach.demand.resize(reach.first.back());
  reach.cost.resize(reach.first.back());
  tbb::parallel_for(tbb::blocked_range<Id>(0, chunks, 1), [&](const tbb::blocked_range<Id>& r) {
    for (Id c = r.begin(); c < r.end(); ++c) {
      std::vector<Id>& next = slot[c];
      for (Id i = chunk_begin(c); i < chunk_begin(c + 1); ++i) {
        if ((i & 1023) == 0) check_interrupt();
        index.for_each_within(demand.x_m[i], demand.y_m[i], radius_sq, [&](std::size_t k, double dist_sq) {
          const Id at = next[index.id(k)]++;
          reach.demand[at] = i;
          reach.cost[at] = static_cast<float>(std::sqrt(dist_sq));
        });
      }
      std::vector<Id>().swap(next);
    }
  });
  return reach;
}

PopulationGrid out_of_reach_grid(const Demand& demand, const CoverageResult& result, double cell_m) {
  assert(cell_m > 0);
  std::map<std::pair<long long, long long>, double> cells;  // (row, column) -> weight
  for (Id d = 0; d < demand.size(); ++d) {
    bool beyond = false;
    for (const CategoryCoverage& c : result.categories) beyond = beyond || (!c.facilities.empty() && c.count_within[d] == 0);
    if (!beyond) continue;
    const auto key = std::make_pair(static_cast<long long>(std::floor(demand.y_m[d] / cell_m)),
                                    static_cast<long long>(std::floor(demand.x_m[d] / cell_m)));
    cells[key] += demand.weight[d];
  }
  PopulationGrid g;
  g.cell_m = cell_m;
  for (const auto& [key, w] : cells) {
    g.x_m.push_back((static_cast<double>(key.second) + 0.5) * cell_m);
    g.y_m.push_back((static_cast<double>(key.first) + 0.5) * cell_m);
    g.population.push_back(w);
  }
  return g;
}

}  // namespace lc
