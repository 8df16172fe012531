#include "algorithms/siting.hpp"
#include "algorithms/detail/siting_cover.hpp"
#include "tests/algorithms/siting_cases.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <random>
#include <set>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

namespace lc {
namespace {

using namespace lc::test;


// What every result must satisfy, checked against the oracle.
void check_common(const Case& c, const SitingOptions& o, const SitingResult& r) {
  const Oracle orc(c);
  std::set<Id> seen;
  for (Id s : r.selected) {
    EXPECT_TRUE(c.candidate[s]) << "site " << s;
    EXPECT_TRUE(seen.insert(s).second) << "site " << s << " twice";
  }
  if (o.model != SitingModel::lscp) {
    EXPECT_LE(r.selected.size(), o.add);
  }
  ASSERT_EQ(r.marginal.size(), r.selected.size());
  const double sum = std::accumulate(r.marginal.begin(), r.marginal.end(), 0.0);
  switch (o.model) {
    case SitingModel::mclp:
      EXPECT_NEAR(sum, r.objective - r.objective_before, tol(r.objective));
      break;
    case SitingModel::lscp:
      EXPECT_NEAR(sum, r.covered_weight - r.covered_weight_before, tol(r.covered_weight));
      EXPECT_EQ(r.objective, static_cast<double>(r.selected.size()));
      break;
    case SitingModel::pmedian:
    case SitingModel::pcenter:
      EXPECT_NEAR(sum, r.objective_before - r.objective, tol(r.objective_before));
      break;
  }
  for (double m : r.marginal) EXPECT_GE(m, -tol(m));
  const double P = std::isnan(o.unreached_cost) ? 2 * c.threshold : o.unreached_cost;
  if (c.capacity.empty()) {
    EXPECT_NEAR(r.covered_weight, orc.covered(r.selected), tol(r.covered_weight));
    EXPECT_NEAR(r.covered_weight_before, orc.covered({}), tol(r.covered_weight));
  }
  if (o.model == SitingModel::mclp && c.capacity.empty()) {
    EXPECT_NEAR(r.objective, orc.covered(r.selected), tol(r.objective));
    EXPECT_NEAR(r.objective_before, orc.covered({}), tol(r.objective));
  }
  if (o.model == SitingModel::pmedian) {
    EXPECT_NEAR(r.objective, orc.median(r.selected, P), tol(r.objective));
    EXPECT_NEAR(r.objective_before, orc.median({}, P), tol(r.objective_before));
    EXPECT_DOUBLE_EQ(r.unreached_cost, P);
  }
  if (o.model == SitingModel::pcenter) {
    EXPECT_NEAR(r.objective, orc.center(r.selected, P), tol(r.objective));
    EXPECT_NEAR(r.objective_before, orc.center({}, P), tol(r.objective_before));
  }
  EXPECT_EQ(r.uncoverable, orc.uncoverable());
  double uw = 0, tw = 0;
  for (Id i : orc.uncoverable()) uw += c.weight[i];
  for (double w : c.weight) tw += w;
  EXPECT_NEAR(r.uncoverable_weight, uw, 1e-9);
  EXPECT_NEAR(r.total_weight, tw, 1e-9);
  EXPECT_FALSE(std::isnan(r.bound));
}

// ---------------------------------------------------------------------------------------------
// Hand-built cases. Reach costs only matter for p-median / p-center.

// Six points of weight 1, no fixed site, add 2:
//   C0 reaches d1 d2 d3 d4 (4)     C1 reaches d0 d1 d2 (3)     C2 reaches d3 d4 d5 (3)
// Greedy takes C0 (4), then C1 and C2 each add 1 (tie: C1, the lower id) = 5 covered.
// The optimum is C1 + C2 = all 6, which the swap C0 -> C2 finds. Ranked within {C1, C2}: both
// gain 3 first, so C1 (lower id) then C2 (3 more).
Case three_sets() {
  Case c;
  c.threshold = 100;
  c.weight = {1, 1, 1, 1, 1, 1};
  c.cost = {{kInf, 10, 10, 10, 10, kInf}, {10, 10, 10, kInf, kInf, kInf}, {kInf, kInf, kInf, 10, 10, 10}};
  c.fixed = {0, 0, 0};
  c.candidate = {1, 1, 1};
  return c;
}

TEST(SitingMclp, HandCaseSwapRepairsGreedy) {
  const Case c = three_sets();
  for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
    const SitingOptions o = options(SitingModel::mclp, 2, s);
    const SitingResult r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective, 6.0);
    EXPECT_DOUBLE_EQ(r.objective_before, 0.0);
    EXPECT_EQ(r.selected, (std::vector<Id>{1, 2}));
    EXPECT_EQ(r.marginal, (std::vector<double>{3.0, 3.0}));
    EXPECT_TRUE(r.proven_optimal);
    EXPECT_NEAR(r.bound, 6.0, 1e-9);
  }
}

