#include "algorithms/equity.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

namespace lc {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Gini of equally weighted values by the mean absolute difference, sum_ij |x_i - x_j| / (2 n^2 mu):
// a formula that never sorts nor builds a Lorenz curve.
double gini_by_differences(const std::vector<double>& x) {
  double diff = 0, sum = 0;
  for (double a : x) {
    sum += a;
    for (double b : x) diff += std::fabs(a - b);
  }
  const double n = static_cast<double>(x.size());
  return diff / (2 * n * n * (sum / n));
}

TEST(Equity, EqualDistributionIsZero) {
  //  Everyone has 5: the Lorenz curve is the diagonal, Gini and Theil 0; the top 10 % hold 10 %
  //  and the bottom 40 % hold 40 %: Palma 0.1 / 0.4 = 0.25.
  const EquityResult r = compute_equity({5, 5, 5, 5}, {1, 2, 3, 4}, {{4, 3, 2, 1}, {}, 0});
  EXPECT_DOUBLE_EQ(r.overall.population, 10);
  EXPECT_DOUBLE_EQ(r.overall.mean, 5);
  EXPECT_NEAR(r.overall.gini, 0, 1e-15);
  EXPECT_NEAR(r.overall.theil, 0, 1e-15);
  EXPECT_NEAR(r.overall.palma, 0.25, 1e-15);
  EXPECT_NEAR(r.overall.concentration, 0, 1e-15);  // nothing varies with the rank
  EXPECT_EQ(r.overall.lorenz.population_share, (std::vector<double>{0, 1}));
  EXPECT_EQ(r.overall.lorenz.measure_share, (std::vector<double>{0, 1}));
}

TEST(Equity, OnePersonHoldsEverything) {
  //  One of n = 5 holds all: Lorenz (0, 0), (0.8, 0), (1, 1); Gini 1 - 0.2 (0 + 1) = 0.8 =
  //  (n - 1) / n; Theil (1/5)(5 ln 5) = ln 5; the bottom 40 % hold nothing: Palma infinite.
  const EquityResult r = compute_equity({0, 0, 10, 0, 0}, {1, 1, 1, 1, 1});
  EXPECT_NEAR(r.overall.gini, 0.8, 1e-15);
  EXPECT_NEAR(r.overall.theil, std::log(5.0), 1e-15);
  EXPECT_EQ(r.overall.palma, std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(r.overall.concentration));  // no ranking variable
  EXPECT_EQ(r.overall.lorenz.population_share, (std::vector<double>{0, 0.8, 1}));
  EXPECT_EQ(r.overall.lorenz.measure_share, (std::vector<double>{0, 0, 1}));
  // n = 40: Gini 39/40, Theil ln 40.
  std::vector<double> x(40, 0.0);
  x[17] = 3;
  const EquityResult r40 = compute_equity(x, std::vector<double>(40, 1.0));
  EXPECT_NEAR(r40.overall.gini, 39.0 / 40, 1e-14);
  EXPECT_NEAR(r40.overall.theil, std::log(40.0), 1e-14);
}

//  World Bank, Essama-Nssah (2005), "The Lorenz Model of the Size Distribution of Income",
//  Poverty Reduction Group, module 3, "Simple example: income distribution among two individuals":
//  incomes 25 and 75, relative frequency 0.5 each, cumulative shares 0.25 and 1.00.
//    Gini = 1 - [0.5 (0 + 0.25) + 0.5 (0.25 + 1)] = 1 - 0.75 = 0.25
//    Theil T (mean 50) = 0.5 (0.5 ln 0.5) + 0.5 (1.5 ln 1.5) = 0.130812...
//    Palma: L(0.4) = 0.4 (0.25 / 0.5) = 0.2; L(0.9) = 0.25 + 0.4 (0.75 / 0.5) = 0.85;
//      (1 - 0.85) / 0.2 = 0.75.
TEST(Equity, WorldBankTwoPersonLorenzExample) {
  const EquityResult r = compute_equity({75, 25}, {1, 1});
  EXPECT_EQ(r.overall.lorenz.population_share, (std::vector<double>{0, 0.5, 1}));
  EXPECT_EQ(r.overall.lorenz.measure_share, (std::vector<double>{0, 0.25, 1}));
  EXPECT_NEAR(r.overall.gini, 0.25, 1e-15);
  EXPECT_NEAR(r.overall.theil, 0.25 * std::log(0.5) + 0.75 * std::log(1.5), 1e-15);
  EXPECT_NEAR(r.overall.theil, 0.130812, 1e-6);
  EXPECT_NEAR(r.overall.palma, 0.75, 1e-14);
}

//  "Lorenz Curve and Gini Coefficient, answer key" (a classroom worksheet,
//  docslides.com/briana-ranney/lorenz-curve-and-gini-coefficient): ten earners, 1,500 to 30,000,
//  total 123,500; its quintile shares (rounded there to 0.03, 0.17, 0.35, 0.60) are the
//  cumulative sums 3,500, 20,500, 42,500, 73,500 over 123,500.
//  Unrounded, by the trapezoid rule over the ten people (0.1 each):
//    cumulative incomes 1,500 3,500 11,500 20,500 30,500 42,500 57,500 73,500 93,500 123,500,
//    their sum 458,000; sum of (L_k + L_k-1) = (2 (458,000) - 123,500) / 123,500 = 792,500 / 123,500;
//    Gini = 1 - 0.1 (792,500 / 123,500) = 442,500 / 1,235,000 = 177/494 = 0.358299...
//  Palma: the top 10 % is Emily's 30,000, the bottom 40 % hold 20,500: 30,000 / 20,500.
TEST(Equity, TenEarnersWorksheet) {
  const std::vector<double> x{10000, 1500, 20000, 8000, 15000, 2000, 30000, 12000, 9000, 16000};
  const EquityResult r = compute_equity(x, std::vector<double>(10, 1.0));
  EXPECT_NEAR(r.overall.gini, 177.0 / 494, 1e-14);
  EXPECT_NEAR(r.overall.gini, gini_by_differences(x), 1e-14);
  EXPECT_NEAR(r.overall.palma, 30000.0 / 20500, 1e-13);
  EXPECT_DOUBLE_EQ(r.overall.mean, 12350);
  ASSERT_EQ(r.overall.lorenz.measure_share.size(), 11u);
  EXPECT_NEAR(r.overall.lorenz.measure_share[2], 3500.0 / 123500, 1e-15);   // worksheet: 0.03
  EXPECT_NEAR(r.overall.lorenz.measure_share[4], 20500.0 / 123500, 1e-15);  // 0.17
  EXPECT_NEAR(r.overall.lorenz.measure_share[6], 42500.0 / 123500, 1e-15);  // 0.35
  EXPECT_NEAR(r.overall.lorenz.measure_share[8], 73500.0 / 123500, 1e-15);  // 0.60
  // Theil T against its definition term by term.
  double theil = 0;
  for (double v : x) theil += 0.1 * (v / 12350) * std::log(v / 12350);
  EXPECT_NEAR(r.overall.theil, theil, 1e-14);
}

TEST(Equity, WeightsAreReplicatedObservations) {
  //  Values 3, 1, 4, 1, 5 with weights 2, 1, 3, 1, 2 against each value repeated weight times.
  const std::vector<double> x{3, 1, 4, 1, 5}, w{2, 1, 3, 1, 2}, rank{2, 9, 4, 1, 7};
  std::vector<double> xr, wr, rr;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (int k = 0; k < w[i]; ++k) xr.push_back(x[i]), wr.push_back(1), rr.push_back(rank[i]);
  }
  const EquityResult a = compute_equity(x, w, {rank, {}, 0});
  const EquityResult b = compute_equity(xr, wr, {rr, {}, 0});
  EXPECT_NEAR(a.overall.gini, b.overall.gini, 1e-15);
  EXPECT_NEAR(a.overall.gini, gini_by_differences(xr), 1e-15);
  EXPECT_NEAR(a.overall.theil, b.overall.theil, 1e-15);
  EXPECT_NEAR(a.overall.palma, b.overall.palma, 1e-14);
  EXPECT_NEAR(a.overall.concentration, b.overall.concentration, 1e-15);
  EXPECT_EQ(a.overall.lorenz.population_share.size(), b.overall.lorenz.population_share.size());
  EXPECT_GT(a.overall.gini, 0.1);
}

