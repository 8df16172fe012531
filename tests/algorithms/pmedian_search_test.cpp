#include "algorithms/detail/pmedian_search.hpp"
#include "algorithms/detail/siting_local.hpp"
#include "core/interrupt.hpp"
#include "tests/algorithms/siting_cases.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

namespace lc::detail {
namespace {

using lc::test::Case;
using lc::test::kInf;

SitingOptions pmedian_options(const Case& c) {
  SitingOptions o;
  o.model = SitingModel::pmedian;
  o.unreached_cost = c.unreached_cost;
  return o;
}

std::vector<Id> candidates_of(const Case& c) {
  std::vector<Id> out;
  for (Id j = 0; j < c.sites(); ++j)
    if (c.candidate[j]) out.push_back(j);
  return out;
}

// The p-median objective straight from the matrix, and its optimum by enumerating every k-subset
// (siting_cases.hpp), at the case's unreached cost.
struct Oracle : lc::test::Oracle {
  explicit Oracle(const Case& cs) : lc::test::Oracle(cs) {}
  double cost(const std::vector<Id>& set) const { return median(set, c.penalty()); }
  // Adding a site never raises the cost, so exactly min(k, |candidates|) is also "at most k".
  double optimum(std::size_t k) const { return best_median(k, c.penalty()); }
  double scale() const {  // the improvement_eps scale of the p-median
    double s = 0;
    for (Id i = 0; i < c.demand(); ++i)
      if (coverable(i)) s += c.weight[i] * c.penalty();
    return s;
  }
};

// Sites and demand uniform in a 1000 × 1000 square, Euclidean costs within `threshold`;
// `n_fixed` of the sites fixed, the rest candidates; some weights 0 when `zero_weights`.
Case random_case(std::uint64_t seed, Id n_sites, Id n_demand, Id n_fixed, double threshold, bool zero_weights) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1000.0), pop(1.0, 100.0), coin(0.0, 1.0);
  std::vector<double> sx(n_sites), sy(n_sites), dx(n_demand), dy(n_demand);
  for (Id j = 0; j < n_sites; ++j) sx[j] = u(rng), sy[j] = u(rng);
  for (Id i = 0; i < n_demand; ++i) dx[i] = u(rng), dy[i] = u(rng);
  Case c;
  c.threshold = threshold;
  c.cost.assign(n_sites, std::vector<double>(n_demand, kInf));
  for (Id j = 0; j < n_sites; ++j)
    for (Id i = 0; i < n_demand; ++i) {
      const double d = std::hypot(sx[j] - dx[i], sy[j] - dy[i]);
      if (d <= threshold) c.cost[j][i] = static_cast<float>(d);
    }
  c.weight.resize(n_demand);
  for (double& w : c.weight) w = zero_weights && coin(rng) < 0.15 ? 0.0 : std::round(pop(rng));
  c.fixed.assign(n_sites, 0);
  c.candidate.assign(n_sites, 1);
  for (Id t = 0; t < n_fixed; ++t) {
    c.fixed[t * (n_sites / std::max<Id>(n_fixed, 1))] = 1;
    c.candidate[t * (n_sites / std::max<Id>(n_fixed, 1))] = 0;
  }
  return c;
}

struct Outcome {
  PmedianSearchResult r;
  double oracle_cost = 0;  // the oracle's cost of r.selected
};

Outcome solve(const Case& c, std::size_t k, PmedianSearchOptions o = {}, std::vector<Id> initial = {}) {
  const SitingInput in = c.input();
  const SitingProblem p(in, pmedian_options(c));
  Outcome out;
  out.r = pmedian_search(p, k, p.candidates, initial, o);
  out.oracle_cost = Oracle(c).cost(out.r.selected);
  return out;
}

void expect_valid(const Case& c, const Outcome& x, std::size_t k) {
  const std::vector<Id> cands = candidates_of(c);
  EXPECT_LE(x.r.selected.size(), k);
  EXPECT_TRUE(std::is_sorted(x.r.selected.begin(), x.r.selected.end()));
  EXPECT_EQ(std::adjacent_find(x.r.selected.begin(), x.r.selected.end()), x.r.selected.end());
  for (Id j : x.r.selected) EXPECT_TRUE(std::binary_search(cands.begin(), cands.end(), j)) << j;
  EXPECT_NEAR(x.r.cost, x.oracle_cost, 1e-9 * std::max(1.0, x.oracle_cost));
}