// One candidate that adds nothing is not opened: a fixed site F (id 0) reaches d0; C1 reaches
// d0 and d1; C2 reaches only d0. Add 2: C1 adds d1 (weight 5); C2 then adds 0, so it is left out.
TEST(SitingMclp, SitesThatAddNothingAreLeftOut) {
  Case c;
  c.threshold = 100;
  c.weight = {2, 5};
  c.cost = {{10, kInf}, {10, 10}, {10, kInf}};
  c.fixed = {1, 0, 0};
  c.candidate = {0, 1, 1};
  for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
    const SitingOptions o = options(SitingModel::mclp, 2, s);
    const SitingResult r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_EQ(r.selected, (std::vector<Id>{1}));
    EXPECT_DOUBLE_EQ(r.objective, 7.0);         // 2 (by F) + 5
    EXPECT_DOUBLE_EQ(r.objective_before, 2.0);  // d0 by F
    EXPECT_TRUE(r.proven_optimal);
  }
}

// Equal gains: C1 and C2 reach the same two points; the lower id (1) wins.
TEST(SitingMclp, TiesGoToTheLowerId) {
  Case c;
  c.threshold = 100;
  c.weight = {1, 1, 1};
  c.cost = {{kInf, kInf, 10}, {10, 10, kInf}, {10, 10, kInf}};
  c.fixed = {0, 0, 0};
  c.candidate = {1, 1, 1};
  const SitingResult r = solve_siting(c.input(), options(SitingModel::mclp, 1, SitingSolver::heuristic));
  EXPECT_EQ(r.selected, (std::vector<Id>{1}));
  EXPECT_DOUBLE_EQ(r.objective, 2.0);
}

TEST(SitingMclp, ExactEqualsEnumeratedOptimum) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Case c = random_case(seed, 18, 60, 3, 220);
    const Oracle orc(c);
    for (std::uint32_t k : {1u, 2u, 3u, 4u}) {
      const SitingOptions o = options(SitingModel::mclp, k, SitingSolver::exact);
      const SitingResult r = solve_siting(c.input(), o);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      check_common(c, o, r);
      const double opt = orc.best_mclp(k);
      EXPECT_NEAR(r.objective, opt, 1e-6);
      EXPECT_TRUE(r.proven_optimal);
      EXPECT_EQ(r.solver.rfind("exact", 0), 0u);
      EXPECT_GE(r.bound, opt - 1e-6);
      EXPECT_NEAR(r.gap, 0.0, 1e-6);
    }
  }
}

TEST(SitingMclp, HeuristicWithinGuaranteeAndBound) {
  for (unsigned seed = 11; seed <= 16; ++seed) {
    const Case c = random_case(seed, 20, 60, 2, 220);
    const Oracle orc(c);
    for (std::uint32_t k : {1u, 2u, 3u, 5u}) {
      for (std::size_t max_pairs : {std::size_t{0}, std::size_t{200000}}) {  // without / with the LP bound
        SitingOptions o = options(SitingModel::mclp, k, SitingSolver::heuristic);
        o.exact_max_pairs = max_pairs;
        const SitingResult r = solve_siting(c.input(), o);
        SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k << " " << r.bound_source);
        check_common(c, o, r);
        const double opt = orc.best_mclp(k), before = orc.covered({});
        EXPECT_LE(r.objective, opt + 1e-9);
        // Nemhauser–Wolsey–Fisher, on the gain beyond the fixed sites.
        EXPECT_GE(r.objective - before, (1 - 1 / std::exp(1.0)) * (opt - before) - 1e-9);
        EXPECT_GE(r.objective, (1 - 1 / std::exp(1.0)) * opt - 1e-9);
        EXPECT_GE(r.bound, opt - 1e-6);  // a proven upper bound
        EXPECT_EQ(r.solver, "heuristic:greedy+swap");
      }
    }
  }
}

