#include "algorithms/district_assign.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/detail/geos_polygons.hpp"
#include "core/interrupt.hpp"

namespace lc {

namespace {

// The points bucketed on a uniform grid (CSR by cell), so that a district visits only the cells
// under its bounding box and decides whole cells at once where it can.
struct PointGrid {
  double x0 = 0, y0 = 0, cell = 1;
  long nx = 1, ny = 1;
  std::vector<Id> first;  // cells + 1
  std::vector<Id> point;

  PointGrid(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    if (n == 0) {
      first.assign(2, 0);
      return;
    }
    const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
    const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
    x0 = *xmin;
    y0 = *ymin;
    const double w = std::max(*xmax - x0, 1.0), h = std::max(*ymax - y0, 1.0);
    // About 32 points a cell on average.
    cell = std::max(std::sqrt(w * h * 32.0 / static_cast<double>(n)), 1e-3);
    nx = static_cast<long>(w / cell) + 1;
    ny = static_cast<long>(h / cell) + 1;
    first.assign(static_cast<std::size_t>(nx * ny) + 1, 0);
    std::vector<Id> cell_of(n);
    for (std::size_t i = 0; i < n; ++i) {
      cell_of[i] = static_cast<Id>(col(x[i]) + row(y[i]) * nx);
      ++first[cell_of[i] + 1];
    }
    for (std::size_t c = 1; c < first.size(); ++c) first[c] += first[c - 1];
    point.resize(n);
    std::vector<Id> fill(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < n; ++i) point[fill[cell_of[i]]++] = static_cast<Id>(i);
  }
  long col(double px) const { return std::clamp(static_cast<long>((px - x0) / cell), 0L, nx - 1); }
  long row(double py) const { return std::clamp(static_cast<long>((py - y0) / cell), 0L, ny - 1); }
};

struct Geos {
  detail::GeosContext ctx;
  GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx.h);
  Geos() = default;
  ~Geos() { GEOSWKBReader_destroy_r(ctx.h, reader); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;
};

}  // namespace

std::vector<Id> assign_to_districts(const Districts& districts, const std::vector<double>& x,
                                    const std::vector<double>& y) {
  const std::size_t n = x.size();
  std::vector<std::atomic<Id>> owner(n);
  for (auto& o : owner) o.store(outside_districts, std::memory_order_relaxed);
  const PointGrid grid(x, y);
  auto claim = [&](Id p, Id d) {
    Id cur = owner[p].load(std::memory_order_relaxed);
    while ((cur == outside_districts || d < cur) && !owner[p].compare_exchange_weak(cur, d, std::memory_order_relaxed)) {
    }
  };

  tbb::enumerable_thread_specific<Geos> contexts;
  tbb::parallel_for(Id{0}, districts.size(), [&](Id d) {
    check_interrupt();
    Geos& g = contexts.local();
    GEOSContextHandle_t h = g.ctx.h;
    const auto& wkb = districts.wkb[d];
    GEOSGeometry* poly = GEOSWKBReader_read_r(h, g.reader, wkb.data(), wkb.size());
    if (!poly) throw std::invalid_argument("district " + districts.source_id[d] + ": unreadable geometry");
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    if (n == 0 || GEOSisEmpty_r(h, poly) || !GEOSGeom_getXMin_r(h, poly, &xmin) || !GEOSGeom_getYMin_r(h, poly, &ymin) ||
        !GEOSGeom_getXMax_r(h, poly, &xmax) || !GEOSGeom_getYMax_r(h, poly, &ymax)) {
      GEOSGeom_destroy_r(h, poly);
      return;
    }
    const GEOSPreparedGeometry* prep = GEOSPrepare_r(h, poly);
    const long c0 = grid.col(xmin), c1 = grid.col(xmax), r0 = grid.row(ymin), r1 = grid.row(ymax);
    for (long r = r0; r <= r1; ++r) {
      for (long c = c0; c <= c1; ++c) {
        const std::size_t cell = static_cast<std::size_t>(c + r * grid.nx);
        const Id b = grid.first[cell], e = grid.first[cell + 1];
        if (b == e) continue;
        // The cell's points' own bounding box: decided whole when the polygon covers it or misses it.
        double bx0 = x[grid.point[b]], bx1 = bx0, by0 = y[grid.point[b]], by1 = by0;
        for (Id k = b + 1; k < e; ++k) {
          const Id p = grid.point[k];
          bx0 = std::min(bx0, x[p]), bx1 = std::max(bx1, x[p]), by0 = std::min(by0, y[p]), by1 = std::max(by1, y[p]);
        }
        if (bx1 < xmin || bx0 > xmax || by1 < ymin || by0 > ymax) continue;
        int whole = -1;  // 1: every point covered, 0: none, -1: test each
        if (e - b > 2 && bx1 > bx0 && by1 > by0) {
          GEOSGeometry* box = GEOSGeom_createRectangle_r(h, bx0, by0, bx1, by1);
          if (GEOSPreparedCovers_r(h, prep, box) == 1) whole = 1;
          else if (GEOSPreparedIntersects_r(h, prep, box) == 0) whole = 0;
          GEOSGeom_destroy_r(h, box);
        }
        if (whole == 0) continue;
        for (Id k = b; k < e; ++k) {
          const Id p = grid.point[k];
          if (whole == 1) {
            claim(p, d);
            continue;
          }
          if (x[p] < xmin || x[p] > xmax || y[p] < ymin || y[p] > ymax) continue;
          GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(h, x[p], y[p]);
          if (GEOSPreparedCovers_r(h, prep, pt) == 1) claim(p, d);
          GEOSGeom_destroy_r(h, pt);
        }
      }
    }
    GEOSPreparedGeom_destroy_r(h, prep);
    GEOSGeom_destroy_r(h, poly);
  });
  std::vector<Id> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = owner[i].load(std::memory_order_relaxed);
  return out;
}

}  // namespace lc
