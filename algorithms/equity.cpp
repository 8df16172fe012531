#include "algorithms/equity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <tbb/parallel_for.h>

namespace lc {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// L(p) on the Lorenz curve, linear between its vertices.
double lorenz_at(const LorenzCurve& l, double p) {
  const auto& ps = l.population_share;
  const auto it = std::lower_bound(ps.begin(), ps.end(), p);
  if (it == ps.begin()) return l.measure_share.front();
  if (it == ps.end()) return l.measure_share.back();
  const std::size_t b = static_cast<std::size_t>(it - ps.begin()), a = b - 1;
  const double t = (p - ps[a]) / (ps[b] - ps[a]);
  return l.measure_share[a] + t * (l.measure_share[b] - l.measure_share[a]);
}

// The figures of the points `ids` (weight > 0, measure finite), `excluded` the weight left out.
EquityFigures figures(std::vector<Id> ids, const std::vector<double>& x, const std::vector<double>& w,
                      const std::vector<double>& rank_by, double excluded) {
  EquityFigures f;
  f.population_excluded = excluded;
  std::sort(ids.begin(), ids.end(), [&](Id a, Id b) { return x[a] < x[b] || (x[a] == x[b] && a < b); });
  double total_w = 0.0, total_x = 0.0;
  for (Id i : ids) total_w += w[i], total_x += w[i] * x[i];
  f.population = total_w;
  if (!(total_w > 0.0)) {
    f.mean = f.gini = f.palma = f.theil = f.concentration = nan;
    return f;
  }
  f.mean = total_x / total_w;
  if (!(total_x > 0.0)) {
    f.gini = f.palma = f.theil = f.concentration = nan;
    f.lorenz.population_share = {0.0, 1.0};
    f.lorenz.measure_share = {0.0, 0.0};
    return f;
  }
  // Lorenz vertices, one per distinct value; Gini by the trapezoid rule; Theil T.
  f.lorenz.population_share.push_back(0.0);
  f.lorenz.measure_share.push_back(0.0);
  double cum_w = 0.0, cum_x = 0.0, area = 0.0, theil = 0.0;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const Id i = ids[k];
    cum_w += w[i], cum_x += w[i] * x[i];
    if (x[i] > 0.0) {
      const double r = x[i] / f.mean;
      theil += w[i] / total_w * r * std::log(r);
    }
    if (k + 1 < ids.size() && x[ids[k + 1]] == x[i]) continue;
    const double p = cum_w / total_w, l = cum_x / total_x;
    area += (p - f.lorenz.population_share.back()) * (l + f.lorenz.measure_share.back());
    f.lorenz.population_share.push_back(p);
    f.lorenz.measure_share.push_back(l);
  }
  f.lorenz.population_share.back() = 1.0;  // the sums' last rounding
  f.lorenz.measure_share.back() = 1.0;
  f.gini = 1.0 - area;
  f.theil = theil;
  const double bottom = lorenz_at(f.lorenz, 0.4), top = 1.0 - lorenz_at(f.lorenz, 0.9);
  f.palma = bottom > 0.0 ? top / bottom : top > 0.0 ? std::numeric_limits<double>::infinity() : nan;

  f.concentration = nan;
  if (rank_by.empty()) return f;
  std::sort(ids.begin(), ids.end(),
            [&](Id a, Id b) { return rank_by[a] < rank_by[b] || (rank_by[a] == rank_by[b] && a < b); });
  double below = 0.0, cov = 0.0;
  for (std::size_t k = 0; k < ids.size();) {
    std::size_t e = k;  // the tie block [k, e)
    double block_w = 0.0, block_x = 0.0;
    for (; e < ids.size() && rank_by[ids[e]] == rank_by[ids[k]]; ++e) block_w += w[ids[e]], block_x += w[ids[e]] * x[ids[e]];
    const double rank = (below + 0.5 * block_w) / total_w;
    cov += (block_x - f.mean * block_w) * (rank - 0.5);  // the mean fractional rank is 1/2
    below += block_w;
    k = e;
  }
  f.concentration = 2.0 * (cov / total_w) / f.mean;
  return f;
}

}  // namespace

EquityResult compute_equity(const std::vector<double>& measure, const std::vector<double>& weight,
                            const EquityOptions& options) {
  const std::size_t n = measure.size();
  auto length = [&](std::size_t m, const char* what) {
    if (m != n) {
      throw std::invalid_argument(std::string("equity: ") + what + " has " + std::to_string(m) + " values for " +
                                  std::to_string(n) + " points");
    }
  };
  length(weight.size(), "the weight");
  if (!options.rank_by.empty()) length(options.rank_by.size(), "the ranking variable");
  if (!options.group.empty()) length(options.group.size(), "the group index");
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (measure[i] < 0.0) throw std::invalid_argument("equity: point " + std::to_string(i) + " has a negative measure");
    if (weight[i] < 0.0) throw std::invalid_argument("equity: point " + std::to_string(i) + " has a negative weight");
    if (!options.rank_by.empty() && std::isnan(options.rank_by[i])) {
      throw std::invalid_argument("equity: point " + std::to_string(i) + " has no value of the ranking variable");
    }
    w[i] = std::isfinite(weight[i]) ? weight[i] : 0.0;
  }
  const Id groups = options.group.empty() ? 0 : options.n_groups;
  std::vector<std::vector<Id>> ids(std::size_t(groups) + 1);  // the groups, then overall
  std::vector<double> excluded(std::size_t(groups) + 1, 0.0);
  for (Id i = 0; i < n; ++i) {
    const Id g = groups > 0 && options.group[i] < groups ? options.group[i] : invalid_id;
    if (std::isnan(measure[i])) {
      excluded[groups] += w[i];
      if (g != invalid_id) excluded[g] += w[i];
      continue;
    }
    if (!(w[i] > 0.0)) continue;
    ids[groups].push_back(i);
    if (g != invalid_id) ids[g].push_back(i);
  }
  std::vector<EquityFigures> all(std::size_t(groups) + 1);
  tbb::parallel_for(std::size_t(0), all.size(),
                    [&](std::size_t g) { all[g] = figures(std::move(ids[g]), measure, w, options.rank_by, excluded[g]); });
  EquityResult out;
  out.overall = std::move(all.back());
  all.pop_back();
  out.groups = std::move(all);
  return out;
}

LorenzCurve sample_lorenz(const LorenzCurve& curve, std::size_t steps) {
  if (steps == 0) throw std::invalid_argument("sample_lorenz: steps must be at least 1");
  if (curve.population_share.size() <= steps + 1) return curve;
  LorenzCurve out;
  for (std::size_t k = 0; k <= steps; ++k) {
    const double p = static_cast<double>(k) / static_cast<double>(steps);
    out.population_share.push_back(p);
    out.measure_share.push_back(lorenz_at(curve, p));
  }
  return out;
}

}  // namespace lc
