#include "algorithms/access.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

#include "algorithms/compliance.hpp"
#include "algorithms/coverage.hpp"

namespace lc {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Points on the x axis, in metres, as demand.
Demand on_line(const std::vector<double>& x, const std::vector<double>& w) {
  Demand d;
  for (std::size_t i = 0; i < x.size(); ++i) d.push_back(x[i], 0.0, w[i], "p" + std::to_string(i));
  return d;
}

//  The line (metres; threshold 300 m):
//
//    x:    0    100   200   300   400         600             1000
//          s0                      s1
//          p0   p1    p2    p3                p4              p5
//    P:    10   20    30    40                50              5
//
//  s0 (supply 6) reaches p0 (0 m), p1 (100), p2 (200), p3 (300, on the circle);
//  s1 (supply 7) reaches p1 (300), p2 (200), p3 (100), p4 (200); p5 is 600 m from s1.
struct Line {
  Demand demand = on_line({0, 100, 200, 300, 600, 1000}, {10, 20, 30, 40, 50, 5});
  Reach reach = distance_reach({0, 400}, {0, 0}, demand, 300.0);
  std::vector<double> supply{6, 7};

  AccessResult run(AccessMeasure m, Decay d, std::vector<double> s = {}) const {
    AccessOptions o;
    o.measure = m;
    o.decay = std::move(d);
    o.supply = s.empty() ? supply : std::move(s);
    return compute_access(reach, demand.weight, o);
  }
};

Decay decay(DecayKind kind, double d0 = 0.0, double beta = 0.0) {
  Decay d;
  d.kind = kind;
  d.d0 = d0;
  d.beta = beta;
  return d;
}

void expect_all_near(const std::vector<double>& got, const std::vector<double>& want, double tol = 1e-12) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
}

TEST(Access, LineReachIsAsDrawn) {
  const Line l;
  ASSERT_EQ(l.reach.first, (std::vector<Id>{0, 4, 8}));
  EXPECT_EQ(std::vector<Id>(l.reach.demand.begin(), l.reach.demand.end()), (std::vector<Id>{0, 1, 2, 3, 1, 2, 3, 4}));
  EXPECT_EQ(std::vector<float>(l.reach.cost.begin(), l.reach.cost.end()),
            (std::vector<float>{0, 100, 200, 300, 300, 200, 100, 200}));
}

//  Cumulative opportunities within 300 m: p0 sees s0 (6); p1, p2, p3 see both (13); p4 sees s1
//  (7); p5 nothing. Within 150 m: p0 (0 m) and p1 (100 m) see s0, p3 (100 m) sees s1.
TEST(Access, CumulativeOpportunitiesOnTheLine) {
  const Line l;
  const AccessResult r = l.run(AccessMeasure::cumulative, decay(DecayKind::step));
  expect_all_near(r.access, {6, 13, 13, 13, 7, 0});
  EXPECT_EQ(r.sites_within, (std::vector<std::uint32_t>{1, 2, 2, 2, 1, 0}));
  // Whatever decay is given, cumulative opportunities count a step at its d0.
  const AccessResult near = l.run(AccessMeasure::cumulative, decay(DecayKind::linear, 150));
  expect_all_near(near.access, {6, 6, 0, 7, 0, 0});
  // Without supply every site counts 1: the number of sites within reach.
  AccessOptions o;
  o.measure = AccessMeasure::cumulative;
  const AccessResult count = compute_access(l.reach, l.demand.weight, o);
  expect_all_near(count.access, {1, 2, 2, 2, 1, 0});
}

//  2SFCA within 300 m (Luo & Wang 2003):
//    R0 = 6 / (10 + 20 + 30 + 40) = 0.06, R1 = 7 / (20 + 30 + 40 + 50) = 0.05
//    A: p0 = 0.06; p1, p2, p3 = 0.11; p4 = 0.05; p5 = 0.
TEST(Access, TwoStepOnTheLine) {
  const Line l;
  const AccessResult r = l.run(AccessMeasure::two_step, decay(DecayKind::step));
  expect_all_near(r.site_demand, {100, 140});
  expect_all_near(r.site_ratio, {0.06, 0.05});
  expect_all_near(r.access, {0.06, 0.11, 0.11, 0.11, 0.05, 0});
  // 2SFCA takes its decay as a step: a linear decay gives the same figures.
  expect_all_near(l.run(AccessMeasure::two_step, decay(DecayKind::linear)).access, r.access);
}

