#include "algorithms/shard_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "algorithms/district_assign.hpp"
#include "core/detail/geos_polygons.hpp"

namespace lc {

namespace {

using detail::Geom;
using detail::own;

void rotate(std::uint64_t n, std::uint64_t& x, std::uint64_t& y, std::uint64_t rx, std::uint64_t ry) {
  if (ry == 0) {
    if (rx == 1) {
      x = n - 1 - x;
      y = n - 1 - y;
    }
    std::swap(x, y);
  }
}

}  // namespace

std::uint64_t hilbert_index(std::uint32_t xi, std::uint32_t yi, unsigned order) {
  if (order > 31) throw std::invalid_argument("hilbert_index: order above 31");
  const std::uint64_t n = std::uint64_t{1} << order;
  std::uint64_t x = xi, y = yi, d = 0;
  for (std::uint64_t s = n / 2; s > 0; s /= 2) {
    const std::uint64_t rx = (x & s) > 0 ? 1 : 0, ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    rotate(n, x, y, rx, ry);
  }
  return d;
}

void plan_shards(ShardPlan& plan, const ShardPlanOptions& options) {
  const Districts& ds = plan.districts;
  const Id n = ds.size();
  if (n == 0) throw std::invalid_argument("shard plan: no district");
  if (plan.district_population.size() != n) throw std::invalid_argument("shard plan: one population per district is needed");
  if (!(plan.halo.metres >= 0) || !std::isfinite(plan.halo.metres)) throw std::invalid_argument("shard plan: the halo must be >= 0 metres");
  if (!(options.population_weight >= 0 && options.population_weight <= 1)) {
    throw std::invalid_argument("shard plan: the population weight must be in [0, 1]");
  }
  if (options.shards == 0 && !(options.target_population > 0)) {
    throw std::invalid_argument("shard plan: give a positive target population or a shard count");
  }
  double population = 0;
  for (double p : plan.district_population) {
    if (!(p >= 0) || !std::isfinite(p)) throw std::invalid_argument("shard plan: a district's population must be >= 0");
    population += p;
  }

  detail::GeosContext ctx;
  const GEOSContextHandle_t h = ctx.h;
  std::vector<Geom> geoms;
  std::vector<double> cx(n), cy(n), x0(n), y0(n), x1(n), y1(n);
  plan.district_area_m2.assign(n, 0.0);
  double area = 0;
  for (Id d = 0; d < n; ++d) {
    Geom g = detail::read_wkb(h, ds.wkb[d]);
    if (!g) throw std::invalid_argument("shard plan: district " + ds.name[d] + " (" + ds.source_id[d] + "): unreadable polygon");
    GEOSArea_r(h, g.get(), &plan.district_area_m2[d]);
    area += plan.district_area_m2[d];
    GEOSGeom_getXMin_r(h, g.get(), &x0[d]);
    GEOSGeom_getYMin_r(h, g.get(), &y0[d]);
    GEOSGeom_getXMax_r(h, g.get(), &x1[d]);
    GEOSGeom_getYMax_r(h, g.get(), &y1[d]);
    cx[d] = (x0[d] + x1[d]) / 2;
    cy[d] = (y0[d] + y1[d]) / 2;
    geoms.push_back(std::move(g));
  }

  // Along a Hilbert curve of the centres, on a 2^16 grid over their bounds.
  const double gx0 = *std::min_element(cx.begin(), cx.end()), gx1 = *std::max_element(cx.begin(), cx.end());
  const double gy0 = *std::min_element(cy.begin(), cy.end()), gy1 = *std::max_element(cy.begin(), cy.end());
  const double span = std::max({gx1 - gx0, gy1 - gy0, 1e-9});
  constexpr unsigned order = 16;
  const double cells = static_cast<double>((1u << order) - 1);
  std::vector<std::pair<std::uint64_t, Id>> keyed(n);
  for (Id d = 0; d < n; ++d) {
    const auto gx = static_cast<std::uint32_t>(std::lround((cx[d] - gx0) / span * cells));
    const auto gy = static_cast<std::uint32_t>(std::lround((cy[d] - gy0) / span * cells));
    keyed[d] = {hilbert_index(gx, gy, order), d};
  }
  std::sort(keyed.begin(), keyed.end());

  // The work of each district, and runs of about equal shares of it.
  const double pw = population > 0 ? (area > 0 ? options.population_weight : 1.0) : 0.0;
  std::vector<double> work(n);
  double total = 0;
  for (Id d = 0; d < n; ++d) {
    work[d] = (population > 0 ? pw * plan.district_population[d] / population : 0.0) +
              (area > 0 ? (1 - pw) * plan.district_area_m2[d] / area : 0.0);
    total += work[d];
  }
  Id k = options.shards > 0 ? options.shards : static_cast<Id>(std::max(1.0, std::ceil(population / options.target_population)));
  k = std::min(k, n);
  plan.district_shard.assign(n, 0);
  double before = 0;
  Id previous = 0;
  for (Id i = 0; i < n; ++i) {
    const Id d = keyed[i].second;
    // The shard the district's middle of work falls in, kept consecutive and leaving none empty.
    const double mid = total > 0 ? (before + work[d] / 2) / total : (i + 0.5) / n;
    Id want = static_cast<Id>(std::min<double>(k - 1, std::floor(mid * k)));
    const Id lower = i == 0 ? 0 : std::max<Id>(previous, k >= n - i ? k - (n - i) : 0);
    const Id upper = i == 0 ? 0 : std::min<Id>(previous + 1, k - 1);
    want = std::clamp(want, lower, upper);
    plan.district_shard[d] = want;
    previous = want;
    before += work[d];
  }

  plan.shards.assign(k, Shard{});
  for (Id s = 0; s < k; ++s) {
    Shard& sh = plan.shards[s];
    sh.index = s;
    sh.min_x = sh.min_y = HUGE_VAL;
    sh.max_x = sh.max_y = -HUGE_VAL;
  }
  for (Id d = 0; d < n; ++d) {
    Shard& sh = plan.shards[plan.district_shard[d]];
    sh.districts.push_back(d);
    sh.population += plan.district_population[d];
    sh.area_m2 += plan.district_area_m2[d];
    sh.min_x = std::min(sh.min_x, x0[d]), sh.min_y = std::min(sh.min_y, y0[d]);
    sh.max_x = std::max(sh.max_x, x1[d]), sh.max_y = std::max(sh.max_y, y1[d]);
    sh.district_boxes.insert(sh.district_boxes.end(), {x0[d], y0[d], x1[d], y1[d]});
  }
  for (Shard& sh : plan.shards) {
    std::vector<Geom> parts;
    for (Id d : sh.districts) parts.push_back(own(h, GEOSGeom_clone_r(h, geoms[d].get())));
    Geom all = detail::collect(h, GEOS_GEOMETRYCOLLECTION, parts);
    Geom area_geom = all ? own(h, GEOSUnaryUnion_r(h, all.get())) : nullptr;
    if (!area_geom) throw std::invalid_argument("shard plan: GEOS could not merge the districts of shard " + std::to_string(sh.index));
    Geom halo = plan.halo.metres > 0 ? own(h, GEOSBuffer_r(h, area_geom.get(), plan.halo.metres, 8))
                                     : own(h, GEOSGeom_clone_r(h, area_geom.get()));
    if (!halo) throw std::invalid_argument("shard plan: GEOS could not buffer shard " + std::to_string(sh.index));
    sh.area_wkb = detail::write_wkb(h, area_geom.get());
    sh.halo_wkb = detail::write_wkb(h, halo.get());
  }
}

std::vector<Id> owning_shards(const Districts& districts, const std::vector<Id>& district_shard,
                              const std::vector<double>& x, const std::vector<double>& y) {
  if (district_shard.size() != districts.size()) throw std::invalid_argument("owning_shards: one shard per district is needed");
  std::vector<Id> district = assign_to_districts(districts, x, y);
  std::vector<Id> out(x.size(), invalid_id);
  std::vector<std::size_t> outside;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (district[i] < districts.size()) out[i] = district_shard[district[i]];
    else outside.push_back(i);
  }
  if (outside.empty()) return out;
  // The rest by distance to every district (points outside every district are few).
  detail::GeosContext ctx;
  const GEOSContextHandle_t h = ctx.h;
  std::vector<Geom> geoms;
  for (Id d = 0; d < districts.size(); ++d) {
    geoms.push_back(detail::read_wkb(h, districts.wkb[d]));
    if (!geoms.back()) throw std::invalid_argument("owning_shards: district " + districts.name[d] + ": unreadable polygon");
  }
  for (std::size_t i : outside) {
    Geom p = own(h, GEOSGeom_createPointFromXY_r(h, x[i], y[i]));
    double best = HUGE_VAL;
    for (Id d = 0; d < districts.size(); ++d) {
      double dist = HUGE_VAL;
      GEOSDistance_r(h, geoms[d].get(), p.get(), &dist);
      if (dist < best) best = dist, out[i] = district_shard[d];
    }
  }
  return out;
}

}  // namespace lc

