#pragma once
// Greedy addition and 1-for-1 swap search for the two "sum" models, which share one shape:
// every demand point pays its (effective) weight times the cost to its cheapest open site, and a
// new site lowers that. The objective F(S) = cost(fixed) - cost(fixed + S) is monotone and
// submodular in the chosen set S for both, which gives the guarantees and bounds below.
//
//   cover (MCLP):    pair cost 0 within the Reach, 1 without an open site in reach; the cost of
//                    a set is its uncovered weight.
//   cost  (p-median): pair cost min(unreached_cost, Reach cost), unreached_cost without an open
//                    site in reach; uncoverable demand weighs 0.
//
// Greedy: lazy (Minoux) evaluation with a max-heap of possibly stale gains; because gains only
// shrink as sites are added, a fresh heap top is the true best (ties: lower site id). For K
// sites, F(greedy) >= (1 - 1/e) F(optimum) (Nemhauser, Wolsey & Fisher 1978); for MCLP this is
// a guarantee on the covered weight beyond the fixed sites (and so on the covered weight), for
// p-median on the cost reduction, not on the cost itself.
// Swap: 1-for-1 exchanges (Teitz & Bart vertex substitution) evaluated for every candidate in one
// pass over its Reach with the best/second-best bookkeeping of Whitaker's fast interchange;
// improving swaps are applied best first and re-checked, until a pass finds none.
// Bounds (proven, valid for any set S of at most K sites): by submodularity
//   F(optimum) <= F(S) + (sum of the K largest single-site gains with respect to S),
// evaluated at every greedy step (K × the top gain) and after the last swap pass.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "algorithms/detail/siting_problem.hpp"

namespace lc::detail {

enum class GainKind : std::uint8_t { cover, cost };

struct GreedyRun {
  std::vector<Id> order;     // sites in the order added
  std::vector<double> gain;  // cost reduction of each, given the start set and those before it
  double cost = 0;           // cost after
  double lower_bound = 0;    // on the cost of any start + k sites (valid when start is empty)
};

struct SwapRun {
  int passes = 0;
  int swaps = 0;
  double cost = 0;
  double lower_bound = 0;  // on the cost of any K sites, from the last pass
};

class LocalSearch {
 public:
  LocalSearch(const SitingProblem& p, GainKind kind);

  double baseline_cost() const { return baseline_cost_; }  // fixed sites only
  double eps() const { return eps_; }
  double cost_of(const std::vector<Id>& selected) const;

  // Adds up to `k` sites from `allowed` (ascending ids, none in `start`) to the fixed sites and
  // `start`, one at a time by largest gain (ties: lower id); stops early when no site gains more
  // than eps().
  GreedyRun greedy(std::size_t k, const std::vector<Id>& start, const std::vector<Id>& allowed) const;

  // Improves `selected` (sites from `allowed`) by 1-for-1 swaps with sites from `allowed` while
  // one improves by more than eps() (at most `max_passes` evaluation passes). The lower bound is
  // for any set of `k` sites from `allowed`.
  SwapRun improve(std::vector<Id>& selected, std::size_t k, const std::vector<Id>& allowed, int max_passes = 100) const;

 private:
  struct State;
  struct Eval;
  template <bool Cover>
  double pair_cost(Id k) const;
  template <bool Cover>
  double gain(Id site, const std::vector<double>& d1) const;
  template <bool Cover>
  void build_state(const std::vector<Id>& selected, State& st) const;
  template <bool Cover>
  Eval evaluate_swap(Id c, const State& st, const std::vector<Id>& selected, std::vector<double>& extra,
                     std::vector<std::uint32_t>& touched) const;
  template <bool Cover>
  GreedyRun greedy_impl(std::size_t k, const std::vector<Id>& start, const std::vector<Id>& allowed) const;
  template <bool Cover>
  SwapRun improve_impl(std::vector<Id>& selected, std::size_t k, const std::vector<Id>& allowed, int max_passes) const;

  const SitingProblem& p_;
  GainKind kind_;
  std::vector<double> ew_;  // effective weight per demand point
  std::vector<double> b1_;  // cost with the fixed sites only
  std::vector<double> b2_;  // cost if the cheapest fixed site were gone (second cheapest)
  double baseline_cost_ = 0;
  double eps_ = 0;
};

}  // namespace lc::detail
