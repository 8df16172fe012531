// The p-median's Lagrangian bound, its reductions and the radius formulation, each against
// enumeration of every k-subset (tests/algorithms/siting_cases.hpp).

#include "algorithms/detail/pmedian_exact.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "algorithms/detail/siting_problem.hpp"
#include "tests/algorithms/siting_cases.hpp"

namespace lc {
namespace {

using namespace lc::test;
using detail::LagrangeBound;
using detail::MedianSavings;

// The cost of `open` (site ids) in a savings form: each point pays min(base, its pairs' costs
// to open sites), straight from the form's pairs.
double form_cost(const MedianSavings& s, const std::vector<Id>& open) {
  std::vector<double> best = s.base;
  for (std::size_t t = 0; t < s.site.size(); ++t) {
    if (std::find(open.begin(), open.end(), s.site[t]) == open.end()) continue;
    for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q)
      best[s.demand[q]] = std::min(best[s.demand[q]], s.cost[q]);
  }
  double c = 0;
  for (std::size_t i = 0; i < best.size(); ++i) c += s.weight[i] * best[i];
  return c;
}

// The cheapest set of at most k of the form's sites, by enumeration.
double form_optimum(const MedianSavings& s, std::size_t k) {
  double best = form_cost(s, {});
  std::vector<Id> set;
  std::function<void(std::size_t)> rec = [&](std::size_t from) {
    best = std::min(best, form_cost(s, set));
    if (set.size() == k) return;
    for (std::size_t t = from; t < s.site.size(); ++t) {
      set.push_back(s.site[t]);
      rec(t + 1);
      set.pop_back();
    }
  };
  rec(0);
  return best;
}

// The costs of every k-subset, ascending (distinct values).
std::vector<double> subset_costs(const Oracle& orc, std::size_t k, double P) {
  std::set<double> costs;
  orc.subsets(k, [&](const std::vector<Id>& s) { costs.insert(orc.median(s, P)); });
  return {costs.begin(), costs.end()};
}

struct Instance {
  Case c;
  SitingInput in;
  SitingOptions o;
  Instance(unsigned seed, Id sites, Id demand, Id fixed, double threshold)
      : c(random_case(seed, sites, demand, fixed, threshold)) {
    in = c.input();
    o.model = SitingModel::pmedian;
  }
};

TEST(PmedianLagrange, HandCase) {
  // Two points, two candidates, k = 1, no fixed site, threshold 100 (unreached cost 200).
  // A (weight 1) is 0 from X and beyond reach of Y; B (weight 2) is 50 from both.
  // Base cost 1×200 + 2×200 = 600. X: 0 + 100 = 100, Y: 200 + 100 = 300. Savings of X: 500.
  Case c;
  c.threshold = 100;
  c.cost = {{0, 50}, {kInf, 50}};
  c.weight = {1, 2};
  c.fixed = {0, 0};
  c.candidate = {1, 1};
  const SitingInput in = c.input();
  SitingOptions o;
  o.model = SitingModel::pmedian;
  const detail::SitingProblem p(in, o);
  const MedianSavings s = MedianSavings::build(p, p.candidates);
  EXPECT_DOUBLE_EQ(s.base_cost, 600.0);
  ASSERT_EQ(s.pairs(), 3u);
  EXPECT_DOUBLE_EQ(s.savings_of({0}), 500.0);
  EXPECT_DOUBLE_EQ(s.savings_of({1}), 300.0);
  const LagrangeBound b = detail::lagrangian_bound(s, 1, 300.0, {}, {});
  // The LP optimum is integral here (X alone): the bound is the optimum, 100, and the
  // subproblem's set X is found on the way.
  EXPECT_NEAR(b.cost_bound, 100.0, 1e-6);
  EXPECT_EQ(b.best_set, (std::vector<Id>{0}));
  EXPECT_DOUBLE_EQ(b.best_set_savings, 500.0);
}

TEST(PmedianLagrange, BoundNeverExceedsTheOptimum) {
  int tight = 0, runs = 0;
  for (unsigned seed = 1; seed <= 24; ++seed) {
    Instance t(seed, 14, 50, seed % 3, 300);
    const detail::SitingProblem p(t.in, t.o);
    const Oracle orc(t.c);
    const double P = p.unreached_cost;
    const MedianSavings s = MedianSavings::build(p, p.candidates);
    for (std::size_t k : {1u, 2u, 3u, 5u}) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      const double opt = orc.best_median(k, P);
      const LagrangeBound b = detail::lagrangian_bound(s, k, 0.0, {}, {});
      EXPECT_LE(b.cost_bound, opt + tol(opt));
      if (!b.best_set.empty()) {  // the subproblem's best set, at its true savings
        EXPECT_LE(b.best_set.size(), k);
        EXPECT_NEAR(s.base_cost - b.best_set_savings, orc.median(b.best_set, P), tol(opt));
      }
      ++runs;
      tight += b.cost_bound >= opt - 1e-3 * opt;
    }
  }
  // Not a property, a check that the bound is worth having: within 0.1 % on most cases.
  EXPECT_GE(tight, runs * 3 / 4);
}

