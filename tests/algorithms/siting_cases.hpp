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
  // Capacitated p-median cost of the fixed sites plus `set`: each open site j serves at most
  // c.capacity[j] of weight (inf: no limit), a point's weight may be split, weight no open site
  // takes costs P; over coverable demand. A min-cost flow (successive shortest paths,
  // Bellman–Ford): source -> point (its weight), point -> open site in reach (cost min(c, P)),
  // point -> sink (cost P, unserved), site -> sink (its capacity). `served` gets the weight
  // assigned to sites.
  double capacitated_median(const std::vector<Id>& set, double P, double* served = nullptr) const {
    std::vector<Id> open = fixed;
    open.insert(open.end(), set.begin(), set.end());
    const int S = static_cast<int>(open.size()), D = static_cast<int>(c.demand());
    const int src = 0, sink = 1 + D + S, n = sink + 1;
    struct Edge {
      int to;
      double cap, cost;
    };
    std::vector<Edge> e;
    std::vector<std::vector<int>> g(n);
    auto add = [&](int a, int b, double cap, double cost) {
      g[a].push_back(static_cast<int>(e.size()));
      e.push_back({b, cap, cost});
      g[b].push_back(static_cast<int>(e.size()));
      e.push_back({a, 0, -cost});
    };
    double need = 0;
    std::vector<int> site_edge(S);
    for (Id i = 0; i < c.demand(); ++i) {
      if (!coverable(i) || !(c.weight[i] > 0)) continue;
      add(src, 1 + static_cast<int>(i), c.weight[i], 0);
      add(1 + static_cast<int>(i), sink, 1e18, P);
      need += c.weight[i];
      for (int s = 0; s < S; ++s)
        if (c.cost[open[s]][i] < P) add(1 + static_cast<int>(i), 1 + D + s, 1e18, c.cost[open[s]][i]);
    }
    for (int s = 0; s < S; ++s) {
      const double cap = c.capacity.empty() ? kInf : c.capacity[open[s]];
      site_edge[s] = static_cast<int>(e.size());
      add(1 + D + s, sink, std::isfinite(cap) ? cap : 1e18, 0);
    }
    double total = 0, flow = 0;
    while (flow < need - 1e-9) {
      std::vector<double> dist(n, kInf);
      std::vector<int> via(n, -1);
      dist[src] = 0;
      for (int round = 0; round < n; ++round) {
        bool changed = false;
        for (int a = 0; a < n; ++a) {
          if (dist[a] == kInf) continue;
          for (int id : g[a])
            if (e[id].cap > 1e-12 && dist[a] + e[id].cost < dist[e[id].to] - 1e-12) {
              dist[e[id].to] = dist[a] + e[id].cost;
              via[e[id].to] = id;
              changed = true;
            }
        }
        if (!changed) break;
      }
      double f = need - flow;
      for (int v = sink; v != src; v = e[via[v] ^ 1].to) f = std::min(f, e[via[v]].cap);
      for (int v = sink; v != src; v = e[via[v] ^ 1].to) {
        e[via[v]].cap -= f;
        e[via[v] ^ 1].cap += f;
      }
      flow += f;
      total += f * dist[sink];
    }
    if (served) {
      *served = 0;
      for (int s = 0; s < S; ++s) *served += e[site_edge[s] ^ 1].cap;  // the reverse edge holds the flow
    }
    return total;
  }
  // The least capacitated p-median cost over the subsets of k candidates that `keep` accepts.
  double best_capacitated_median(std::size_t k, double P,
                                 const std::function<bool(const std::vector<Id>&)>& keep = nullptr) const {
    double best_v = kInf;
    subsets(std::min(k, cands.size()), [&](const std::vector<Id>& s) {
      if (!keep || keep(s)) best_v = std::min(best_v, capacitated_median(s, P));
    });
    return best_v;
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

// A case with per-group minimums: each site's group (invalid_id: none) and each group's least
// number of open sites, fixed ones counted.
struct Grouped {
  Case c;
  std::vector<Id> group;             // per site
  std::vector<std::uint32_t> least;  // per group

  SitingInput input() const {
    SitingInput in = c.input();
    in.site_group = group;
    in.group_min = least;
    return in;
  }
  // Per group: its fixed sites.
  std::vector<std::uint32_t> fixed_in() const {
    std::vector<std::uint32_t> n(least.size(), 0);
    for (Id j = 0; j < c.sites(); ++j)
      if (c.fixed[j] && group[j] != invalid_id) ++n[group[j]];
    return n;
  }
  // Do the fixed sites plus `set` meet every minimum?
  bool meets(const std::vector<Id>& set) const {
    std::vector<std::uint32_t> n = fixed_in();
    for (Id j : set)
      if (group[j] != invalid_id) ++n[group[j]];
    for (std::size_t g = 0; g < least.size(); ++g)
      if (n[g] < least[g]) return false;
    return true;
  }
  // Candidates each group still needs beyond its fixed sites.
  std::uint32_t need(std::size_t g) const {
    const std::uint32_t have = fixed_in()[g];
    return least[g] > have ? least[g] - have : 0;
  }
  std::uint32_t total_need() const {
    std::uint32_t t = 0;
    for (std::size_t g = 0; g < least.size(); ++g) t += need(g);
    return t;
  }
  // Has every group at least the candidates it needs?
  bool enough() const {
    for (std::size_t g = 0; g < least.size(); ++g) {
      std::uint32_t cands = 0;
      for (Id j = 0; j < c.sites(); ++j) cands += c.candidate[j] && group[j] == g;
      if (cands < need(g)) return false;
    }
    return true;
  }
};


inline SitingOptions options(SitingModel m, std::uint32_t add, SitingSolver s) {
  SitingOptions o;
  o.model = m;
  o.add = add;
  o.solver = s;
  return o;
}

inline double tol(double v) { return 1e-6 * std::max(1.0, std::abs(v)); }

}  // namespace lc::test