//  Gravity A_i = sum_j S_j f(c_ij), on the line's costs (s0 to p0..p3: 0, 100, 200, 300; s1 to
//  p1..p4: 300, 200, 100, 200):
TEST(Access, GravityWithEveryDecayOnTheLine) {
  const Line l;
  // step (d0 300): the cumulative figures.
  expect_all_near(l.run(AccessMeasure::gravity, decay(DecayKind::step)).access, {6, 13, 13, 13, 7, 0});
  // linear (d0 300): f = 1, 2/3, 1/3, 0 at 0, 100, 200, 300 m.
  //   p0 = 6; p1 = 6 (2/3) + 7 (0) = 4; p2 = 6/3 + 7/3 = 13/3; p3 = 0 + 7 (2/3) = 14/3; p4 = 7/3.
  const AccessResult lin = l.run(AccessMeasure::gravity, decay(DecayKind::linear));
  expect_all_near(lin.access, {6, 4, 13.0 / 3, 14.0 / 3, 7.0 / 3, 0});
  EXPECT_EQ(lin.sites_within, (std::vector<std::uint32_t>{1, 1, 2, 1, 1, 0}));  // f = 0 at 300 m
  // exponential, beta = ln 2 / 100 m (halving every 100 m): f = 1, 1/2, 1/4, 1/8.
  //   p0 = 6; p1 = 6/2 + 7/8 = 3.875; p2 = 6/4 + 7/4 = 3.25; p3 = 6/8 + 7/2 = 4.25; p4 = 7/4.
  expect_all_near(l.run(AccessMeasure::gravity, decay(DecayKind::exponential, 0, std::log(2.0) / 100)).access,
                  {6, 3.875, 3.25, 4.25, 1.75, 0});
  // gaussian (d0 300): g(c) = (exp(-(c/300)^2 / 2) - exp(-1/2)) / (1 - exp(-1/2)); g(0) = 1,
  //   g(300) = 0, g(100) = (e^(-1/18) - e^(-1/2)) / (1 - e^(-1/2)) = (0.945959 - 0.606531) / 0.393469
  //   = 0.862656..., g(200) = (e^(-2/9) - e^(-1/2)) / (1 - e^(-1/2)) = (0.800737 - 0.606531) / 0.393469
  //   = 0.493575...
  //   p0 = 6; p1 = 6 g(100); p2 = 13 g(200); p3 = 7 g(100); p4 = 7 g(200).
  const double e = std::exp(-0.5);
  const double g100 = (std::exp(-1.0 / 18) - e) / (1 - e), g200 = (std::exp(-2.0 / 9) - e) / (1 - e);
  EXPECT_NEAR(g100, 0.862656, 1e-6);
  EXPECT_NEAR(g200, 0.493575, 1e-6);
  expect_all_near(l.run(AccessMeasure::gravity, decay(DecayKind::gaussian)).access,
                  {6, 6 * g100, 13 * g200, 7 * g100, 7 * g200, 0});
  // power, beta 1, costs below 50 m taken as 50 m: f = 1/50, 1/100, 1/200, 1/300.
  //   p0 = 6/50 = 0.12; p1 = 6/100 + 7/300 = 1/12; p2 = 13/200 = 0.065; p3 = 6/300 + 7/100 = 0.09;
  //   p4 = 7/200 = 0.035.
  Decay pw = decay(DecayKind::power, 0, 1.0);
  pw.min_cost = 50;
  expect_all_near(l.run(AccessMeasure::gravity, pw).access, {0.12, 1.0 / 12, 0.065, 0.09, 0.035, 0});
  // zones (d0 300, the paper's): (0, 100] 1.00, (100, 200] 0.68, (200, 300] 0.22.
  //   p0 = 6; p1 = 6 + 7 (0.22) = 7.54; p2 = 13 (0.68) = 8.84; p3 = 6 (0.22) + 7 = 8.32; p4 = 7 (0.68) = 4.76.
  expect_all_near(l.run(AccessMeasure::gravity, decay(DecayKind::zones)).access, {6, 7.54, 8.84, 8.32, 4.76, 0});
}

