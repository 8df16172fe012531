#pragma once
// A stronger p-median heuristic: multi-start fast swap-based local search with path relinking.
//
// Objective (the p-median cost of LocalSearch with GainKind::cost): every coverable demand point
// i pays weight[i] × min(unreached_cost, cheapest open site's Reach cost), the open sites being
// the fixed sites plus the selected ones; with no open site in reach it pays unreached_cost;
// uncoverable points weigh 0.
//
// Method (Resende & Werneck):
// - Local search: the fast swap-based procedure of Resende & Werneck, "A fast swap-based local
//   search procedure for location problems", Annals of Operations Research 150 (2007): per
//   demand point its closest and second-closest open site, gain[f] of every closed site,
//   loss[r] of every open one and the sparse matrix extra(r, f), so that the profit of swapping
//   f in for r is gain[f] - loss[r] + extra(r, f). After a swap only the demand points whose
//   closest or second-closest site changes are undone and redone. Best-improvement swaps until
//   none improves by more than improvement_eps.
// - Multi-start and path relinking as in their hybrid heuristic ("A hybrid heuristic for the
//   p-median problem", Journal of Heuristics 10, 2004): start 0 from the caller's solution,
//   the others from "sample greedy" constructions, each followed by the local search and by
//   path relinking (both directions) with a solution of an elite pool; at the end the elite
//   solutions are relinked with the best one.
// Deterministic for a given seed: one fixed PRNG (std::mt19937_64), ties to the lower site id,
// no parallel reduction whose order depends on the thread count. The time budget is looked at
// only between starts and relinking steps; when it cuts the planned work short the result
// depends on the timing (stopped_by_time says so).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "algorithms/detail/siting_problem.hpp"

namespace lc::detail {

struct PmedianSearchOptions {
  std::uint64_t seed = 1;
  // Multi-start count; 0 = automatic: 32 starts for small instances, fewer as the instance
  // grows, at least 4 (see pmedian_auto_starts).
  int starts = 0;
  double time_budget_s = 10;  // wall-clock cap: checked only between starts / relinking steps
  // extra(r, f) is held as a dense (k × allowed) matrix up to this many entries, beyond it as one
  // hash table per open site (same results, slower).
  std::size_t dense_extra_max_entries = std::size_t(1) << 23;
};

struct PmedianSearchResult {
  std::vector<Id> selected;  // ascending site ids, at most k, from `allowed`
  double cost = 0;           // evaluate_set(p, selected).total_cost
  int starts_run = 0;
  // Moves of the local search, all starts: swaps, and additions while fewer than k sites are
  // open (construction and relinking steps not counted).
  int swaps = 0;
  bool stopped_by_time = false;  // the budget cut the planned work short: the result may depend on timing
};

// Opens at most `k` sites of `allowed` (ascending candidate ids) next to the fixed sites to
// minimise the p-median cost. `initial` (sites of `allowed`, e.g. a greedy result) is the first
// start, filled up to k by greedy addition when shorter. Sites whose removal would raise the
// cost by no more than improvement_eps are left out, so fewer than k may be returned. The
// result is never worse than the local search from `initial` (give it a Teitz–Bart result and
// it is no worse than that, within those eps-drops). Memory: a demand-major copy of the useful
// pairs (8 bytes each), about 50 bytes per demand point, and extra (dense: 8 × k × allowed
// bytes at most dense_extra_max_entries entries).
PmedianSearchResult pmedian_search(const SitingProblem& p, std::size_t k, const std::vector<Id>& allowed,
                                   const std::vector<Id>& initial, const PmedianSearchOptions& o);

// The automatic start count for an instance with `pairs` useful (demand, allowed site) pairs and
// k sites to open: 32 while pairs × k <= 2^26 (about 67 million), then halved each time
// pairs × k doubles, never below 4.
int pmedian_auto_starts(std::size_t pairs, std::size_t k);

}  // namespace lc::detail
