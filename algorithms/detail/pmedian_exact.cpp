#include "algorithms/detail/pmedian_exact.hpp"
#include "algorithms/detail/siting_mip.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "core/interrupt.hpp"

namespace lc::detail {

MedianSavings MedianSavings::build(const SitingProblem& p, const std::vector<Id>& allowed,
                                   const std::vector<double>& base) {
  MedianSavings s;
  const Id n = p.reach.n_demand;
  s.base.resize(n);
  s.weight.resize(n);
  for (Id i = 0; i < n; ++i) {
    s.weight[i] = p.coverable[i] ? p.weight[i] : 0.0;
    s.base[i] = base.empty() ? std::min(p.fixed_cost[i], p.unreached_cost) : base[i];
    s.base_cost += s.weight[i] * s.base[i];
  }
  for (Id j : allowed) {
    const std::size_t before = s.demand.size();
    for (Id q = p.begin(j); q < p.end(j); ++q) {
      const Id i = p.reach.demand[q];
      const double c = std::min<double>(p.reach.cost[q], p.unreached_cost);
      if (!(s.weight[i] > 0) || !(c < s.base[i])) continue;
      s.demand.push_back(i);
      s.cost.push_back(c);
      s.saving.push_back(s.weight[i] * (s.base[i] - c));
    }
    if (s.demand.size() == before) continue;
    s.site.push_back(j);
    s.first.push_back(s.demand.size());
  }
  return s;
}

std::vector<double> savings_per_point(const MedianSavings& s, const std::vector<Id>& open) {
  std::vector<double> best(s.base.size(), 0.0);
  for (Id j : open) {
    const auto it = std::lower_bound(s.site.begin(), s.site.end(), j);
    if (it == s.site.end() || *it != j) continue;
    const std::size_t t = static_cast<std::size_t>(it - s.site.begin());
    for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q) best[s.demand[q]] = std::max(best[s.demand[q]], s.saving[q]);
  }
  return best;
}

double MedianSavings::savings_of(const std::vector<Id>& open) const {
  const std::vector<double> best = savings_per_point(*this, open);
  return std::accumulate(best.begin(), best.end(), 0.0);
}

namespace {

// Site indices by rho descending, then index ascending: the subproblem's choice is the first k.
void rank_sites(const std::vector<double>& rho, std::size_t k, std::vector<std::uint32_t>& order) {
  order.resize(rho.size());
  std::iota(order.begin(), order.end(), 0u);
  auto before = [&](std::uint32_t a, std::uint32_t b) { return rho[a] > rho[b] || (rho[a] == rho[b] && a < b); };
  if (k < order.size()) {
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), before);
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k) + 1, before);
  } else {
    std::sort(order.begin(), order.end(), before);
  }
}

}  // namespace