TEST(Access, EnhancedTwoStepOnTheLine) {
  const Line l;
  //  Default zones of 300 m (weights W: s0 to p0..p3 1, 1, 0.68, 0.22; s1 to p1..p4 0.22, 0.68, 1, 0.68):
  //    D0 = 10 + 20 + 30 (0.68) + 40 (0.22) = 59.2, R0 = 6 / 59.2
  //    D1 = 20 (0.22) + 30 (0.68) + 40 + 50 (0.68) = 98.8, R1 = 7 / 98.8
  //    A: p0 = R0; p1 = R0 + 0.22 R1; p2 = 0.68 (R0 + R1); p3 = 0.22 R0 + R1; p4 = 0.68 R1.
  const AccessResult z = l.run(AccessMeasure::enhanced_two_step, decay(DecayKind::zones));
  const double r0 = 6 / 59.2, r1 = 7 / 98.8;
  expect_all_near(z.site_demand, {59.2, 98.8});
  expect_all_near(z.site_ratio, {r0, r1});
  expect_all_near(z.access, {r0, r0 + 0.22 * r1, 0.68 * (r0 + r1), 0.22 * r0 + r1, 0.68 * r1, 0});
  //  Linear decay (W: s0 1, 2/3, 1/3, 0; s1 0, 1/3, 2/3, 1/3):
  //    D0 = 10 + 20 (2/3) + 30 / 3 = 100/3, R0 = 18/100 = 0.18
  //    D1 = 30 / 3 + 40 (2/3) + 50 / 3 = 160/3, R1 = 21/160 = 0.13125
  //    A: p0 = 0.18; p1 = 0.12; p2 = 0.06 + 0.04375 = 0.10375; p3 = 0.0875; p4 = 0.04375.
  const AccessResult lin = l.run(AccessMeasure::enhanced_two_step, decay(DecayKind::linear));
  expect_all_near(lin.site_ratio, {0.18, 0.13125});
  expect_all_near(lin.access, {0.18, 0.12, 0.10375, 0.0875, 0.04375, 0});
  //  Own zones (0, 150] 1 and (150, 300] 0.5: W s0 1, 1, 0.5, 0.5; s1 0.5, 0.5, 1, 0.5.
  //    D0 = 10 + 20 + 15 + 20 = 65, D1 = 10 + 15 + 40 + 25 = 90.
  Decay own = decay(DecayKind::zones);
  own.zone_upper = {150, 300};
  own.zone_weight = {1, 0.5};
  expect_all_near(l.run(AccessMeasure::enhanced_two_step, own).site_demand, {65, 90});
}

TEST(Access, ThreeStepOnTheLine) {
  const Line l;
  //  Step within 300 m, supply 11 and 38. Selection weights: p0 and p4 reach one site (G = 1),
  //  p1..p3 two (G = 1/2 each).
  //    D0 = 10 + (20 + 30 + 40) / 2 = 55, R0 = 11/55 = 0.2
  //    D1 = (20 + 30 + 40) / 2 + 50 = 95, R1 = 38/95 = 0.4
  //    A: p0 = 0.2; p1..p3 = 0.2/2 + 0.4/2 = 0.3; p4 = 0.4.
  const AccessResult s = l.run(AccessMeasure::three_step, decay(DecayKind::step), {11, 38});
  expect_all_near(s.site_demand, {55, 95});
  expect_all_near(s.site_ratio, {0.2, 0.4});
  expect_all_near(s.access, {0.2, 0.3, 0.3, 0.3, 0.4, 0});
  //  Linear within 300 m (W: s0 1, 2/3, 1/3, 0; s1 0, 1/3, 2/3, 1/3), supply 17 and 58.
  //    Sums of W per point: p0 1, p1 2/3, p2 2/3, p3 2/3, p4 1/3, so
  //    G: s0 to p0..p3 1, 1, 1/2, 0; s1 to p1..p4 0, 1/2, 1, 1.
  //    D0 = 10 (1)(1) + 20 (1)(2/3) + 30 (1/2)(1/3) = 85/3, R0 = 17 (3/85) = 0.6
  //    D1 = 30 (1/2)(1/3) + 40 (1)(2/3) + 50 (1)(1/3) = 145/3, R1 = 58 (3/145) = 1.2
  //    A: p0 = 0.6; p1 = (2/3) 0.6 = 0.4; p2 = (1/6) 0.6 + (1/6) 1.2 = 0.3; p3 = (2/3) 1.2 = 0.8;
  //       p4 = (1/3) 1.2 = 0.4.
  const AccessResult lin = l.run(AccessMeasure::three_step, decay(DecayKind::linear), {17, 58});
  expect_all_near(lin.site_demand, {85.0 / 3, 145.0 / 3});
  expect_all_near(lin.site_ratio, {0.6, 1.2});
  expect_all_near(lin.access, {0.6, 0.4, 0.3, 0.8, 0.4, 0});
}