// Five points on a line at 0, 100, 200, 300, 400 m with weights 1, 1, 1, 1, 10; candidate sites
// at the same places (site j at demand j), threshold 150 so unreached_cost = 300, no fixed site.
// k = 1: site 4 serves d4 (0) and d3 (100), the others pay 300: 100 + 3 × 300 = 1000; site 3
// serves d2, d3, d4 at 100 + 0 + 10 × 100 = 1100 plus 2 × 300 = 1700. Best: {4} = 1000.
// k = 2: {1, 4}: d0 100, d1 0, d2 100, d3 100, d4 0 = 300, the only set at 300 (every other pair
// leaves a point unreached or d4 away from its site: {2, 4} = 300 + 100 + 0 + 100 + 0 = 500).
TEST(PmedianSearch, HandComputedTinyLine) {
  Case c;
  c.threshold = 150;
  c.weight = {1, 1, 1, 1, 10};
  c.cost.assign(5, std::vector<double>(5, kInf));
  for (Id j = 0; j < 5; ++j)
    for (Id i = 0; i < 5; ++i)
      if (std::abs(int(j) - int(i)) <= 1) c.cost[j][i] = 100.0 * std::abs(int(j) - int(i));
  c.fixed.assign(5, 0);
  c.candidate.assign(5, 1);
  const Outcome one = solve(c, 1);
  EXPECT_EQ(one.r.selected, std::vector<Id>({4}));
  EXPECT_DOUBLE_EQ(one.r.cost, 1000.0);
  const Outcome two = solve(c, 2);
  EXPECT_EQ(two.r.selected, std::vector<Id>({1, 4}));
  EXPECT_DOUBLE_EQ(two.r.cost, 300.0);
  // From a poor start ({0}, filled by greedy to two sites) the search still ends at {1, 4}.
  const Outcome from_poor = solve(c, 2, {}, {0});
  EXPECT_EQ(from_poor.r.selected, std::vector<Id>({1, 4}));
}

// Every random case: the optimum of the brute-force enumeration, with the dense and the sparse
// extra matrix, with and without fixed sites, for several k and Reach thresholds.
TEST(PmedianSearch, FindsBruteForceOptimum) {
  int cases = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const Id n_sites = 12 + Id(seed % 5);          // 12..16
    const Id n_demand = 30 + Id((seed * 7) % 51);  // 30..80
    const Id n_fixed = seed % 3 == 0 ? 0 : Id(seed % 3);
    const double threshold = seed % 2 ? 250.0 : 400.0;
    const Case c = random_case(seed, n_sites, n_demand, n_fixed, threshold, seed % 4 == 1);
    const Oracle oracle(c);
    for (std::size_t k : {2u, 3u, 5u}) {
      const double opt = oracle.optimum(k);
      const double tol = 1e-9 * oracle.scale() + 1e-9;
      for (std::size_t dense_max : {std::size_t(1) << 23, std::size_t(0)}) {
        PmedianSearchOptions o;
        o.seed = seed;
        o.dense_extra_max_entries = dense_max;
        const Outcome x = solve(c, k, o);
        SCOPED_TRACE(testing::Message() << "seed " << seed << " k " << k << " dense_max " << dense_max);
        expect_valid(c, x, k);
        // Sites whose removal costs at most eps are dropped: the cost is within k × eps.
        EXPECT_LE(x.oracle_cost, opt + double(k) * tol);
        EXPECT_GE(x.oracle_cost, opt - tol);
        EXPECT_FALSE(x.r.stopped_by_time);
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 72);
}

// No single swap (one selected site for one unselected candidate) and, with fewer than k
// sites, no addition lowers the oracle's cost by more than eps: checked by enumeration on a
// case too large to solve by brute force (60 candidates, 400 demand points, k = 8).
TEST(PmedianSearch, ResultIsSwapLocalOptimum) {
  for (std::uint64_t seed : {101u, 102u, 103u}) {
    const Case c = random_case(seed, 64, 400, seed == 102 ? 4 : 0, 180.0, seed == 103);
    const Oracle oracle(c);
    const std::size_t k = 8;
    PmedianSearchOptions o;
    o.seed = seed;
    const Outcome x = solve(c, k, o);
    expect_valid(c, x, k);
    const double eps = improvement_eps(oracle.scale());
    const double cost = x.oracle_cost;
    std::vector<Id> sel = x.r.selected;
    for (Id in : oracle.cands) {
      if (std::binary_search(sel.begin(), sel.end(), in)) continue;
      if (sel.size() < k) {
        std::vector<Id> more = sel;
        more.push_back(in);
        EXPECT_GE(oracle.cost(more), cost - eps) << "adding " << in;
      }
      for (std::size_t t = 0; t < sel.size(); ++t) {
        std::vector<Id> swapped = sel;
        swapped[t] = in;
        EXPECT_GE(oracle.cost(swapped), cost - eps) << "swap " << sel[t] << " -> " << in << " seed " << seed;
      }
    }
  }
}

// At least as good as greedy + Teitz–Bart (LocalSearch) started from the same greedy result.
TEST(PmedianSearch, NoWorseThanGreedyTeitzBart) {
  for (std::uint64_t seed : {201u, 202u, 203u, 204u}) {
    const Case c = random_case(seed, 80, 600, seed % 2 ? 5 : 0, 160.0, false);
    const SitingInput in = c.input();
    const SitingProblem p(in, pmedian_options(c));
    const std::size_t k = 10;
    const LocalSearch ls(p, GainKind::cost);
    const GreedyRun g = ls.greedy(k, {}, p.candidates);
    std::vector<Id> tb = g.order;
    ls.improve(tb, k, p.candidates);
    const double tb_cost = evaluate_set(p, tb).total_cost;
    PmedianSearchOptions o;
    o.seed = seed;
    const PmedianSearchResult r = pmedian_search(p, k, p.candidates, g.order, o);
    EXPECT_LE(r.cost, tb_cost + improvement_eps(Oracle(c).scale())) << "seed " << seed;
    EXPECT_DOUBLE_EQ(r.cost, evaluate_set(p, r.selected).total_cost);
  }
}

// Same seed twice, and one thread against two: the same set and cost. A different seed may
// take another path but must still return a valid set.
TEST(PmedianSearch, DeterministicForSeedAndThreads) {
  const Case c = random_case(301, 120, 1500, 3, 150.0, true);
  const std::size_t k = 12;
  PmedianSearchOptions o;
  o.seed = 7;
  o.starts = 8;
  o.time_budget_s = 1e9;  // no timing dependence
  Outcome one, two;
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    one = solve(c, k, o);
  }
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
    two = solve(c, k, o);
  }
  const Outcome again = solve(c, k, o);
  EXPECT_EQ(one.r.selected, two.r.selected);
  EXPECT_EQ(one.r.cost, two.r.cost);
  EXPECT_EQ(one.r.swaps, two.r.swaps);
  EXPECT_EQ(one.r.selected, again.r.selected);
  EXPECT_EQ(one.r.swaps, again.r.swaps);
  EXPECT_EQ(one.r.starts_run, 8);
  EXPECT_FALSE(one.r.stopped_by_time);
  // Dense and sparse extra give the same path.
  o.dense_extra_max_entries = 0;
  const Outcome sparse = solve(c, k, o);
  EXPECT_EQ(sparse.r.selected, one.r.selected);
  EXPECT_NEAR(sparse.r.cost, one.r.cost, 1e-9 * one.r.cost);
}

