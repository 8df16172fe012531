#include "algorithms/spatial_order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

namespace lc {

namespace {

// Interleaves the low 32 bits of v with zeros.
std::uint64_t spread(std::uint64_t v) {
  v &= 0xffffffffULL;
  v = (v | (v << 16)) & 0x0000ffff0000ffffULL;
  v = (v | (v << 8)) & 0x00ff00ff00ff00ffULL;
  v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0fULL;
  v = (v | (v << 2)) & 0x3333333333333333ULL;
  v = (v | (v << 1)) & 0x5555555555555555ULL;
  return v;
}

}  // namespace

std::vector<Id> morton_order(const std::vector<double>& x_m, const std::vector<double>& y_m, double cell_m) {
  const Id n = static_cast<Id>(x_m.size());
  if (n == 0) return {};
  const double x0 = *std::min_element(x_m.begin(), x_m.end());
  const double y0 = *std::min_element(y_m.begin(), y_m.end());
  std::vector<std::pair<std::uint64_t, Id>> keyed(n);
  tbb::parallel_for(tbb::blocked_range<Id>(0, n, 4096), [&](const tbb::blocked_range<Id>& r) {
    for (Id d = r.begin(); d != r.end(); ++d) {
      const auto gx = static_cast<std::uint64_t>((x_m[d] - x0) / cell_m);
      const auto gy = static_cast<std::uint64_t>((y_m[d] - y0) / cell_m);
      keyed[d] = {spread(gx) | (spread(gy) << 1), d};
    }
  });
  if (!std::is_sorted(keyed.begin(), keyed.end())) tbb::parallel_sort(keyed.begin(), keyed.end());
  std::vector<Id> order(n);
  for (Id i = 0; i < n; ++i) order[i] = keyed[i].second;
  return order;
}

std::vector<Id> fixed_order(const std::vector<double>& x_m, const std::vector<double>& y_m, double cell_m) {
  const Id n = static_cast<Id>(x_m.size());
  struct Key {
    std::uint64_t code;
    double x, y;
    Id id;
    bool operator<(const Key& o) const {
      if (code != o.code) return code < o.code;
      if (x != o.x) return x < o.x;
      if (y != o.y) return y < o.y;
      return id < o.id;
    }
  };
  // Cells counted from the CRS's origin, shifted so coordinates of either sign stay in 32 bits.
  auto cell = [&](double v) {
    const double c = std::floor(v / cell_m) + 2147483648.0;
    return static_cast<std::uint64_t>(std::clamp(c, 0.0, 4294967295.0));
  };
  std::vector<Key> keyed(n);
  tbb::parallel_for(tbb::blocked_range<Id>(0, n, 4096), [&](const tbb::blocked_range<Id>& r) {
    for (Id d = r.begin(); d != r.end(); ++d) keyed[d] = {spread(cell(x_m[d])) | (spread(cell(y_m[d])) << 1), x_m[d], y_m[d], d};
  });
  if (!std::is_sorted(keyed.begin(), keyed.end())) tbb::parallel_sort(keyed.begin(), keyed.end());
  std::vector<Id> order(n);
  for (Id i = 0; i < n; ++i) order[i] = keyed[i].id;
  return order;
}

Demand permuted(const Demand& demand, const std::vector<Id>& order) {
  Demand out;
  const std::size_t n = order.size();
  out.x_m.resize(n);
  out.y_m.resize(n);
  out.weight.resize(n);
  out.source_id.resize(n);
  for (const auto& [key, column] : demand.attributes) {
    std::vector<double>& to = out.attributes[key];
    to.resize(n);
    for (std::size_t i = 0; i < n; ++i) to[i] = column[order[i]];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Id d = order[i];
    out.x_m[i] = demand.x_m[d];
    out.y_m[i] = demand.y_m[d];
    out.weight[i] = demand.weight[d];
    out.source_id[i] = demand.source_id[d];
  }
  return out;
}

}  // namespace lc