TEST(Access, SupplyAndWeightsThatAreMissing) {
  Line l;
  l.demand.weight[1] = nan;  // p1 counts 0
  //  R0 = 6 / (10 + 30 + 40) = 0.075; s1's supply unknown counts 0: R1 = 0.
  const AccessResult r = l.run(AccessMeasure::two_step, decay(DecayKind::step), {6, nan});
  EXPECT_EQ(r.supply_unknown, 1u);
  expect_all_near(r.site_ratio, {0.075, 0});
  expect_all_near(r.access, {0.075, 0.075, 0.075, 0.075, 0, 0});
}

TEST(Access, ParametersOutOfRangeAreRefused) {
  const Line l;
  auto refuses = [&](Decay d, const std::string& words) {
    try {
      l.run(AccessMeasure::gravity, d);
      ADD_FAILURE() << "accepted " << words;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refuses(decay(DecayKind::step, 400), "beyond the reach's threshold 300");
  refuses(decay(DecayKind::linear, -5), "d0 must be positive, got -5");
  refuses(decay(DecayKind::exponential, 0, 0), "beta must be positive, got 0");
  refuses(decay(DecayKind::power, 0, -1), "beta must be positive, got -1");
  Decay pw = decay(DecayKind::power, 0, 1);
  pw.min_cost = 0;
  refuses(pw, "min_cost must be positive");
  Decay z = decay(DecayKind::zones);
  z.zone_upper = {200, 100};
  z.zone_weight = {1, 0.5};
  refuses(z, "positive and ascending, got 100");
  z.zone_upper = {100, 200};
  z.zone_weight = {1, 1.5};
  refuses(z, "in (0, 1], got 1.5");
  z.zone_weight = {1};
  refuses(z, "1 zone weights for 2 zones");
  AccessOptions o;
  o.supply = {1, 2, 3};
  EXPECT_THROW(compute_access(l.reach, l.demand.weight, o), std::invalid_argument);
  EXPECT_THROW(compute_access(l.reach, {1, 2}, AccessOptions{}), std::invalid_argument);
}

// --- the independent reference ----------------------------------------------------------------

// f(c) written out again from the definitions, for the oracle.
double oracle_decay(const Decay& d, double d0, double c) {
  if (c > d0) return 0.0;
  switch (d.kind) {
    case DecayKind::step: return 1.0;
    case DecayKind::linear: return 1.0 - c / d0;
    case DecayKind::exponential: return std::exp(-d.beta * c);
    case DecayKind::gaussian:
      return (std::exp(-c * c / (2 * d0 * d0)) - std::exp(-0.5)) / (1 - std::exp(-0.5));
    case DecayKind::power: return 1.0 / std::pow(c < d.min_cost ? d.min_cost : c, d.beta);
    case DecayKind::zones: return c <= d0 / 3 ? 1.0 : c <= 2 * d0 / 3 ? 0.68 : 0.22;
  }
  return 0.0;
}

// Random demand and sites in a 3 km square (seed fixed), with the pairs and their costs
// computed directly: every pair within the radius, its cost the distance rounded to float as a
// Reach stores it.
struct Random {
  static constexpr double radius = 500.0;
  Demand demand;
  std::vector<double> sx, sy, supply;
  std::vector<std::vector<double>> cost;  // [site][point], infinity beyond the radius
  Random(unsigned seed, int n_demand, int n_sites) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 3000), w(0, 100), s(1, 20);
    for (int i = 0; i < n_demand; ++i) demand.push_back(u(rng), u(rng), i % 37 == 5 ? nan : w(rng), "r");
    for (int j = 0; j < n_sites; ++j) sx.push_back(u(rng)), sy.push_back(u(rng)), supply.push_back(s(rng));
    supply[3] = nan;
    cost.assign(n_sites, std::vector<double>(n_demand, std::numeric_limits<double>::infinity()));
    for (int j = 0; j < n_sites; ++j) {
      for (int i = 0; i < n_demand; ++i) {
        const double dx = demand.x_m[i] - sx[j], dy = demand.y_m[i] - sy[j];
        if (dx * dx + dy * dy <= radius * radius) cost[j][i] = static_cast<float>(std::sqrt(dx * dx + dy * dy));
      }
    }
  }
  double p(int i) const { return std::isnan(demand.weight[i]) ? 0.0 : demand.weight[i]; }
  double s(int j) const { return std::isnan(supply[j]) ? 0.0 : supply[j]; }
};

