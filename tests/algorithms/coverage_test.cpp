#include "algorithms/coverage.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

namespace lc {
namespace {

//  y (m)
//  1000 |  d2                      A health at (0,0), B health at (2000,0), C fitness at (0,0)
//       |                          d0 (300,400):  500 m from A, sqrt(1700²+400²)=1746.4 m from B
//     0 A/C----d1---------B        d1 (1000,0):   1000 m from A and from B (on both circles)
//       |                          d2 (0,1000):   1000 m from A, sqrt(2000²+1000²)=2236.1 m from B
//       |                          d3 (3500,0):   1500 m from B, 3500 m from A
//       +-------------------- x    weights 10, 20, 30, 40
struct Fixture {
  Categories cats;
  Facilities fac;
  Demand dem;
  Fixture() {
    const CategoryId health = cats.add("health"), fitness = cats.add("fitness");
    fac.push_back(0, 0, health, "A", "");
    fac.push_back(2000, 0, health, "B", "");
    fac.push_back(0, 0, fitness, "C", "");
    dem.push_back(300, 400, 10, "d0");
    dem.push_back(1000, 0, 20, "d1");
    dem.push_back(0, 1000, 30, "d2");
    dem.push_back(3500, 0, 40, "d3");
  }
};

TEST(Coverage, HandComputedLayout) {
  Fixture f;
  const CoverageResult r = compute_coverage(f.dem, f.fac, {{{0, within_metres(1000.0)}, {1, within_metres(600.0)}}});
  ASSERT_EQ(r.categories.size(), 2u);
  const CategoryCoverage& h = r.categories[0];
  EXPECT_EQ(h.facilities, (std::vector<Id>{0, 1}));
  // Within 1000 m (inclusive): d0 (A), d1 (A and B), d2 (A); d3 is 1500 m from B.
  EXPECT_EQ(h.count_within, (std::vector<std::uint32_t>{1, 2, 1, 0}));
  EXPECT_DOUBLE_EQ(h.population_total, 100.0);   // 10 + 20 + 30 + 40
  EXPECT_DOUBLE_EQ(h.population_covered, 60.0);  // 10 + 20 + 30
  EXPECT_DOUBLE_EQ(h.share(), 0.6);
  EXPECT_NEAR(h.nearest_m[0], 500.0, 1e-3);      // 3-4-5 triangle
  EXPECT_NEAR(h.nearest_m[3], 1500.0, 1e-3);     // beyond reach but still reported
  EXPECT_EQ(h.nearest_facility[3], 1u);          // B
  EXPECT_EQ(h.nearest_facility[1], 0u);          // tie at 1000 m goes to the lower id (A)
  // A reaches d0, d1, d2 = 60; B reaches d1 = 20.
  EXPECT_DOUBLE_EQ(h.population_in_reach[0], 60.0);
  EXPECT_DOUBLE_EQ(h.population_in_reach[1], 20.0);
  // As nearest: A serves d0, d1 (tie), d2 = 60; B none within reach.
  EXPECT_DOUBLE_EQ(h.population_nearest[0], 60.0);
  EXPECT_DOUBLE_EQ(h.population_nearest[1], 0.0);

  const CategoryCoverage& fit = r.categories[1];
  // C at the origin, 600 m: only d0 (500 m).
  EXPECT_EQ(fit.count_within, (std::vector<std::uint32_t>{1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(fit.population_covered, 10.0);
  // Life circle: within reach of both categories: d0 only.
  EXPECT_DOUBLE_EQ(r.population_complete, 10.0);
  EXPECT_DOUBLE_EQ(r.complete_share(), 0.1);
}

TEST(Coverage, CategoryWithoutFacilitiesCoversNobody) {
  Fixture f;
  const CategoryId none = f.cats.add("elderly_care");
  const CoverageResult r = compute_coverage(f.dem, f.fac, {{{0, within_metres(1000.0)}, {none, within_metres(1000.0)}}});
  const CategoryCoverage& e = r.categories[1];
  EXPECT_TRUE(e.facilities.empty());
  EXPECT_DOUBLE_EQ(e.population_covered, 0.0);
  EXPECT_TRUE(std::isinf(e.nearest_m[0]));
  EXPECT_EQ(e.nearest_facility[0], invalid_id);
  EXPECT_DOUBLE_EQ(r.population_complete, 0.0);
}

// The KD-tree path against a plain double loop on random data.
TEST(Coverage, MatchesBruteForceOnRandomPoints) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0.0, 5000.0);
  std::uniform_real_distribution<double> wdist(0.0, 10.0);
  Categories cats;
  const CategoryId c0 = cats.add("a"), c1 = cats.add("b");
  Facilities fac;
  for (int i = 0; i < 60; ++i) fac.push_back(u(rng), u(rng), i % 3 == 0 ? c1 : c0, "f" + std::to_string(i), "");
  Demand dem;
  for (int i = 0; i < 3000; ++i) dem.push_back(u(rng), u(rng), wdist(rng), "d" + std::to_string(i));
  const double radius[2] = {700.0, 450.0};
  const CoverageResult r = compute_coverage(dem, fac, {{{c0, within_metres(radius[0])}, {c1, within_metres(radius[1])}}});

  double complete = 0.0;
  std::vector<int> in_all(dem.size(), 1);
  for (CategoryId c = 0; c < 2; ++c) {
    const CategoryCoverage& cc = r.categories[c];
    std::vector<double> in_reach(fac.size(), 0.0);
    double covered = 0.0;
    for (Id d = 0; d < dem.size(); ++d) {
      std::uint32_t count = 0;
      double best = INFINITY;
      for (Id f = 0; f < fac.size(); ++f) {
        if (fac.category[f] != c) continue;
        const double dist = std::hypot(dem.x_m[d] - fac.x_m[f], dem.y_m[d] - fac.y_m[f]);
        best = std::min(best, dist);
        if (dist <= radius[c]) {
          ++count;
          in_reach[f] += dem.weight[d];
        }
      }
      EXPECT_EQ(cc.count_within[d], count) << "demand " << d;
      EXPECT_NEAR(cc.nearest_m[d], best, 1e-3 * std::max(1.0, best));
      if (count > 0) covered += dem.weight[d];
      else in_all[d] = 0;
    }
    EXPECT_NEAR(cc.population_covered, covered, 1e-9 * covered);
    for (std::size_t k = 0; k < cc.facilities.size(); ++k) {
      EXPECT_NEAR(cc.population_in_reach[k], in_reach[cc.facilities[k]], 1e-9 * (1 + in_reach[cc.facilities[k]]));
    }
  }
  for (Id d = 0; d < dem.size(); ++d) complete += in_all[d] ? dem.weight[d] : 0.0;
  EXPECT_NEAR(r.population_complete, complete, 1e-9 * complete);
}

// distance_reach against a plain double loop.
TEST(DistanceReach, MatchesBruteForce) {
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> u(0.0, 3000.0);
  Demand dem;
  for (int i = 0; i < 800; ++i) dem.push_back(u(rng), u(rng), 1.0, "d" + std::to_string(i));
  std::vector<double> sx, sy;
  for (int i = 0; i < 40; ++i) sx.push_back(u(rng)), sy.push_back(u(rng));
  sx.push_back(dem.x_m[5]);  // a site exactly on a demand point: distance 0
  sy.push_back(dem.y_m[5]);
  const Reach r = distance_reach(sx, sy, dem, 400.0);
  ASSERT_EQ(r.n_sites, sx.size());
  EXPECT_EQ(r.unit, CostUnit::metres);
  for (Id s = 0; s < r.n_sites; ++s) {
    std::vector<Id> expected;
    for (Id d = 0; d < dem.size(); ++d)
      if (std::hypot(dem.x_m[d] - sx[s], dem.y_m[d] - sy[s]) <= 400.0) expected.push_back(d);
    const std::vector<Id> got(r.demand.begin() + r.first[s], r.demand.begin() + r.first[s + 1]);
    EXPECT_EQ(got, expected) << "site " << s;
    for (Id k = r.first[s]; k < r.first[s + 1]; ++k) {
      const Id d = r.demand[k];
      EXPECT_NEAR(r.cost[k], std::hypot(dem.x_m[d] - sx[s], dem.y_m[d] - sy[s]), 1e-3);
    }
  }
  EXPECT_EQ(r.demand[r.first[40]], 5u);
  EXPECT_FLOAT_EQ(r.cost[r.first[40]], 0.0f);
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// Out-of-reach population on a grid: demand d0 (50, 50) w 1 and d1 (60, 70) w 2 in cell (0, 0) of a
// 100 m grid, d2 (250, 50) w 4 in cell (0, 2), d3 (150, 150) w 8 in cell (1, 1). Category a covers
// d0, d2 (count 1), not d1, d3; category b has no facility and is ignored. Beyond reach: d1 (cell
// (0, 0): 2) and d3 (cell (1, 1): 8).
TEST(CoverageGrid, SumsThePopulationBeyondReachPerCell) {
  Demand dem;
  dem.push_back(50, 50, 1, "d0");
  dem.push_back(60, 70, 2, "d1");
  dem.push_back(250, 50, 4, "d2");
  dem.push_back(150, 150, 8, "d3");
  CoverageResult r;
  CategoryCoverage a;
  a.facilities = {0};
  a.count_within = {1, 0, 1, 0};
  CategoryCoverage b;  // no facility
  b.count_within = {0, 0, 0, 0};
  r.categories = {a, b};
  const PopulationGrid g = out_of_reach_grid(dem, r, 100.0);
  ASSERT_EQ(g.population.size(), 2u);
  EXPECT_DOUBLE_EQ(g.cell_m, 100.0);
  EXPECT_DOUBLE_EQ(g.x_m[0], 50.0);  // cell (0, 0) centre
  EXPECT_DOUBLE_EQ(g.y_m[0], 50.0);
  EXPECT_DOUBLE_EQ(g.population[0], 2.0);
  EXPECT_DOUBLE_EQ(g.x_m[1], 150.0);  // cell (1, 1)
  EXPECT_DOUBLE_EQ(g.y_m[1], 150.0);
  EXPECT_DOUBLE_EQ(g.population[1], 8.0);
}

}  // namespace
}  // namespace lc
