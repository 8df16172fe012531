#include "algorithms/web_grid.hpp"

#include <cassert>
#include <cmath>
#include <map>
#include <utility>

namespace lc {

MercatorGrid mercator_grid(const LonLatPoints& points, double cell_m) {
  assert(cell_m > 0);
  constexpr double kR = 6378137.0, kPi = 3.14159265358979323846, kMaxLat = 85.0511287798;
  double lat_sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (std::fabs(points.lat[i]) <= kMaxLat) lat_sum += points.lat[i], ++n;
  }
  const double lat0 = n ? lat_sum / static_cast<double>(n) : 0.0;
  const double size = cell_m / std::cos(lat0 * kPi / 180.0);  // Mercator metres a cell
  struct Cell {
    double population = 0, complete = 0;
    std::size_t points = 0;
    // Values: the weighted sum and its weight, the plain sum and count, the most sites.
    double value_sum = 0, value_weight = 0, plain_sum = 0, sites_max = NAN;
    std::size_t values = 0;
  };
  const bool valued = points.value.size() == points.size();
  const bool with_sites = points.sites.size() == points.size();
  std::map<std::pair<long long, long long>, Cell> cells;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!(std::fabs(points.lat[i]) <= kMaxLat) || !std::isfinite(points.lon[i])) continue;
    const double x = kR * points.lon[i] * kPi / 180.0;
    const double y = kR * std::log(std::tan(kPi / 4 + points.lat[i] * kPi / 360.0));
    Cell& c = cells[{static_cast<long long>(std::floor(x / size)), static_cast<long long>(std::floor(y / size))}];
    c.population += points.population[i];
    if (i < points.complete.size() && points.complete[i]) c.complete += points.population[i];
    ++c.points;
    if (valued && std::isfinite(points.value[i])) {
      const double w = std::isfinite(points.population[i]) && points.population[i] > 0 ? points.population[i] : 0.0;
      c.value_sum += w * points.value[i];
      c.value_weight += w;
      c.plain_sum += points.value[i];
      ++c.values;
    }
    if (with_sites && std::isfinite(points.sites[i]) && !(c.sites_max >= points.sites[i])) c.sites_max = points.sites[i];
  }
  const auto lon = [&](double x) { return x / kR * 180.0 / kPi; };
  const auto lat = [&](double y) { return (2 * std::atan(std::exp(y / kR)) - kPi / 2) * 180.0 / kPi; };
  const auto r7 = [](double v) { return std::round(v * 1e7) / 1e7; };
  MercatorGrid g;
  g.cell_m = cell_m;
  for (const auto& [key, c] : cells) {
    const double x0 = static_cast<double>(key.first) * size, y0 = static_cast<double>(key.second) * size;
    g.west.push_back(r7(lon(x0)));
    g.east.push_back(r7(lon(x0 + size)));
    g.south.push_back(r7(lat(y0)));
    g.north.push_back(r7(lat(y0 + size)));
    g.population.push_back(c.population);
    g.complete.push_back(c.complete);
    g.points.push_back(c.points);
    if (valued) {
      g.value_mean.push_back(c.values == 0         ? NAN
                             : c.value_weight > 0 ? c.value_sum / c.value_weight
                                                  : c.plain_sum / static_cast<double>(c.values));
      g.sites_max.push_back(c.sites_max);
    }
  }
  return g;
}

}  // namespace lc