// Reductions against a known set keep every better set: the reduced form's optimum is the true
// optimum when the known set is worse, and no form set beats the known set when it is optimal.
TEST(PmedianLagrange, ReductionsKeepEveryBetterSet) {
  int opened = 0, closed = 0, dropped = 0;
  for (unsigned seed = 30; seed <= 53; ++seed) {
    Instance t(seed, 14, 50, seed % 3, 300);
    const detail::SitingProblem p(t.in, t.o);
    const Oracle orc(t.c);
    const double P = p.unreached_cost;
    const MedianSavings s = MedianSavings::build(p, p.candidates);
    const double eps = detail::improvement_eps(s.base_cost);
    for (std::size_t k : {2u, 3u, 4u}) {
      const std::vector<double> costs = subset_costs(orc, std::min<std::size_t>(k, orc.cands.size()), P);
      const double opt = costs.front();
      for (std::size_t which = 0; which < std::min<std::size_t>(3, costs.size()); ++which) {
        const double known = costs[which];  // the optimum, then the next costs above it
        SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k << " known #" << which);
        const LagrangeBound b = detail::lagrangian_bound(s, k, s.base_cost - known, {}, {});
        const detail::MedianReduction red = detail::reduce_by_bound(s, k, b, s.base_cost - known, eps);
        opened += !red.opened.empty();
        closed += red.closed > 0;
        dropped += red.pairs_dropped > 0;
        ASSERT_LE(red.opened.size(), k);
        const double reduced = form_optimum(red.savings, k - red.opened.size());
        // The reduced form's cost of a set of its sites is the cost with the opened ones too.
        if (which == 0) {
          EXPECT_GE(reduced, opt - tol(opt));
        } else {
          EXPECT_NEAR(reduced, opt, tol(opt));
        }
      }
    }
  }
  // Every kind of reduction happened somewhere (or the test checks nothing).
  EXPECT_GT(opened, 0);
  EXPECT_GT(closed, 0);
  EXPECT_GT(dropped, 0);
}

TEST(PmedianRadius, EqualsEnumeration) {
  for (unsigned seed = 60; seed <= 71; ++seed) {
    Instance t(seed, 12, 40, seed % 2, 350);
    const detail::SitingProblem p(t.in, t.o);
    const Oracle orc(t.c);
    const double P = p.unreached_cost;
    const MedianSavings s = MedianSavings::build(p, p.candidates);
    for (std::size_t k : {1u, 2u, 4u}) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      const std::vector<double> costs = subset_costs(orc, std::min<std::size_t>(k, orc.cands.size()), P);
      const double opt = costs.front();
      const detail::RadiusSolution r = detail::solve_radius_mip(s, k, detail::siting_inf, 60);
      ASSERT_EQ(r.status, detail::MipStatus::optimal);
      EXPECT_NEAR(r.cost, opt, 1e-3);
      EXPECT_NEAR(orc.median(r.open, P), opt, 1e-3);
      EXPECT_LE(r.cost_bound, opt + 1e-3);
      // With the optimum as cutoff nothing counts; with the next cost, the optimum does.
      EXPECT_EQ(detail::solve_radius_mip(s, k, opt - 1e-6, 60).status, detail::MipStatus::infeasible);
      if (costs.size() > 1) {
        const detail::RadiusSolution below = detail::solve_radius_mip(s, k, costs[1], 60);
        ASSERT_EQ(below.status, detail::MipStatus::optimal);
        EXPECT_NEAR(orc.median(below.open, P), opt, 1e-3);
      }
    }
  }
}

// The whole exact solve on cases where the Lagrangian proves the optimum alone and on cases where
// CBC has to: both paths must be taken, and agree with enumeration.
TEST(PmedianExact, EveryPathEqualsEnumeration) {
  std::set<std::string> solvers;
  for (unsigned seed = 80; seed <= 119; ++seed) {
    Instance t(seed, 16, 60, seed % 3, seed % 2 ? 250 : 600);
    const Oracle orc(t.c);
    for (std::uint32_t k : {1u, 3u, 5u}) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      t.o.add = k;
      t.o.solver = SitingSolver::exact;
      const SitingResult r = solve_siting(t.in, t.o);
      const double opt = orc.best_median(k, r.unreached_cost);
      EXPECT_NEAR(r.objective, opt, 1e-3);
      EXPECT_NEAR(orc.median(r.selected, r.unreached_cost), opt, 1e-3);
      EXPECT_TRUE(r.proven_optimal) << r.solver;
      EXPECT_FALSE(r.time_limit_reached);
      EXPECT_NEAR(r.bound, r.objective, 1e-3);
      solvers.insert(r.solver);
      // The heuristic: at least the optimum, a bound at most the optimum, and the gap it states
      // consistent with the two.
      t.o.solver = SitingSolver::heuristic;
      const SitingResult h = solve_siting(t.in, t.o);
      EXPECT_GE(h.objective, opt - 1e-3);
      EXPECT_LE(h.bound, opt + 1e-3);
      EXPECT_GE(h.gap, (h.objective - opt) / h.objective - 1e-9);
    }
  }
  EXPECT_EQ(solvers.count("exact:lagrangian"), 1u);
  EXPECT_EQ(solvers.count("exact:cbc-radius"), 1u);
}

}  // namespace
}  // namespace lc
