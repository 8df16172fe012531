// Capacitated p-median, exact and heuristic: a case computed by hand, and random cases against
// enumeration of every k-subset, each costed by an independent min-cost flow (siting_cases.hpp),
// with and without per-group minimums; and capacitated MCLP with per-group minimums.

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "algorithms/siting.hpp"
#include "tests/algorithms/siting_cases.hpp"

namespace lc {
namespace {

using namespace lc::test;

SitingOptions pmedian(std::uint32_t add, SitingSolver solver) { return options(SitingModel::pmedian, add, solver); }

// Threshold 100, so the unreached cost P is 200. Weights d0 = 10, d1 = 10, d2 = 5.
// The fixed site F (capacity 8) reaches d0 at 10; candidate A (capacity 20) reaches d0 at 50 and
// d1 at 60; candidate B (capacity 5) reaches d1 at 20 and d2 at 30.
//   Fixed only: F serves 8 of d0 (80), the other 2 and d1, d2 are unserved:
//     80 + 2·200 + 10·200 + 5·200 = 3480, served 8.
//   Add A: d0's 2 at 50 and d1 at 60: 80 + 100 + 600 + 1000 = 1780, served 20.
//   Add B: 5 of d1 at 20 (its best use, 180 saved per unit against 170 for d2):
//     80 + 400 + (100 + 5·200) + 1000 = 2580. So k = 1 opens A.
//   Uncapacitated, B would win: 10·10 + 10·20 + 5·30 = 450 against A's 100 + 600 + 1000 = 1700.
//   Both: B's 5 go to d2 (170 saved per unit, against 40 on d1, which A serves at 60):
//     80 + 100 + 600 + 150 = 930, everything served (25); B's marginal is 1780 - 930 = 850.
Case hand_case(bool capacitated) {
  Case c;
  c.threshold = 100;
  c.weight = {10, 10, 5};
  c.cost = {{10, kInf, kInf}, {50, 60, kInf}, {kInf, 20, 30}};
  c.fixed = {1, 0, 0};
  c.candidate = {0, 1, 1};
  if (capacitated) c.capacity = {8, 20, 5};
  return c;
}

TEST(SitingPmedianCapacitated, CapacityChangesTheChoiceByHand) {
  for (SitingSolver solver : {SitingSolver::exact, SitingSolver::heuristic}) {
    SCOPED_TRACE(solver == SitingSolver::exact ? "exact" : "heuristic");
    const SitingResult plain = solve_siting(hand_case(false).input(), pmedian(1, solver));
    ASSERT_EQ(plain.selected, std::vector<Id>{2});
    EXPECT_NEAR(plain.objective, 450, 1e-6);

    const SitingResult one = solve_siting(hand_case(true).input(), pmedian(1, solver));
    ASSERT_EQ(one.selected, std::vector<Id>{1});
    EXPECT_NEAR(one.objective_before, 3480, 1e-6);
    EXPECT_NEAR(one.objective, 1780, 1e-6);
    EXPECT_NEAR(one.covered_weight_before, 8, 1e-6);
    EXPECT_NEAR(one.covered_weight, 20, 1e-6);
    EXPECT_TRUE(one.proven_optimal);
    EXPECT_NEAR(one.bound, 1780, 1e-6);

    const SitingResult two = solve_siting(hand_case(true).input(), pmedian(2, solver));
    ASSERT_EQ(two.selected, (std::vector<Id>{1, 2}));  // rank: A first (1700), then B (850)
    ASSERT_EQ(two.marginal.size(), 2u);
    EXPECT_NEAR(two.marginal[0], 1700, 1e-6);
    EXPECT_NEAR(two.marginal[1], 850, 1e-6);
    ASSERT_EQ(two.objective_after.size(), 2u);
    EXPECT_NEAR(two.objective_after[0], 1780, 1e-6);
    EXPECT_NEAR(two.objective_after[1], 930, 1e-6);
    EXPECT_NEAR(two.objective, 930, 1e-6);
    EXPECT_NEAR(two.covered_weight, 25, 1e-6);
    EXPECT_TRUE(two.proven_optimal);
  }
}

// A capacity far above what a site can reach limits nothing, and does not upset the solvers
// (A serves 12 of its 20 in the case above): the same figures with 1e300 as with 20.
TEST(SitingPmedianCapacitated, HugeCapacityIsNoLimit) {
  Case c = hand_case(true);
  c.capacity[1] = 1e300;
  for (SitingSolver solver : {SitingSolver::exact, SitingSolver::heuristic}) {
    const SitingResult r = solve_siting(c.input(), pmedian(2, solver));
    ASSERT_EQ(r.selected, (std::vector<Id>{1, 2}));
    EXPECT_NEAR(r.objective, 930, 1e-6);
    EXPECT_NEAR(r.objective_after[0], 1780, 1e-6);
    EXPECT_TRUE(r.proven_optimal);
  }
}

// Random capacities (some sites unlimited, fixed sites limited too).
Case capacitated_case(unsigned seed, Id sites, Id demand, Id fixed, double threshold) {
  Case c = random_case(seed, sites, demand, fixed, threshold);
  std::mt19937 rng(seed * 31 + 7);
  std::uniform_int_distribution<int> cap(4, 40);
  for (Id j = 0; j < c.sites(); ++j) c.capacity.push_back(rng() % 4 == 0 ? kInf : cap(rng));
  return c;
}

void check_against_oracle(const Case& c, const SitingResult& r, double P) {
  const Oracle orc(c);
  double served = 0;
  EXPECT_NEAR(r.objective, orc.capacitated_median(r.selected, P, &served), tol(r.objective));
  EXPECT_NEAR(r.covered_weight, served, 1e-6);
  double before_served = 0;
  EXPECT_NEAR(r.objective_before, orc.capacitated_median({}, P, &before_served), tol(r.objective_before));
  EXPECT_NEAR(r.covered_weight_before, before_served, 1e-6);
  // The marginals and the figures after each site add up, each one the oracle's.
  ASSERT_EQ(r.marginal.size(), r.selected.size());
  ASSERT_EQ(r.objective_after.size(), r.selected.size());
  double cost = r.objective_before;
  for (std::size_t t = 0; t < r.selected.size(); ++t) {
    cost -= r.marginal[t];
    EXPECT_GE(r.marginal[t], -tol(cost));  // zero only for a site a minimum requires
    EXPECT_NEAR(r.objective_after[t], cost, tol(cost));
    const std::vector<Id> prefix(r.selected.begin(), r.selected.begin() + t + 1);
    EXPECT_NEAR(r.objective_after[t], orc.capacitated_median(prefix, P), tol(cost));
  }
  EXPECT_LE(r.bound, r.objective + tol(r.objective));
}

TEST(SitingPmedianCapacitated, ExactAndHeuristicAgainstEnumeration) {
  for (unsigned seed = 1; seed <= 8; ++seed) {
    const Case c = capacitated_case(seed, 11, 40, seed % 3, 350);
    const double P = c.penalty();
    const Oracle orc(c);
    for (std::uint32_t k : {1u, 2u, 3u, 4u}) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      const double opt = orc.best_capacitated_median(k, P);
      const SitingResult e = solve_siting(c.input(), pmedian(k, SitingSolver::exact));
      check_against_oracle(c, e, P);
      EXPECT_NEAR(e.objective, opt, tol(opt));
      EXPECT_TRUE(e.proven_optimal);
      EXPECT_LE(e.selected.size(), k);

      const SitingResult h = solve_siting(c.input(), pmedian(k, SitingSolver::heuristic));
      check_against_oracle(c, h, P);
      EXPECT_GE(h.objective, opt - tol(opt));
      EXPECT_LE(h.bound, opt + tol(opt));  // a proven lower bound
      EXPECT_LE(h.selected.size(), k);
      if (h.proven_optimal) {
        EXPECT_NEAR(h.objective, opt, tol(opt));
      }
      // The stated gap covers the distance to the optimum.
      EXPECT_GE(h.gap + 1e-9, (h.objective - opt) / h.objective);
    }
  }
}

TEST(SitingPmedianCapacitated, UnlimitedCapacitiesAreTheUncapacitatedOptimum) {
  for (unsigned seed = 11; seed <= 14; ++seed) {
    Case c = random_case(seed, 10, 30, 1, 300);
    c.capacity.assign(c.sites(), kInf);
    const Oracle orc(c);
    for (std::uint32_t k : {1u, 3u}) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      const double opt = orc.best_median(k, c.penalty());
      const SitingResult e = solve_siting(c.input(), pmedian(k, SitingSolver::exact));
      EXPECT_NEAR(e.objective, opt, tol(opt));
      EXPECT_NEAR(e.objective, orc.median(e.selected, c.penalty()), tol(opt));
    }
  }
}