// Capacity changes the choice. Weights d0 = 10, d1 = 6, d2 = 5; the fixed site F (capacity 4)
// reaches d0; candidate A (capacity 15) reaches d0 and d2; candidate B (capacity 8) reaches d0
// and d1. Add 1.
//   Uncapacitated: F covers d0 (10); A adds d2 (5) = 15; B adds d1 (6) = 16 -> B.
//   Capacitated: F serves 4 of d0 (before = 4). A can serve the other 6 of d0 and d2's 5 = 11
//   (<= 15) -> 15; B can serve at most 8 of the 6 + 6 left -> 12. So A, served 15, marginal 11.
Case capacity_case(bool capacitated) {
  Case c;
  c.threshold = 100;
  c.weight = {10, 6, 5};
  c.cost = {{10, kInf, kInf}, {20, kInf, 30}, {20, 40, kInf}};
  c.fixed = {1, 0, 0};
  c.candidate = {0, 1, 1};
  if (capacitated) c.capacity = {4, 15, 8};
  return c;
}

TEST(SitingMclp, CapacityChangesTheChoice) {
  for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
    const Case plain = capacity_case(false);
    const SitingResult u = solve_siting(plain.input(), options(SitingModel::mclp, 1, s));
    EXPECT_EQ(u.selected, (std::vector<Id>{2}));
    EXPECT_DOUBLE_EQ(u.objective, 16.0);

    const Case cap = capacity_case(true);
    const SitingOptions o = options(SitingModel::mclp, 1, s);
    const SitingResult r = solve_siting(cap.input(), o);
    check_common(cap, o, r);
    EXPECT_EQ(r.selected, (std::vector<Id>{1}));
    EXPECT_NEAR(r.objective, 15.0, 1e-6);
    EXPECT_NEAR(r.objective_before, 4.0, 1e-6);
    EXPECT_NEAR(r.marginal[0], 11.0, 1e-6);
    EXPECT_NEAR(r.covered_weight, 15.0, 1e-6);
    EXPECT_GE(r.bound, 15.0 - 1e-6);
  }
}

// Max flow source -> site (capacity) -> demand in reach -> sink (weight): the most weight the
// open sites can serve with fractional assignment (Edmonds–Karp).
double max_served(const Case& c, const std::vector<Id>& open_cands) {
  const Oracle orc(c);
  std::vector<Id> open = orc.fixed;
  open.insert(open.end(), open_cands.begin(), open_cands.end());
  const int S = static_cast<int>(open.size()), D = static_cast<int>(c.demand());
  const int src = 0, sink = 1 + S + D, n = sink + 1;
  struct Edge {
    int to;
    double cap;
  };
  std::vector<Edge> e;
  std::vector<std::vector<int>> g(n);
  auto add = [&](int a, int b, double cap) {
    g[a].push_back(static_cast<int>(e.size()));
    e.push_back({b, cap});
    g[b].push_back(static_cast<int>(e.size()));
    e.push_back({a, 0});
  };
  for (int s = 0; s < S; ++s) {
    add(src, 1 + s, std::isfinite(c.capacity[open[s]]) ? c.capacity[open[s]] : 1e18);
    for (int i = 0; i < D; ++i)
      if (c.cost[open[s]][i] != kInf) add(1 + s, 1 + S + i, 1e18);
  }
  for (int i = 0; i < D; ++i) add(1 + S + i, sink, c.weight[i]);
  double flow = 0;
  for (;;) {
    std::vector<int> via(n, -1);
    std::queue<int> q;
    q.push(src);
    via[src] = -2;
    while (!q.empty() && via[sink] == -1) {
      const int a = q.front();
      q.pop();
      for (int id : g[a])
        if (e[id].cap > 1e-12 && via[e[id].to] == -1) {
          via[e[id].to] = id;
          q.push(e[id].to);
        }
    }
    if (via[sink] == -1) break;
    double f = kInf;
    for (int v = sink; v != src; v = e[via[v] ^ 1].to) f = std::min(f, e[via[v]].cap);
    for (int v = sink; v != src; v = e[via[v] ^ 1].to) {
      e[via[v]].cap -= f;
      e[via[v] ^ 1].cap += f;
    }
    flow += f;
  }
  return flow;
}

