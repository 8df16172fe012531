#pragma once
// Passes over a Reach (CSR by site) that gather per demand point without a transposed copy: the
// demand ids are split into ranges handled in parallel, and each range visits every site's pairs
// with a demand id in it (found by binary search, ids being ascending within a site). A point's
// pairs are therefore visited in site order by one thread, whatever the thread count.

#include <algorithm>
#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "core/ids.hpp"
#include "core/interrupt.hpp"
#include "core/reach.hpp"

namespace lc::detail {

// body(lo, hi) for ranges of demand ids covering [0, n_demand), in parallel.
template <class Body>
void for_demand_ranges(Id n_demand, Body&& body) {
  const Id ranges = std::clamp<Id>(n_demand / 4096, 1, 256);
  auto begin = [&](Id r) { return static_cast<Id>(std::uint64_t(n_demand) * r / ranges); };
  tbb::parallel_for(tbb::blocked_range<Id>(0, ranges, 1), [&](const tbb::blocked_range<Id>& rr) {
    for (Id r = rr.begin(); r < rr.end(); ++r) {
      check_interrupt();
      body(begin(r), begin(r + 1));
    }
  });
}

// visit(site, pair index) for every pair of `reach` whose demand id is in [lo, hi), by site, then
// by demand id.
template <class Visit>
void for_pairs_in_range(const Reach& reach, Id lo, Id hi, Visit&& visit) {
  const auto base = reach.demand.begin();
  for (Id j = 0; j < reach.n_sites; ++j) {
    const std::size_t end = reach.first[j + 1];
    std::size_t k = static_cast<std::size_t>(std::lower_bound(base + reach.first[j], base + end, lo) - base);
    for (; k < end && reach.demand[k] < hi; ++k) visit(j, k);
  }
}

// body(site) for every site, in parallel.
template <class Body>
void for_sites(Id n_sites, Body&& body) {
  tbb::parallel_for(tbb::blocked_range<Id>(0, n_sites, 64), [&](const tbb::blocked_range<Id>& r) {
    check_interrupt();
    for (Id j = r.begin(); j < r.end(); ++j) body(j);
  });
}

}  // namespace lc::detail