void expect_relative(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1e-9 * std::fabs(want[i]) + 1e-300) << what << " at " << i;
  }
}

TEST(Access, EveryMeasureAndDecayMatchesPlainLoopsOverAllPairs) {
  const Random t(11, 1500, 60);
  const int n = static_cast<int>(t.demand.size()), m = static_cast<int>(t.sx.size());
  const Reach reach = distance_reach(t.sx, t.sy, t.demand, Random::radius);
  const double d0 = 450;  // a cut-off inside the Reach's radius
  std::vector<Decay> decays{decay(DecayKind::step, d0), decay(DecayKind::linear, d0),
                            decay(DecayKind::exponential, d0, 1.0 / 200), decay(DecayKind::gaussian, d0),
                            decay(DecayKind::power, d0, 1.5), decay(DecayKind::zones, d0)};
  decays[4].min_cost = 25;
  const AccessMeasure measures[] = {AccessMeasure::cumulative, AccessMeasure::gravity, AccessMeasure::two_step,
                                    AccessMeasure::enhanced_two_step, AccessMeasure::three_step};
  std::size_t nonzero = 0;
  for (AccessMeasure measure : measures) {
    for (const Decay& dk : decays) {
      const bool stepped = measure == AccessMeasure::cumulative || measure == AccessMeasure::two_step;
      Decay used = dk;
      if (stepped) used.kind = DecayKind::step;
      auto W = [&](int j, int i) { return oracle_decay(used, d0, t.cost[j][i]); };
      std::vector<double> wsum(n, 0.0);
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < m; ++j) wsum[i] += W(j, i);
      }
      auto G = [&](int j, int i) { return wsum[i] > 0 ? W(j, i) / wsum[i] : 0.0; };
      const bool three = measure == AccessMeasure::three_step;
      std::vector<double> dem(m, 0.0), ratio(m, 0.0), acc(n, 0.0);
      for (int j = 0; j < m; ++j) {
        for (int i = 0; i < n; ++i) dem[j] += t.p(i) * W(j, i) * (three ? G(j, i) : 1.0);
        ratio[j] = dem[j] > 0 ? t.s(j) / dem[j] : 0.0;
      }
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < m; ++j) {
          const double w = W(j, i);
          if (w <= 0) continue;
          switch (measure) {
            case AccessMeasure::cumulative: acc[i] += t.s(j); break;
            case AccessMeasure::gravity: acc[i] += t.s(j) * w; break;
            case AccessMeasure::two_step:
            case AccessMeasure::enhanced_two_step: acc[i] += ratio[j] * w; break;
            case AccessMeasure::three_step: acc[i] += G(j, i) * w * ratio[j]; break;
          }
        }
        nonzero += acc[i] > 0;
      }
      AccessOptions o;
      o.measure = measure;
      o.decay = dk;
      o.supply = t.supply;
      const AccessResult r = compute_access(reach, t.demand.weight, o);
      const std::string what = "measure " + std::to_string(int(measure)) + " decay " + std::to_string(int(dk.kind));
      expect_relative(r.access, acc, what.c_str());
      expect_relative(r.site_demand, dem, what.c_str());
      expect_relative(r.site_ratio, ratio, what.c_str());
      EXPECT_EQ(r.supply_unknown, 1u);
    }
  }
  EXPECT_GT(nonzero, 30u * 1500u / 2);  // most points see something: the comparison is not of zeros
}

