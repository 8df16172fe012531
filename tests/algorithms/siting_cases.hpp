#pragma once
// Small siting cases for the tests: a dense cost matrix turned into a SitingInput, random cases,
// and a plain oracle that computes every figure straight from the matrix and every optimum by
// enumeration.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "algorithms/siting.hpp"

namespace lc::test {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// A siting case as a dense cost matrix; kInf = beyond the Reach.
struct Case {
  std::vector<std::vector<double>> cost;  // [site][demand]
  std::vector<double> weight;
  std::vector<std::uint8_t> fixed, candidate;
  std::vector<double> capacity;
  double threshold = 0;
  // p-median / p-center: the cost of a point no open site reaches (NaN: 2 × threshold, the
  // models' default); the tests that set it pass it on in SitingOptions themselves.
  double unreached_cost = std::numeric_limits<double>::quiet_NaN();

  Id sites() const { return static_cast<Id>(cost.size()); }
  Id demand() const { return static_cast<Id>(weight.size()); }
  double penalty() const { return std::isnan(unreached_cost) ? 2 * threshold : unreached_cost; }

  SitingInput input() const {
    SitingInput in;
    in.reach.n_sites = sites();
    in.reach.n_demand = demand();
    in.reach.threshold = threshold;
    for (Id j = 0; j < sites(); ++j) {
      for (Id i = 0; i < demand(); ++i)
        if (cost[j][i] != kInf) {
          in.reach.demand.push_back(i);
          in.reach.cost.push_back(static_cast<float>(cost[j][i]));
        }
      in.reach.first.push_back(static_cast<Id>(in.reach.demand.size()));
    }
    in.weight = weight;
    in.fixed = fixed;
    in.candidate = candidate;
    in.capacity = capacity;
    return in;
  }
};

// Plain oracle: every figure straight from the matrix, every optimum by enumeration.
struct Oracle {
  const Case& c;
  std::vector<Id> cands, fixed;
  explicit Oracle(const Case& cs) : c(cs) {
    for (Id j = 0; j < c.sites(); ++j) {
      if (c.fixed[j]) fixed.push_back(j);
      if (c.candidate[j]) cands.push_back(j);
    }
  }
  double best(Id i, const std::vector<Id>& set) const {
    double b = kInf;
    for (Id j : fixed) b = std::min(b, c.cost[j][i]);
    for (Id j : set) b = std::min(b, c.cost[j][i]);
    return b;
  }
  bool coverable(Id i) const { return best(i, cands) != kInf; }
  bool fixed_covers(Id i) const { return best(i, {}) != kInf; }
  double covered(const std::vector<Id>& set) const {
    double s = 0;
    for (Id i = 0; i < c.demand(); ++i)
      if (best(i, set) != kInf) s += c.weight[i];
    return s;
  }
  double median(const std::vector<Id>& set, double P) const {
    double s = 0;
    for (Id i = 0; i < c.demand(); ++i)
      if (coverable(i)) s += c.weight[i] * std::min(P, best(i, set));
    return s;
  }
  double center(const std::vector<Id>& set, double P) const {
    double m = 0;
    for (Id i = 0; i < c.demand(); ++i)
      if (coverable(i)) m = std::max(m, std::min(P, best(i, set)));
    return m;
  }
  std::vector<Id> uncoverable() const {
    std::vector<Id> u;
    for (Id i = 0; i < c.demand(); ++i)
      if (!coverable(i)) u.push_back(i);
    return u;
  }
  // Calls f on every subset of the candidates with exactly k members.
  void subsets(std::size_t k, const std::function<void(const std::vector<Id>&)>& f) const {
    std::vector<Id> set;
    std::function<void(std::size_t)> rec = [&](std::size_t from) {
      if (set.size() == k) {
        f(set);
        return;
      }
      for (std::size_t t = from; t < cands.size(); ++t) {
        set.push_back(cands[t]);
        rec(t + 1);
        set.pop_back();
      }
    };
    rec(0);
  }
  double best_mclp(std::size_t k) const {
    double best_v = 0;
    subsets(std::min(k, cands.size()), [&](const std::vector<Id>& s) { best_v = std::max(best_v, covered(s)); });
    return best_v;
  }
  double best_median(std::size_t k, double P) const {
    double best_v = kInf;
    subsets(std::min(k, cands.size()), [&](const std::vector<Id>& s) { best_v = std::min(best_v, median(s, P)); });
    return best_v;
  }
  double best_center(std::size_t k, double P) const {
    double best_v = kInf;
    subsets(std::min(k, cands.size()), [&](const std::vector<Id>& s) { best_v = std::min(best_v, center(s, P)); });
    return best_v;
  }
  // Fewest candidates covering every coverable point (share >= 1) or `share` of the coverable weight.
  std::size_t best_lscp(double share) const {
    double coverable_w = 0;
    for (Id i = 0; i < c.demand(); ++i)
      if (coverable(i)) coverable_w += c.weight[i];
    for (std::size_t m = 0; m <= cands.size(); ++m) {
      bool found = false;
      subsets(m, [&](const std::vector<Id>& s) {
        if (found) return;
        if (share >= 1) {
          bool all = true;
          for (Id i = 0; i < c.demand() && all; ++i) all = !coverable(i) || best(i, s) != kInf;
          found = all;
        } else {
          found = covered(s) >= share * coverable_w - 1e-9;
        }
      });
      if (found) return m;
    }
    return SIZE_MAX;
  }
};

// Sites and demand uniform in a 1000 m square, Euclidean costs within `threshold`; the first
// `n_fixed` of a shuffled site order are fixed, the next one is neither (closed), the rest are
// candidates. Integer weights 0..9 (about one in ten is 0).
inline Case random_case(unsigned seed, Id n_sites, Id n_demand, Id n_fixed, double threshold) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1000.0);
  std::uniform_int_distribution<int> w(0, 9);
  Case c;
  c.threshold = threshold;
  std::vector<double> sx(n_sites), sy(n_sites), dx(n_demand), dy(n_demand);
  for (Id j = 0; j < n_sites; ++j) sx[j] = u(rng), sy[j] = u(rng);
  for (Id i = 0; i < n_demand; ++i) dx[i] = u(rng), dy[i] = u(rng), c.weight.push_back(w(rng));
  c.cost.assign(n_sites, std::vector<double>(n_demand, kInf));
  for (Id j = 0; j < n_sites; ++j)
    for (Id i = 0; i < n_demand; ++i) {
      const double d = std::hypot(sx[j] - dx[i], sy[j] - dy[i]);
      if (d <= threshold) c.cost[j][i] = static_cast<float>(d);  // as the Reach stores it
    }
  std::vector<Id> order(n_sites);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  c.fixed.assign(n_sites, 0);
  c.candidate.assign(n_sites, 0);
  for (Id t = 0; t < n_sites; ++t) {
    if (t < n_fixed)
      c.fixed[order[t]] = 1;
    else if (t > n_fixed)
      c.candidate[order[t]] = 1;
  }
  return c;
}

inline double tol(double v) { return 1e-6 * std::max(1.0, std::abs(v)); }

}  // namespace lc::test
