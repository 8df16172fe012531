#include "algorithms/value_classes.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace lc {

namespace {

double weight_of(const std::vector<double>& weights, std::size_t i) {
  const double w = i < weights.size() ? weights[i] : 1.0;
  return std::isfinite(w) && w > 0 ? w : 0.0;
}

}  // namespace

double ceil_significant(double v, int digits) {
  if (v == 0.0 || !std::isfinite(v)) return v;
  const int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const int places = digits - 1 - e;
  // Scaled to an integer part of `digits` digits; the 1e-9 keeps a product such as 0.05 x 100 =
  // 5.000000000000001 from going up to 6.
  if (places >= 0) {
    const double f = std::pow(10.0, places);
    return std::ceil(v * f - 1e-9) / f;
  }
  const double f = std::pow(10.0, -places);
  return std::ceil(v / f - 1e-9) * f;
}

std::vector<double> quantile_breaks(const std::vector<double>& values, const std::vector<double>& weights,
                                    std::size_t n) {
  std::vector<std::pair<double, double>> vw;  // value, weight
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) vw.emplace_back(values[i], weight_of(weights, i));
  }
  if (n < 2 || vw.empty()) return {};
  std::sort(vw.begin(), vw.end());
  double total = 0.0;
  for (const auto& p : vw) total += p.second;
  if (!(total > 0)) {
    for (auto& p : vw) p.second = 1.0;
    total = static_cast<double>(vw.size());
  }
  std::vector<double> raw;
  double cum = 0.0;
  std::size_t j = 0;
  for (std::size_t k = 1; k < n; ++k) {
    const double target = total * static_cast<double>(k) / static_cast<double>(n);
    while (j < vw.size() && cum + vw[j].second < target * (1 - 1e-12)) cum += vw[j++].second;
    if (j < vw.size()) raw.push_back(vw[j].first);
  }
  raw.erase(std::unique(raw.begin(), raw.end()), raw.end());
  // Each bound rounded up to the fewest significant digits (2 to 6) that stay below the next
  // exact bound (the last: below the largest value), else exact: every range still holds the value
  // its exact bound is, and values between an exact bound and its rounding move down a range.
  std::vector<double> breaks;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    const double limit = k + 1 < raw.size() ? raw[k + 1] : vw.back().first;
    double b = raw[k];
    for (int digits = 2; digits <= 6; ++digits) {
      const double up = ceil_significant(raw[k], digits);
      if (up < limit) {
        b = up;
        break;
      }
    }
    if (breaks.empty() || b > breaks.back()) breaks.push_back(b);
  }
  // Every range holds a value: a bound needs a value above the previous bound up to it, and one
  // above it.
  std::vector<double> kept;
  const double max = vw.back().first;
  std::size_t at = 0;  // the first value above the last kept bound
  for (double b : breaks) {
    if (!(b < max)) break;
    if (at < vw.size() && vw[at].first <= b) {
      kept.push_back(b);
      while (at < vw.size() && vw[at].first <= b) ++at;
    }
  }
  return kept;
}

ValueClasses value_classes(const std::vector<double>& values, const std::vector<double>& weights,
                           const std::vector<double>& sites, const ClassScheme& scheme) {
  ValueClasses c;
  c.zero_class = scheme.zero_class;
  c.quantiles = scheme.breaks.empty();
  const auto add_ranges = [&](const std::vector<double>& breaks) {
    double lower = scheme.zero_class ? 0.0 : -std::numeric_limits<double>::infinity();
    for (double b : breaks) {
      if (!(b < scheme.max_value)) break;
      ValueClass r;
      r.lower = lower;
      r.upper = b;
      c.classes.push_back(r);
      lower = b;
    }
    ValueClass last;
    last.lower = lower;
    last.upper = scheme.max_value;
    c.classes.push_back(last);
  };
  if (c.quantiles) {
    std::vector<double> rangeable, w;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::isnan(values[i]) || (scheme.zero_class && values[i] == 0.0)) continue;
      rangeable.push_back(values[i]);
      w.push_back(weight_of(weights, i));
    }
    if (!rangeable.empty()) add_ranges(quantile_breaks(rangeable, w, scheme.quantiles));
  } else {
    assert(std::is_sorted(scheme.breaks.begin(), scheme.breaks.end()));
    add_ranges(scheme.breaks);
  }
  bool in_reach_zero = false, none = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i]))
      none = true;
    else if (scheme.zero_class && values[i] == 0.0 && i < sites.size() && sites[i] > 0)
      in_reach_zero = true;
  }
  if (scheme.zero_class) c.classes.push_back({ClassKind::zero_out_of_reach, 0.0, 0.0, 0.0, 0});
  if (in_reach_zero) c.classes.push_back({ClassKind::zero_in_reach, 0.0, 0.0, 0.0, 0});
  if (none) {
    ValueClass nv;
    nv.kind = ClassKind::no_value;
    c.classes.push_back(nv);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double w = weight_of(weights, i);
    c.weight_total += w;
    ++c.points;
    const std::size_t k = class_of(c, values[i], i < sites.size() ? sites[i] : NAN);
    if (k == no_class) continue;
    c.classes[k].weight += w;
    ++c.classes[k].points;
  }
  return c;
}

}  // namespace lc