//  Three people of equal weight with x = 6, 1, 2 (mean 3), ranked by r: fractional ranks 1/6, 1/2,
//  5/6 in the order of r, C = 2 (1/3) sum (x_i - 3)(R_i - 1/2) / 3.
TEST(Equity, ConcentrationIndexByHand) {
  const std::vector<double> x{6, 1, 2}, w{1, 1, 1};
  auto c = [&](std::vector<double> r) { return compute_equity(x, w, {std::move(r), {}, 0}).overall.concentration; };
  //  r = 3, 1, 2 ranks as x does: (1 - 3)(-1/3) + 0 + (6 - 3)(1/3) = 5/3; C = 2 (5/9) / 3 = 10/27,
  //  the Gini (sum |x_i - x_j| = 20, over 2 (9)(3) = 54).
  EXPECT_NEAR(c({3, 1, 2}), 10.0 / 27, 1e-15);
  EXPECT_NEAR(compute_equity(x, w).overall.gini, 10.0 / 27, 1e-15);
  //  r = 1, 3, 2 ranks the other way: C = -10/27.
  EXPECT_NEAR(c({1, 3, 2}), -10.0 / 27, 1e-15);
  //  r = 2, 1, 3: order 1, 6, 2: (-2)(-1/3) + 3 (0) + (-1)(1/3) = 1/3; C = 2 (1/9) / 3 = 2/27.
  EXPECT_NEAR(c({2, 1, 3}), 2.0 / 27, 1e-15);
  //  Ties: r = 1, 1, 2: the first two share the mean rank 1/3, the third has 5/6:
  //  3 (-1/6) + (-2)(-1/6) + (-1)(1/3) = -1/2; C = 2 (-1/6) / 3 = -1/9.
  EXPECT_NEAR(c({1, 1, 2}), -1.0 / 9, 1e-15);
}