TEST(SitingMclp, CapacitatedExactEqualsEnumeratedOptimum) {
  for (unsigned seed = 21; seed <= 25; ++seed) {
    Case c = random_case(seed, 11, 30, 2, 300);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> cap(3, 25);
    for (Id j = 0; j < c.sites(); ++j) c.capacity.push_back(cap(rng));
    c.capacity[Oracle(c).cands.front()] = kInf;  // one unlimited site
    const Oracle orc(c);
    for (std::uint32_t k : {1u, 2u, 3u}) {
      double opt = 0;
      orc.subsets(k, [&](const std::vector<Id>& s) { opt = std::max(opt, max_served(c, s)); });
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      const SitingOptions oe = options(SitingModel::mclp, k, SitingSolver::exact);
      const SitingResult e = solve_siting(c.input(), oe);
      check_common(c, oe, e);
      EXPECT_NEAR(e.objective, opt, 1e-5);
      EXPECT_NEAR(e.objective, max_served(c, e.selected), 1e-5);
      EXPECT_NEAR(e.objective_before, max_served(c, {}), 1e-5);
      EXPECT_TRUE(e.proven_optimal);

      const SitingOptions oh = options(SitingModel::mclp, k, SitingSolver::heuristic);
      const SitingResult h = solve_siting(c.input(), oh);
      check_common(c, oh, h);
      // The greedy assignment is feasible: at most what the sites can serve, at most the optimum.
      EXPECT_LE(h.objective, max_served(c, h.selected) + 1e-6);
      EXPECT_LE(h.objective, opt + 1e-6);
      EXPECT_GE(h.bound, opt - 1e-6);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// LSCP

// Weights d0..d4 = 1, 2, 3, 4, 7. The fixed site F (id 0) reaches d0; C1 reaches d1 d2; C2
// reaches d2 d3; C3 reaches d1 d3; no site reaches d4 (uncoverable, weight 7).
// Full cover of d1 d2 d3: no single site does it, any two of C1..C3 do -> 2 sites. Greedy: all
// reach 2 needed points -> C1; then C2 and C3 each add d3 -> C2. Marginals: C1 covers d1 + d2 =
// 5, C2 covers d3 = 4; covered 1 -> 10 of 17.
// Share 0.5: coverable weight 17 - 7 = 10, half is 5, F covers 1, so 4 more: C1 (5), C2 (7) or
// C3 (6) alone does it -> 1 site; greedy takes the largest, C2.
Case lscp_case() {
  Case c;
  c.threshold = 100;
  c.weight = {1, 2, 3, 4, 7};
  c.cost = {
      {10, kInf, kInf, kInf, kInf}, {kInf, 10, 10, kInf, kInf}, {kInf, kInf, 10, 10, kInf}, {kInf, 10, kInf, 10, kInf}};
  c.fixed = {1, 0, 0, 0};
  c.candidate = {0, 1, 1, 1};
  return c;
}

TEST(SitingLscp, HandCaseWithUncoverablePoint) {
  const Case c = lscp_case();
  for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
    SitingOptions o = options(SitingModel::lscp, 0, s);
    SitingResult r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective, 2.0);
    EXPECT_EQ(r.uncoverable, (std::vector<Id>{4}));
    EXPECT_DOUBLE_EQ(r.uncoverable_weight, 7.0);
    EXPECT_DOUBLE_EQ(r.covered_weight_before, 1.0);
    EXPECT_DOUBLE_EQ(r.covered_weight, 10.0);
    EXPECT_DOUBLE_EQ(r.bound, 2.0);
    EXPECT_TRUE(r.proven_optimal);
    if (s == SitingSolver::heuristic) {
      EXPECT_EQ(r.selected, (std::vector<Id>{1, 2}));
      EXPECT_EQ(r.marginal, (std::vector<double>{5.0, 4.0}));
    }

    o.target_share = 0.5;
    r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective, 1.0);
    EXPECT_GE(r.covered_weight, 5.0);
    if (s == SitingSolver::heuristic) {
      EXPECT_EQ(r.selected, (std::vector<Id>{2}));
    }
  }
}