// A time limit far too short for the exact solve: the best set found (the heuristic's), its
// figures still exact, and the limit said, never together with "proven optimal".
TEST(SitingPmedianCapacitated, TimeLimitHolds) {
  const Case c = capacitated_case(5, 60, 400, 5, 300);
  SitingOptions o = pmedian(6, SitingSolver::exact);
  o.time_limit_s = 1e-3;
  const SitingResult r = solve_siting(c.input(), o);
  EXPECT_NE(r.time_limit_reached, r.proven_optimal) << r.solver;
  if (r.time_limit_reached) {
    EXPECT_EQ(r.solver, "exact:cbc(time limit)");
  }
  EXPECT_FALSE(r.selected.empty());
  EXPECT_NEAR(r.objective, Oracle(c).capacitated_median(r.selected, c.penalty()), tol(r.objective));
  EXPECT_LE(r.bound, r.objective + tol(r.objective));
}

// Two groups over the sites at random (a third of them in none), with the minimums `least`.
Grouped random_groups(const Case& c, unsigned seed, std::vector<std::uint32_t> least) {
  Grouped t{c, std::vector<Id>(c.sites(), invalid_id), std::move(least)};
  std::mt19937 rng(seed);
  for (Id j = 0; j < c.sites(); ++j)
    if (rng() % 3 != 0) t.group[j] = static_cast<Id>(rng() % 2);
  return t;
}