LagrangeBound lagrangian_bound(const MedianSavings& s, std::size_t k, double known_savings,
                               const std::vector<double>& start, const LagrangeOptions& o) {
  const std::size_t m = s.site.size(), n = s.base.size();
  LagrangeBound out;
  out.rho.assign(m, 0.0);
  if (m == 0 || k == 0) {  // nothing to open: no savings
    out.lambda.assign(n, 0.0);
    out.savings_bound = 0;
    out.cost_bound = s.base_cost;
    return out;
  }
  const std::size_t kk = std::min(k, m);
  const double eps = improvement_eps(s.base_cost);
  std::vector<double> lambda = start.empty() ? std::vector<double>(n, 0.0) : start;
  std::vector<double> rho(m), g(n), got(n, 0.0);
  std::vector<std::uint32_t> order;
  double known = known_savings;
  double mu = 2.0;
  int since_best = 0;
  double best_300_ago = siting_inf;
  for (int it = 0; it < o.max_iterations; ++it) {
    if ((it & 15) == 0) {
      check_interrupt();
      if (std::chrono::steady_clock::now() > o.deadline) break;
    }
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, m, 16), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t t = r.begin(); t < r.end(); ++t) {
        double sum = 0;
        for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q) {
          const double d = s.saving[q] - lambda[s.demand[q]];
          if (d > 0) sum += d;
        }
        rho[t] = sum;
      }
    });
    rank_sites(rho, kk, order);
    double L = 0;
    for (double l : lambda) L += l;
    for (std::size_t x = 0; x < kk; ++x) L += rho[order[x]];
    ++out.iterations;
    {  // the subproblem's set, by its true savings
      double set_savings = 0;
      for (std::size_t x = 0; x < kk; ++x) {
        const std::size_t t = order[x];
        for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q) got[s.demand[q]] = std::max(got[s.demand[q]], s.saving[q]);
      }
      for (std::size_t x = 0; x < kk; ++x) {
        const std::size_t t = order[x];
        for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q) {
          set_savings += got[s.demand[q]];
          got[s.demand[q]] = 0;
        }
      }
      if (set_savings > known + eps) {
        known = set_savings;
        out.best_set_savings = set_savings;
        out.best_set.clear();
        for (std::size_t x = 0; x < kk; ++x) out.best_set.push_back(s.site[order[x]]);
        std::sort(out.best_set.begin(), out.best_set.end());
      }
    }
    if (L < out.savings_bound) {
      out.savings_bound = L;
      out.lambda = lambda;
      out.rho = rho;
      since_best = 0;
    } else if (++since_best >= o.patience) {
      mu *= 0.5;
      since_best = 0;
    }
    if (it % 300 == 299) {
      if (best_300_ago - out.savings_bound <= 0) break;  // 300 iterations without a better bound
      best_300_ago = out.savings_bound;
    }
    if (out.savings_bound - known <= eps || mu < 1e-6) break;  // met the known set, or the step is spent
    // Subgradient: dL/dlambda_i = 1 - (number of chosen sites on which i saves more than lambda_i),
    // projected onto lambda >= 0.
    std::fill(g.begin(), g.end(), 1.0);
    for (std::size_t x = 0; x < kk; ++x) {
      const std::size_t t = order[x];
      for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q)
        if (s.saving[q] > lambda[s.demand[q]]) g[s.demand[q]] -= 1.0;
    }
    double norm = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (lambda[i] <= 0 && g[i] > 0) g[i] = 0;
      norm += g[i] * g[i];
    }
    if (norm == 0) break;  // a zero subgradient: lambda minimises L
    const double step = mu * std::max(L - known, eps) / norm;
    for (std::size_t i = 0; i < n; ++i) lambda[i] = std::max(0.0, lambda[i] - step * g[i]);
  }
  out.cost_bound = s.base_cost - out.savings_bound;
  return out;
}

MedianFixing fix_by_bound(const MedianSavings& s, std::size_t k, const LagrangeBound& b, double known_savings,
                          double eps) {
  MedianFixing f;
  const std::size_t m = s.site.size();
  if (m == 0 || k == 0 || b.rho.size() != m) return f;
  const std::size_t kk = std::min(k, m);
  std::vector<std::uint32_t> order;
  rank_sites(b.rho, kk, order);
  const double L = b.savings_bound;
  const double kth = b.rho[order[kk - 1]];
  const double next = kk < m ? b.rho[order[kk]] : 0.0;
  for (std::size_t x = 0; x < m; ++x) {
    const std::uint32_t t = order[x];
    if (x < kk) {
      if (L - b.rho[t] + next <= known_savings + eps) f.open.push_back(s.site[t]);
    } else if (L + b.rho[t] - kth <= known_savings + eps) {
      f.closed.push_back(s.site[t]);
    }
  }
  std::sort(f.open.begin(), f.open.end());
  std::sort(f.closed.begin(), f.closed.end());
  return f;
}

MedianReduction reduce_by_bound(const MedianSavings& s, std::size_t k, const LagrangeBound& b, double known_savings,
                                double eps) {
  MedianReduction out;
  const MedianFixing fix = fix_by_bound(s, k, b, known_savings, eps);
  out.opened = fix.open;
  out.closed = fix.closed.size();
  const std::size_t m = s.site.size();
  MedianSavings& r = out.savings;
  r.weight = s.weight;
  r.base = s.base;
  std::vector<std::uint8_t> state(m, 0);  // 1 open, 2 closed
  for (std::size_t t = 0; t < m; ++t) {
    if (std::binary_search(fix.open.begin(), fix.open.end(), s.site[t])) state[t] = 1;
    else if (std::binary_search(fix.closed.begin(), fix.closed.end(), s.site[t])) state[t] = 2;
  }
  for (std::size_t t = 0; t < m; ++t) {
    if (state[t] != 1) continue;
    for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q) r.base[s.demand[q]] = std::min(r.base[s.demand[q]], s.cost[q]);
  }
  for (std::size_t i = 0; i < r.base.size(); ++i) r.base_cost += r.weight[i] * r.base[i];

  const bool usable = k > 0 && m > 0 && b.rho.size() == m && b.lambda.size() == s.base.size();
  std::vector<std::uint8_t> chosen(m, 0);
  double kth = 0;
  if (usable) {
    std::vector<std::uint32_t> order;
    const std::size_t kk = std::min(k, m);
    rank_sites(b.rho, kk, order);
    for (std::size_t x = 0; x < kk; ++x) chosen[order[x]] = 1;
    kth = b.rho[order[kk - 1]];
  }
  for (std::size_t t = 0; t < m; ++t) {
    if (state[t] != 0) continue;
    const std::size_t before = r.demand.size();
    const double site_loss = usable && !chosen[t] ? kth - b.rho[t] : 0.0;
    for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q) {
      const Id i = s.demand[q];
      if (!(s.cost[q] < r.base[i])) continue;
      if (usable && b.savings_bound - std::max(0.0, b.lambda[i] - s.saving[q]) - site_loss <= known_savings + eps) {
        ++out.pairs_dropped;
        continue;
      }
      r.demand.push_back(i);
      r.cost.push_back(s.cost[q]);
      r.saving.push_back(r.weight[i] * (r.base[i] - s.cost[q]));
    }
    if (r.demand.size() == before) continue;
    r.site.push_back(s.site[t]);
    r.first.push_back(r.demand.size());
  }
  return out;
}