// Chvátal's bad case for greedy: 28 points in two rows of 14 (columns 1..14), weight 1 each.
// Site 0 reaches row a, site 1 row b (14 each); site 2 columns 1-2 (4 points), site 3 columns
// 3-6 (8), site 4 columns 7-14 (16). Greedy takes site 4 (16 > 14), then site 3 (8 > 6 left in
// a row), then site 2 (4 > 2): 3 sites, none redundant. The optimum is the two rows: 2 sites.
// Bounds for the heuristic: LP relaxation 2 (the rows; no fractional cover is cheaper since a
// point of column 1 needs its row or site 2, and so on); subadditive: 16 + 14 >= 28, also 2.
TEST(SitingLscp, GreedyMissesTheOptimumTheExactSolverFinds) {
  Case c;
  c.threshold = 100;
  c.weight.assign(28, 1.0);  // a_k = k - 1, b_k = 14 + k - 1
  c.cost.assign(5, std::vector<double>(28, kInf));
  for (int k = 1; k <= 14; ++k) {
    const int a = k - 1, b = 14 + k - 1;
    c.cost[0][a] = c.cost[1][b] = 10;
    const int group = k <= 2 ? 2 : k <= 6 ? 3 : 4;
    c.cost[group][a] = c.cost[group][b] = 10;
  }
  c.fixed.assign(5, 0);
  c.candidate.assign(5, 1);

  SitingOptions o = options(SitingModel::lscp, 0, SitingSolver::heuristic);
  SitingResult r = solve_siting(c.input(), o);
  check_common(c, o, r);
  EXPECT_EQ(r.selected, (std::vector<Id>{4, 3, 2}));
  EXPECT_EQ(r.marginal, (std::vector<double>{16.0, 8.0, 4.0}));
  EXPECT_DOUBLE_EQ(r.bound, 2.0);
  EXPECT_FALSE(r.proven_optimal);
  EXPECT_NEAR(r.gap, 1.0 / 3.0, 1e-12);  // |objective - bound| / objective = (3 - 2) / 3

  o.solver = SitingSolver::exact;
  r = solve_siting(c.input(), o);
  check_common(c, o, r);
  EXPECT_EQ(r.selected, (std::vector<Id>{0, 1}));
  EXPECT_EQ(r.marginal, (std::vector<double>{14.0, 14.0}));
  EXPECT_TRUE(r.proven_optimal);
}

TEST(SitingLscp, CoverReductionsByHand) {
  // Points A B C D; X reaches A, Y reaches A B, Z reaches B C, W reaches C D (cost 0, all
  // within reach). D has W alone: W is essential, and C and D are done. Then X's points (A) and
  // Z's (B) are all Y's: both dominated. A and B are left with Y alone: Y is essential. Nothing
  // is left for CBC; the cover {W, Y} (two sites) is the smallest.
  Case c;
  c.threshold = 100;
  c.cost = {{0, kInf, kInf, kInf}, {0, 0, kInf, kInf}, {kInf, 0, 0, kInf}, {kInf, kInf, 0, 0}};
  c.weight = {1, 1, 1, 1};
  c.fixed = {0, 0, 0, 0};
  c.candidate = {1, 1, 1, 1};
  const SitingInput in = c.input();
  const SitingOptions o = options(SitingModel::lscp, 0, SitingSolver::exact);
  const detail::SitingProblem p(in, o);
  detail::CoverInstance inst;
  inst.p = &p;
  inst.radius = 100;
  inst.need.assign(4, 1);
  const detail::ReducedCover red = detail::reduce_cover(inst, p.candidates);
  EXPECT_FALSE(red.infeasible);
  EXPECT_EQ(red.forced, (std::vector<Id>{1, 3}));
  EXPECT_TRUE(red.columns.empty());
  EXPECT_TRUE(red.rows.empty());
  EXPECT_EQ(red.replaced, (std::vector<std::pair<Id, Id>>{{0, 1}, {2, 1}}));
  EXPECT_EQ(red.rows_before, 4u);
  EXPECT_EQ(red.columns_before, 4u);
  const SitingResult r = solve_siting(in, o);
  EXPECT_DOUBLE_EQ(r.objective, 2.0);
  EXPECT_TRUE(r.proven_optimal);

  // Two points reached by the same two sites, which each reach one more point of its own: the
  // duplicate point goes, neither site dominates the other, and both are essential.
  Case d;
  d.threshold = 100;
  d.cost = {{0, 0, 0, kInf}, {0, 0, kInf, 0}};
  d.weight = {1, 1, 1, 1};
  d.fixed = {0, 0};
  d.candidate = {1, 1};
  const SitingInput din = d.input();
  const detail::SitingProblem dp(din, o);
  inst.p = &dp;
  const detail::ReducedCover dred = detail::reduce_cover(inst, dp.candidates);
  EXPECT_EQ(dred.forced, (std::vector<Id>{0, 1}));
  EXPECT_TRUE(dred.replaced.empty());

  // A point nothing reaches: no cover.
  inst.p = &p;
  Case e = c;
  e.cost[3][3] = kInf;
  const SitingInput ein = e.input();
  const detail::SitingProblem ep(ein, o);
  inst.p = &ep;
  EXPECT_TRUE(detail::reduce_cover(inst, ep.candidates).infeasible);
}

