#include "algorithms/grid_fill.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include <geos_c.h>
#include <gtest/gtest.h>

namespace lc {
namespace {

using Centres = std::vector<std::pair<double, double>>;

Centres sorted(Centres c) {
  std::sort(c.begin(), c.end());
  return c;
}

TEST(GridFill, AlignedRectangleHoldsItsCells) {
  // 300 m x 200 m on the 100 m lattice: 3 x 2 cells, centres at x 50/150/250, y 50/150.
  const Centres c = cell_centres_inside({{0, 0, 300, 0, 300, 200, 0, 200}}, 100.0);
  EXPECT_EQ(sorted(c), (Centres{{50, 50}, {50, 150}, {150, 50}, {150, 150}, {250, 50}, {250, 150}}));
}

TEST(GridFill, HoleIsLeftOut) {
  // 400 m square with a 200 m hole in the middle (100..300): 16 cells less the 4 in the hole.
  const Centres c = cell_centres_inside({{0, 0, 400, 0, 400, 400, 0, 400}, {100, 100, 300, 100, 300, 300, 100, 300}}, 100.0);
  EXPECT_EQ(c.size(), 12u);
  for (const auto& [x, y] : c) EXPECT_FALSE(x > 100 && x < 300 && y > 100 && y < 300) << x << "," << y;
}

TEST(GridFill, SmallPolygonBetweenCentresHoldsNone) {
  // A 20 m square from 10 to 30: no centre (50 + 100 k) inside.
  EXPECT_TRUE(cell_centres_inside({{10, 10, 30, 10, 30, 30, 10, 30}}, 100.0).empty());
}

TEST(GridFill, SharedBorderCountsEachCentreOnce) {
  // Two rectangles sharing the line x = 150, which passes through the centres at x = 150:
  // each centre on it belongs to exactly one of them (the one on its right).
  const Centres left = cell_centres_inside({{0, 0, 150, 0, 150, 100, 0, 100}}, 100.0);
  const Centres right = cell_centres_inside({{150, 0, 300, 0, 300, 100, 150, 100}}, 100.0);
  EXPECT_EQ(left.size() + right.size(), 3u);  // centres 50, 150, 250 at y = 50
}

// Against GEOS point-in-polygon on random star-shaped polygons.
TEST(GridFill, MatchesGeosContains) {
  GEOSContextHandle_t h = GEOS_init_r();
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> radius(300.0, 1500.0);
  for (int trial = 0; trial < 20; ++trial) {
    Ring ring;
    const int n = 7 + trial;
    for (int k = 0; k < n; ++k) {
      const double a = 2 * M_PI * k / n, r = radius(rng);
      ring.push_back(1234.5 + r * std::cos(a));
      ring.push_back(-987.25 + r * std::sin(a));
    }
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(n + 1), 2);
    for (int k = 0; k <= n; ++k) GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(k), ring[2 * (k % n)], ring[2 * (k % n) + 1]);
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, GEOSGeom_createLinearRing_r(h, seq), nullptr, 0);
    const Centres got = cell_centres_inside({ring}, 100.0);
    std::set<std::pair<double, double>> got_set(got.begin(), got.end());
    EXPECT_EQ(got_set.size(), got.size());  // no duplicates
    std::size_t expected = 0;
    for (double x = -1000 + 50; x < 3000; x += 100) {
      for (double y = -3000 + 50; y < 1000; y += 100) {
        GEOSGeometry* p = GEOSGeom_createPointFromXY_r(h, x, y);
        const bool inside = GEOSContains_r(h, poly, p) == 1;
        GEOSGeom_destroy_r(h, p);
        expected += inside;
        if (inside) {
          EXPECT_TRUE(got_set.count({x, y})) << "trial " << trial << " missing " << x << "," << y;
        }
      }
    }
    EXPECT_EQ(got.size(), expected) << "trial " << trial;
    GEOSGeom_destroy_r(h, poly);
  }
  GEOS_finish_r(h);
}

}  // namespace
}  // namespace lc
