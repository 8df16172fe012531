// The web map's demand grid (algorithms/web_grid.hpp), on points placed by hand at the equator,
// where a cell of 1,000 m on the ground is 1,000 Web Mercator metres, i.e. 360 / 40,075.017 km
// = 0.0089831528° of longitude.

#include <cmath>

#include <gtest/gtest.h>

#include "algorithms/web_grid.hpp"

namespace lc {
namespace {

constexpr double kCellDeg = 1000.0 / 6378137.0 * 180.0 / 3.14159265358979323846;  // 0.0089831528...

TEST(WebGrid, SumsPointsPerCell) {
  LonLatPoints p;
  // Two points in the cell [0, 1000) x [0, 1000) Mercator metres, one in the cell west of it; the
  // mean latitude is 0.001°, where cos() is 1 to 1e-9.
  p.lon = {0.001, 0.008, -0.001};
  p.lat = {0.001, 0.001, 0.001};
  p.population = {10, 30, 5};
  p.complete = {1, 0, 1};
  const MercatorGrid g = mercator_grid(p, 1000.0);
  ASSERT_EQ(g.size(), 2u);
  // Ordered by column: the western cell first.
  EXPECT_NEAR(g.west[0], -0.0089832, 1e-7);
  EXPECT_NEAR(g.east[0], 0.0, 1e-7);
  EXPECT_DOUBLE_EQ(g.population[0], 5.0);
  EXPECT_DOUBLE_EQ(g.complete[0], 5.0);
  EXPECT_EQ(g.points[0], 1u);
  EXPECT_NEAR(g.west[1], 0.0, 1e-7);
  EXPECT_NEAR(g.east[1], 0.0089832, 1e-7);
  EXPECT_NEAR(g.south[1], 0.0, 1e-7);
  EXPECT_NEAR(g.north[1], kCellDeg, 1e-6);  // Mercator y of 1000 m: lat 0.0089831° (1e-9 off)
  EXPECT_DOUBLE_EQ(g.population[1], 40.0);
  EXPECT_DOUBLE_EQ(g.complete[1], 10.0);
  EXPECT_EQ(g.points[1], 2u);
}

TEST(WebGrid, CellsWidenWithLatitude) {
  // At 60° N a 1,000 m cell is 2,000 Mercator metres wide: 0.0179663° of longitude.
  LonLatPoints p;
  p.lon = {0.0005};
  p.lat = {60.0};
  p.population = {1};
  p.complete = {0};
  const MercatorGrid g = mercator_grid(p, 1000.0);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NEAR(g.east[0] - g.west[0], 2 * kCellDeg, 2e-7);
  // On the ground: the cell's width at 60° N is east - west degrees × 111,319.49 m × cos 60°.
  EXPECT_NEAR((g.east[0] - g.west[0]) * 111319.4908 * 0.5, 1000.0, 0.02);
}

TEST(WebGrid, LeavesOutPointsBeyondWebMercator) {
  LonLatPoints p;
  p.lon = {10, 10, std::nan("")};
  p.lat = {89.5, 30, 30};
  p.population = {7, 3, 9};
  p.complete = {0, 0, 0};
  const MercatorGrid g = mercator_grid(p, 500.0);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_DOUBLE_EQ(g.population[0], 3.0);
}

// A measure per point (an access run's map): per cell the population-weighted mean of the values
// and the most sites in reach. Cell [0, 1000): values 10 (weight 1), 40 (3) and none (5): (10 +
// 120) / 4 = 32.5; sites 0, 2, 1: 2. The cell west of it: one point without a value: NaN. The
// cell east of it: values 4 and 6 weighing nothing: their plain mean, 5.
TEST(WebGrid, MeansOfAMeasure) {
  LonLatPoints p;
  p.lon = {0.001, 0.002, 0.003, -0.001, 0.010, 0.011};
  p.lat = {0.001, 0.001, 0.001, 0.001, 0.001, 0.001};
  p.population = {1, 3, 5, 2, 0, 0};
  p.value = {10, 40, std::nan(""), std::nan(""), 4, 6};
  p.sites = {0, 2, 1, 0, 1, 1};
  const MercatorGrid g = mercator_grid(p, 1000.0);
  ASSERT_EQ(g.size(), 3u);
  ASSERT_EQ(g.value_mean.size(), 3u);
  EXPECT_TRUE(std::isnan(g.value_mean[0]));
  EXPECT_DOUBLE_EQ(g.value_mean[1], 32.5);
  EXPECT_DOUBLE_EQ(g.sites_max[1], 2.0);
  EXPECT_DOUBLE_EQ(g.population[1], 9.0);
  EXPECT_DOUBLE_EQ(g.complete[1], 0.0);  // no `complete` given: none
  EXPECT_DOUBLE_EQ(g.value_mean[2], 5.0);
  // Without values: no means.
  p.value.clear();
  EXPECT_TRUE(mercator_grid(p, 1000.0).value_mean.empty());
}

}  // namespace
}  // namespace lc