TEST(SitingLscp, ExactEqualsEnumeratedOptimum) {
  // Dense enough (350 m) that greedy + reverse delete misses the optimum on some of these.
  for (unsigned seed = 31; seed <= 36; ++seed) {
    const Case c = random_case(seed, 20, 60, 3, 350);
    const Oracle orc(c);
    for (double share : {1.0, 0.95, 0.8}) {
      SitingOptions o = options(SitingModel::lscp, 0, SitingSolver::exact);
      o.target_share = share;
      const SitingResult r = solve_siting(c.input(), o);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " share " << share);
      check_common(c, o, r);
      EXPECT_EQ(r.objective, static_cast<double>(orc.best_lscp(share)));
      EXPECT_TRUE(r.proven_optimal);
      // The chosen sites meet the requirement.
      double coverable_w = 0;
      for (Id i = 0; i < c.demand(); ++i)
        if (orc.coverable(i)) coverable_w += c.weight[i];
      if (share >= 1) {
        for (Id i = 0; i < c.demand(); ++i)
          if (orc.coverable(i)) {
            EXPECT_NE(orc.best(i, r.selected), kInf) << "point " << i;
          }
      } else {
        EXPECT_GE(r.covered_weight, share * coverable_w - 1e-6);
      }
    }
  }
}

TEST(SitingLscp, HeuristicIsACoverWithinItsBound) {
  for (unsigned seed = 41; seed <= 46; ++seed) {
    const Case c = random_case(seed, 16, 60, 2, 260);
    const Oracle orc(c);
    for (std::size_t max_pairs : {std::size_t{0}, std::size_t{200000}}) {
      SitingOptions o = options(SitingModel::lscp, 0, SitingSolver::heuristic);
      o.exact_max_pairs = max_pairs;
      const SitingResult r = solve_siting(c.input(), o);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " " << r.bound_source);
      check_common(c, o, r);
      for (Id i = 0; i < c.demand(); ++i)
        if (orc.coverable(i)) {
          EXPECT_NE(orc.best(i, r.selected), kInf) << "point " << i;
        }
      const double opt = static_cast<double>(orc.best_lscp(1.0));
      EXPECT_GE(r.objective, opt);
      EXPECT_LE(r.bound, opt);
      // Chvátal: at most H(Δ) × optimum, Δ <= the most points one site reaches.
      std::size_t delta = 0;
      for (Id j : orc.cands) {
        std::size_t n = 0;
        for (Id i = 0; i < c.demand(); ++i) n += c.cost[j][i] != kInf;
        delta = std::max(delta, n);
      }
      double h = 0;
      for (std::size_t m = 1; m <= delta; ++m) h += 1.0 / m;
      EXPECT_LE(r.objective, h * opt + 1e-9);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// p-median and p-center, on a line (cost = distance), threshold 300, so unreached_cost = 600:
//
//   d0 (w1)  d1 (w1)         C1          d2 (w2)   C2                C3     d3 (w1)
//   0        100             400         500       600               900    1000
//   F at 0 (fixed)                                                          d4 at 5000 (w3)
//
// Reach (<= 300): F: d0 0, d1 100. C1: d1 300, d2 100. C2: d2 100. C3: d3 100. Nobody reaches
// d4: uncoverable, left out of both objectives.
// Before: d0 0 + d1 100 + d2 2×600 + d3 600 = 1900; largest 600.
// Add 1: C1 or C2 -> 0 + 100 + 2×100 + 600 = 900 (tie, C1 wins); C3 -> 1400. p-center: 600
// whatever one site is added.
// Add 2: {C1, C3} or {C2, C3} -> 0 + 100 + 200 + 100 = 400; p-center 100.
// Rank of {C1, C3}: C1 saves 1000, then C3 saves 500. p-center marginals along that order:
// 600 -> 600 (d3 still unreached) -> 100, so 0 then 500.
Case line_case() {
  Case c;
  c.threshold = 300;
  c.weight = {1, 1, 2, 1, 3};
  c.cost = {{0, 100, kInf, kInf, kInf},
            {kInf, 300, 100, kInf, kInf},
            {kInf, kInf, 100, kInf, kInf},
            {kInf, kInf, kInf, 100, kInf}};
  c.fixed = {1, 0, 0, 0};
  c.candidate = {0, 1, 1, 1};
  return c;
}

TEST(SitingPmedian, HandCaseOnALine) {
  const Case c = line_case();
  for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
    SitingOptions o = options(SitingModel::pmedian, 1, s);
    SitingResult r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective_before, 1900.0);
    EXPECT_DOUBLE_EQ(r.objective, 900.0);
    EXPECT_DOUBLE_EQ(r.unreached_cost, 600.0);
    EXPECT_EQ(r.uncoverable, (std::vector<Id>{4}));
    if (s == SitingSolver::heuristic) {
      EXPECT_EQ(r.selected, (std::vector<Id>{1}));
    }

    o.add = 2;
    r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective, 400.0);
    EXPECT_TRUE(r.proven_optimal);
    if (s == SitingSolver::heuristic) {
      EXPECT_EQ(r.selected, (std::vector<Id>{1, 3}));
      EXPECT_EQ(r.marginal, (std::vector<double>{1000.0, 500.0}));
    }
  }
}