namespace {

struct RadiusMip {
  MipModel m;
  std::vector<Id> x_site;  // per x column: the site (MedianSavings::site, then group candidates)
  std::vector<int> x_col;
  double constant = 0;     // cost = constant + objective
};

RadiusMip build_radius_mip(const MedianSavings& s, std::size_t k, const SitingProblem* groups) {
  RadiusMip rm;
  MipModel& m = rm.m;
  const std::size_t n = s.base.size();
  // The pairs by demand point, each point's by cost.
  std::vector<std::size_t> start(n + 1, 0);
  for (Id i : s.demand) ++start[i + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::pair<double, std::uint32_t>> by_point(s.pairs());  // (cost, site index)
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t t = 0; t < s.site.size(); ++t)
      for (std::size_t q = s.first[t]; q < s.first[t + 1]; ++q)
        by_point[fill[s.demand[q]]++] = {s.cost[q], static_cast<std::uint32_t>(t)};
  }
  const int card = m.add_row(-siting_inf, static_cast<double>(k));
  rm.x_site = s.site;
  rm.x_col.resize(s.site.size());
  for (std::size_t t = 0; t < s.site.size(); ++t) {
    rm.x_col[t] = m.add_col(0, 1, 0, true);
    m.add(card, rm.x_col[t], 1);
  }
  rm.constant = s.base_cost;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t b = start[i], e = start[i + 1];
    if (b == e) continue;
    std::sort(by_point.begin() + static_cast<std::ptrdiff_t>(b), by_point.begin() + static_cast<std::ptrdiff_t>(e));
    const double w = s.weight[i];
    rm.constant -= w * (s.base[i] - by_point[b].first);  // cost_i = w_i D_1 + ...
    int prev = -1;
    for (std::size_t q = b; q < e;) {
      const double level = by_point[q].first;
      std::size_t r = q;
      while (r < e && by_point[r].first == level) ++r;
      const double next = r < e ? by_point[r].first : s.base[i];
      const int u = m.add_col(0, 1, w * (next - level), false);
      const int row = m.add_row(prev < 0 ? 1.0 : 0.0, siting_inf);
      m.add(row, u, 1);
      if (prev >= 0) m.add(row, prev, -1);
      for (; q < r; ++q) m.add(row, rm.x_col[by_point[q].second], 1);
      prev = u;
    }
  }
  if (groups) add_group_minimums(m, *groups, card, 0.0, rm.x_site, rm.x_col);
  return rm;
}

}  // namespace

RadiusSolution solve_radius_mip(const MedianSavings& s, std::size_t k, double cutoff_cost, double time_limit_s,
                                const SitingProblem* groups) {
  RadiusSolution out;
  const RadiusMip rm = build_radius_mip(s, k, groups);
  MipParams params;
  params.time_limit_s = time_limit_s;
  if (cutoff_cost < siting_inf) params.cutoff = cutoff_cost - rm.constant;
  const MipSolution m = solve_mip(rm.m, params);
  out.status = m.status;
  out.cost_bound = rm.constant + m.bound;
  if (!m.x.empty()) {
    out.cost = rm.constant + m.objective;
    for (std::size_t t = 0; t < rm.x_site.size(); ++t)
      if (m.x[rm.x_col[t]] > 0.5) out.open.push_back(rm.x_site[t]);
    std::sort(out.open.begin(), out.open.end());
  }
  return out;
}

}  // namespace lc::detail