namespace lc {

std::vector<double> shard_read_boxes(const Shard& shard, double halo_m) {
  std::vector<double> boxes = shard.district_boxes;
  if (boxes.empty()) boxes = {shard.min_x, shard.min_y, shard.max_x, shard.max_y};
  for (std::size_t k = 0; k + 3 < boxes.size(); k += 4) {
    boxes[k] -= halo_m, boxes[k + 1] -= halo_m, boxes[k + 2] += halo_m, boxes[k + 3] += halo_m;
  }
  return boxes;
}

bool in_boxes(const std::vector<double>& boxes, double x, double y) {
  for (std::size_t k = 0; k + 3 < boxes.size(); k += 4) {
    if (x >= boxes[k] && x <= boxes[k + 2] && y >= boxes[k + 1] && y <= boxes[k + 3]) return true;
  }
  return false;
}

void count_shard_demand(ShardPlan& plan, const std::vector<double>& x, const std::vector<double>& y) {
  const std::vector<Id> owner = owning_shards(plan.districts, plan.district_shard, x, y);
  const double h = plan.halo.metres;
  std::vector<std::vector<double>> boxes;
  for (Shard& s : plan.shards) {
    s.demand_points = 0, s.demand_points_read = 0;
    boxes.push_back(shard_read_boxes(s, h));
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (Shard& s : plan.shards) {
      const bool own = owner[i] == s.index;
      s.demand_points += own;
      const bool near = x[i] >= s.min_x - h && x[i] <= s.max_x + h && y[i] >= s.min_y - h && y[i] <= s.max_y + h &&
                        in_boxes(boxes[s.index], x[i], y[i]);
      s.demand_points_read += own || near;
    }
  }
}

void count_shard_roads(ShardPlan& plan, const RoadLines& roads, double snap_m) {
  const double h = plan.halo.metres + snap_m;
  std::vector<std::vector<double>> boxes;
  for (Shard& s : plan.shards) {
    s.road_segments_read = 0;
    boxes.push_back(shard_read_boxes(s, h));
  }
  plan.road_segments = 0;
  for (Id l = 0; l < roads.line_count(); ++l) {
    const Id a = roads.first_point[l], b = roads.first_point[l + 1];
    if (b - a < 2) continue;
    const std::int64_t segments = b - a - 1;
    plan.road_segments += segments;
    const auto [x0, x1] = std::minmax_element(roads.x_m.begin() + a, roads.x_m.begin() + b);
    const auto [y0, y1] = std::minmax_element(roads.y_m.begin() + a, roads.y_m.begin() + b);
    for (Shard& s : plan.shards) {
      if (*x1 < s.min_x - h || *x0 > s.max_x + h || *y1 < s.min_y - h || *y0 > s.max_y + h) continue;
      const std::vector<double>& bx = boxes[s.index];
      bool meets = false;
      for (std::size_t k = 0; k + 3 < bx.size() && !meets; k += 4) {
        meets = *x1 >= bx[k] && *x0 <= bx[k + 2] && *y1 >= bx[k + 1] && *y0 <= bx[k + 3];
      }
      if (meets) s.road_segments_read += segments;
    }
  }
}

}  // namespace lc

namespace lc {

namespace {

long with_margin_mb(double bytes) {
  const double mb = 1.5 * bytes / (1024.0 * 1024.0);
  return static_cast<long>(std::ceil(mb / 256.0)) * 256;
}

}  // namespace

long shard_memory_mb(std::int64_t points_read, std::int64_t segments_read) {
  return with_margin_mb(100e6 + 210.0 * static_cast<double>(points_read) + 420.0 * static_cast<double>(segments_read));
}

long merge_memory_mb(std::int64_t points, std::int64_t segments) {
  return with_margin_mb(100e6 + 280.0 * static_cast<double>(points) + 420.0 * static_cast<double>(segments));
}

}  // namespace lc