TEST(SitingPmedian, UnreachedCostOption) {
  // With unreached_cost 1000: before = 0 + 100 + 2×1000 + 1000 = 3100; add 1: C1 -> 0 + 100 +
  // 200 + 1000 = 1300, C3 -> 0 + 100 + 2000 + 100 = 2200 -> C1.
  const Case c = line_case();
  SitingOptions o = options(SitingModel::pmedian, 1, SitingSolver::exact);
  o.unreached_cost = 1000;
  const SitingResult r = solve_siting(c.input(), o);
  check_common(c, o, r);
  EXPECT_DOUBLE_EQ(r.objective_before, 3100.0);
  EXPECT_DOUBLE_EQ(r.objective, 1300.0);
}

TEST(SitingPmedian, ExactEqualsEnumeratedOptimum) {
  for (unsigned seed = 51; seed <= 56; ++seed) {
    const Case c = random_case(seed, 18, 60, 3, 250);
    const Oracle orc(c);
    const double P = 2 * c.threshold;
    for (std::uint32_t k : {1u, 2u, 3u, 4u}) {
      const SitingOptions o = options(SitingModel::pmedian, k, SitingSolver::exact);
      const SitingResult r = solve_siting(c.input(), o);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      check_common(c, o, r);
      const double opt = orc.best_median(k, P);
      EXPECT_NEAR(r.objective, opt, 1e-3);  // costs in float metres × integer weights
      EXPECT_TRUE(r.proven_optimal);
      EXPECT_LE(r.bound, opt + 1e-3);
    }
  }
}

TEST(SitingPmedian, HeuristicWithinItsBound) {
  for (unsigned seed = 61; seed <= 66; ++seed) {
    const Case c = random_case(seed, 20, 60, 2, 250);
    const Oracle orc(c);
    const double P = 2 * c.threshold;
    for (std::uint32_t k : {1u, 3u, 5u}) {
      for (std::size_t max_pairs : {std::size_t{0}, std::size_t{200000}}) {
        SitingOptions o = options(SitingModel::pmedian, k, SitingSolver::heuristic);
        o.exact_max_pairs = max_pairs;
        const SitingResult r = solve_siting(c.input(), o);
        SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k << " " << r.bound_source);
        check_common(c, o, r);
        const double opt = orc.best_median(k, P), before = orc.median({}, P);
        EXPECT_GE(r.objective, opt - 1e-3);
        EXPECT_LE(r.bound, opt + 1e-3);  // a proven lower bound
        // (1 - 1/e) on the cost reduction.
        EXPECT_GE(before - r.objective, (1 - 1 / std::exp(1.0)) * (before - opt) - 1e-3);
      }
    }
  }
}

TEST(SitingPcenter, HandCaseOnALine) {
  const Case c = line_case();
  for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
    SitingOptions o = options(SitingModel::pcenter, 2, s);
    SitingResult r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective_before, 600.0);
    EXPECT_DOUBLE_EQ(r.objective, 100.0);
    EXPECT_DOUBLE_EQ(r.bound, 100.0);
    EXPECT_TRUE(r.proven_optimal);
    EXPECT_EQ(r.uncoverable, (std::vector<Id>{4}));
    ASSERT_EQ(r.selected.size(), 2u);
    EXPECT_EQ(r.selected[1], 3u);  // C3 closes the gap at d3 last
    EXPECT_EQ(r.marginal, (std::vector<double>{0.0, 500.0}));

    o.add = 1;  // one site cannot reach both d2 and d3: stays 600
    r = solve_siting(c.input(), o);
    check_common(c, o, r);
    EXPECT_DOUBLE_EQ(r.objective, 600.0);
    EXPECT_TRUE(r.proven_optimal);
  }
}