// Per-group minimums with capacities: groups 0 and 1 need 1 and 2 sites, among the sites far
// from the heaviest demand; the optimum is enumerated over the subsets that meet them.
TEST(SitingPmedianCapacitated, PerGroupMinimumsAgainstEnumeration) {
  for (unsigned seed = 3; seed <= 12; ++seed) {
    const Case c = capacitated_case(seed, 12, 40, 1, 350);
    const Grouped t = random_groups(c, seed * 13 + 5, {1, 2});
    const Oracle orc(c);
    if (!t.enough()) continue;
    const std::uint32_t need = t.total_need();
    auto meets = [&](const std::vector<Id>& set) { return t.meets(set); };
    for (std::uint32_t k = std::max<std::uint32_t>(need, 1); k <= 4; ++k) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      // At most k sites: enumerate every size up to k (a minimum may force a site that costs).
      double opt = kInf;
      for (std::uint32_t m = need; m <= k; ++m) opt = std::min(opt, orc.best_capacitated_median(m, c.penalty(), meets));
      const SitingInput in = t.input();
      for (SitingSolver solver : {SitingSolver::exact, SitingSolver::heuristic}) {
        const SitingResult r = solve_siting(in, pmedian(k, solver));
        EXPECT_TRUE(meets(r.selected));
        check_against_oracle(c, r, c.penalty());
        EXPECT_LE(r.bound, opt + tol(opt));
        if (solver == SitingSolver::exact) {
          EXPECT_NEAR(r.objective, opt, tol(opt));
          EXPECT_TRUE(r.proven_optimal);
        } else {
          EXPECT_GE(r.objective, opt - tol(opt));
        }
      }
    }
  }
}

// Capacitated MCLP with per-group minimums. The served weight of a set is a max flow: the
// min-cost flow of the oracle with every reachable pair at cost 0 and the unserved at 1 leaves
// exactly the weight that cannot be served unserved.
TEST(SitingMclpCapacitated, PerGroupMinimumsAgainstEnumeration) {
  int cases = 0;
  for (unsigned seed = 3; seed <= 12; ++seed) {
    const Case c = capacitated_case(seed, 12, 40, 1, 250);
    Case flat = c;
    for (auto& row : flat.cost)
      for (double& v : row)
        if (v != kInf) v = 0;
    const Oracle orc(flat);
    auto served = [&](const std::vector<Id>& set) {
      double w = 0;
      orc.capacitated_median(set, 1.0, &w);
      return w;
    };
    const Grouped t = random_groups(c, seed * 17 + 3, {2, 1});
    const std::uint32_t need = t.total_need();
    if (!t.enough() || need == 0) continue;
    const SitingInput in = t.input();
    for (std::uint32_t k = need; k <= 4; ++k) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " k " << k);
      double opt = -1;
      for (std::uint32_t m = 0; m <= k; ++m)
        orc.subsets(m, [&](const std::vector<Id>& s) {
          if (t.meets(s)) opt = std::max(opt, served(s));
        });
      ++cases;
      const SitingResult e = solve_siting(in, options(SitingModel::mclp, k, SitingSolver::exact));
      EXPECT_TRUE(t.meets(e.selected));
      EXPECT_NEAR(e.objective, opt, 1e-6);
      EXPECT_NEAR(e.objective, served(e.selected), 1e-6);
      EXPECT_TRUE(e.proven_optimal);
      const SitingResult h = solve_siting(in, options(SitingModel::mclp, k, SitingSolver::heuristic));
      EXPECT_TRUE(t.meets(h.selected));
      EXPECT_LE(h.objective, opt + 1e-6);
      EXPECT_GE(h.bound, opt - 1e-6);  // a proven upper bound
    }
  }
  EXPECT_GE(cases, 6);  // the seeds give enough cases where the minimums bind
}

}  // namespace
}  // namespace lc