TEST(Equity, ConcentrationAgainstTheMeasureItselfIsTheGini) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 10), wu(0.5, 4);
  std::vector<double> x, w;
  for (int i = 0; i < 2000; ++i) x.push_back(i % 10 == 0 ? 2.5 : u(rng)), w.push_back(wu(rng));  // with ties
  const EquityResult r = compute_equity(x, w, {x, {}, 0});
  EXPECT_NEAR(r.overall.concentration, r.overall.gini, 1e-12);
  EXPECT_GT(r.overall.gini, 0.2);
}

TEST(Equity, GroupsExcludedPointsAndErrors) {
  //  Groups 0: {0, 0, 10} (one of three holds all), 1: {5, 5} and 7 (no group: overall only);
  //  the NaN point (group 1, weight 4) is left out of its group and of the whole.
  const std::vector<double> x{0, 5, 0, nan, 10, 5, 1};
  const std::vector<double> w{1, 1, 1, 4, 1, 1, 1};
  EquityOptions o;
  o.group = {0, 1, 0, 1, 0, 1, 7};
  o.n_groups = 2;
  const EquityResult r = compute_equity(x, w, o);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_NEAR(r.groups[0].gini, 2.0 / 3, 1e-15);
  EXPECT_NEAR(r.groups[0].theil, std::log(3.0), 1e-15);
  EXPECT_DOUBLE_EQ(r.groups[0].population_excluded, 0);
  EXPECT_NEAR(r.groups[1].gini, 0, 1e-15);
  EXPECT_DOUBLE_EQ(r.groups[1].population, 2);
  EXPECT_DOUBLE_EQ(r.groups[1].population_excluded, 4);
  EXPECT_DOUBLE_EQ(r.overall.population, 6);
  EXPECT_DOUBLE_EQ(r.overall.population_excluded, 4);
  EXPECT_NEAR(r.overall.gini, gini_by_differences({0, 5, 0, 10, 5, 1}), 1e-15);
  // A group with nobody, and a measure that is 0 for all: no share to speak of.
  const EquityResult zero = compute_equity({0, 0}, {1, 1});
  EXPECT_TRUE(std::isnan(zero.overall.gini));
  EXPECT_DOUBLE_EQ(zero.overall.mean, 0);
  EXPECT_THROW(compute_equity({1, -1}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(compute_equity({1, 1}, {1, -1}), std::invalid_argument);
  EXPECT_THROW(compute_equity({1, 1}, {1}), std::invalid_argument);
  EXPECT_THROW(compute_equity({1, 1}, {1, 1}, {{1, nan}, {}, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace lc