TEST(SitingPcenter, ExactEqualsEnumeratedOptimum) {
  for (unsigned seed = 71; seed <= 76; ++seed) {
    const Case c = random_case(seed, 18, 60, 3, 300);
    const Oracle orc(c);
    const double P = 2 * c.threshold;
    for (std::uint32_t k : {1u, 2u, 3u, 4u, 6u}) {
      const SitingOptions o = options(SitingModel::pcenter, k, SitingSolver::exact);
      const SitingResult r = solve_siting(c.input(), o);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      check_common(c, o, r);
      const double opt = orc.best_center(k, P);
      EXPECT_DOUBLE_EQ(r.objective, opt);
      EXPECT_TRUE(r.proven_optimal);
      EXPECT_DOUBLE_EQ(r.bound, opt);
    }
  }
}

TEST(SitingPcenter, HeuristicWithinItsBound) {
  for (unsigned seed = 81; seed <= 86; ++seed) {
    const Case c = random_case(seed, 18, 60, 2, 300);
    const Oracle orc(c);
    const double P = 2 * c.threshold;
    for (std::uint32_t k : {1u, 2u, 4u, 6u}) {
      const SitingOptions o = options(SitingModel::pcenter, k, SitingSolver::heuristic);
      const SitingResult r = solve_siting(c.input(), o);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      check_common(c, o, r);
      const double opt = orc.best_center(k, P);
      EXPECT_GE(r.objective, opt);
      EXPECT_LE(r.bound, opt);
    }
  }
}

// ---------------------------------------------------------------------------------------------

TEST(Siting, AutomaticRuleFollowsModelSize) {
  const Case c = random_case(3, 18, 60, 3, 220);
  SitingOptions o = options(SitingModel::mclp, 3, SitingSolver::automatic);
  SitingResult r = solve_siting(c.input(), o);
  EXPECT_GT(r.model_pairs, 0u);
  EXPECT_EQ(r.solver.rfind("exact", 0), 0u);
  o.exact_max_pairs = r.model_pairs - 1;
  r = solve_siting(c.input(), o);
  EXPECT_EQ(r.solver.rfind("heuristic", 0), 0u);
}

// Degenerate inputs: no candidate, more sites asked than candidates, nothing to gain.
TEST(Siting, EdgeCases) {
  const Case line = line_case();
  for (SitingModel m : {SitingModel::mclp, SitingModel::lscp, SitingModel::pmedian, SitingModel::pcenter}) {
    for (SitingSolver s : {SitingSolver::heuristic, SitingSolver::exact}) {
      SCOPED_TRACE(::testing::Message() << "model " << int(m) << " solver " << int(s));
      // No candidates: only the fixed site F, so nothing changes.
      Case none = line;
      none.candidate = {0, 0, 0, 0};
      const SitingOptions o = options(m, 3, s);
      SitingResult r = solve_siting(none.input(), o);
      check_common(none, o, r);
      EXPECT_TRUE(r.selected.empty());
      EXPECT_EQ(r.objective, m == SitingModel::lscp ? 0.0 : r.objective_before);
      EXPECT_TRUE(r.proven_optimal);
      // d2, d3 and d4 are now uncoverable: F reaches only d0 and d1.
      EXPECT_EQ(r.uncoverable, (std::vector<Id>{2, 3, 4}));

      // Ten sites asked, three candidates: at most three, and only those that help.
      r = solve_siting(line.input(), options(m, 10, s));
      check_common(line, options(m, 10, s), r);
      EXPECT_LE(r.selected.size(), 3u);
    }
  }
  // All weights zero: MCLP and p-median have nothing to gain and open nothing.
  Case zero = line;
  zero.weight.assign(zero.weight.size(), 0.0);
  for (SitingModel m : {SitingModel::mclp, SitingModel::pmedian}) {
    const SitingResult r = solve_siting(zero.input(), options(m, 2, SitingSolver::exact));
    EXPECT_TRUE(r.selected.empty());
    EXPECT_EQ(r.objective, 0.0);
  }
}

TEST(Siting, ResultDoesNotDependOnThreadCount) {
  const Case c = random_case(7, 300, 3000, 20, 90);
  for (SitingModel m : {SitingModel::mclp, SitingModel::pmedian, SitingModel::lscp, SitingModel::pcenter}) {
    const SitingOptions o = options(m, 12, SitingSolver::heuristic);
    const SitingInput in = c.input();
    const SitingResult many = solve_siting(in, o);
    SitingResult one;
    {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
      one = solve_siting(in, o);
    }
    EXPECT_EQ(many.selected, one.selected);
    EXPECT_EQ(many.objective, one.objective);
    EXPECT_EQ(many.bound, one.bound);
  }
}

}  // namespace
}  // namespace lc