// The measure is the same as the plan check's 2SFCA (algorithms/compliance.cpp): for thresholds
// between consecutive values of A_i, the check's share of demand meeting it is the share the
// new code's A_i give.
TEST(Access, TwoStepAgreesWithThePlanCheck) {
  const Random t(5, 800, 30);
  Categories cats;
  const CategoryId care = cats.add("elderly_care");
  Facilities fac;
  for (std::size_t j = 0; j < t.sx.size(); ++j) fac.push_back(t.sx[j], t.sy[j], care, "f", "");
  fac.attributes["beds"] = t.supply;
  AccessOptions o;
  o.supply = t.supply;
  const AccessResult r = compute_access(distance_reach(t.sx, t.sy, t.demand, Random::radius), t.demand.weight, o);
  std::vector<double> sorted = r.access;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  ASSERT_GT(sorted.size(), 100u);
  double total = 0;
  for (Id i = 0; i < t.demand.size(); ++i) total += t.p(i);
  RuleSet set;
  for (std::size_t q = 1; q < 10; ++q) {
    const std::size_t k = sorted.size() * q / 10;
    Rule rule;
    rule.id = "r" + std::to_string(q);
    rule.kind = RuleKind::accessibility_2sfca;
    rule.category = "elderly_care";
    rule.within = parse_within("500m");
    rule.supply_attribute = "beds";
    rule.threshold = (sorted[k - 1] + sorted[k]) / 2;
    set.rules.push_back(rule);
  }
  CheckOptions co;
  co.thresholds = rule_thresholds(set, std::nullopt, default_walk_speed_mps);
  const CheckResult check = check_plan(set, cats, fac, t.demand, Districts{}, co);
  ASSERT_EQ(check.verdicts.size(), set.rules.size());
  for (std::size_t q = 0; q < set.rules.size(); ++q) {
    double meeting = 0;
    for (Id i = 0; i < t.demand.size(); ++i) meeting += r.access[i] >= set.rules[q].threshold ? t.p(i) : 0.0;
    EXPECT_NEAR(check.verdicts[q].value, meeting / total, 1e-12) << "threshold " << set.rules[q].threshold;
  }
}

// --- proximity time ---------------------------------------------------------------------------

//  Two categories, times in seconds, three points (weights 10, 20, 30):
//    A: a0 reaches q0 300 s, q1 600 s; a1 reaches q0 900, q1 1200, q2 600; a2 reaches q0 100.
//    B: b0 reaches q0 600, q2 1200; b1 reaches q0 900, q1 300.
Reach seconds_reach(std::vector<std::vector<std::pair<Id, float>>> lists) {
  return Reach::from_site_lists(lists, 3, 1200.0, CostUnit::seconds);
}

TEST(Access, ProximityTimeByHand) {
  const Reach a = seconds_reach({{{0, 300}, {1, 600}}, {{0, 900}, {1, 1200}, {2, 600}}, {{0, 100}}});
  const Reach b = seconds_reach({{{0, 600}, {2, 1200}}, {{0, 900}, {1, 300}}});
  const std::vector<double> w{10, 20, 30};
  ProximityOptions o;
  o.categories = {&a, &b};
  o.target = 600;
  //  k = 1: A q0 100, q1 600, q2 600; B q0 600, q1 300, q2 1200; overall q0 350, q1 450, q2 900.
  //  Within 600 s: q0 and q1, 30 of 60 people.
  const ProximityResult one = compute_proximity(w, o);
  expect_all_near(one.by_category, {100, 600, 600, 300, 600, 1200});
  expect_all_near(one.overall, {350, 450, 900});
  EXPECT_DOUBLE_EQ(one.population, 60);
  EXPECT_DOUBLE_EQ(one.population_within_target, 30);
  EXPECT_DOUBLE_EQ(one.population_not_reached, 0);
  EXPECT_DOUBLE_EQ(one.score, 0.5);
  //  k = 2: A q0 (100 + 300) / 2 = 200 (a1's 900 s dropped), q1 (600 + 1200) / 2 = 900, q2 not
  //  reached (one facility); B q0 (600 + 900) / 2 = 750, q1 and q2 not reached. Overall q0
  //  (200 + 750) / 2 = 475, q1 and q2 not reached: 10 of 60 within 600 s, 50 not reached.
  o.k = 2;
  const ProximityResult two = compute_proximity(w, o);
  EXPECT_DOUBLE_EQ(two.by_category[0], 200);
  EXPECT_DOUBLE_EQ(two.by_category[1], 750);
  EXPECT_DOUBLE_EQ(two.by_category[2], 900);
  EXPECT_TRUE(std::isnan(two.by_category[3]));
  EXPECT_TRUE(std::isnan(two.by_category[4]));
  EXPECT_TRUE(std::isnan(two.by_category[5]));
  EXPECT_DOUBLE_EQ(two.overall[0], 475);
  EXPECT_TRUE(std::isnan(two.overall[1]));
  EXPECT_TRUE(std::isnan(two.overall[2]));
  EXPECT_DOUBLE_EQ(two.population_within_target, 10);
  EXPECT_DOUBLE_EQ(two.population_not_reached, 50);
  EXPECT_DOUBLE_EQ(two.score, 10.0 / 60);
  o.k = 0;
  EXPECT_THROW(compute_proximity(w, o), std::invalid_argument);
}

