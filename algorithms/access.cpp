#include "algorithms/access.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "algorithms/detail/reach_passes.hpp"
#include "core/big_array.hpp"

namespace lc {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string num(double v) {
  std::string s = std::to_string(v);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The largest cut-off a Reach built within `threshold` answers for (its costs are floats).
bool beyond(double d0, double threshold) { return d0 > threshold * (1.0 + 1e-7); }

double weight_of(const std::vector<double>& w, Id i) { return std::isfinite(w[i]) ? w[i] : 0.0; }

// Per site supply: 1 each when `supply` is empty, NaN as 0 (counted).
std::vector<double> resolve_supply(const std::vector<double>& supply, Id n_sites, std::size_t& unknown) {
  unknown = 0;
  if (supply.empty()) return std::vector<double>(n_sites, 1.0);
  std::vector<double> s(supply);
  for (double& v : s) {
    if (!std::isfinite(v)) v = 0.0, ++unknown;
  }
  return s;
}

void check_weights(const Reach& reach, const std::vector<double>& weight) {
  if (weight.size() != reach.n_demand) {
    throw std::invalid_argument("demand weights: " + std::to_string(weight.size()) + " values for " +
                                std::to_string(reach.n_demand) + " demand points");
  }
}

}  // namespace

Decay resolve_decay(const Decay& decay, double reach_threshold) {
  Decay d = decay;
  auto fail = [](const std::string& what) { throw std::invalid_argument("distance decay: " + what); };
  if (d.kind == DecayKind::zones && !d.zone_upper.empty()) {
    if (d.zone_weight.size() != d.zone_upper.size()) {
      fail(std::to_string(d.zone_weight.size()) + " zone weights for " + std::to_string(d.zone_upper.size()) +
           " zones");
    }
    for (std::size_t z = 0; z < d.zone_upper.size(); ++z) {
      const double lower = z == 0 ? 0.0 : d.zone_upper[z - 1];
      if (!(d.zone_upper[z] > lower)) fail("zone bounds must be positive and ascending, got " + num(d.zone_upper[z]));
      if (!(d.zone_weight[z] > 0.0 && d.zone_weight[z] <= 1.0)) {
        fail("zone weights must be in (0, 1], got " + num(d.zone_weight[z]));
      }
    }
    d.d0 = d.zone_upper.back();
  }
  if (d.d0 == 0.0) d.d0 = reach_threshold;
  if (!(d.d0 > 0.0) || !std::isfinite(d.d0)) fail("d0 must be positive, got " + num(d.d0));
  if (beyond(d.d0, reach_threshold)) {
    fail("d0 " + num(d.d0) + " is beyond the reach's threshold " + num(reach_threshold) +
         " (no pair farther than it is known)");
  }
  if ((d.kind == DecayKind::exponential || d.kind == DecayKind::power) && !(d.beta > 0.0 && std::isfinite(d.beta))) {
    fail("beta must be positive, got " + num(d.beta));
  }
  if (!(d.cost_unit > 0.0 && std::isfinite(d.cost_unit))) fail("the cost unit must be positive, got " + num(d.cost_unit));
  if (d.kind == DecayKind::power && !(d.min_cost > 0.0 && std::isfinite(d.min_cost))) {
    fail("the power decay's min_cost must be positive, got " + num(d.min_cost));
  }
  if (d.kind == DecayKind::zones && d.zone_upper.empty()) {
    // Luo & Qi (2009): three travel-time zones 0-10, 10-20, 20-30 minutes weighted 1.00, 0.68 and
    // 0.22 (a Gaussian of beta 100 at each zone's middle); here three equal thirds of d0.
    d.zone_upper = {d.d0 / 3.0, 2.0 * d.d0 / 3.0, d.d0};
    d.zone_weight = {1.00, 0.68, 0.22};
  }
  return d;
}

double decay_weight(const Decay& d, double c) {
  if (c > d.d0) return 0.0;
  switch (d.kind) {
    case DecayKind::step: return 1.0;
    case DecayKind::linear: return 1.0 - c / d.d0;
    case DecayKind::exponential: return std::exp(-d.beta * (c / d.cost_unit));
    case DecayKind::gaussian: {
      // Dai (2010), "Black residential segregation, disparities in spatial access to health care
      // facilities, and late-stage breast cancer diagnosis in metropolitan Detroit"; Wang (2012),
      // "Measurement, optimization, and impact of health care accessibility: a methodological
      // review": 1 at c = 0, 0 at c = d0.
      const double e = std::exp(-0.5);
      const double r = c / d.d0;
      return (std::exp(-0.5 * r * r) - e) / (1.0 - e);
    }
    case DecayKind::power: return std::pow(std::max(c / d.cost_unit, d.min_cost), -d.beta);
    case DecayKind::zones:
      for (std::size_t z = 0; z < d.zone_upper.size(); ++z) {
        if (c <= d.zone_upper[z]) return d.zone_weight[z];
      }
      return 0.0;
  }
  return 0.0;
}

AccessResult compute_access(const Reach& reach, const std::vector<double>& weight, const AccessOptions& options) {
  check_weights(reach, weight);
  if (!options.supply.empty() && options.supply.size() != reach.n_sites) {
    throw std::invalid_argument("supply: " + std::to_string(options.supply.size()) + " values for " +
                                std::to_string(reach.n_sites) + " sites");
  }
  const AccessMeasure m = options.measure;
  Decay d = resolve_decay(options.decay, reach.threshold);
  if (m == AccessMeasure::cumulative || m == AccessMeasure::two_step) d.kind = DecayKind::step;
  AccessResult out;
  const std::vector<double> supply = resolve_supply(options.supply, reach.n_sites, out.supply_unknown);
  const Id n = reach.n_demand;

  // 3SFCA's first step: each point's sum of weights over the sites it reaches, G_ij = W_ij / it.
  std::vector<double> w_sum;
  if (m == AccessMeasure::three_step) {
    w_sum.assign(n, 0.0);
    detail::for_demand_ranges(n, [&](Id lo, Id hi) {
      detail::for_pairs_in_range(reach, lo, hi,
                                 [&](Id, std::size_t k) { w_sum[reach.demand[k]] += decay_weight(d, reach.cost[k]); });
    });
  }
  auto selection = [&](Id i, double w) { return w_sum[i] > 0.0 ? w / w_sum[i] : 0.0; };

  // Per site: the weighted demand of its catchment and the supply-to-demand ratio.
  out.site_demand.assign(reach.n_sites, 0.0);
  out.site_ratio.assign(reach.n_sites, 0.0);
  detail::for_sites(reach.n_sites, [&](Id j) {
    double dj = 0.0;
    for (std::size_t k = reach.first[j]; k < reach.first[j + 1]; ++k) {
      const Id i = reach.demand[k];
      const double w = decay_weight(d, reach.cost[k]);
      dj += weight_of(weight, i) * (m == AccessMeasure::three_step ? selection(i, w) * w : w);
    }
    out.site_demand[j] = dj;
    out.site_ratio[j] = dj > 0.0 ? supply[j] / dj : 0.0;  // supply nobody reaches serves nobody
  });

  // Per point: the measure, and the sites of positive weight.
  out.access.assign(n, 0.0);
  out.sites_within.assign(n, 0);
  detail::for_demand_ranges(n, [&](Id lo, Id hi) {
    detail::for_pairs_in_range(reach, lo, hi, [&](Id j, std::size_t k) {
      const Id i = reach.demand[k];
      const double w = decay_weight(d, reach.cost[k]);
      if (!(w > 0.0)) return;
      ++out.sites_within[i];
      switch (m) {
        case AccessMeasure::cumulative: out.access[i] += supply[j]; break;
        case AccessMeasure::gravity: out.access[i] += supply[j] * w; break;
        case AccessMeasure::two_step:
        case AccessMeasure::enhanced_two_step: out.access[i] += out.site_ratio[j] * w; break;
        case AccessMeasure::three_step: out.access[i] += selection(i, w) * w * out.site_ratio[j]; break;
      }
    });
  });
  return out;
}

ProximityResult compute_proximity(const std::vector<double>& weight, const ProximityOptions& options) {
  if (options.categories.empty()) throw std::invalid_argument("proximity time: no category");
  if (options.k == 0) throw std::invalid_argument("proximity time: k must be at least 1");
  if (!(options.target > 0.0)) throw std::invalid_argument("proximity time: the target must be positive, got " + num(options.target));
  for (const Reach* r : options.categories) {
    if (!r) throw std::invalid_argument("proximity time: a category without a reach");
    check_weights(*r, weight);
    if (r->unit != options.categories.front()->unit) {
      throw std::invalid_argument("proximity time: the categories' reaches are in different units");
    }
  }
  const Id n = static_cast<Id>(weight.size());
  const Id nc = static_cast<Id>(options.categories.size());
  const Id k = options.k;
  ProximityResult out;
  out.n_categories = nc;
  out.by_category.assign(std::size_t(n) * nc, nan);
  detail::for_demand_ranges(n, [&](Id lo, Id hi) {
    // Per point of the range, its k smallest costs so far, ascending, and how many it has.
    std::vector<float> best(std::size_t(hi - lo) * k);
    std::vector<Id> count(hi - lo);
    for (Id c = 0; c < nc; ++c) {
      std::fill(count.begin(), count.end(), 0);
      const Reach& reach = *options.categories[c];
      detail::for_pairs_in_range(reach, lo, hi, [&](Id, std::size_t p) {
        const Id at = reach.demand[p] - lo;
        float* b = &best[std::size_t(at) * k];
        const float cost = reach.cost[p];
        Id m = count[at];
        if (m == k) {
          if (!(cost < b[k - 1])) return;
          --m;
        } else {
          ++count[at];
        }
        while (m > 0 && b[m - 1] > cost) b[m] = b[m - 1], --m;  // insertion into the sorted k
        b[m] = cost;
      });
      for (Id at = 0; at < hi - lo; ++at) {
        if (count[at] < k) continue;
        double s = 0.0;
        for (Id m = 0; m < k; ++m) s += best[std::size_t(at) * k + m];
        out.by_category[std::size_t(lo + at) * nc + c] = s / k;
      }
    }
  });
  return summarise_proximity(std::move(out.by_category), nc, weight, options.target);
}

ProximityResult summarise_proximity(std::vector<double> by_category, Id n_categories, const std::vector<double>& weight,
                                    double target) {
  const Id n = static_cast<Id>(weight.size());
  const Id nc = n_categories;
  if (by_category.size() != std::size_t(n) * nc) throw std::invalid_argument("proximity time: values for other points");
  ProximityResult out;
  out.n_categories = nc;
  out.by_category = std::move(by_category);
  out.overall.assign(n, nan);
  for (Id i = 0; i < n; ++i) {
    double s = 0.0;
    for (Id c = 0; c < nc; ++c) s += out.by_category[std::size_t(i) * nc + c];
    out.overall[i] = s / nc;  // NaN when any category is not reached
  }
  for (Id i = 0; i < n; ++i) {
    const double w = weight_of(weight, i);
    out.population += w;
    if (std::isnan(out.overall[i])) {
      out.population_not_reached += w;
    } else if (out.overall[i] <= target) {
      out.population_within_target += w;
    }
  }
  out.score = out.population > 0.0 ? out.population_within_target / out.population : 0.0;
  return out;
}

CapacityCoverageResult compute_capacity_coverage(const Reach& reach, const std::vector<double>& weight,
                                                 const CapacityCoverageOptions& options) {
  check_weights(reach, weight);
  const Id ns = reach.n_sites;
  const Id n = reach.n_demand;
  if (options.capacity.size() != ns) {
    throw std::invalid_argument("capacity: " + std::to_string(options.capacity.size()) + " values for " +
                                std::to_string(ns) + " sites");
  }
  if (!(options.places_per_person > 0.0) || !std::isfinite(options.places_per_person)) {
    throw std::invalid_argument("capacity: places per person must be positive, got " + num(options.places_per_person));
  }
  const double d0 = options.d0 == 0.0 ? reach.threshold : options.d0;
  if (!(d0 > 0.0) || beyond(d0, reach.threshold)) {
    throw std::invalid_argument("capacity: the cut-off " + num(d0) + " must be positive and within the reach's threshold " +
                                num(reach.threshold));
  }
  CapacityCoverageResult out;
  std::vector<double> capacity(options.capacity);
  for (double& c : capacity) {
    if (!std::isfinite(c)) c = 0.0, ++out.capacity_unknown;
    if (c < 0.0) throw std::invalid_argument("capacity: a site has a negative capacity, " + num(c));
  }
  if (options.order.empty()) {
    out.order.resize(ns);
    std::iota(out.order.begin(), out.order.end(), Id{0});
    std::stable_sort(out.order.begin(), out.order.end(), [&](Id a, Id b) { return capacity[a] > capacity[b]; });
  } else {
    std::vector<char> seen(ns, 0);
    for (Id j : options.order) {
      if (j >= ns) throw std::invalid_argument("capacity: site " + std::to_string(j) + " in the order is out of range");
      if (seen[j]) throw std::invalid_argument("capacity: site " + std::to_string(j) + " is twice in the order");
      seen[j] = 1;
    }
    out.order = options.order;
  }
  out.site_capacity_people.resize(ns);
  for (Id j = 0; j < ns; ++j) out.site_capacity_people[j] = capacity[j] / options.places_per_person;

  // Each site's pairs by cost, then demand id: sorted once, in parallel over sites.
  BigVector<std::uint32_t> by_cost(reach.size());
  detail::for_sites(ns, [&](Id j) {
    const std::size_t b = reach.first[j], e = reach.first[j + 1];
    for (std::size_t k = b; k < e; ++k) by_cost[k] = static_cast<std::uint32_t>(k - b);
    std::sort(by_cost.begin() + b, by_cost.begin() + e, [&](std::uint32_t x, std::uint32_t y) {
      const float cx = reach.cost[b + x], cy = reach.cost[b + y];
      return cx < cy || (cx == cy && x < y);  // within a site, pair order is demand order
    });
  });

  std::vector<double> remaining(n);
  for (Id i = 0; i < n; ++i) remaining[i] = weight_of(weight, i);
  std::vector<char> in_reach(n, 0);
  out.served.assign(n, 0.0);
  out.site_served.assign(ns, 0.0);
  for (Id j : out.order) {
    double cap = out.site_capacity_people[j];
    const std::size_t b = reach.first[j], e = reach.first[j + 1];
    for (std::size_t k = b; k < e; ++k) {
      const std::size_t p = b + by_cost[k];
      if (reach.cost[p] > d0) break;
      const Id i = reach.demand[p];
      in_reach[i] = 1;
      const double take = std::min(remaining[i], cap);
      if (!(take > 0.0)) continue;  // served already, or capacity used up: only marking reach
      remaining[i] -= take;
      out.served[i] += take;
      out.site_served[j] += take;
      cap -= take;
    }
  }
  out.site_capacity_used.assign(ns, 0.0);
  for (Id j = 0; j < ns; ++j) {
    if (out.site_capacity_people[j] > 0.0) out.site_capacity_used[j] = out.site_served[j] / out.site_capacity_people[j];
  }
  for (Id i = 0; i < n; ++i) {
    const double w = weight_of(weight, i);
    out.population += w;
    out.population_covered += out.served[i];
    if (in_reach[i]) {
      out.population_unserved_in_reach += remaining[i];
    } else {
      out.population_out_of_reach += w;
    }
  }
  return out;
}

}  // namespace lc
