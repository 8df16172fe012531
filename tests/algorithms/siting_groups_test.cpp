// Per-group (per-district) minimums in every siting model, exact and heuristic, against
// enumeration of the subsets that meet them.

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "algorithms/siting.hpp"
#include "tests/algorithms/siting_cases.hpp"

namespace lc {
namespace {

using namespace lc::test;

// Three groups of sites (and some in none); group 0 needs 1 site, group 1 needs 2, group 2 none.
// The groups' sites are chosen far from the weight so that the minimums change the optimum.
Grouped grouped_case(unsigned seed) {
  Grouped t{random_case(seed, 14, 50, seed % 3, 300), {}, {1, 2, 0}};
  std::mt19937 rng(seed * 7 + 1);
  t.group.assign(t.c.sites(), invalid_id);
  for (Id j = 0; j < t.c.sites(); ++j) {
    const int r = static_cast<int>(rng() % 5);
    if (r < 3) t.group[j] = static_cast<Id>(r);
  }
  // Each group with a minimum gets enough candidates.
  for (Id g = 0; g < 2; ++g) {
    std::uint32_t have = 0;
    for (Id j = 0; j < t.c.sites(); ++j) have += t.c.candidate[j] && t.group[j] == g;
    for (Id j = 0; j < t.c.sites() && have < t.least[g]; ++j)
      if (t.c.candidate[j] && t.group[j] == invalid_id) t.group[j] = g, ++have;
  }
  return t;
}

// The best value over the k-subsets meeting the minimums (min for costs, max for coverage).
template <typename Value>
double best_meeting(const Grouped& t, const Oracle& orc, std::size_t k, bool maximise, Value&& value) {
  double best = maximise ? -kInf : kInf;
  orc.subsets(std::min(k, orc.cands.size()), [&](const std::vector<Id>& s) {
    if (!t.meets(s)) return;
    const double v = value(s);
    best = maximise ? std::max(best, v) : std::min(best, v);
  });
  return best;
}

// Every model, both solvers: the result meets the minimums, the exact one is the optimum among
// the sets that do, the heuristic is no better than it, and every bound is a bound on it.
TEST(SitingGroups, EveryModelMeetsTheMinimumsAndEqualsEnumeration) {
  int changed = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const Grouped t = grouped_case(seed);
    const Oracle orc(t.c);
    const SitingInput in = t.input();
    const double P = 2 * t.c.threshold;
    for (std::uint32_t k : {3u, 4u}) {
      ASSERT_LE(t.total_need(), k);
      for (SitingSolver s : {SitingSolver::exact, SitingSolver::heuristic}) {
        SCOPED_TRACE(::testing::Message()
                     << "seed " << seed << " k " << k << (s == SitingSolver::exact ? " exact" : " heuristic"));
        {
          const SitingResult r = solve_siting(in, options(SitingModel::mclp, k, s));
          const double opt = best_meeting(t, orc, k, true, [&](const std::vector<Id>& x) { return orc.covered(x); });
          EXPECT_TRUE(t.meets(r.selected));
          EXPECT_LE(r.selected.size(), k);
          EXPECT_NEAR(orc.covered(r.selected), r.objective, 1e-6);
          if (s == SitingSolver::exact) {
            EXPECT_NEAR(r.objective, opt, 1e-6);
          }
          EXPECT_LE(r.objective, opt + 1e-6);
          EXPECT_GE(r.bound, opt - 1e-6);
          changed += s == SitingSolver::exact && opt < orc.best_mclp(k) - 1e-6;
        }
        {
          const SitingResult r = solve_siting(in, options(SitingModel::pmedian, k, s));
          const double opt = best_meeting(t, orc, k, false, [&](const std::vector<Id>& x) { return orc.median(x, P); });
          EXPECT_TRUE(t.meets(r.selected));
          EXPECT_LE(r.selected.size(), k);
          EXPECT_NEAR(orc.median(r.selected, P), r.objective, 1e-3);
          if (s == SitingSolver::exact) {
            EXPECT_NEAR(r.objective, opt, 1e-3) << r.solver;
          }
          EXPECT_GE(r.objective, opt - 1e-3);
          EXPECT_LE(r.bound, opt + 1e-3);
          changed += s == SitingSolver::exact && opt > orc.best_median(k, P) + 1e-3;
        }
        {
          const SitingResult r = solve_siting(in, options(SitingModel::pcenter, k, s));
          const double opt = best_meeting(t, orc, k, false, [&](const std::vector<Id>& x) { return orc.center(x, P); });
          EXPECT_TRUE(t.meets(r.selected));
          EXPECT_LE(r.selected.size(), k);
          EXPECT_NEAR(orc.center(r.selected, P), r.objective, 1e-3);
          if (s == SitingSolver::exact) {
            EXPECT_NEAR(r.objective, opt, 1e-3) << r.solver;
          }
          EXPECT_GE(r.objective, opt - 1e-3);
          EXPECT_LE(r.bound, opt + 1e-3);
        }
      }
    }
    for (SitingSolver s : {SitingSolver::exact, SitingSolver::heuristic}) {
      SCOPED_TRACE(::testing::Message() << "lscp seed " << seed
                                        << (s == SitingSolver::exact ? " exact" : " heuristic"));
      const SitingResult r = solve_siting(in, options(SitingModel::lscp, 0, s));
      EXPECT_TRUE(t.meets(r.selected));
      // A cover of every coverable point.
      for (Id i = 0; i < t.c.demand(); ++i)
        if (orc.coverable(i)) {
          EXPECT_NE(orc.best(i, r.selected), kInf) << "point " << i;
        }
      std::size_t fewest = SIZE_MAX;
      for (std::size_t m = 0; m <= orc.cands.size() && fewest == SIZE_MAX; ++m)
        orc.subsets(m, [&](const std::vector<Id>& x) {
          if (fewest != SIZE_MAX || !t.meets(x)) return;
          for (Id i = 0; i < t.c.demand(); ++i)
            if (orc.coverable(i) && orc.best(i, x) == kInf) return;
          fewest = m;
        });
      if (s == SitingSolver::exact) {
        EXPECT_EQ(r.selected.size(), fewest);
      }
      EXPECT_GE(r.selected.size(), fewest);
      EXPECT_LE(r.bound, static_cast<double>(fewest) + 1e-9);
    }
  }
  // The minimums mattered somewhere (the test would pass without them otherwise).
  EXPECT_GT(changed, 3);
}

// A group's sites are opened even when they gain nothing.
TEST(SitingGroups, RequiredSiteThatGainsNothingIsOpened) {
  // Two points next to candidate 0; candidate 1 reaches nobody but is group 0's only site.
  Case c;
  c.threshold = 100;
  c.cost = {{10, 10}, {kInf, kInf}};
  c.weight = {1, 1};
  c.fixed = {0, 0};
  c.candidate = {1, 1};
  SitingInput in = c.input();
  in.site_group = {invalid_id, 0};
  in.group_min = {1};
  for (SitingModel m : {SitingModel::mclp, SitingModel::pmedian, SitingModel::pcenter, SitingModel::lscp}) {
    for (SitingSolver s : {SitingSolver::exact, SitingSolver::heuristic}) {
      const SitingResult r = solve_siting(in, options(m, 2, s));
      std::vector<Id> sel = r.selected;
      std::sort(sel.begin(), sel.end());
      EXPECT_EQ(sel, (std::vector<Id>{0, 1})) << static_cast<int>(m) << " " << r.solver;
    }
  }
  // A fixed site in the group meets the minimum: only candidate 0 then.
  c.fixed = {0, 0};
  Case d = c;
  d.cost.push_back({kInf, kInf});
  d.fixed = {0, 0, 1};
  d.candidate = {1, 1, 0};
  SitingInput din = d.input();
  din.site_group = {invalid_id, 0, 0};
  din.group_min = {1};
  const SitingResult r = solve_siting(din, options(SitingModel::pmedian, 2, SitingSolver::exact));
  EXPECT_EQ(r.selected, (std::vector<Id>{0}));
}

}  // namespace
}  // namespace lc