TEST(Access, ProximityTimeMatchesPlainLoops) {
  const Random t(23, 1200, 90);
  const int n = static_cast<int>(t.demand.size());
  // Three categories: sites 0, 3, 6, ... are the first, 1, 4, ... the second, 2, 5, ... the third.
  std::vector<Reach> reaches;
  for (int c = 0; c < 3; ++c) {
    std::vector<double> x, y;
    for (std::size_t j = c; j < t.sx.size(); j += 3) x.push_back(t.sx[j]), y.push_back(t.sy[j]);
    reaches.push_back(distance_reach(x, y, t.demand, Random::radius));
  }
  ProximityOptions o;
  for (const Reach& r : reaches) o.categories.push_back(&r);
  o.k = 2;
  o.target = 300;
  const ProximityResult r = compute_proximity(t.demand.weight, o);
  double within = 0, unreached = 0, reached_points = 0;
  for (int i = 0; i < n; ++i) {
    double sum = 0;
    for (int c = 0; c < 3; ++c) {
      std::vector<double> costs;
      for (std::size_t j = c; j < t.sx.size(); j += 3) {
        if (std::isfinite(t.cost[j][i])) costs.push_back(t.cost[j][i]);
      }
      std::sort(costs.begin(), costs.end());
      const double want = costs.size() < 2 ? nan : (costs[0] + costs[1]) / 2;
      const double got = r.by_category[std::size_t(i) * 3 + c];
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(got)) << i << " " << c;
      } else {
        EXPECT_NEAR(got, want, 1e-9 * want) << i << " " << c;
      }
      sum += want;
    }
    const double overall = sum / 3;
    if (std::isnan(overall)) {
      EXPECT_TRUE(std::isnan(r.overall[i]));
      unreached += t.p(i);
    } else {
      EXPECT_NEAR(r.overall[i], overall, 1e-9 * overall);
      within += overall <= 300 ? t.p(i) : 0.0;
      ++reached_points;
    }
  }
  EXPECT_GT(reached_points, n / 4);
  EXPECT_NEAR(r.population_within_target, within, 1e-9 * within);
  EXPECT_NEAR(r.population_not_reached, unreached, 1e-9 * unreached);
  EXPECT_GT(within, 0);
}

// --- capacity-limited coverage ----------------------------------------------------------------

//  Two facilities on a line, threshold 400 m:
//
//    x:    0    100   200   300   350                    1000
//          f0               f1
//               p0    p1          p2                     p3
//    P:         20    25          30                     7
//
//  f0 reaches p0 (100 m), p1 (200), p2 (350); f1 reaches p2 (50), p1 (100), p0 (200); p3 is
//  700 m from f1. Capacities 15 and 20 places at 0.5 places per person: 30 and 40 people.
struct Competing {
  Demand demand = on_line({100, 200, 350, 1000}, {20, 25, 30, 7});
  Reach reach = distance_reach({0, 300}, {0, 0}, demand, 400.0);
};

TEST(Access, CapacityCoverageInPriorityOrderSplitsAPoint) {
  const Competing c;
  CapacityCoverageOptions o;
  o.capacity = {15, 20};
  o.places_per_person = 0.5;
  o.order = {0, 1};
  //  f0 (30 people): p0 20 (10 left), then p1 10 of its 25: p1 is split.
  //  f1 (40 people): p2 30 (10 left), then p1's remaining 15: 10 served, 5 left; p0 is served.
  //  Covered 30 + 40 = 70; in reach but unserved: p1's 5; out of reach: p3's 7; total 82.
  const CapacityCoverageResult r = compute_capacity_coverage(c.reach, c.demand.weight, o);
  expect_all_near(r.served, {20, 20, 30, 0});
  expect_all_near(r.site_served, {30, 40});
  expect_all_near(r.site_capacity_people, {30, 40});
  expect_all_near(r.site_capacity_used, {1, 1});
  EXPECT_DOUBLE_EQ(r.population, 82);
  EXPECT_DOUBLE_EQ(r.population_covered, 70);
  EXPECT_DOUBLE_EQ(r.population_unserved_in_reach, 5);
  EXPECT_DOUBLE_EQ(r.population_out_of_reach, 7);
}