// The same with the best-swap scan over extra's rows in parallel (k × sites >= 65,536): 1,800
// sites and 4,000 demand points in the 1000 × 1000 square at 90 (about 45 sites per point),
// k = 40, built straight into a Reach.
TEST(PmedianSearch, DeterministicWithParallelScan) {
  std::mt19937_64 rng(302);
  std::uniform_real_distribution<double> u(0.0, 1000.0), pop(1.0, 100.0);
  const Id n_sites = 1800, n_demand = 4000;
  std::vector<double> sx(n_sites), sy(n_sites), dx(n_demand), dy(n_demand);
  for (Id j = 0; j < n_sites; ++j) sx[j] = u(rng), sy[j] = u(rng);
  for (Id i = 0; i < n_demand; ++i) dx[i] = u(rng), dy[i] = u(rng);
  SitingInput in;
  in.reach.n_sites = n_sites;
  in.reach.n_demand = n_demand;
  in.reach.threshold = 90;
  for (Id j = 0; j < n_sites; ++j) {
    for (Id i = 0; i < n_demand; ++i) {
      const double d = std::hypot(sx[j] - dx[i], sy[j] - dy[i]);
      if (d <= 90) {
        in.reach.demand.push_back(i);
        in.reach.cost.push_back(static_cast<float>(d));
      }
    }
    in.reach.first.push_back(static_cast<Id>(in.reach.demand.size()));
  }
  for (Id i = 0; i < n_demand; ++i) in.weight.push_back(std::round(pop(rng)));
  SitingOptions so;
  so.model = SitingModel::pmedian;
  const SitingProblem p(in, so);
  PmedianSearchOptions o;
  o.seed = 3;
  o.starts = 4;
  o.time_budget_s = 1e9;
  PmedianSearchResult one, two;
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    one = pmedian_search(p, 40, p.candidates, {}, o);
  }
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
    two = pmedian_search(p, 40, p.candidates, {}, o);
  }
  EXPECT_EQ(one.selected.size(), 40u);
  EXPECT_EQ(one.selected, two.selected);
  EXPECT_EQ(one.cost, two.cost);
  EXPECT_EQ(one.swaps, two.swaps);
  EXPECT_DOUBLE_EQ(one.cost, evaluate_set(p, one.selected).total_cost);
}

