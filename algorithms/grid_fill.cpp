#include "algorithms/grid_fill.hpp"

#include <algorithm>
#include <cmath>

namespace lc {

std::vector<std::pair<double, double>> cell_centres_inside(const std::vector<Ring>& rings, double cell_m) {
  double min_y = INFINITY, max_y = -INFINITY;
  for (const Ring& r : rings) {
    for (std::size_t k = 1; k < r.size(); k += 2) {
      min_y = std::min(min_y, r[k]);
      max_y = std::max(max_y, r[k]);
    }
  }
  std::vector<std::pair<double, double>> out;
  if (!(min_y < max_y)) return out;
  // Rows whose centre line y = (j + 0.5) c lies in [min_y, max_y).
  const long long j0 = static_cast<long long>(std::ceil(min_y / cell_m - 0.5));
  const long long j1 = static_cast<long long>(std::ceil(max_y / cell_m - 0.5));  // exclusive
  if (j1 <= j0) return out;
  std::vector<std::vector<double>> crossings(static_cast<std::size_t>(j1 - j0));
  for (const Ring& r : rings) {
    const std::size_t n = r.size() / 2;
    for (std::size_t k = 0; k < n; ++k) {
      const double x1 = r[2 * k], y1 = r[2 * k + 1];
      const double x2 = r[2 * ((k + 1) % n)], y2 = r[2 * ((k + 1) % n) + 1];
      if (y1 == y2) continue;
      // The edge crosses row centre yc when yc is in [min(y1, y2), max(y1, y2)).
      const double lo = std::min(y1, y2), hi = std::max(y1, y2);
      const long long a = std::max(j0, static_cast<long long>(std::ceil(lo / cell_m - 0.5)));
      const long long b = std::min(j1, static_cast<long long>(std::ceil(hi / cell_m - 0.5)));
      for (long long j = a; j < b; ++j) {
        const double yc = (static_cast<double>(j) + 0.5) * cell_m;
        crossings[static_cast<std::size_t>(j - j0)].push_back(x1 + (yc - y1) * (x2 - x1) / (y2 - y1));
      }
    }
  }
  for (long long j = j0; j < j1; ++j) {
    std::vector<double>& xs = crossings[static_cast<std::size_t>(j - j0)];
    std::sort(xs.begin(), xs.end());
    const double yc = (static_cast<double>(j) + 0.5) * cell_m;
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      // Centres xc = (i + 0.5) c with xs[k] <= xc < xs[k + 1].
      const long long i0 = static_cast<long long>(std::ceil(xs[k] / cell_m - 0.5));
      const long long i1 = static_cast<long long>(std::ceil(xs[k + 1] / cell_m - 0.5));
      for (long long i = i0; i < i1; ++i) out.emplace_back((static_cast<double>(i) + 0.5) * cell_m, yc);
    }
  }
  return out;
}

}  // namespace lc