TEST(Access, CapacityCoverageOrderDecidesWhoServesWhom) {
  const Competing c;
  CapacityCoverageOptions o;
  o.capacity = {60, 40};  // one place per person
  //  Default order, capacity descending: f0 (60) first: p0 20, p1 25, p2 15 of 30 (60 used);
  //  f1: p2's remaining 15 (15 of 40 used). Everyone in reach served.
  CapacityCoverageResult r = compute_capacity_coverage(c.reach, c.demand.weight, o);
  EXPECT_EQ(r.order, (std::vector<Id>{0, 1}));
  expect_all_near(r.site_served, {60, 15});
  expect_all_near(r.site_capacity_used, {1, 0.375});
  EXPECT_DOUBLE_EQ(r.population_covered, 75);
  EXPECT_DOUBLE_EQ(r.population_unserved_in_reach, 0);
  //  f1 first: p2 30, p1 10 (40 used); f0: p0 20, p1's remaining 15 (35 of 60).
  o.order = {1, 0};
  r = compute_capacity_coverage(c.reach, c.demand.weight, o);
  expect_all_near(r.site_served, {35, 40});
  expect_all_near(r.site_capacity_used, {35.0 / 60, 1});
  expect_all_near(r.served, {20, 25, 30, 0});
  //  A cut-off of 300 m: f0 no longer reaches p2 (350 m). f0 first: p0 20, p1 25 (45 of 60);
  //  f1: p2 30 (30 of 40).
  o.order = {};
  o.d0 = 300;
  r = compute_capacity_coverage(c.reach, c.demand.weight, o);
  expect_all_near(r.site_served, {45, 30});
  // A site twice in the order, or one that does not exist, is refused.
  o.order = {0, 0};
  EXPECT_THROW(compute_capacity_coverage(c.reach, c.demand.weight, o), std::invalid_argument);
  o.order = {2};
  EXPECT_THROW(compute_capacity_coverage(c.reach, c.demand.weight, o), std::invalid_argument);
}

TEST(Access, CapacityCoverageMatchesPlainLoops) {
  const Random t(31, 1000, 50);
  const int n = static_cast<int>(t.demand.size()), m = static_cast<int>(t.sx.size());
  std::vector<double> capacity(m);
  for (int j = 0; j < m; ++j) capacity[j] = 20.0 * (j % 7);  // places; 0 for every seventh
  CapacityCoverageOptions o;
  o.capacity = capacity;
  o.places_per_person = 0.25;
  for (int j = m - 1; j >= 0; j -= 2) o.order.push_back(j);  // odd sites, from the last; the rest serve nobody
  o.d0 = 400;
  const CapacityCoverageResult r = compute_capacity_coverage(distance_reach(t.sx, t.sy, t.demand, Random::radius),
                                                             t.demand.weight, o);
  std::vector<double> left(n), served_by(m, 0.0);
  for (int i = 0; i < n; ++i) left[i] = t.p(i);
  std::vector<bool> reached(n, false);
  for (Id j : o.order) {
    std::vector<std::pair<double, int>> near;
    for (int i = 0; i < n; ++i) {
      if (t.cost[j][i] <= 400) near.push_back({t.cost[j][i], i}), reached[i] = true;
    }
    std::sort(near.begin(), near.end());
    double cap = capacity[j] / 0.25;
    for (const auto& [cost, i] : near) {
      const double take = std::min(cap, left[i]);
      left[i] -= take, cap -= take, served_by[j] += take;
    }
  }
  double covered = 0, unserved = 0, out = 0;
  for (int i = 0; i < n; ++i) {
    covered += t.p(i) - left[i];
    (reached[i] ? unserved : out) += reached[i] ? left[i] : t.p(i);
  }
  expect_relative(r.site_served, served_by, "site_served");
  EXPECT_NEAR(r.population_covered, covered, 1e-9 * covered);
  EXPECT_NEAR(r.population_unserved_in_reach, unserved, 1e-9 * unserved);
  EXPECT_NEAR(r.population_out_of_reach, out, 1e-9 * out);
  EXPECT_GT(unserved, 0);  // capacity binds somewhere
  EXPECT_GT(covered, 0);
}

}  // namespace
}  // namespace lc