// k = 0: nothing selected, the cost of the fixed sites alone. k >= candidates: every candidate
// that lowers the cost is open, and the cost equals the all-candidates cost.
TEST(PmedianSearch, KZeroAndKAtLeastCandidates) {
  const Case c = random_case(401, 14, 60, 2, 300.0, false);
  const Oracle oracle(c);
  const Outcome zero = solve(c, 0);
  EXPECT_TRUE(zero.r.selected.empty());
  EXPECT_NEAR(zero.r.cost, oracle.cost({}), 1e-9 * oracle.cost({}));
  EXPECT_EQ(zero.r.starts_run, 0);
  const double all = oracle.cost(oracle.cands);
  for (std::size_t k : {oracle.cands.size(), oracle.cands.size() + 5}) {
    const Outcome x = solve(c, k);
    expect_valid(c, x, k);
    EXPECT_NEAR(x.oracle_cost, all, 1e-9 * all + oracle.cands.size() * improvement_eps(oracle.scale()));
  }
  // Every one of these sites serves a point of its own (each demand point reached by one site
  // only): all three are needed, none is dropped.
  Case own;
  own.threshold = 10;
  own.weight = {1, 2, 3};
  own.cost = {{1, kInf, kInf}, {kInf, 2, kInf}, {kInf, kInf, 3}};
  own.fixed.assign(3, 0);
  own.candidate.assign(3, 1);
  const Outcome every = solve(own, 7);
  EXPECT_EQ(every.r.selected, std::vector<Id>({0, 1, 2}));
  // 1×1 + 2×2 + 3×3 = 14
  EXPECT_DOUBLE_EQ(every.r.cost, 14.0);
}

// Fixed sites are open in the objective: a candidate next to a fixed site gains nothing.
// Line 0, 100, 200, 300 m (weights 1, 1, 1, 5); fixed site F at 300 m, candidates at 0, 100,
// 200 and 300 m (a second site at 300 m); threshold 150 (unreached 300).
// Fixed only: d0 300 (unreached), d1 300, d2 100, d3 0 -> 300 + 300 + 100 + 0 = 700.
// k = 1: site at 0 m -> 0 + 100 + 100 + 0 = 200; at 100 m -> 100 + 0 + 100 + 0 = 200 as well:
// the lower id (site 0 at 0 m) wins the tie. The candidate at 300 m gains nothing and is never
// chosen, even with k = 4: {0, 1, 2} leaves 0 + 0 + 0 + 0 = 0, the site at 300 m is dropped.
TEST(PmedianSearch, FixedSitesCounted) {
  Case c;
  c.threshold = 150;
  c.weight = {1, 1, 1, 5};
  const std::vector<double> site_x = {300, 0, 100, 200, 300};  // site 0 is the fixed one
  c.cost.assign(5, std::vector<double>(4, kInf));
  for (Id j = 0; j < 5; ++j)
    for (Id i = 0; i < 4; ++i)
      if (std::abs(site_x[j] - 100.0 * i) <= 150) c.cost[j][i] = std::abs(site_x[j] - 100.0 * i);
  c.fixed = {1, 0, 0, 0, 0};
  c.candidate = {0, 1, 1, 1, 1};
  const Outcome zero = solve(c, 0);
  EXPECT_DOUBLE_EQ(zero.r.cost, 700.0);
  const Outcome one = solve(c, 1);
  EXPECT_EQ(one.r.selected, std::vector<Id>({1}));
  EXPECT_DOUBLE_EQ(one.r.cost, 200.0);
  const Outcome four = solve(c, 4);
  EXPECT_EQ(four.r.selected, std::vector<Id>({1, 2, 3}));
  EXPECT_DOUBLE_EQ(four.r.cost, 0.0);
}

// Zero weights, uncoverable demand, sites with an empty Reach, an explicit unreached cost.
// Demand d0 (w 4), d1 (w 0), d2 (w 3, reached by no site: uncoverable, weighs 0), d3 (w 2).
// Sites: s0 reaches d0 at 10, d1 at 1; s1 empty; s2 reaches d0 at 30, d3 at 20; s3 reaches d1 at
// 0 only. unreached_cost 50.
// k = 1: {s0}: 4×10 + 2×50 = 140; {s2}: 4×30 + 2×20 = 160; {s1}, {s3}: 4×50 + 2×50 = 300.
// k = 2: {s0, s2}: 40 + 40 = 80. k = 3: still 80; s1 and s3 gain nothing and are not returned.
TEST(PmedianSearch, ZeroWeightUncoverableEmptyReach) {
  Case c;
  c.unreached_cost = 50;
  c.threshold = 40;
  c.weight = {4, 0, 3, 2};
  c.cost = {{10, 1, kInf, kInf}, {kInf, kInf, kInf, kInf}, {30, kInf, kInf, 20}, {kInf, 0, kInf, kInf}};
  c.fixed.assign(4, 0);
  c.candidate.assign(4, 1);
  for (std::size_t dense_max : {std::size_t(1) << 23, std::size_t(0)}) {
    PmedianSearchOptions o;
    o.dense_extra_max_entries = dense_max;
    const Outcome one = solve(c, 1, o);
    EXPECT_EQ(one.r.selected, std::vector<Id>({0}));
    EXPECT_DOUBLE_EQ(one.r.cost, 140.0);
    const Outcome two = solve(c, 2, o);
    EXPECT_EQ(two.r.selected, std::vector<Id>({0, 2}));
    EXPECT_DOUBLE_EQ(two.r.cost, 80.0);
    const Outcome three = solve(c, 3, o);
    EXPECT_EQ(three.r.selected, std::vector<Id>({0, 2}));
    EXPECT_DOUBLE_EQ(three.r.cost, 80.0);
  }
}

// A restricted `allowed` list: only those sites are chosen (the brute force over the subset).
TEST(PmedianSearch, OnlyAllowedSites) {
  const Case c = random_case(501, 16, 70, 0, 300.0, false);
  std::vector<Id> allowed;  // the even sites; coverability still comes from every candidate
  for (Id j = 0; j < c.sites(); j += 2) allowed.push_back(j);
  const Oracle full(c);
  double opt = kInf;
  std::vector<Id> set;
  std::function<void(std::size_t)> rec = [&](std::size_t from) {
    if (set.size() == 3) {
      opt = std::min(opt, full.cost(set));
      return;
    }
    for (std::size_t t = from; t < allowed.size(); ++t) {
      set.push_back(allowed[t]);
      rec(t + 1);
      set.pop_back();
    }
  };
  rec(0);
  const SitingInput in = c.input();
  const SitingProblem p(in, pmedian_options(c));
  const PmedianSearchResult r = pmedian_search(p, 3, allowed, {}, {});
  for (Id j : r.selected) EXPECT_EQ(j % 2, 0u);
  EXPECT_NEAR(full.cost(r.selected), opt, 1e-9 * opt + 3 * improvement_eps(full.scale()));
  EXPECT_NEAR(r.cost, full.cost(r.selected), 1e-9 * opt);
}

// A zero budget runs start 0 (the local search from `initial`) and stops before start 1,
// saying so; its set is a swap local optimum no worse than the caller's start.
TEST(PmedianSearch, StopsAtTimeBudget) {
  const Case c = random_case(701, 40, 300, 2, 200.0, false);
  const Oracle oracle(c);
  PmedianSearchOptions o;
  o.starts = 16;
  o.time_budget_s = 0;
  const std::vector<Id> initial = {1, 2, 3, 4, 5};  // a poor start: five neighbours by id
  const Outcome x = solve(c, 5, o, initial);
  expect_valid(c, x, 5);
  EXPECT_EQ(x.r.starts_run, 1);
  EXPECT_TRUE(x.r.stopped_by_time);
  EXPECT_LE(x.oracle_cost, oracle.cost(initial));
  o.time_budget_s = 1e9;
  const Outcome full = solve(c, 5, o, initial);
  EXPECT_EQ(full.r.starts_run, 16);
  EXPECT_FALSE(full.r.stopped_by_time);
  EXPECT_LE(full.oracle_cost, x.oracle_cost + improvement_eps(oracle.scale()));
}

// A pending interrupt stops the search with Interrupted.
TEST(PmedianSearch, InterruptThrows) {
  const Case c = random_case(601, 30, 200, 0, 250.0, false);
  const SitingInput in = c.input();
  const SitingProblem p(in, pmedian_options(c));
  request_interrupt(2);
  EXPECT_THROW(pmedian_search(p, 4, p.candidates, {}, {}), Interrupted);
  clear_interrupt();
  EXPECT_NO_THROW(pmedian_search(p, 4, p.candidates, {}, {}));
}

}  // namespace
}  // namespace lc::detail
